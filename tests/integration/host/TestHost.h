#pragma once
#include "Host.h"

#include <Poco/AutoPtr.h>
#include <Poco/Data/Session.h>
#include <Poco/Util/MapConfiguration.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hosttest {

// A throwaway database: a SQLite file in a temp folder, or, when HELPDESK_TEST_MYSQL holds a
// MySQL connection string, a fresh database on that server (dropped afterwards).
class TestDatabase {
public:
    explicit TestDatabase(const std::string& dir);
    ~TestDatabase();
    bool mysql() const { return connector_ == "mysql"; }
    const std::string& connector() const { return connector_; }
    const std::string& connection() const { return connection_; }

private:
    std::string connector_;
    std::string connection_;
    std::string serverConnection_;
    std::string name_;
};

// A reference host started in-process on a free port with a fresh database.
class TestHost {
public:
    explicit TestHost(const std::map<std::string, std::string>& extra = {}, bool start = true);
    ~TestHost();
    refhost::Host& host() { return *host_; }
    refhost::HostServices& services() { return host_->services(); }
    unsigned short port() const { return host_->port(); }
    long long addUser(const std::string& login, helpdesk::Role role, const std::string& password);

private:
    std::string dir_;
    std::unique_ptr<TestDatabase> db_;
    Poco::AutoPtr<Poco::Util::MapConfiguration> config_;
    std::unique_ptr<refhost::Host> host_;
};

// Holds the database's write lock, as a long background write does (a file's validation, a send),
// until destroyed: BEGIN IMMEDIATE on SQLite; on MySQL a READ lock on every table of the database
// (writers queue, readers go on). A request that answers while one is held did not write.
class WriterLock {
public:
    explicit WriterLock(refhost::HostDatabase& db);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

private:
    Poco::Data::Session session_;
    bool mysql_;
};

struct HttpResult {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // last value per lower-case name
    std::vector<std::string> setCookies;
};

HttpResult http(unsigned short port, const std::string& method, const std::string& path,
                const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                const std::string& contentType = {});

// Logs in through the form; returns the "hd_session=..." cookie pair (empty on failure).
std::string login(unsigned short port, const std::string& user, const std::string& password);
// The content of <meta name="csrf-token"> in a page.
std::string csrfFromPage(const std::string& html);
std::string uniqueName(const std::string& prefix);

} // namespace hosttest
