#pragma once
// "Reintentar fallidos" (issue 12): what failed in a finished campaign, grouped by FailureClass,
// and the retry of the classes the administrator chose as a new attempt of the same campaign.
//
// The retry is one transaction under the campaign's row lock: the campaign must still be finished
// and, when the caller names it, still at the attempt its dialog showed (a second click of the
// same dialog, or two administrators at once, make one attempt). The chosen entries go back to
// `queued` as if never sent: their counters are taken back on the days they were booked (failed at
// send; unknown; or accepted, sent and failed after acceptance), n_retried counts each entry once,
// and the campaign returns to `sending`. From there the outbox's rules apply unchanged (claim,
// dispatching committed before the request is written, an expired dispatching entry becomes
// unknown): a kill -9 during a retry sends no entry twice.
//
// A failure WhatsApp reported after accepting the message is taken back only while nothing else
// happened to it (no delivery, read or answer); its ticket stays the same one (see requeueSql).
#include "counters/CounterBook.h"
#include "sending/FailureClass.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::sending {

// The failures of one code within a class.
struct FailureReason {
    int errorCode = 0;
    std::string reason; // Spanish (failureReason)
    long long count = 0;
};

// One class of failures as the dialog lists it.
struct FailureGroup {
    FailureClass cls = FailureClass::Other;
    Retryable retryable = Retryable::Never;
    long long count = 0;
    long long ready = 0;     // how many a retry would take now (0 for Never)
    std::string nextReadyAt; // marketing_cap: when the next waiting one may be retried (ISO UTC), else ""
    std::string allReadyAt;  // marketing_cap: when every one may be retried (ISO UTC), else ""
    std::vector<FailureReason> reasons;
};

struct FailurePreview {
    std::string state; // the campaign's state; "" when it does not exist
    int attempt = 0;   // retry attempts so far (retry_attempts)
    long long retried = 0;
    std::vector<FailureGroup> groups; // only classes with failures, in allFailureClasses() order
};

struct RetryRequest {
    long long campaignId = 0;
    std::vector<FailureClass> classes;    // never Retryable::Never ones (the API refuses them first)
    std::optional<int> expectedAttempt;   // the attempt the dialog showed; nullopt: any
    std::optional<std::string> holdUntil; // the send window's hold when it is closed now
};

struct RetryResult {
    enum class Outcome { Requeued, NotFinished, AttemptChanged, NothingToRetry };
    Outcome outcome = Outcome::NothingToRetry;
    std::string state; // the campaign's state when refused
    int attempt = 0;   // the new attempt's number when requeued, else the current one
    std::size_t requeued = 0;
    std::map<FailureClass, std::size_t> byClass;
};

class FailedRetry {
public:
    // `clock`: now, for the 24 h wait after 131049; empty = the real time.
    explicit FailedRetry(helpdesk::Database& db, counters::DayKey dayKey = counters::utcDayKey(),
                         std::function<Poco::Timestamp()> clock = {});

    FailurePreview preview(long long campaignId);
    RetryResult retry(const RetryRequest& request);

private:
    Poco::Timestamp currentTime() const;

    helpdesk::Database& db_;
    counters::DayKey dayKey_;
    std::function<Poco::Timestamp()> clock_;
};

} // namespace campaigns::sending
