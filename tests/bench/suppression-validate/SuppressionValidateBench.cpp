// What the suppression list adds to validating a file (issue 12): a 1,000,000-row xlsx validated
// with the WABA's 1,000,000-number suppression list (1 % of the file's numbers on it), through
// campaign::SuppressionFilter as the upload route runs it, next to the same validation without the
// list, measured in the same run (median of 3 each). Goal: the list adds at most 20 %.
//   bench_suppression_validate [rows]       SQLite in a temp file (default 1,000,000)
//   run-bench.sh <build-dir> [rows]         SQLite, then a throwaway MariaDB
#include "TestDatabase.h"
#include "XlsxBenchSupport.h"
#include "campaign/SuppressionFilter.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "uploads/RowReader.h"
#include "validation/UploadValidator.h"

#include <Poco/Logger.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kWaba = "300000000000001";
constexpr int kRuns = 3;
constexpr int kBatch = 1000;
constexpr double kGoal = 0.20;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// `listSize` numbers on the WABA's list: every 100th number of the file, the rest numbers the file
// does not hold (phones past its last row).
void loadList(testsupport::TestDatabase& db, int fileRows, int listSize) {
    auto s = db.session();
    const std::string at = campaigns::storage::utcNowText();
    int inFile = 0;
    std::vector<std::string> phones;
    phones.reserve(static_cast<std::size_t>(listSize));
    for (int i = 100; i <= fileRows && static_cast<int>(phones.size()) < listSize; i += 100, ++inFile)
        phones.push_back(benchsupport::phoneOf(i));
    for (int i = fileRows + 1; static_cast<int>(phones.size()) < listSize; ++i) phones.push_back(benchsupport::phoneOf(i));
    for (std::size_t from = 0; from < phones.size(); from += kBatch) {
        std::string sql = "INSERT INTO campaigns_suppressions (waba_id, phone, reason, source, created_at) VALUES ";
        for (std::size_t i = from; i < std::min(phones.size(), from + kBatch); ++i) {
            if (i > from) sql += ',';
            sql += std::string("('") + kWaba + "','" + phones[i] + "','BAJA','import','" + at + "')";
        }
        campaigns::storage::SqlTransaction tx(s, db.dialect());
        s << sql, Poco::Data::Keywords::now;
        tx.commit();
    }
    std::printf("suppression list: %zu numbers, %d of them in the file\n", phones.size(), inFile);
}

campaigns::validation::ValidationOptions validationOptions() {
    campaigns::validation::ValidationOptions options;
    options.parameterColumns = {"nombre", "ciudad", "codigo"};
    options.allowDuplicatePhones = false;
    return options;
}

// One validation of `path`; with `db`, through the suppression filter. Returns {seconds, rows kept}.
std::pair<double, long> validate(const std::string& path, testsupport::TestDatabase* db, long* excluded) {
    const auto t0 = Clock::now();
    long kept = 0;
    auto reader = campaigns::uploads::openRowReader(path, "contactos.xlsx");
    campaigns::validation::UploadValidator validator(validationOptions());
    if (!db) {
        auto summary = validator.run(*reader, [&](const campaigns::validation::ValidRow&) { ++kept; });
        if (!summary.ok()) throw std::runtime_error("the generated file did not validate");
        return {since(t0), kept};
    }
    auto s = db->session();
    campaigns::campaign::SuppressionFilter filter(s, db->dialect(), kWaba,
                                                  [&](const campaigns::validation::ValidRow&) { ++kept; });
    auto summary = validator.run(*reader, [&](const campaigns::validation::ValidRow& row) { filter.add(row); });
    filter.flush();
    if (!summary.ok()) throw std::runtime_error("the generated file did not validate");
    *excluded = static_cast<long>(filter.excluded());
    return {since(t0), kept};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    const int rows = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    testsupport::TestDatabase db;
    campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
    const char* dialect = db.dialect() == helpdesk::Dialect::MySQL ? "MariaDB" : "SQLite";
    Poco::TemporaryFile file;
    const std::string path = file.path() + ".xlsx";
    std::printf("writing a %d-row xlsx and a %d-number suppression list on %s ...\n", rows, rows, dialect);
    std::fflush(stdout);
    benchsupport::writeXlsx(path, false, rows);
    loadList(db, rows, rows);

    std::vector<double> without, with;
    long keptWithout = 0, keptWith = 0, excluded = 0;
    for (int run = 0; run < kRuns; ++run) { // alternated, so a slow moment of the machine hits both
        auto a = validate(path, nullptr, nullptr);
        auto b = validate(path, &db, &excluded);
        without.push_back(a.first);
        with.push_back(b.first);
        keptWithout = a.second;
        keptWith = b.second;
    }
    std::remove(path.c_str());
    if (keptWith + excluded != keptWithout || excluded != rows / 100) {
        std::fprintf(stderr, "kept %ld + excluded %ld, expected %ld rows with %d excluded\n", keptWith, excluded, keptWithout,
                     rows / 100);
        return 1;
    }
    const double floor = median(without), figure = median(with);
    const double added = figure / floor - 1.0;
    std::printf(
        "%s, %d rows: validation with the suppression list %.2f s (%ld rows left out); without it (floor) %.2f s;"
        " the list adds %.1f %% (goal <= %.0f %%) %s\n",
        dialect, rows, figure, excluded, floor, added * 100.0, kGoal * 100.0, added <= kGoal ? "OK" : "OVER");
    return added <= kGoal ? 0 : 3;
}
