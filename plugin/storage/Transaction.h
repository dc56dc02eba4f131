#pragma once
// Transactions that behave the same on both dialects and never leave a pooled connection in a
// bad state. Poco 1.11's MySQL Session::begin() switches the connection's autocommit off and
// commit()/rollback() never switch it back, so a pooled connection that once ran a transaction
// keeps later plain statements uncommitted (holding row locks). These helpers issue the
// transaction statements themselves instead: START TRANSACTION on MySQL/MariaDB (autocommit stays
// on for everything else), BEGIN IMMEDIATE on SQLite (the write lock is taken up front, so two
// writers never deadlock upgrading a read lock).
// MySQL/MariaDB stay at REPEATABLE READ on purpose: the webhook processor's locking read of a
// wamid that is not stored yet takes a gap lock, which makes the send recorder's store of that
// wamid wait for the processor to commit its "waiting" mark, so the recorder's wake-up of waiting
// events always sees it. Tried READ COMMITTED (fewer deadlocks): some status events then waited
// forever (the duplicated/shuffled webhooks test lost 10 reads of 1,500).
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

namespace campaigns::storage {

class SqlTransaction {
public:
    SqlTransaction(Poco::Data::Session& s, helpdesk::Dialect d);
    // Rolls back unless committed, so an exception anywhere leaves nothing behind.
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;
    void commit();
    void rollback();

private:
    Poco::Data::Session& s_;
    bool open_ = true;
};

// Runs fn(session) inside one write transaction on a fresh pooled session and returns its result.
template <class Fn>
auto inWriteTransaction(helpdesk::Database& db, Fn fn) {
    auto s = db.session();
    SqlTransaction tx(s, db.dialect());
    auto result = fn(s);
    tx.commit();
    return result;
}

} // namespace campaigns::storage
