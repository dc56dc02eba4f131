#include "TestHost.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>
#include <Poco/UUIDGenerator.h>

#include <sstream>

namespace hosttest {

std::string uniqueName(const std::string& prefix) {
    std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    Poco::replaceInPlace(id, std::string("-"), std::string(""));
    return prefix + id.substr(0, 16);
}

namespace {

// Removes the db=... part of a MySQL connection string, to connect to the server itself.
std::string withoutDb(const std::string& connection) {
    std::string out;
    std::istringstream in(connection);
    std::string part;
    while (std::getline(in, part, ';')) {
        if (Poco::trim(part).empty() || Poco::icompare(Poco::trim(part).substr(0, 3), "db=") == 0) continue;
        out += part + ";";
    }
    return out;
}

} // namespace

TestDatabase::TestDatabase(const std::string& dir) {
    const std::string mysqlConn = Poco::Environment::get("HELPDESK_TEST_MYSQL", "");
    if (mysqlConn.empty()) {
        connector_ = "sqlite";
        connection_ = Poco::Path(dir).makeDirectory().setFileName("host.db").toString();
        return;
    }
    Poco::Data::MySQL::Connector::registerConnector();
    connector_ = "mysql";
    serverConnection_ = withoutDb(mysqlConn);
    name_ = uniqueName("hd_test_");
    Poco::Data::Session s("mysql", serverConnection_);
    s << "CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4", Poco::Data::Keywords::now;
    connection_ = serverConnection_ + "db=" + name_ + ";";
}

TestDatabase::~TestDatabase() {
    if (!mysql()) return;
    try {
        Poco::Data::Session s("mysql", serverConnection_);
        s << "DROP DATABASE IF EXISTS " + name_, Poco::Data::Keywords::now;
    } catch (const Poco::Exception& e) {
        std::cerr << "could not drop test database " << name_ << ": " << e.displayText() << "\n";
    }
}

TestHost::TestHost(const std::map<std::string, std::string>& extra, bool start) {
    dir_ = Poco::Path::temp() + uniqueName("refhost-test-");
    Poco::File(dir_).createDirectories();
    db_ = std::make_unique<TestDatabase>(dir_);
    config_ = new Poco::Util::MapConfiguration;
    config_->setString("http.port", "0");
    config_->setString("db.connector", db_->connector());
    config_->setString("db.connection", db_->connection());
    config_->setString("data.dir", dir_ + "/data");
    config_->setString("plugins.dir", dir_ + "/no-plugins");
    for (const auto& [k, v] : extra) config_->setString(k, v);
    host_ = std::make_unique<refhost::Host>(*config_);
    if (start) {
        host_->start();
    } else {
        host_->openStorage();
    }
}

TestHost::~TestHost() {
    host_.reset();
    db_.reset();
    try {
        Poco::File(dir_).remove(true);
    } catch (const Poco::Exception& e) {
        std::cerr << "could not remove " << dir_ << ": " << e.displayText() << "\n";
    }
}

long long TestHost::addUser(const std::string& login, helpdesk::Role role, const std::string& password) {
    return services().auth.addUser(login, login + " nombre", role, password);
}

WriterLock::WriterLock(refhost::HostDatabase& db) : session_(db.session()), mysql_(db.dialect() == helpdesk::Dialect::MySQL) {
    using namespace Poco::Data::Keywords;
    if (!mysql_) {
        session_ << "BEGIN IMMEDIATE", now;
        return;
    }
    std::vector<std::string> tables;
    session_ << "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", into(tables), now;
    std::string sql;
    for (const auto& t : tables) sql += (sql.empty() ? "LOCK TABLES " : ", ") + t + " READ";
    if (!sql.empty()) session_ << sql, now;
}

WriterLock::~WriterLock() {
    try {
        session_ << (mysql_ ? "UNLOCK TABLES" : "ROLLBACK"), Poco::Data::Keywords::now;
    } catch (const Poco::Exception& e) {
        std::cerr << "could not release the writer lock: " << e.displayText() << "\n";
    }
}

HttpResult http(unsigned short port, const std::string& method, const std::string& path,
                const std::map<std::string, std::string>& headers, const std::string& body, const std::string& contentType) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) request.set(k, v);
    if (!contentType.empty()) request.setContentType(contentType);
    if (!body.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult r;
    r.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, r.body);
    for (const auto& [k, v] : response) {
        r.headers[Poco::toLower(k)] = v;
        if (Poco::icompare(k, "Set-Cookie") == 0) r.setCookies.push_back(v);
    }
    return r;
}

std::string login(unsigned short port, const std::string& user, const std::string& password) {
    auto r = http(port, "POST", "/login", {}, "login=" + user + "&password=" + password + "&next=/tickets",
                  "application/x-www-form-urlencoded");
    for (const auto& c : r.setCookies) {
        if (c.rfind("hd_session=", 0) == 0) return c.substr(0, c.find(';'));
    }
    return {};
}

std::string csrfFromPage(const std::string& html) {
    const std::string marker = "<meta name=\"csrf-token\" content=\"";
    auto start = html.find(marker);
    if (start == std::string::npos) return {};
    start += marker.size();
    return html.substr(start, html.find('"', start) - start);
}

} // namespace hosttest
