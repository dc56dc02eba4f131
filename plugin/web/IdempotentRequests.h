#pragma once
// The optional `Idempotency-Key` header of the routes that create or send (issue 15): the first
// request with a key runs and its answer (status and JSON body, errors below 500 included) is
// kept for 24 hours in campaigns_idempotency_keys; a retry by the same user with the same key,
// method, path and body gets that answer again without acting. The same key with another request
// is refused 422 `idempotency_key_reused`; a retry while the first still runs gets 409
// `idempotency_in_progress`. Answers of 500 and up are not kept, so a retry acts again. A request
// without the header runs as before.
#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <Poco/Timespan.h>

#include <functional>
#include <string>

namespace campaigns::web {

// A route's answer as it is sent and kept.
struct JsonAnswer {
    int status = 200;
    std::string body; // JSON text
};

class IdempotentRequests {
public:
    static constexpr const char* kHeader = "Idempotency-Key";
    static constexpr std::size_t kMaxKeyChars = 200;

    explicit IdempotentRequests(helpdesk::Database& db, Poco::Timespan keep = Poco::Timespan(24 * Poco::Timespan::HOURS));

    // Answers the request: runs `act` (which must not send anything itself) at most once per
    // key and sends its answer, or sends the kept answer. `body` is the request body the caller
    // already read (through helpdesk::readRequestBody). HttpError thrown by `act` is kept (below
    // 500) and rethrown, so the host answers it as usual the first time.
    void answer(helpdesk::RequestContext& ctx, const std::string& body, const std::function<JsonAnswer()>& act);

    // Deletes keys older than the keep time. Returns how many.
    int expire();

private:
    enum class Claim { Owned, Replay, Reused, InProgress };
    Claim claim(long long user, const std::string& key, const std::string& hash, JsonAnswer& kept);
    void keep(long long user, const std::string& key, const JsonAnswer& answer);
    void forget(long long user, const std::string& key);

    helpdesk::Database& db_;
    Poco::Timespan keep_;
};

// `{"error", "message", "details"}` as the host writes an HttpError.
std::string errorBody(const helpdesk::HttpError& e);

} // namespace campaigns::web
