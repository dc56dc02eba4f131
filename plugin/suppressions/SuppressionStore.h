#pragma once
// The suppression list per WABA ("Lista de exclusión") and its history. Every add or remove writes
// one history line in the same transaction; adding a number already listed or removing one that
// is not changes nothing and writes no line, so webhooks applied twice are harmless.
// The static functions run inside the caller's transaction (the webhook processor's batch, the
// outbox claim); the members open their own.
#include "suppressions/Suppression.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::suppressions {

struct SuppressionQuery {
    std::string wabaId;        // empty: every WABA
    std::string phoneContains; // digits; empty: all
    std::size_t limit = 50, offset = 0;
};

// A CSV import: every row's outcome, nothing stored unless every row is good.
struct ImportRow {
    int line = 0;      // 1-based line in the file
    std::string phone; // normalised E.164 digits (empty when bad)
    std::string reason;
    std::string error; // Spanish, per row; empty when good
};

class SuppressionStore {
public:
    explicit SuppressionStore(helpdesk::Database& db);

    // In the caller's transaction. True when the number was added (was not listed).
    static bool add(Poco::Data::Session& s, helpdesk::Dialect d, const SuppressionChange& change);
    // Meta answered 131050 for a campaign's entry (at send or in a failed status): its number goes
    // on the campaign's WABA list. In the caller's transaction. The number when it was added now;
    // none when it was listed already or the entry or campaign is gone.
    static std::optional<std::string> addUserStoppedMarketing(Poco::Data::Session& s, helpdesk::Dialect d, long long campaignId,
                                                              long long entryId);
    // In the caller's transaction. True when the number was listed and is now removed.
    static bool remove(Poco::Data::Session& s, helpdesk::Dialect d, const SuppressionChange& change);
    // The listed numbers among `phones` for one WABA: one indexed statement per 500 phones.
    static std::map<std::string, Suppression> findAmong(Poco::Data::Session& s, helpdesk::Dialect d, const std::string& wabaId,
                                                        const std::vector<std::string>& phones);

    bool add(const SuppressionChange& change);
    bool remove(const SuppressionChange& change);
    std::optional<Suppression> find(const std::string& wabaId, const std::string& phone);
    std::vector<Suppression> list(const SuppressionQuery& q);
    long long count(const SuppressionQuery& q);
    std::vector<SuppressionHistoryLine> history(const std::string& wabaId, const std::string& phone, std::size_t limit);
    // Adds every row in one transaction; returns how many were new. Rows with an error must not
    // be passed (the caller reports them and stores nothing).
    std::size_t importAll(const std::string& wabaId, const std::vector<ImportRow>& rows, const std::string& by);

    // The quick-reply payloads of a template marked as "opt-out" (a press adds the customer).
    // False when the template does not exist. Replaces the whole set in one transaction.
    bool setOptOutPayloads(long long templateId, const std::vector<std::string>& payloads);
    std::vector<std::string> optOutPayloads(long long templateId);

private:
    helpdesk::Database& db_;
};

} // namespace campaigns::suppressions
