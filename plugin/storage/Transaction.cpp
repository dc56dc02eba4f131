#include "storage/Transaction.h"

using namespace Poco::Data::Keywords;

namespace campaigns::storage {

SqlTransaction::SqlTransaction(Poco::Data::Session& s, helpdesk::Dialect d) : s_(s) {
    if (d == helpdesk::Dialect::MySQL)
        s_ << "START TRANSACTION", now;
    else
        s_ << "BEGIN IMMEDIATE", now;
}

SqlTransaction::~SqlTransaction() {
    if (!open_) return;
    try {
        s_ << "ROLLBACK", now;
    } catch (...) {
        // The connection is gone; the server rolls the transaction back itself.
    }
}

void SqlTransaction::commit() {
    s_ << "COMMIT", now;
    open_ = false;
}

void SqlTransaction::rollback() {
    if (!open_) return; // already committed or rolled back: nothing to undo
    s_ << "ROLLBACK", now;
    open_ = false;
}

} // namespace campaigns::storage
