#pragma once
// The entries table used as an outbox. Every transition is a conditional UPDATE on the entry's
// current state and attempt id, so a late or repeated writer (a response recorded after a crash
// recovery, a webhook that adopted the entry first, a second host instance) changes nothing and
// counts nothing twice. Counters move in the same transaction (CounterBook).
#include "campaign/FrequencyCap.h"
#include "cloudapi/Outcome.h"
#include "counters/CounterBook.h"
#include "sending/CampaignResumer.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::sending {

struct ClaimedEntry {
    long long id = 0;
    long long campaignId = 0;
    std::string phone;
    std::string paramsJson;
    std::string attemptId;
    int attempts = 0; // including this one
};

struct SendResult {
    long long entryId = 0;
    long long campaignId = 0;
    std::string attemptId;
    int attempts = 0;
    cloudapi::SendOutcome outcome;
    Poco::Timestamp at;
};

// What applying a batch of results decided beyond the entries themselves.
struct ApplySummary {
    std::vector<long long> pausedCampaigns; // cloudapi::PauseSender: campaigns put on hold
    std::optional<std::string> pauseReason;
    bool throttleAccount = false; // 130429 and friends: slow the whole account down
    std::size_t accepted = 0, failed = 0, unknown = 0, retried = 0;
};

class OutboxStore {
public:
    // `clock` decides which entries are due (next_attempt_at: retries, 131049 deferrals, the waves
    // of "Programar en tandas"); empty: the real time. Tests play hours with it.
    explicit OutboxStore(helpdesk::Database& db, counters::DayKey dayKey = counters::utcDayKey(),
                         std::function<Poco::Timestamp()> clock = {});

    // Accounts that have a campaign in `sending`.
    std::vector<long long> accountsWithWork();
    // Sending campaigns of an account, oldest send request first.
    std::vector<long long> sendingCampaigns(long long accountId);

    // Claims up to `limit` due entries of a campaign for `owner` until `leaseUntil`: they become
    // `claimed` with a fresh attempt id. Due: queued, or deferred (131049) whose retry time has
    // come. Entries whose number is on the suppression list of the campaign's WABA become
    // `suppressed` instead, with their counters, in the same transaction (one lookup per batch).
    // MARKETING entries over the account's frequency cap (campaign/FrequencyCap.h, one lookup per
    // batch) are held until the window frees (next_attempt_at) or become `capped`, as the
    // campaign chose. MySQL/MariaDB: FOR UPDATE SKIP LOCKED, so several
    // instances never claim the same entry; SQLite: one writer under BEGIN IMMEDIATE.
    std::vector<ClaimedEntry> claim(long long campaignId, const std::string& owner, const Poco::Timestamp& leaseUntil,
                                    std::size_t limit);

    // The campaign's state code ("sending", "paused", ...), empty when it does not exist.
    std::string campaignState(long long campaignId);
    // Whether the campaign may send right now: in `sending` and not held by its send window
    // (hold_until in the future). The sender asks it every 200 ms for the campaigns it buffers.
    bool sendableNow(long long campaignId);
    // Cancels a campaign's queued entries with their counters (after "Cancelar"); entries in
    // flight finish and stay counted. Returns how many were cancelled.
    std::size_t cancelQueued(long long campaignId);
    // Campaigns cancelled while entries were still queued (e.g. given back by a sender later).
    std::vector<long long> cancelledWithQueued();

    // Moves claimed entries to `dispatching` (their request is about to be written) with a new
    // lease, in one statement; one flag per attempt: false when it is no longer claimed by it.
    std::vector<bool> markWritten(const std::vector<std::pair<long long, std::string>>& attempts,
                                  const Poco::Timestamp& leaseUntil);

    // Gives claimed entries that were never sent back to the queue (stop, pause, cancel).
    std::size_t release(const std::vector<ClaimedEntry>& entries);

    // Records outcomes in one transaction with their counters.
    ApplySummary apply(const std::vector<SendResult>& results, int maxAttempts);

    // Entries whose lease expired (their instance died, or never answered): `claimed` ones were
    // never written and go back to the queue; `dispatching` ones may have reached Meta, so they
    // become `unknown`, never queued again.
    struct Recovered {
        std::size_t requeued = 0, unknown = 0;
    };
    Recovered recoverExpired(const Poco::Timestamp& now);

    // Accounts with campaigns paused for a Cloud API outage (quality::pause::kApiUnreachable).
    std::vector<long long> accountsPausedForOutage();
    // A campaign's send-window hold when it resumes now (UTC text), or nullopt to send at once.
    using HoldPolicy = CampaignResumer::HoldPolicy;
    // The API answers again: the account's campaigns still paused for the outage go back to
    // `sending`, held until their window opens if it is closed, as "Reanudar" does. Returns how many.
    std::size_t resumeAfterOutage(long long accountId, const HoldPolicy& holdFor);

    // Campaigns in `sending` with nothing left queued or in flight get their final state.
    // Returns the ids that finished.
    std::vector<long long> finishDrained();

private:
    // An entry due for sending as read by claim().
    struct DueEntry {
        long long id = 0;
        std::string phone, paramsJson;
        int attempts = 0;
        bool deferred = false; // state 'deferred' (131049), not 'queued'
    };
    // The WABA whose suppression list applies at claim time; empty when the campaign includes
    // suppressed numbers (UTILITY template, chosen at creation).
    std::string exclusionWabaOf(Poco::Data::Session& s, long long campaignId);
    std::vector<DueEntry> dueEntries(Poco::Data::Session& s, long long campaignId, std::size_t limit);
    // What a claim does with a due entry that may not be sent now: `suppressed` or `capped` (final,
    // with their counters), or held (stays queued or deferred, due again at `until`).
    enum class Aside { Suppressed, Capped, Held };
    struct AsideWhy {
        std::string reason; // what the results show
        std::string until;  // Held: when it is due again (UTC text)
    };
    // The one walk over a due batch: sets aside the entries `why` names a reason for, as `aside`
    // says (their counters in `book`), and returns the others in their order.
    std::vector<DueEntry> setAside(Poco::Data::Session& s, long long campaignId, const std::vector<DueEntry>& due, Aside aside,
                                   const std::function<std::optional<AsideWhy>(const DueEntry&)>& why,
                                   counters::CounterBook& book);
    // Marks the entries whose number is on the WABA's suppression list `suppressed` and returns the others.
    std::vector<DueEntry> dropSuppressed(Poco::Data::Session& s, long long campaignId, const std::string& waba,
                                         const std::vector<DueEntry>& due, counters::CounterBook& book);
    // Holds or skips (`capped`) the entries over the frequency cap and returns the others.
    std::vector<DueEntry> holdOverCap(Poco::Data::Session& s, long long campaignId, campaign::FrequencyCap& cap,
                                      std::vector<DueEntry> due, counters::CounterBook& book);
    std::vector<ClaimedEntry> claimDue(Poco::Data::Session& s, long long campaignId, const std::string& owner,
                                       const Poco::Timestamp& leaseUntil, const std::vector<DueEntry>& due,
                                       counters::CounterBook& book);

    helpdesk::Database& db_;
    counters::DayKey dayKey_;
    std::function<Poco::Timestamp()> clock_;
};

// The biz_opaque_callback_data of an attempt, echoed by status webhooks: "e=<entry>;a=<attempt>".
std::string callbackDataFor(long long entryId, const std::string& attemptId);
// Parses it back; nullopt for anything this module did not write.
std::optional<std::pair<long long, std::string>> parseCallbackData(const std::string& data);

} // namespace campaigns::sending
