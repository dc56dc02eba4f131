#pragma once
// Sessions and transactions that behave the same on both dialects. Poco 1.11's MySQL begin()
// switches the connection's autocommit off and commit()/rollback() never switch it back, so a
// pooled connection that once ran a transaction would silently keep later statements uncommitted
// (holding row locks). Every session of this capability is taken through openSession(), and every
// transaction through Transaction, which is the shared storage::SqlTransaction (explicit
// START TRANSACTION / BEGIN IMMEDIATE and COMMIT statements, so autocommit is never touched).
#include "storage/Transaction.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

namespace campaigns::campaign {

Poco::Data::Session openSession(helpdesk::Database& db);

// Rolls back unless committed, so an exception anywhere leaves nothing behind.
class Transaction {
public:
    explicit Transaction(Poco::Data::Session& s);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();
    void rollback();

private:
    storage::SqlTransaction tx_;
};

} // namespace campaigns::campaign
