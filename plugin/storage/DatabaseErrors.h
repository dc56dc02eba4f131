#pragma once
// Lock conflicts that InnoDB resolves by rolling a transaction back, and error text short enough
// to log. Poco 1.11's MySQL exceptions carry the server's error number only inside their message
// ("[mysql_stmt_errno]: 1213"), so it is read from there.
#include <Poco/Exception.h>

#include <exception>
#include <string>

namespace campaigns::storage {

// True when the server rolled the transaction back as a deadlock victim (1213) or after a lock
// wait timeout (1205): running the whole transaction again is safe and usually succeeds.
bool isLockConflict(const std::exception& e);

// Runs fn() (one whole transaction) and runs it again, up to `attempts` times in all, while it
// fails with a lock conflict; any other error, or the last conflict, reaches the caller.
template <class Fn>
auto retryOnLockConflict(Fn fn, int attempts = 3) {
    for (int i = 1;; ++i) {
        try {
            return fn();
        } catch (const Poco::Exception& e) {
            if (i >= attempts || !isLockConflict(e)) throw;
        }
    }
}

// The error's text for a log line, with long "?, ?, ?" placeholder lists folded: a batch
// statement's text is otherwise thousands of question marks. Poco exceptions give their message
// (their what() is only the class name, "MySQL"); other exceptions their what().
std::string briefError(const std::exception& e);

} // namespace campaigns::storage
