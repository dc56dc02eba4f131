// Which campaigns a quality webhook pauses, on rows written straight into a migrated database (no
// sending): phone_number_quality_update is about one number of the WABA (value.display_phone_number)
// and pauses only that account's campaigns, an unknown number pauses nothing and says so (unless an
// account's number is not recorded yet: that one is paused to be safe), and
// account_update still concerns every number of the WABA; a template PAUSED webhook pauses the
// template's campaigns even when the template sync stored PAUSED first.
#include "LogLines.h"
#include "TestDatabase.h"
#include "quality/CampaignPauser.h"
#include "quality/NumberQualityStore.h"
#include "quality/OutcomeRateBreaker.h"
#include "quality/QualityEvents.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "suppressions/SuppressionStore.h"
#include "templates/TemplateStatusUpdates.h"
#include "templates/TemplateStore.h"
#include "webhooks/WebhookEvent.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>

using namespace Poco::Data::Keywords;
namespace q = campaigns::quality;

namespace {

const std::string kWaba = "300000000000001";

struct Fixture {
    Fixture()
        : log(Poco::Logger::get("quality-targets-test")),
          events(db),
          pauser(db, log),
          quality(db, events, pauser, log),
          templates(db),
          statuses(db, events, templates, log) {
        campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        log.setChannel(lines);
        log.setLevel(Poco::Message::PRIO_INFORMATION);
        statuses.setStatusListener(
            [this](auto& s, const auto& metaId, const auto& waba, const auto& name, const auto& language, const auto& status) {
                return quality.templateStatusChanged(s, metaId, waba, name, language, status);
            });
    }
    ~Fixture() { log.setChannel(nullptr); }

    long long account(const std::string& phoneNumberId, const std::string& displayNumber) {
        auto s = db.session();
        std::string id = phoneNumberId, number = displayNumber, waba = kWaba;
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed,"
             " verify_token_sealed, graph_base_url, graph_version, display_phone_number)"
             " VALUES ('Cuenta', ?, ?, 'x', 'x', 'x', 'http://127.0.0.1:1', 'v23.0', ?)",
            use(id), use(waba), use(number), now;
        return campaigns::storage::lastInsertId(s, db.dialect());
    }
    long long templateOf(long long account, const std::string& metaId, const std::string& status,
                         const std::string& name = "bienvenida") {
        auto s = db.session();
        Poco::Int64 acc = account;
        std::string meta = metaId, st = status, nm = name;
        s << "INSERT INTO campaigns_templates (account_id, meta_id, name, language, status, category, parameter_format,"
             " parameter_count, header_type, components_json) VALUES (?, ?, ?, 'es', ?, 'MARKETING', 'POSITIONAL', 0, '',"
             " '[]')",
            use(acc), use(meta), use(nm), use(st), now;
        return campaigns::storage::lastInsertId(s, db.dialect());
    }
    long long sendingCampaign(long long account, long long templateId) {
        auto s = db.session();
        Poco::Int64 acc = account, tpl = templateId;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at, entries_total, unique_phones, n_queued, created_by)"
             " VALUES ('Campaña', ?, ?, 'sending', '[]', '2026-12-01 10:00:00', '2026-12-01 10:00:00.000',"
             " '2026-12-01 10:00:00.000', 10, 10, 10, 1)",
            use(acc), use(tpl), now;
        return campaigns::storage::lastInsertId(s, db.dialect());
    }
    std::string column(long long campaign, const std::string& name) {
        auto s = db.session();
        Poco::Int64 id = campaign;
        std::string value;
        s << "SELECT " + name + " FROM campaigns_campaigns WHERE id = ?", use(id), into(value), now;
        return value;
    }
    // A webhook POST of one WABA-level change, stored as the receiver stores it.
    void receive(const std::string& field, const std::string& valueJson) {
        events.append(campaigns::webhooks::parseWebhookBody(R"({"object":"whatsapp_business_account","entry":[{"id":")" + kWaba +
                                                            R"(","time":1765000000,"changes":[{"field":")" + field +
                                                            R"(","value":)" + valueJson + "}]}]}"));
    }

    testsupport::TestDatabase db;
    Poco::Logger& log;
    Poco::AutoPtr<testsupport::LogLines> lines{new testsupport::LogLines};
    campaigns::webhooks::WebhookEventStore events;
    q::CampaignPauser pauser;
    q::QualityEvents quality;
    campaigns::templates::TemplateStore templates;
    campaigns::templates::TemplateStatusUpdates statuses;
};

} // namespace

class QualityTargetsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(QualityTargetsTest);
    CPPUNIT_TEST(numberRedPausesOnlyThatNumbersCampaigns);
    CPPUNIT_TEST(unknownNumberPausesNothingAndWarns);
    CPPUNIT_TEST(aNumberNotRecordedYetIsPausedToBeSafe);
    CPPUNIT_TEST(accountRestrictionStillPausesTheWholeWaba);
    CPPUNIT_TEST(templatePausedWebhookPausesWhenTheSyncStoredItFirst);
    CPPUNIT_TEST(stoppedMarketingIsAnOptOutNotAFailure);
    CPPUNIT_TEST_SUITE_END();

public:
    void numberRedPausesOnlyThatNumbersCampaigns() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long two = f.account("100000000000002", "15550002222");
        const long long first = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "APPROVED"));
        const long long second = f.sendingCampaign(two, f.templateOf(two, "900000000000002", "APPROVED"));
        // Meta writes the number with its country code and no "+"; compared by digits.
        f.receive(
            "phone_number_quality_update",
            R"({"display_phone_number":"1 555 000 1111","event":"DOWNGRADE","current_limit":"TIER_2K","quality_rating":"RED"})");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f.quality.drain());
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), f.column(first, "state"));
        CPPUNIT_ASSERT_EQUAL(std::string("number_red"), f.column(first, "pause_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.column(second, "state"));
        q::NumberQualityStore store(f.db);
        CPPUNIT_ASSERT_EQUAL(std::string("RED"), store.get(one)->qualityRating);
        CPPUNIT_ASSERT(!store.get(two).has_value());
    }

    // Every account of the WABA has its number recorded and none is the one named: another app's.
    void unknownNumberPausesNothingAndWarns() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long two = f.account("100000000000002", "15550002222");
        const long long first = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "APPROVED"));
        const long long second = f.sendingCampaign(two, f.templateOf(two, "900000000000002", "APPROVED"));
        f.receive("phone_number_quality_update",
                  R"({"display_phone_number":"15559999999","event":"FLAGGED","current_limit":"TIER_1K"})");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f.quality.drain());
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.column(first, "state"));
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.column(second, "state"));
        CPPUNIT_ASSERT(!q::NumberQualityStore(f.db).get(one).has_value());
        CPPUNIT_ASSERT(f.lines->has("15559999999", "no source account of WABA " + kWaba));
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, f.quality.drain()); // processed once
    }

    // An account whose number was never recorded (no connection test since the upgrade) may be the
    // number named: a FLAGGED update pauses it, not the account whose recorded number differs.
    void aNumberNotRecordedYetIsPausedToBeSafe() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long unknown = f.account("100000000000002", "");
        const long long first = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "APPROVED"));
        const long long second = f.sendingCampaign(unknown, f.templateOf(unknown, "900000000000002", "APPROVED"));
        f.receive("phone_number_quality_update",
                  R"({"display_phone_number":"15559999999","event":"FLAGGED","current_limit":"TIER_1K"})");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f.quality.drain());
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.column(first, "state"));
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), f.column(second, "state"));
        CPPUNIT_ASSERT(!q::NumberQualityStore(f.db).get(one).has_value());
        CPPUNIT_ASSERT(q::NumberQualityStore(f.db).get(unknown).has_value());
        CPPUNIT_ASSERT(f.lines->has("15559999999", "not recorded yet"));
    }

    void accountRestrictionStillPausesTheWholeWaba() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long two = f.account("100000000000002", "15550002222");
        const long long first = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "APPROVED"));
        const long long second = f.sendingCampaign(two, f.templateOf(two, "900000000000002", "APPROVED"));
        f.receive(
            "account_update",
            R"({"event":"ACCOUNT_RESTRICTION","restriction_info":[{"restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING"}]})");
        f.quality.drain();
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), f.column(first, "pause_code"));
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), f.column(second, "pause_code"));
    }

    // The template sync read PAUSED from Meta before the webhook was applied: the stored status does
    // not change, the campaign must be paused all the same.
    void templatePausedWebhookPausesWhenTheSyncStoredItFirst() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long campaign = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "PAUSED"));
        f.receive("message_template_status_update",
                  R"({"event":"PAUSED","message_template_id":900000000000001,"message_template_name":"bienvenida",)"
                  R"("message_template_language":"es","reason":"NONE"})");
        CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f.statuses.drain());
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), f.column(campaign, "state"));
        CPPUNIT_ASSERT_EQUAL(std::string("template_paused"), f.column(campaign, "pause_code"));
        // An APPROVED event pauses nothing, whether it changes the stored status or not.
        const long long other = f.sendingCampaign(one, f.templateOf(one, "900000000000002", "APPROVED", "promo"));
        f.receive("message_template_status_update",
                  R"({"event":"APPROVED","message_template_id":900000000000002,"message_template_name":"promo",)"
                  R"("message_template_language":"es","reason":"NONE"})");
        f.statuses.drain();
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.column(other, "state"));
    }

    // 131050 (the customer stopped marketing messages) puts the number on the suppression list: it
    // counts as an opt-out, not also as a failure. 20 of 100 would trip the failure rule (15 %)
    // first; the pause must be the opt-out one.
    void stoppedMarketingIsAnOptOutNotAFailure() {
        Fixture f;
        const long long one = f.account("100000000000001", "15550001111");
        const long long campaign = f.sendingCampaign(one, f.templateOf(one, "900000000000001", "APPROVED"));
        {
            auto s = f.db.session();
            Poco::Int64 id = campaign;
            for (int i = 1; i <= 100; ++i) {
                Poco::Int64 row = i;
                std::string phone = "+5691100" + std::to_string(1000 + i), state = i % 5 == 0 ? "failed" : "accepted";
                int code = i % 5 == 0 ? 131050 : 0;
                s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, error_code,"
                     " accepted_at, failed_at, updated_at) VALUES (?, ?, ?, '[]', '{}', ?, ?, CASE WHEN ? = 0 THEN"
                     " '2026-12-07 12:00:00.000' END, CASE WHEN ? <> 0 THEN '2026-12-07 12:00:00.000' END,"
                     " '2026-12-07 12:00:00.000')",
                    use(id), use(row), use(phone), use(state), use(code), use(code), use(code), now;
                if (code != 0)
                    campaigns::suppressions::SuppressionStore::addUserStoppedMarketing(
                        s, f.db.dialect(), campaign, campaigns::storage::lastInsertId(s, f.db.dialect()));
            }
        }
        q::OutcomeRateBreaker rates(f.db, f.pauser, q::RateThresholds{});
        const auto window = rates.windowOf(campaign, "");
        CPPUNIT_ASSERT_EQUAL(100LL, window.sample);
        CPPUNIT_ASSERT_EQUAL(0LL, window.failures);
        CPPUNIT_ASSERT_EQUAL(20LL, window.optOuts);
        CPPUNIT_ASSERT(rates.sweep() == std::vector<long long>{campaign});
        CPPUNIT_ASSERT_EQUAL(std::string("opt_out_rate"), f.column(campaign, "pause_code"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QualityTargetsTest);
