// Exports a 1,000,000-entry campaign (SQLite) as CSV and as xlsx and prints time, size and peak
// resident memory. Peak RSS is the process's high-water mark, so each figure is printed next to the
// mark reached before the export started: the difference is what the export itself needed.
#include "TestDatabase.h"
#include "exports/ResultsExport.h"
#include "storage/MigrationRunner.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

using namespace Poco::Data::Keywords;

namespace {

long peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    testsupport::TestDatabase db(true);
    campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
    auto seedStart = std::chrono::steady_clock::now();
    {
        auto s = db.session();
        s << "INSERT INTO campaigns_campaigns (id, name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at) VALUES (1, 'bench', 1, 1, 'completed_with_errors', '[]', '2026-03-01 10:00:00',"
             " '2026-03-01 10:00:00.000', '2026-03-01 10:00:00.000')",
            now;
        Poco::Int64 n = rows;
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, progress,"
             " error_code, error_reason, ticket_id, accepted_at, failed_at, updated_at)"
             " WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)"
             " SELECT 1, i + 1, CAST(56900000000 + i AS TEXT),"
             " '[\"Cliente ' || i || '\",\"C-' || i || '\",\"=' || i || '\"]', '{}',"
             " CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'accepted' END, CASE WHEN i % 10 = 0 THEN 0 ELSE i % 6 END,"
             " CASE WHEN i % 10 = 0 THEN 131026 ELSE 0 END, CASE WHEN i % 10 = 0 THEN 'Mensaje no entregable' ELSE '' END,"
             " CASE WHEN i % 10 = 0 THEN NULL ELSE i END,"
             " CASE WHEN i % 10 = 0 THEN NULL ELSE '2026-03-01 10:05:00.000' END,"
             " CASE WHEN i % 10 = 0 THEN '2026-03-01 10:05:00.000' ELSE NULL END, '2026-03-01 11:00:00.000' FROM seq",
            use(n), now;
    }
    std::cout << "seeded " << rows << " entries in " << secondsSince(seedStart) << " s; peak RSS so far " << peakRssMb()
              << " MB\n";

    const std::vector<std::string> columns{"nombre", "caso", "nota"};
    const std::string dir = Poco::Path::temp();
    {
        Poco::TemporaryFile file(dir);
        const long before = peakRssMb();
        auto start = std::chrono::steady_clock::now();
        std::ofstream out(file.path(), std::ios::binary);
        campaigns::exports::ResultsPager pager(db, 1);
        const auto written = campaigns::exports::writeResultsCsv(pager, columns, out);
        out.close();
        std::cout << "csv:  " << written << " entries in " << secondsSince(start) << " s, "
                  << Poco::File(file.path()).getSize() / (1024 * 1024) << " MB; peak RSS " << peakRssMb() << " MB (before "
                  << before << " MB)\n";
    }
    {
        Poco::TemporaryFile file(dir);
        const long before = peakRssMb();
        auto start = std::chrono::steady_clock::now();
        campaigns::exports::ResultsPager pager(db, 1);
        const auto written = campaigns::exports::writeResultsXlsx(pager, columns, file.path(), dir);
        std::cout << "xlsx: " << written << " entries in " << secondsSince(start) << " s, "
                  << Poco::File(file.path()).getSize() / (1024 * 1024) << " MB; peak RSS " << peakRssMb() << " MB (before "
                  << before << " MB)\n";
    }
    return 0;
}
