#include "campaign/DbSession.h"

#include "storage/SqlDialect.h"

namespace campaigns::campaign {

namespace {
bool isMySql(Poco::Data::Session& s) { return storage::dialectOf(s) == helpdesk::Dialect::MySQL; }
} // namespace

// The host hands sessions out in autocommit mode (helpdesk::Database); asking the server again
// here cost a statement per session.
Poco::Data::Session openSession(helpdesk::Database& db) { return db.session(); }

Transaction::Transaction(Poco::Data::Session& s) : tx_(s, isMySql(s) ? helpdesk::Dialect::MySQL : helpdesk::Dialect::SQLite) {}

// Rolls back unless committed: the shared transaction's destructor does it.
Transaction::~Transaction() = default;

void Transaction::commit() { tx_.commit(); }

void Transaction::rollback() { tx_.rollback(); }

} // namespace campaigns::campaign
