#include "DbSession.h"

namespace campaigns {

namespace {
bool isMySql(Poco::Data::Session& s) { return s.connector() == "mysql" || s.connector() == "MySQL"; }
} // namespace

Poco::Data::Session openSession(helpdesk::Database& db) {
    auto s = db.session();
    if (db.dialect() == helpdesk::Dialect::MySQL && !s.getFeature("autoCommit")) s.setFeature("autoCommit", true);
    return s;
}

Transaction::Transaction(Poco::Data::Session& s) : s_(s) { s_.begin(); }

Transaction::~Transaction() {
    if (!open_) return;
    try {
        s_.rollback();
        restoreAutoCommit();
    } catch (...) {  // the connection may already be gone; the server rolls back then
    }
}

void Transaction::commit() {
    s_.commit();
    open_ = false;
    restoreAutoCommit();
}

void Transaction::rollback() {
    s_.rollback();
    open_ = false;
    restoreAutoCommit();
}

void Transaction::restoreAutoCommit() {
    if (isMySql(s_)) s_.setFeature("autoCommit", true);
}

} // namespace campaigns
