#include "quality/QualityEvents.h"

#include "quality/NumberQualityStore.h"
#include "storage/DatabaseErrors.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::quality {

namespace {

const char* const kAccountsOfWaba = "SELECT id FROM campaigns_accounts WHERE waba_id = ?";
const char* const kNumbersOfWaba = "SELECT id, display_phone_number FROM campaigns_accounts WHERE waba_id = ?";
const char* const kTemplateByMetaId = "SELECT id FROM campaigns_templates WHERE meta_id = ?";
const char* const kTemplateByName =
    "SELECT t.id FROM campaigns_templates t JOIN campaigns_accounts a ON a.id = t.account_id"
    " WHERE a.waba_id = ? AND t.name = ? AND REPLACE(t.language, '-', '_') = ?";
const char* const kTemplateQualityCount = "SELECT COUNT(*) FROM campaigns_template_quality WHERE template_id = ?";
const char* const kTemplateQualityInsert =
    "INSERT INTO campaigns_template_quality (quality, updated_at, template_id) VALUES (?, ?, ?)";
const char* const kTemplateQualityUpdate =
    "UPDATE campaigns_template_quality SET quality = ?, updated_at = ? WHERE template_id = ?";

std::vector<long long> accountsOfWaba(Poco::Data::Session& s, const std::string& wabaId) {
    std::vector<Poco::Int64> ids;
    std::string waba = wabaId;
    s << kAccountsOfWaba, use(waba), into(ids), now;
    return {ids.begin(), ids.end()};
}

// The accounts of the WABA whose number is `displayPhoneNumber`, compared by digits (Meta writes
// "15550001111" in webhooks and "+1 555-000-1111" in the phone-number object). When none has it,
// the accounts whose number is not recorded yet (no connection test since migration 021) and
// `unmatched` is set: one of them may be that number, and a RED number that keeps sending costs
// more than a campaign paused that an administrator resumes.
std::vector<long long> accountsWithNumber(Poco::Data::Session& s, const std::string& wabaId,
                                          const std::string& displayPhoneNumber, bool& unmatched) {
    const std::string wanted = phoneDigits(displayPhoneNumber);
    std::vector<Poco::Int64> ids;
    std::vector<std::string> numbers;
    std::string waba = wabaId;
    s << kNumbersOfWaba, use(waba), into(ids), into(numbers), now;
    std::vector<long long> out, unknown;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!wanted.empty() && phoneDigits(numbers[i]) == wanted) out.push_back(ids[i]);
        if (phoneDigits(numbers[i]).empty()) unknown.push_back(ids[i]);
    }
    unmatched = out.empty();
    return unmatched ? unknown : out;
}

void storeTemplateQuality(Poco::Data::Session& s, long long templateId, const std::string& quality) {
    Poco::Int64 id = templateId, count = 0;
    std::string q = quality, at = storage::utcNowText();
    s << kTemplateQualityCount, use(id), into(count), now;
    if (count == 0)
        s << kTemplateQualityInsert, use(q), use(at), use(id), now;
    else
        s << kTemplateQualityUpdate, use(q), use(at), use(id), now;
}

// The account's stored quality with what the signal says over it.
NumberQuality merged(Poco::Data::Session& s, helpdesk::Dialect d, long long account, const QualitySignal& signal) {
    NumberQuality q = NumberQualityStore::get(s, d, account).value_or(NumberQuality{});
    q.accountId = account;
    if (!signal.quality.empty()) q.qualityRating = signal.quality;
    if (!signal.limitTier.empty()) q.messagingLimitTier = signal.limitTier;
    if (signal.restricted) q.restricted = *signal.restricted;
    q.lastEvent = signal.event.empty() ? signal.field : signal.event;
    return q;
}

} // namespace

std::vector<long long> templatesNamed(Poco::Data::Session& s, const std::string& metaId, const std::string& wabaId,
                                      const std::string& name, const std::string& language) {
    std::vector<Poco::Int64> ids;
    if (!metaId.empty()) {
        std::string m = metaId;
        s << kTemplateByMetaId, use(m), into(ids), now;
    }
    if (ids.empty() && !name.empty()) {
        std::string waba = wabaId, n = name, lang = language;
        std::replace(lang.begin(), lang.end(), '-', '_');
        s << kTemplateByName, use(waba), use(n), use(lang), into(ids), now;
    }
    return {ids.begin(), ids.end()};
}

QualityEvents::QualityEvents(helpdesk::Database& db, webhooks::WebhookEventStore& events, CampaignPauser& pauser,
                             Poco::Logger& log)
    : db_(db), events_(events), pauser_(pauser), log_(log) {}

std::size_t QualityEvents::drain(std::size_t limit) {
    const auto pending = events_.pending(limit, webhooks::WebhookEvent::Kind::Quality);
    for (const auto& stored : pending) apply(stored);
    return pending.size();
}

void QualityEvents::apply(const webhooks::StoredEvent& stored) {
    QualitySignal signal;
    try {
        signal = readQualitySignal(stored.event.payload);
    } catch (const Poco::Exception& ex) {
        // Stored from valid JSON by the receiver: an unreadable payload never becomes readable.
        log_.error("campaigns: quality event %s has an unreadable payload (%s); marked processed", std::to_string(stored.id),
                   ex.displayText());
    }
    const auto pause = pauseFor(signal);
    // The event is marked before any campaign is touched: its row first, then the campaigns, the
    // order the status processor takes them (its queue, then the counters). Marked last, it waited
    // for the processor's lock on the queue index while holding the campaign the processor needed
    // next, and InnoDB killed one of the two with a deadlock. Any other lock conflict is run again.
    const auto applied = storage::retryOnLockConflict([&] {
        return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
            events_.markProcessed(s, {stored.id});
            return applySignal(s, signal, pause);
        });
    });
    if (applied.numberUnknown)
        log_.warning(
            "campaigns: quality event %s (%s %s) names the number %s, which no source account of WABA %s has recorded: "
            "applied to the WABA's %z account(s) whose number is not recorded yet (a connection test records it)",
            std::to_string(stored.id), signal.event, signal.quality, signal.displayPhoneNumber, signal.wabaId, applied.accounts);
    log_.information("campaigns: quality event %s (%s, WABA %s, %s %s): %z campaign(s) paused", std::to_string(stored.id),
                     signal.field, signal.wabaId, signal.event, signal.quality, applied.paused.size());
    if (pause) pauser_.logPaused(applied.paused, pause->code, pause->reason);
}

QualityEvents::Applied QualityEvents::applySignal(Poco::Data::Session& s, const QualitySignal& signal,
                                                  const std::optional<QualityPause>& pause) {
    Applied applied;
    if (signal.field == "message_template_quality_update") {
        const auto templates =
            templatesNamed(s, signal.templateMetaId, signal.wabaId, signal.templateName, signal.templateLanguage);
        if (!signal.quality.empty())
            for (long long t : templates) storeTemplateQuality(s, t, signal.quality);
        if (pause)
            applied.paused = CampaignPauser::pauseIn(s, CampaignPauser::Target::Template, templates, pause->code, pause->reason);
        return applied;
    }
    std::vector<long long> accounts;
    if (signal.field == "phone_number_quality_update") {
        accounts = accountsWithNumber(s, signal.wabaId, signal.displayPhoneNumber, applied.numberUnknown);
    } else if (signal.field == "account_update") {
        accounts = accountsOfWaba(s, signal.wabaId); // a restriction of the WABA stops all its numbers
    }
    applied.accounts = accounts.size();
    for (long long a : accounts) NumberQualityStore::record(s, merged(s, db_.dialect(), a, signal));
    if (pause) applied.paused = CampaignPauser::pauseIn(s, CampaignPauser::Target::Account, accounts, pause->code, pause->reason);
    return applied;
}

std::function<void()> QualityEvents::templateStatusChanged(Poco::Data::Session& s, const std::string& metaId,
                                                           const std::string& wabaId, const std::string& name,
                                                           const std::string& language, const std::string& status) {
    const auto pause = pauseForTemplateStatus(status, name, language);
    if (!pause) return {};
    const auto paused = CampaignPauser::pauseIn(s, CampaignPauser::Target::Template,
                                                templatesNamed(s, metaId, wabaId, name, language), pause->code, pause->reason);
    return [this, paused, code = pause->code, reason = pause->reason] { pauser_.logPaused(paused, code, reason); };
}

} // namespace campaigns::quality
