// campaigns-counters-check <SQLite|MySQL> <connection string> [campaign id ...]
// Recomputes every counter of the given campaigns (all campaigns when none is given) from their
// entries and compares it with the stored counters and with the sum of the per-day rows. Prints
// one line per campaign and exits 1 on any difference. The fault tests run it after killing the
// host mid-send: counters kept in the same transaction as their entries must survive any crash.
#include "counters/Recount.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>

#include <iostream>
#include <vector>

using namespace Poco::Data::Keywords;

namespace {

class ToolDatabase : public helpdesk::Database {
public:
    ToolDatabase(std::string connector, std::string connection)
        : connector_(std::move(connector)), connection_(std::move(connection)), pool_(connector_, connection_, 1, 4, 60) {}
    helpdesk::Dialect dialect() const override {
        return connector_ == "MySQL" ? helpdesk::Dialect::MySQL : helpdesk::Dialect::SQLite;
    }
    Poco::Data::Session session() override {
        auto s = pool_.get();
        if (dialect() == helpdesk::Dialect::SQLite) s << "PRAGMA busy_timeout=10000", now;
        return s;
    }
    std::string connector() const override { return connector_; }
    std::string connectionString() const override { return connection_; }

private:
    std::string connector_, connection_;
    Poco::Data::SessionPool pool_;
};

// Only the counters that are booked per day are comparable with the daily rows.
campaigns::counters::CampaignCounters dayBound(campaigns::counters::CampaignCounters c) {
    c.queued = c.unknown = c.cancelled = c.suppressed = c.deferred = c.capped = c.retried = c.openTickets = 0;
    return c;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: campaigns-counters-check <SQLite|MySQL> <connection> [campaign id ...]\n";
        return 2;
    }
    try {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
        ToolDatabase db(argv[1], argv[2]);
        std::vector<Poco::Int64> ids;
        for (int i = 3; i < argc; ++i) ids.push_back(Poco::NumberParser::parse64(argv[i]));
        if (ids.empty()) {
            auto s = db.session();
            s << "SELECT id FROM campaigns_campaigns ORDER BY id", into(ids), now;
        }
        int bad = 0;
        for (auto id : ids) {
            const auto stored = campaigns::counters::storedCounters(db, id);
            const auto recount = campaigns::counters::recountFromEntries(db, id);
            const auto daily = campaigns::counters::dailyTotals(db, id);
            const bool ok = stored == recount && dayBound(stored) == dayBound(daily);
            std::cout << "campaign " << id << (ok ? " OK " : " DIFFERENT ") << "stored: " << stored.describe() << "\n";
            if (!ok) {
                ++bad;
                std::cout << "  recount from entries: " << recount.describe() << "\n"
                          << "  sum of daily rows:    " << daily.describe() << "\n";
            }
        }
        std::cout << ids.size() - static_cast<std::size_t>(bad) << " campaigns consistent, " << bad << " different\n";
        return bad == 0 ? 0 : 1;
    } catch (const Poco::Exception& e) {
        std::cerr << "campaigns-counters-check: " << e.displayText() << "\n";
        return 2;
    }
}
