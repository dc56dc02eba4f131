#include "tracking/OptOutRecorder.h"

#include "suppressions/Suppression.h"
#include "suppressions/SuppressionStore.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {

namespace {

const std::string kWabaOfAccount = "SELECT waba_id FROM campaigns_accounts WHERE id = ?";
const std::string kWabaOfCampaign =
    "SELECT a.waba_id FROM campaigns_campaigns c JOIN campaigns_accounts a ON a.id = c.account_id WHERE c.id = ?";
const std::string kWabaOfNumber = "SELECT waba_id FROM campaigns_accounts WHERE phone_number_id = ?";
const std::string kPhoneOfEntry = "SELECT phone FROM campaigns_entries WHERE id = ?";
const std::string kOptOutButton =
    "SELECT COUNT(*) FROM campaigns_template_optout_payloads p JOIN campaigns_templates t ON t.id = p.template_id"
    " JOIN campaigns_accounts a ON a.id = t.account_id WHERE a.waba_id = ? AND p.payload = ?";

std::string textOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) return {};
    return o->get(key).convert<std::string>();
}

bool digitsOnly(const std::string& s) {
    if (s.empty() || s.size() > 20) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace

OptOutRecorder::OptOutRecorder(Poco::Data::Session& s, helpdesk::Dialect d, Poco::Logger& log,
                               const suppressions::OptOutKeywords& keywords)
    : s_(s), dialect_(d), log_(log), keywords_(keywords) {}

std::string OptOutRecorder::tail(const std::string& phone) {
    return phone.size() <= 4 ? std::string("…") : "…" + phone.substr(phone.size() - 4);
}

std::string OptOutRecorder::wabaOfAccount(long long accountId) {
    if (accountId == 0) return {};
    auto it = wabaByAccount_.find(accountId);
    if (it != wabaByAccount_.end()) return it->second;
    std::vector<std::string> wabas;
    Poco::Int64 id = accountId;
    s_ << kWabaOfAccount, use(id), into(wabas), now;
    return wabaByAccount_[accountId] = wabas.empty() ? std::string() : wabas.front();
}

std::string OptOutRecorder::wabaOfCampaign(long long campaignId) {
    if (campaignId == 0) return {};
    auto it = wabaByCampaign_.find(campaignId);
    if (it != wabaByCampaign_.end()) return it->second;
    std::vector<std::string> wabas;
    Poco::Int64 id = campaignId;
    s_ << kWabaOfCampaign, use(id), into(wabas), now;
    return wabaByCampaign_[campaignId] = wabas.empty() ? std::string() : wabas.front();
}

std::string OptOutRecorder::wabaOfNumber(const std::string& phoneNumberId) {
    if (phoneNumberId.empty()) return {};
    auto it = wabaByNumber_.find(phoneNumberId);
    if (it != wabaByNumber_.end()) return it->second;
    std::vector<std::string> wabas;
    std::string number = phoneNumberId;
    s_ << kWabaOfNumber, use(number), into(wabas), now;
    return wabaByNumber_[phoneNumberId] = wabas.empty() ? std::string() : wabas.front();
}

bool OptOutRecorder::isOptOutButton(const std::string& waba, const std::string& payload) {
    if (payload.empty()) return false;
    std::string w = waba, p = payload;
    Poco::Int64 n = 0;
    s_ << kOptOutButton, use(w), use(p), into(n), now;
    return n > 0;
}

void OptOutRecorder::preference(const std::string& payload, const std::string& phoneNumberId, long long eventId) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
    const std::string phone = textOf(root, "wa_id"), value = textOf(root, "value");
    std::string waba = textOf(root, "waba_id");
    if (waba.empty()) waba = wabaOfNumber(phoneNumberId);
    if (waba.empty() || !digitsOnly(phone)) {
        log_.warning("campaigns: user preference event %s names no WABA of ours or no number; ignored", std::to_string(eventId));
        return;
    }
    suppressions::SuppressionChange c;
    c.wabaId = waba;
    c.phone = phone;
    c.source = suppressions::source::kUserPreferences;
    c.by = "WhatsApp";
    if (value == "stop") {
        c.reason = "Detener marketing (WhatsApp)";
        if (suppressions::SuppressionStore::add(s_, dialect_, c))
            log_.information("campaigns: WABA %s: number %s stopped marketing messages (event %s); suppressed", waba, tail(phone),
                             std::to_string(eventId));
    } else if (value == "resume") {
        c.reason = "Reanudar marketing (WhatsApp)";
        if (suppressions::SuppressionStore::remove(s_, dialect_, c))
            log_.information("campaigns: WABA %s: number %s resumed marketing messages (event %s); no longer suppressed", waba,
                             tail(phone), std::to_string(eventId));
    } else {
        log_.warning("campaigns: user preference event %s has value '%s'; nothing changed", std::to_string(eventId),
                     value.substr(0, 20));
    }
}

void OptOutRecorder::userStoppedMarketing(long long campaignId, long long entryId) {
    if (auto phone = suppressions::SuppressionStore::addUserStoppedMarketing(s_, dialect_, campaignId, entryId))
        log_.information("campaigns: entry %s (campaign %s): number %s stopped marketing messages (131050); suppressed",
                         std::to_string(entryId), std::to_string(campaignId), tail(*phone));
}

bool OptOutRecorder::message(const InboundMessage& in, long long account, long long campaignId, long long entryId) {
    if (!digitsOnly(in.from)) return false;
    std::string reason, src;
    if (in.type == "text") {
        if (auto k = keywords_.match(in.text)) {
            reason = *k;
            src = suppressions::source::kKeyword;
        }
    }
    std::string waba = wabaOfAccount(account);
    if (waba.empty()) waba = wabaOfCampaign(campaignId);
    if (in.type == "button" && !waba.empty() && isOptOutButton(waba, in.buttonPayload)) {
        reason = in.text.empty() ? in.buttonPayload : in.text; // the button's label, as the customer saw it
        src = suppressions::source::kButton;
    }
    if (src.empty()) return false;
    if (waba.empty()) {
        log_.warning("campaigns: number %s asked to stop campaigns through a number that is none of ours; not suppressed",
                     tail(in.from));
        return false;
    }
    suppressions::SuppressionChange c;
    c.wabaId = waba;
    c.phone = in.from;
    c.reason = reason.substr(0, 200);
    c.source = src;
    if (campaignId != 0) c.campaignId = campaignId;
    if (entryId != 0) c.entryId = entryId;
    c.by = "Cliente";
    bool added = suppressions::SuppressionStore::add(s_, dialect_, c);
    // WhatsApp may answer from another spelling of the number than the one uploaded (Mexican and
    // Brazilian prefixes); sends are checked against the uploaded one, so that one is listed too.
    if (entryId != 0) {
        std::vector<std::string> phones;
        Poco::Int64 id = entryId;
        s_ << kPhoneOfEntry, use(id), into(phones), now;
        if (!phones.empty() && phones.front() != in.from && digitsOnly(phones.front())) {
            c.phone = phones.front();
            added = suppressions::SuppressionStore::add(s_, dialect_, c) || added;
        }
    }
    if (added)
        log_.information("campaigns: account %s, campaign %s, entry %s: number %s opted out (%s); suppressed",
                         std::to_string(account), std::to_string(campaignId), std::to_string(entryId), tail(in.from), src);
    return added;
}

} // namespace campaigns::tracking
