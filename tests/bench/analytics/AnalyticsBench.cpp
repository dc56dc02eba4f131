// Analytics over 10,000,000 messages in 10,000 campaigns on MariaDB: every filter combination the
// page offers, timed through AnalyticsQuery, next to a plain COUNT over the same entries (what a
// page computing its figures from campaigns_entries would pay at least once per load).
// Budget: p95 <= 50 ms.
#include "TestDatabase.h"
#include "analytics/AnalyticsQuery.h"
#include "analytics/LocalDays.h"
#include "storage/MigrationRunner.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace campaigns::analytics;
using namespace Poco::Data::Keywords;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCampaigns = 10000;
constexpr long long kEntries = 10'000'000;
constexpr int kDaysPerCampaign = 30;
constexpr int kAccounts = 20;
constexpr int kDepartments = 5; // plus "no department"
constexpr int kQueries = 300;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <class F>
double timed(F&& f) {
    const auto t0 = Clock::now();
    f();
    return ms(Clock::now() - t0);
}

void exec(Poco::Data::Session& s, const std::string& sql) { s << sql, now; }

void load(testsupport::TestDatabase& db) {
    auto s = db.session();
    const std::string today = localDay(Poco::Timestamp(), "America/Santiago").iso();
    // Campaigns spread over two years up to today: start day = today - 760 + (id * 73 % 730).
    std::printf("loading %d campaigns ...\n", kCampaigns);
    std::fflush(stdout);
    double t = timed([&] {
        exec(s,
             "INSERT INTO campaigns_campaigns (id, name, account_id, template_id, department_id, state,"
             " metadata_links_json, consent_at, created_by_name, created_at, updated_at, first_sent_at, finished_at,"
             " entries_total, unique_phones, file_name, allow_duplicates)"
             " SELECT seq, CONCAT('Campaña ', seq), 1 + seq % " +
                 std::to_string(kAccounts) +
                 ", 1,"
                 " NULLIF(seq % " +
                 std::to_string(kDepartments + 1) +
                 ", 0), 'completed', '[]', NOW(), 'bench',"
                 " TIMESTAMP(DATE_SUB('" +
                 today +
                 "', INTERVAL 760 - (seq * 73 % 730) DAY)),"
                 " TIMESTAMP(DATE_SUB('" +
                 today +
                 "', INTERVAL 760 - (seq * 73 % 730) DAY)),"
                 " TIMESTAMP(DATE_SUB('" +
                 today +
                 "', INTERVAL 760 - (seq * 73 % 730) DAY)) + INTERVAL 1 HOUR,"
                 " TIMESTAMP(DATE_SUB('" +
                 today +
                 "', INTERVAL 760 - (seq * 73 % 730) - 29 DAY)),"
                 " 1000, 990, 'bench.xlsx', 1 FROM seq_1_to_" +
                 std::to_string(kCampaigns));
    });
    std::printf("  %.1f s\n", t / 1000);
    std::printf("loading %lld entries (1,000 per campaign) ...\n", kEntries);
    std::fflush(stdout);
    t = timed([&] {
        const long long chunk = 1'000'000;
        for (long long from = 1; from <= kEntries; from += chunk) {
            const long long to = std::min(kEntries, from + chunk - 1);
            // State mix per message: 3 % failed on send, 1 % unknown, the rest accepted with a
            // progress spread over delivered/read/replied/addressed.
            exec(s,
                 "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state,"
                 " progress, read_seen, failed_after_accept, updated_at)"
                 " SELECT 1 + (seq - 1) DIV 1000, 1 + (seq - 1) % 1000, CONCAT('5691', LPAD(seq, 8, '0')), '[]', '[]',"
                 " CASE WHEN seq % 100 < 3 THEN 'failed' WHEN seq % 100 = 3 THEN 'unknown' ELSE 'accepted' END,"
                 " CASE WHEN seq % 100 < 4 THEN 0 ELSE seq % 6 END, seq % 7 < 3, seq % 50 = 7, NOW()"
                 " FROM seq_" +
                     std::to_string(from) + "_to_" + std::to_string(to));
            std::printf("  %lld rows\n", to);
            std::fflush(stdout);
        }
    });
    std::printf("  %.1f s\n", t / 1000);
    std::printf("loading %d days of counters per campaign (triggers keep the rollup) ...\n", kDaysPerCampaign);
    std::fflush(stdout);
    t = timed([&] {
        exec(s,
             "INSERT INTO campaigns_daily_counters (campaign_id, day, n_accepted, n_failed_send, n_sent, n_delivered,"
             " n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)"
             " SELECT c.id, DATE(c.first_sent_at) + INTERVAL d.seq DAY,"
             " IF(d.seq = 0, 940, 0), IF(d.seq = 0, 30, 0), IF(d.seq = 0, 930, 0),"
             " 30 - d.seq % 3, 20 - d.seq % 5, 6 + d.seq % 2, 1, 2, d.seq % 2"
             " FROM campaigns_campaigns c JOIN seq_0_to_" +
                 std::to_string(kDaysPerCampaign - 1) + " d");
        exec(s,
             "UPDATE campaigns_campaigns c JOIN (SELECT campaign_id, SUM(n_accepted) a, SUM(n_failed_send) f,"
             " SUM(n_sent) se, SUM(n_delivered) de, SUM(n_read) re, SUM(n_replied) rp, SUM(n_replied_unread) ru,"
             " SUM(n_addressed) ad, SUM(n_failed_after_accept) fa FROM campaigns_daily_counters GROUP BY campaign_id) t"
             " ON t.campaign_id = c.id SET c.n_accepted = t.a, c.n_failed_send = t.f, c.n_sent = t.se,"
             " c.n_delivered = t.de, c.n_read = t.re, c.n_replied = t.rp, c.n_replied_unread = t.ru,"
             " c.n_addressed = t.ad, c.n_failed_after_accept = t.fa, c.n_unknown = 10");
        exec(s, "ANALYZE TABLE campaigns_campaigns, campaigns_daily_counters, campaigns_daily_rollup, campaigns_entries");
    });
    std::printf("  %.1f s\n", t / 1000);
}

struct Combo {
    Filter filter;
    std::string describe;
};

Combo randomCombo(std::mt19937& rng, const CivilDate& today) {
    Combo c;
    Filter& f = c.filter;
    f.timeZone = "America/Santiago";
    std::uniform_int_distribution<int> pick(0, 99);
    if (pick(rng) < 40) f.accountId = 1 + pick(rng) % kAccounts;
    if (pick(rng) < 40) f.departmentId = pick(rng) % (kDepartments + 1);
    const int campaignMode = pick(rng) % 3; // none, one, several
    if (campaignMode > 0) {
        const int n = campaignMode == 1 ? 1 : 2 + pick(rng) % 49;
        for (int i = 0; i < n; ++i) f.campaignIds.push_back(1 + static_cast<long long>(rng() % kCampaigns));
    }
    const Preset presets[] = {Preset::Last7, Preset::Last30, Preset::PrevMonth, Preset::Custom, Preset::All};
    const Preset p = presets[pick(rng) % 5];
    std::optional<CivilDate> from, to;
    if (p == Preset::Custom) {
        const int length = 1 + static_cast<int>(rng() % kMaxRangeDays);
        const int end = static_cast<int>(rng() % 760);
        to = today.plusDays(-end);
        from = to->plusDays(-(length - 1));
    }
    f.range = resolveRange(p, today, from, to);
    c.describe = std::string(code(p)) + (f.accountId ? " account" : "") + (f.departmentId ? " department" : "") +
                 " campaigns=" + std::to_string(f.campaignIds.size());
    return c;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

} // namespace

int main() {
    if (!testsupport::TestDatabase::mysqlRequested()) {
        std::fprintf(stderr, "HELPDESK_TEST_MYSQL is not set: run tests/bench/analytics/run-bench.sh\n");
        return 2;
    }
    try {
        testsupport::TestDatabase db;
        campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
        load(db);

        AnalyticsQuery query(db);
        const CivilDate today = localDay(Poco::Timestamp(), "America/Santiago");
        std::mt19937 rng(20260301);
        std::vector<double> times;
        std::vector<std::pair<double, std::string>> slowest;
        for (int i = 0; i < 20; ++i) query.run(randomCombo(rng, today).filter); // warm the buffer pool
        long long checksum = 0;
        for (int i = 0; i < kQueries; ++i) {
            auto combo = randomCombo(rng, today);
            AnalyticsResult r;
            const double t = timed([&] { r = query.run(combo.filter); });
            checksum += r.totals.accepted;
            times.push_back(t);
            slowest.emplace_back(t, combo.describe);
        }
        std::sort(slowest.rbegin(), slowest.rend());

        auto s = db.session();
        std::vector<double> countAll, countIn;
        Poco::Int64 total = 0, some = 0;
        std::string inList;
        for (int i = 1; i <= 50; ++i) {
            if (i > 1) inList += ',';
            inList += std::to_string(i * 197);
        }
        for (int i = 0; i < 3; ++i) {
            countAll.push_back(timed([&] { s << "SELECT COUNT(*) FROM campaigns_entries", into(total), now; }));
            countIn.push_back(timed(
                [&] { s << "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id IN (" + inList + ")", into(some), now; }));
        }
        std::printf("\n%d random filter combinations over %lld entries (checksum %lld)\n", kQueries,
                    static_cast<long long>(total), checksum);
        std::printf("analytics query: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n", percentile(times, .5), percentile(times, .95),
                    percentile(times, 1));
        std::printf("slowest: %.2f ms (%s), %.2f ms (%s), %.2f ms (%s)\n", slowest[0].first, slowest[0].second.c_str(),
                    slowest[1].first, slowest[1].second.c_str(), slowest[2].first, slowest[2].second.c_str());
        std::printf("plain SELECT COUNT(*) FROM campaigns_entries: %.0f ms (median of 3, %lld rows)\n", percentile(countAll, .5),
                    static_cast<long long>(total));
        std::printf("COUNT(*) WHERE campaign_id IN (50 campaigns): %.2f ms (median of 3, %lld rows)\n", percentile(countIn, .5),
                    static_cast<long long>(some));
        std::printf("p95 %.2f ms (budget 50 ms) vs plain COUNT %.0f ms\n", percentile(times, .95), percentile(countAll, .5));
        return percentile(times, .95) <= 50.0 ? 0 : 1;
    } catch (const Poco::Exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.displayText().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        return 1;
    }
}
