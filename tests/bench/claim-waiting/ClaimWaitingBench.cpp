// What the sender pays, ten times a second, for a campaign whose rows wait for a later time: a
// campaign sent in waves ("Programar en tandas") keeps all but its first wave queued with
// next_attempt_at = tomorrow, and its account's feeder asks for due entries every 100 ms until
// then. Prints the time of one empty claim on such a campaign next to its floor, the same claim
// on a campaign with nothing queued at all, measured in the same run. Goal: within 2x the floor.
//   bench_claim_waiting [rows]            SQLite in a temp file (default 1,000,000 rows)
//   run-bench.sh <build-dir> [rows]       the same on a throwaway MariaDB
#include "TestDatabase.h"
#include "sending/OutboxStore.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Logger.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace Poco::Data::Keywords;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFirstWave = 1000;
constexpr int kClaims = 50;
constexpr int kBatch = 1000;

const char* const kInsertCampaign =
    "INSERT INTO campaigns_campaigns (id, name, account_id, template_id, state, metadata_links_json, consent_at, created_at,"
    " updated_at, entries_total, n_queued) VALUES (?, ?, 1, 1, 'sending', '[]', ?, ?, ?, ?, ?)";

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void insertCampaign(Poco::Data::Session& s, long long id, long long rows) {
    Poco::Int64 key = id, total = rows;
    std::string name = "Campaña " + std::to_string(id), at = campaigns::storage::utcNowText();
    s << kInsertCampaign, use(key), use(name), use(at), use(at), use(at), use(total), use(total), now;
}

// `rows` queued entries of campaign `id`; all but the first kFirstWave wait until tomorrow.
void insertEntries(Poco::Data::Session& s, helpdesk::Dialect dialect, long long id, long long rows) {
    const std::string now = campaigns::storage::utcNowText();
    const std::string tomorrow = campaigns::storage::utcText(Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0));
    for (long long from = 0; from < rows; from += kBatch) {
        const long long to = std::min(rows, from + kBatch);
        std::string sql =
            "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state,"
            " next_attempt_at, updated_at) VALUES ";
        for (long long r = from; r < to; ++r) {
            if (r > from) sql += ',';
            const std::string wait = r < kFirstWave ? "NULL" : "'" + tomorrow + "'";
            sql += "(" + std::to_string(id) + "," + std::to_string(r + 2) + ",'569" + std::to_string(10000000 + r) +
                   "','[]','{}','queued'," + wait + ",'" + now + "')";
        }
        campaigns::storage::SqlTransaction tx(s, dialect);
        s << sql, Poco::Data::Keywords::now;
        tx.commit();
    }
}

// Median of kClaims empty claims on `campaign`, in ms.
double medianEmptyClaim(campaigns::sending::OutboxStore& outbox, long long campaign) {
    std::vector<double> times;
    const auto leaseUntil = Poco::Timestamp() + Poco::Timespan(300, 0);
    for (int i = 0; i < kClaims; ++i) {
        const auto t0 = Clock::now();
        const auto got = outbox.claim(campaign, "bench", leaseUntil, 100);
        times.push_back(ms(Clock::now() - t0));
        if (!got.empty()) {
            std::fprintf(stderr, "a claim took %zu entries that should wait\n", got.size());
            std::exit(1);
        }
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const long long rows = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    testsupport::TestDatabase db;
    campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
    const char* dialect = db.dialect() == helpdesk::Dialect::MySQL ? "MariaDB" : "SQLite";
    {
        auto s = db.session();
        std::printf("loading a %lld-row campaign on %s (%d due now, the rest tomorrow) ...\n", rows, dialect, kFirstWave);
        std::fflush(stdout);
        insertCampaign(s, 1, rows);
        insertEntries(s, db.dialect(), 1, rows);
        insertCampaign(s, 2, 0); // the floor: a sending campaign with nothing queued
    }
    campaigns::sending::OutboxStore outbox(db);
    const auto leaseUntil = Poco::Timestamp() + Poco::Timespan(300, 0);
    long long firstWave = 0;
    for (auto got = outbox.claim(1, "bench", leaseUntil, 100); !got.empty(); got = outbox.claim(1, "bench", leaseUntil, 100))
        firstWave += static_cast<long long>(got.size());
    if (firstWave != kFirstWave) {
        std::fprintf(stderr, "claimed %lld entries of the first wave, expected %d\n", firstWave, kFirstWave);
        return 1;
    }
    const double waiting = medianEmptyClaim(outbox, 1);
    const double floor = medianEmptyClaim(outbox, 2);
    std::printf(
        "%s, %lld rows waiting for tomorrow: empty claim %.3f ms (median of %d); floor, nothing queued: %.3f ms;"
        " ratio %.1fx (goal <= 2x)\n",
        dialect, rows - kFirstWave, waiting, kClaims, floor, waiting / std::max(floor, 0.001));
    std::printf("at one claim per 100 ms tick: %.1f %% of a core while the wave waits\n", waiting / 100.0 * 100.0);
    return 0;
}
