// A real campaign sent through the simulator, its webhooks applied, then everything aged past the
// retention windows and purged: the analytics (which read counters), the counters (equal to a
// recount from the entries), the campaign's details and its results download read the same before
// and after, while its webhook events and its sheet are gone.
#include "SendingHarness.h"
#include "analytics/AnalyticsQuery.h"
#include "analytics/LocalDays.h"
#include "campaign/UploadStore.h"
#include "counters/Recount.h"
#include "exports/ResultsExport.h"
#include "retention/RetentionPurge.h"
#include "storage/SqlDialect.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Timespan.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace campaigns;
using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {

std::string describe(const analytics::EventCounters& c) {
    std::ostringstream o;
    o << c.accepted << '/' << c.failedSend << '/' << c.sent << '/' << c.delivered << '/' << c.read << '/' << c.replied << '/'
      << c.repliedUnread << '/' << c.addressed << '/' << c.failedAfterAccept;
    return o.str();
}

std::string describe(const analytics::AnalyticsResult& r) {
    std::ostringstream o;
    o << "totals " << describe(r.totals) << " state " << r.state.pending << '/' << r.state.unknown << '/' << r.state.uniquePhones
      << '/' << r.state.entriesTotal << '/' << r.state.campaigns << " answers " << r.responseTimes.answered << '/'
      << r.responseTimes.waiting << '/' << r.responseTimes.medianSeconds.value_or(-1) << '/'
      << r.responseTimes.p90Seconds.value_or(-1) << " series";
    for (const auto& p : r.series) o << ' ' << p.day.iso() << '=' << describe(p.counters);
    return o.str();
}

// Everything a reader of the campaign sees, as one text to compare.
std::string snapshot(helpdesk::Database& db, long long campaign) {
    std::ostringstream o;
    analytics::AnalyticsQuery q(db);
    for (auto preset : {analytics::Preset::All, analytics::Preset::Last30}) {
        analytics::Filter f;
        f.range = analytics::resolveRange(preset, analytics::localDay(Poco::Timestamp(), "UTC"), std::nullopt, std::nullopt);
        o << describe(q.run(f)) << '\n';
        f.campaignIds = {campaign};
        o << describe(q.run(f)) << '\n';
    }
    const auto d = q.details(campaign);
    CPPUNIT_ASSERT(d.has_value());
    o << d->name << '|' << d->state << '|' << d->fileName << '|' << d->contacts << '|' << d->firstSentAt << '|' << d->finishedAt
      << '\n';
    o << counters::storedCounters(db, campaign).describe() << '\n';
    exports::ResultsPager pager(db, campaign, 37);
    std::vector<exports::ResultEntry> page;
    while (pager.next(page))
        for (const auto& e : page)
            o << e.entryId << ',' << e.rowNo << ',' << e.phone << ',' << e.state << ',' << e.progress << ',' << e.errorCode << ','
              << e.ticketId << ',' << e.paramsJson << '\n';
    return o.str();
}

long long count(helpdesk::Database& db, const std::string& sql) {
    auto s = db.session();
    Poco::Int64 n = 0;
    s << sql, into(n), now;
    return n;
}

} // namespace

class PurgeKeepsResultsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PurgeKeepsResultsTest);
    CPPUNIT_TEST(analyticsCountersAndResultsAreTheSameAfterAPurge);
    CPPUNIT_TEST_SUITE_END();

public:
    void analyticsCountersAndResultsAreTheSameAfterAPurge() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("3=131026:async")};
            c.pRead = 0.6;
            c.replyProbability = 0.3;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(300, true, 2));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 180, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT(counters::storedCounters(h.db(), campaign) == counters::recountFromEntries(h.db(), campaign));

        // The campaign's sheet, as creation leaves it, and the clock moved past every window.
        Poco::TemporaryFile dir;
        campaign::UploadStore uploads(h.db(), Poco::Path(dir.path()).append("uploads").toString());
        campaign::StoredUpload sheet;
        sheet.kind = campaign::kSheetUpload;
        sheet.fileName = "clientes.xlsx";
        sheet.path = uploads.newFilePath();
        Poco::FileOutputStream(sheet.path) << "telefono\n";
        sheet.id = uploads.add(sheet);
        {
            auto s = h.db().session();
            Poco::Int64 id = sheet.id, c = campaign;
            s << "UPDATE campaigns_uploads SET campaign_id = ? WHERE id = ?", use(c), use(id), now;
        }
        const Poco::Timestamp later = Poco::Timestamp() + Poco::Timespan(100, 0, 0, 0, 0);
        const long long eventsBefore = count(h.db(), "SELECT COUNT(*) FROM campaigns_webhook_events");
        CPPUNIT_ASSERT(eventsBefore > 300); // sent, delivered, read, replies

        const std::string before = snapshot(h.db(), campaign);
        webhooks::WebhookEventStore events(h.db());
        retention::RetentionPurge purge(events, uploads, Poco::Logger::get("retention-test"));
        retention::RetentionSettings settings;
        settings.batchRows = 100; // several batches
        const auto r = purge.daily(settings, later);
        const std::string after = snapshot(h.db(), campaign);

        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(eventsBefore), r.webhookEvents);
        CPPUNIT_ASSERT(r.eventBatches > 1);
        CPPUNIT_ASSERT_EQUAL(0LL, count(h.db(), "SELECT COUNT(*) FROM campaigns_webhook_events"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.sheets);
        CPPUNIT_ASSERT(!uploads.get(sheet.id) && !Poco::File(sheet.path).exists());
        CPPUNIT_ASSERT_EQUAL(before, after);
        CPPUNIT_ASSERT(counters::storedCounters(h.db(), campaign) == counters::recountFromEntries(h.db(), campaign));
        Poco::File(dir.path()).remove(true);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PurgeKeepsResultsTest);
