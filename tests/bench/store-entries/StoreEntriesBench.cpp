// Issue 4's creation figures for a 1,000,000-row xlsx (phone + 3 text columns, libxlsxwriter in
// constant-memory mode), each printed next to its floor measured in the same run:
//   read + validate: openRowReader + UploadValidator (as CampaignCreation runs them), in a child
//     process so its peak resident memory is its own; floor = plain unzip + expat SAX pass over the
//     same sheet (tests/bench/xlsx-read's). Budget 4 s, 200 MB.
//   store: EntryWriter writing the validated rows into the real campaigns_entries table (schema from
//     the plugin's migrations), in one transaction with the campaign row and its counters as
//     CampaignCreation does; floor = LOAD DATA LOCAL INFILE of the same rows (same columns, same
//     JSON texts) into a fresh copy of the table, through libmariadb's text protocol. Budget 1.5x
//     the floor. Three rounds in alternating order, the fastest of each way judged; CPU seconds
//     (server + this process) per phase are printed too, as the machine may be shared.
// Run it through run-bench.sh, which starts and stops its own MariaDB. Exits 1 when a figure is
// over its budget.
#include "TestDatabase.h"
#include "XlsxBenchSupport.h"
#include "campaign/CampaignStore.h"
#include "campaign/DbSession.h"
#include "campaign/EntryWriter.h"
#include "storage/MigrationRunner.h"
#include "validation/UploadValidator.h"

#include <Poco/Logger.h>
#include <mysql.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace benchsupport;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kDataRows = 1'000'000;
constexpr double kValidateBudgetSeconds = 4.0;
constexpr double kValidateFloorSeconds = 2.0; // design section 8: "floor measured here about 2 s"
constexpr double kBudgetMb = 200.0;
constexpr double kStoreBudgetRatio = 1.5;
constexpr int kStoreRounds = 3;
constexpr int kValidateRuns = 3;

// The machine is shared: say how busy it was.
std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five;
    in >> one >> five;
    return one + " (1 min), " + five + " (5 min)";
}

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

campaigns::validation::ValidationOptions validationOptions() {
    campaigns::validation::ValidationOptions options;
    options.parameterColumns = {"nombre", "ciudad", "codigo"}; // WhatsApp's body-parameter rule on each
    options.allowDuplicatePhones = false;                      // so the duplicate index is built
    return options;
}

// Reads and validates the file as CampaignCreation does, handing each valid row to `sink`.
campaigns::validation::ValidationSummary validate(const std::string& path,
                                                  const campaigns::validation::UploadValidator::RowSink& sink) {
    auto reader = campaigns::uploads::openRowReader(path, "contactos.xlsx");
    campaigns::validation::UploadValidator validator(validationOptions());
    auto summary = validator.run(*reader, sink);
    if (!summary.ok()) {
        for (const auto& issue : summary.issues) std::cerr << issue.message << "\n";
        throw std::runtime_error("the generated file did not validate (" + std::to_string(summary.totalIssues) + " issues)");
    }
    return summary;
}

int measure(const std::string& what, const std::string& path) {
    const auto t0 = Clock::now();
    long count = 0;
    if (what == "floor") {
        count = xlsxFloor(path);
    } else if (what == "validate") {
        std::size_t bytes = 0;
        auto summary = validate(path, [&](const campaigns::validation::ValidRow& row) { bytes += row.phoneE164.size(); });
        count = bytes > 0 ? static_cast<long>(summary.validRows) : -1;
    } else {
        return 2;
    }
    printMeasurement(since(t0), count);
    return 0;
}

// --- raw MariaDB access (libmariadb's text protocol): LOAD DATA cannot be prepared, so Poco's
// --- MySQL connector, which prepares every statement, cannot run it.

std::map<std::string, std::string> parseConnection(const std::string& text) {
    std::map<std::string, std::string> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ';'))
        if (auto eq = part.find('='); eq != std::string::npos) out[part.substr(0, eq)] = part.substr(eq + 1);
    return out;
}

class RawConnection {
public:
    explicit RawConnection(const std::string& pocoConnection) : m_(mysql_init(nullptr)) {
        auto c = parseConnection(pocoConnection);
        unsigned int localInfile = 1;
        mysql_options(m_, MYSQL_OPT_LOCAL_INFILE, &localInfile);
        mysql_options(m_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
        if (!mysql_real_connect(m_, c["host"].c_str(), c["user"].c_str(), c["password"].c_str(), c["db"].c_str(),
                                static_cast<unsigned>(std::stoul(c["port"])), nullptr, 0))
            throw std::runtime_error(std::string("mariadb connect: ") + mysql_error(m_));
    }
    ~RawConnection() { mysql_close(m_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    unsigned long long exec(const std::string& sql) {
        if (mysql_real_query(m_, sql.data(), sql.size()) != 0)
            throw std::runtime_error(sql.substr(0, 60) + ": " + mysql_error(m_));
        if (MYSQL_RES* r = mysql_store_result(m_)) mysql_free_result(r);
        return mysql_affected_rows(m_);
    }
    unsigned warnings() { return mysql_warning_count(m_); }
    std::vector<std::string> row(const std::string& sql) {
        if (mysql_real_query(m_, sql.data(), sql.size()) != 0)
            throw std::runtime_error(sql.substr(0, 60) + ": " + mysql_error(m_));
        MYSQL_RES* r = mysql_store_result(m_);
        if (!r) throw std::runtime_error(sql.substr(0, 60) + ": no result");
        std::vector<std::string> out;
        if (MYSQL_ROW values = mysql_fetch_row(r))
            for (unsigned i = 0; i < mysql_num_fields(r); ++i) out.emplace_back(values[i] ? values[i] : "NULL");
        mysql_free_result(r);
        return out;
    }
    std::string scalar(const std::string& sql) { return row(sql).at(0); }

private:
    MYSQL* m_;
};

// CPU seconds the MariaDB server has used so far (run-bench.sh passes its pid), or -1.
double serverCpu() {
    const char* pid = std::getenv("BENCH_MARIADB_PID");
    if (!pid || !*pid) return -1;
    std::ifstream in(std::string("/proc/") + pid + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Lets InnoDB write out the dirty pages an earlier phase left, so no phase pays for another's.
void quiesce(RawConnection& raw) {
    const std::string pct = raw.scalar("SELECT @@GLOBAL.innodb_max_dirty_pages_pct");
    raw.exec("SET GLOBAL innodb_max_dirty_pages_pct = 0");
    const auto t0 = Clock::now();
    while (since(t0) < 120 && std::stol(raw.scalar("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                                                   " WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")) > 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    raw.exec("SET GLOBAL innodb_max_dirty_pages_pct = " + pct);
}

// Row count and a checksum of what a table holds, to show both ways stored the same rows.
std::string contents(RawConnection& raw, const std::string& table) {
    auto r = raw.row("SELECT COUNT(*), SUM(CRC32(CONCAT_WS(0x1f, row_no, phone, params_json, metadata_json))) FROM " + table);
    return r.at(0) + " rows, checksum " + r.at(1);
}

// The same rows as EntryWriter stores them, as LOAD DATA input. The JSON texts never hold a raw
// tab or line break (appendJsonString escapes control characters), so no escaping is needed.
void writeLoadFile(const std::string& path, const std::vector<campaigns::validation::ValidRow>& rows, long long campaignId) {
    std::ofstream out(path, std::ios::binary);
    std::string params, metadata;
    for (const auto& row : rows) {
        campaigns::campaign::parametersJson(row.parameters, params);
        campaigns::campaign::metadataJson(row.metadata, metadata);
        out << campaignId << '\t' << row.rowNumber << '\t' << row.phoneE164 << '\t' << params << '\t' << metadata << '\n';
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

// One way of storing, per round: wall seconds and CPU seconds (server + this process).
struct StoreTimes {
    std::vector<double> wall, cpu;
    void add(double w, double c) {
        wall.push_back(w);
        cpu.push_back(c);
    }
    double bestWall() const { return *std::min_element(wall.begin(), wall.end()); }
    double bestCpu() const { return *std::min_element(cpu.begin(), cpu.end()); }
};

struct StoreFigures {
    StoreTimes writer, load;
};

StoreFigures storeBench(const std::string& dir, const std::string& xlsx) {
    testsupport::TestDatabase db;
    if (db.dialect() != helpdesk::Dialect::MySQL) throw std::runtime_error("HELPDESK_TEST_MYSQL is not set; use run-bench.sh");
    campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
    RawConnection raw(db.connectionString());
    std::cout << "MariaDB " << raw.scalar("SELECT VERSION()") << ", plugin migrations applied\n";

    std::vector<campaigns::validation::ValidRow> rows;
    rows.reserve(kDataRows);
    const auto summary = validate(xlsx, [&](const campaigns::validation::ValidRow& row) { rows.push_back(row); });
    const std::string loadFile = dir + "/entries.tsv";
    writeLoadFile(loadFile, rows, 1);
    std::cout << rows.size() << " validated rows kept in memory; LOAD DATA file " << std::filesystem::file_size(loadFile) / 1e6
              << " MB\n"
              << std::flush;

    campaigns::campaign::CampaignStore store(db);
    StoreFigures figures;
    std::string writerContents, loadContents;
    auto runWriter = [&] {
        raw.exec("TRUNCATE TABLE campaigns_entries");
        raw.exec("DROP TABLE IF EXISTS campaigns_entries_load");
        quiesce(raw);
        auto s = campaigns::campaign::openSession(db);
        const double cpu0 = serverCpu() + cpuSeconds();
        const auto t0 = Clock::now();
        campaigns::campaign::Transaction tx(s);
        campaigns::campaign::NewCampaign c;
        c.name = "bench";
        c.accountId = 1;
        c.templateId = 1;
        c.fileName = "contactos.xlsx";
        c.rowsTotal = rows.size();
        const long long id = store.insert(s, c);
        campaigns::campaign::EntryWriter writer(s, db.dialect(), id);
        for (const auto& row : rows) writer.add(row);
        writer.flush();
        store.markLoaded(s, id, writer.written(), summary.uniquePhones);
        tx.commit();
        const double wall = since(t0);
        figures.writer.add(wall, serverCpu() + cpuSeconds() - cpu0);
        if (writer.written() != rows.size()) throw std::runtime_error("EntryWriter wrote " + std::to_string(writer.written()));
        writerContents = contents(raw, "campaigns_entries");
    };
    auto runLoad = [&] {
        raw.exec("TRUNCATE TABLE campaigns_entries");
        raw.exec("DROP TABLE IF EXISTS campaigns_entries_load");
        raw.exec("CREATE TABLE campaigns_entries_load LIKE campaigns_entries");
        quiesce(raw);
        const double cpu0 = serverCpu() + cpuSeconds();
        const auto t0 = Clock::now();
        const auto loaded = raw.exec("LOAD DATA LOCAL INFILE '" + loadFile +
                                     "' INTO TABLE campaigns_entries_load"
                                     " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY ''"
                                     " LINES TERMINATED BY '\\n' (campaign_id, row_no, phone, params_json, metadata_json)"
                                     " SET updated_at = UTC_TIMESTAMP(3)");
        const double wall = since(t0);
        figures.load.add(wall, serverCpu() + cpuSeconds() - cpu0);
        if (loaded != rows.size() || raw.warnings() != 0)
            throw std::runtime_error("LOAD DATA stored " + std::to_string(loaded) + " rows with " +
                                     std::to_string(raw.warnings()) + " warnings");
        loadContents = contents(raw, "campaigns_entries_load");
    };
    // Alternate the order so neither way always runs first; every phase starts with both tables
    // empty and no dirty pages left by the one before.
    for (int round = 0; round < kStoreRounds; ++round) {
        if (round % 2 == 0) {
            runLoad();
            runWriter();
        } else {
            runWriter();
            runLoad();
        }
        std::printf("  round %d: LOAD DATA %.2f s wall %.2f s cpu, EntryWriter %.2f s wall %.2f s cpu (%.2fx); load average %s\n",
                    round + 1, figures.load.wall.back(), figures.load.cpu.back(), figures.writer.wall.back(),
                    figures.writer.cpu.back(), figures.writer.wall.back() / figures.load.wall.back(), loadAverage().c_str());
        std::fflush(stdout);
    }
    std::cout << "  stored: EntryWriter " << writerContents << "; LOAD DATA " << loadContents << "\n";
    if (writerContents != loadContents) throw std::runtime_error("the two tables differ");
    raw.exec("DROP TABLE IF EXISTS campaigns_entries_load");
    return figures;
}

} // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 4 && std::string(argv[1]) == "--measure") return measure(argv[2], argv[3]);
        if (argc != 2) {
            std::cerr << "usage: bench_store_entries <work-dir>   (run through tests/bench/store-entries/run-bench.sh)\n";
            return 2;
        }
        const std::string dir = argv[1];
        std::filesystem::create_directories(dir);
        const std::string xlsx = dir + "/contactos.xlsx";
        std::cout << "Writing " << kDataRows << " data rows (phone + 3 text columns) as xlsx, libxlsxwriter constant memory...\n"
                  << std::flush;
        writeXlsx(xlsx, true, kDataRows);
        std::cout << "xlsx " << std::filesystem::file_size(xlsx) / 1e6 << " MB; load average " << loadAverage() << "\n"
                  << std::flush;

        // Floor and reader alternate, three times each, and the fastest of each is judged: other work
        // on the machine only ever adds time, so the minimum is the figure least disturbed by it.
        const std::string self = selfPath();
        Figure floor, ours;
        for (int run = 0; run < kValidateRuns; ++run) {
            const Figure f = runMeasurement("'" + self + "' --measure floor '" + xlsx + "'", "floor");
            const Figure v = runMeasurement("'" + self + "' --measure validate '" + xlsx + "'", "read + validate");
            std::printf("  run %d: floor %.2f s, read + validate %.2f s\n", run + 1, f.seconds, v.seconds);
            std::fflush(stdout);
            if (run == 0 || f.seconds < floor.seconds) floor = f;
            if (run == 0 || v.seconds < ours.seconds) ours = v;
        }
        // As in bench_xlsx_read: the design states 4 s against a floor of about 2 s on this machine;
        // when other work slows the run, both slow down together and the ratio is what is judged.
        const double ratio = ours.seconds / floor.seconds;
        const bool validateOk =
            (ours.seconds <= kValidateBudgetSeconds || ratio <= kValidateBudgetSeconds / kValidateFloorSeconds) &&
            ours.mb <= kBudgetMb && ours.count == kDataRows;
        std::printf(
            "read + validate (openRowReader + UploadValidator; best of %d, each run in its own process, peak RSS = its VmHWM)\n",
            kValidateRuns);
        std::printf("  %-34s %6.2f s wall %6.2f s cpu %7.1f MB peak\n", "floor: unzip + expat SAX", floor.seconds, floor.cpu,
                    floor.mb);
        std::printf("  %-34s %6.2f s wall %6.2f s cpu %7.1f MB peak   %.2fx floor (budget %.1f s = %.1fx floor, %.0f MB) %s\n",
                    "read + validate", ours.seconds, ours.cpu, ours.mb, ratio, kValidateBudgetSeconds,
                    kValidateBudgetSeconds / kValidateFloorSeconds, kBudgetMb, validateOk ? "OK" : "OVER BUDGET");
        if (ours.count != kDataRows) std::printf("  validator passed %ld valid rows, expected %d\n", ours.count, kDataRows);
        std::fflush(stdout);

        std::printf("store %d entries in MariaDB (%d rounds, order alternated, best of each; cpu = server + bench process)\n",
                    kDataRows, kStoreRounds);
        std::fflush(stdout);
        const StoreFigures store = storeBench(dir, xlsx);
        // Judged like read + validate: the fastest round of each way. The CPU figures (server +
        // this process) show the same comparison with the machine's other work taken out.
        const double storeRatio = store.writer.bestWall() / store.load.bestWall();
        const bool storeOk = storeRatio <= kStoreBudgetRatio;
        std::printf("  %-60s %6.2f s wall %6.2f s cpu\n", "floor: LOAD DATA LOCAL INFILE (libmariadb, fresh table copy)",
                    store.load.bestWall(), store.load.bestCpu());
        std::printf("  %-60s %6.2f s wall %6.2f s cpu   %.2fx floor, cpu %.2fx (budget %.1fx) %s\n",
                    "EntryWriter (one transaction with campaign + counters)", store.writer.bestWall(), store.writer.bestCpu(),
                    storeRatio, store.writer.bestCpu() / store.load.bestCpu(), kStoreBudgetRatio, storeOk ? "OK" : "OVER BUDGET");
        std::filesystem::remove(xlsx);
        std::filesystem::remove(dir + "/entries.tsv");
        return validateOk && storeOk ? 0 : 1;
    } catch (const std::exception& error) {
        std::cerr << "bench_store_entries: " << error.what() << "\n";
        return 2;
    }
}
