// The floor of the cost-per-message benchmark: only the writes a sent message cannot avoid, done
// as cheaply as MariaDB allows, so the campaign's own figures have something to be compared with.
// Per message: one update of its entry (accepted, its wamid, its ticket, its last status), one
// ticket insert and three status event inserts; per batch of 100 messages one transaction of
// multi-row statements. The tables are copies of the real ones (CREATE TABLE ... LIKE, made by
// cost-bench.js), so every index the real tables keep is paid here too.
//   cost_floor <MySQL connection string> <messages> <mariadb pid>
// Loads <messages> dispatching entries first (not measured), then measures the batches and prints
//   {"seconds":..,"cpu_self":..,"cpu_db":..,"status":{"Questions":..,...}}
// with the server's global status counters as differences over the measured part.
#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace Poco::Data::Keywords;

namespace {

constexpr int kBatch = 100;
constexpr int kEventsPerMessage = 3; // sent, delivered, read
const char* const kNow = "'2026-01-01 12:00:00.000'";

// CPU seconds (user + system) a process used so far; USER_HZ is 100 on Linux.
double procCpu(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    double ticks = 0;
    for (int i = 0; i <= 12 && fields >> f; ++i)
        if (i == 11 || i == 12) ticks += std::stod(f);
    return ticks / 100.0;
}

std::map<std::string, long long> globalStatus(Poco::Data::Session& s) {
    std::vector<std::string> names, values;
    s << "SHOW GLOBAL STATUS", into(names), into(values), now;
    std::map<std::string, long long> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        char* end = nullptr;
        const long long v = std::strtoll(values[i].c_str(), &end, 10);
        if (end && *end == '\0' && !values[i].empty()) out[names[i]] = v;
    }
    return out;
}

void loadEntries(Poco::Data::Session& s, int messages) {
    for (int from = 0; from < messages; from += 1000) {
        std::string sql =
            "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state,"
            " attempts, attempt_id, updated_at) VALUES ";
        for (int r = from; r < std::min(messages, from + 1000); ++r) {
            if (r > from) sql += ',';
            sql += "(1," + std::to_string(r + 2) + ",'5697" + std::to_string(1000000 + r) +
                   "','[\"Cliente\",\"CASO\"]','{}','dispatching',1,'piso." + std::to_string(r) + "'," + kNow + ")";
        }
        s << sql, now;
    }
}

// One batch: the tickets, the events, the entries, in one transaction.
void writeBatch(Poco::Data::Session& s, long long firstEntry, int n) {
    s << "START TRANSACTION", now;
    std::string tickets = "INSERT INTO tickets (contact_phone, status, external_key, created_at, subject) VALUES ";
    for (int i = 0; i < n; ++i) {
        if (i > 0) tickets += ',';
        tickets += "('5697" + std::to_string(1000000 + firstEntry + i) +
                   "','closed','campaigns:entry:" + std::to_string(firstEntry + i) + "',1767268800000,'piso')";
    }
    s << tickets, now;
    Poco::Int64 firstTicket = 0;
    s << "SELECT LAST_INSERT_ID()", into(firstTicket), now; // consecutive for one multi-row INSERT
    static const char* const kStatuses[kEventsPerMessage] = {"sent", "delivered", "read"};
    std::string events =
        "INSERT INTO campaigns_webhook_events (dedupe_key, kind, wamid, status, event_time, payload,"
        " processed) VALUES ";
    for (int i = 0; i < n; ++i) {
        const std::string wamid = "wamid.piso." + std::to_string(firstEntry + i);
        for (int k = 0; k < kEventsPerMessage; ++k) {
            if (i > 0 || k > 0) events += ',';
            events += "('" + wamid + ":" + kStatuses[k] + "','status','" + wamid + "','" + kStatuses[k] + "',1767268800,'',1)";
        }
    }
    s << events, now;
    const std::string last = std::to_string(firstEntry + n - 1), first = std::to_string(firstEntry);
    s << "UPDATE campaigns_entries SET state = 'accepted', wamid = CONCAT('wamid.piso.', id), ticket_id = " +
             std::to_string(firstTicket) + " + (id - " + first + "), progress = 3, accepted_at = " + kNow +
             ", sent_at = " + kNow + ", delivered_at = " + kNow + ", read_at = " + kNow + ", updated_at = " + kNow +
             " WHERE id BETWEEN " + first + " AND " + last,
        now;
    s << "COMMIT", now;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: cost_floor <MySQL connection string> <messages> <mariadb pid>\n";
        return 2;
    }
    const int messages = std::atoi(argv[2]);
    const std::string dbPid = argv[3];
    try {
        Poco::Data::MySQL::Connector::registerConnector();
        Poco::Data::Session s("MySQL", argv[1]);
        loadEntries(s, messages);
        Poco::Int64 firstEntry = 0;
        s << "SELECT MIN(id) FROM campaigns_entries", into(firstEntry), now;

        const auto status0 = globalStatus(s);
        const double self0 = procCpu("self"), db0 = procCpu(dbPid);
        const auto t0 = std::chrono::steady_clock::now();
        for (int done = 0; done < messages; done += kBatch) writeBatch(s, firstEntry + done, std::min(kBatch, messages - done));
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double self1 = procCpu("self"), db1 = procCpu(dbPid);
        const auto status1 = globalStatus(s);

        std::printf("{\"seconds\":%.3f,\"cpu_self\":%.2f,\"cpu_db\":%.2f,\"status\":{", seconds, self1 - self0, db1 - db0);
        bool first = true;
        for (const auto& [name, after] : status1) {
            const auto before = status0.find(name);
            if (before == status0.end() || after == before->second) continue;
            std::printf("%s\"%s\":%lld", first ? "" : ",", name.c_str(), after - before->second);
            first = false;
        }
        std::printf("}}\n");
        return 0;
    } catch (const Poco::Exception& e) {
        std::cerr << "cost_floor: " << e.displayText() << "\n";
        return 1;
    }
}
