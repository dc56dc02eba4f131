#include "suppressions/SuppressionStore.h"

#include "storage/IdList.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Data/Statement.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::suppressions {

namespace {

const std::string kInsert =
    " campaigns_suppressions (waba_id, phone, reason, source, campaign_id, entry_id, created_at, created_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const std::string kDelete = "DELETE FROM campaigns_suppressions WHERE waba_id = ? AND phone = ?";
const std::string kHistory =
    "INSERT INTO campaigns_suppression_history (waba_id, phone, action, reason, source, campaign_id, entry_id,"
    " changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

const std::string kWabaAndPhoneOfEntry =
    "SELECT a.waba_id, e.phone FROM campaigns_entries e JOIN campaigns_campaigns c ON c.id = e.campaign_id"
    " JOIN campaigns_accounts a ON a.id = c.account_id WHERE e.id = ? AND c.id = ?";

const std::string kTemplateExists = "SELECT COUNT(*) FROM campaigns_templates WHERE id = ?";
const std::string kClearPayloads = "DELETE FROM campaigns_template_optout_payloads WHERE template_id = ?";
const std::string kAddPayload = "INSERT INTO campaigns_template_optout_payloads (template_id, payload) VALUES (?, ?)";
const std::string kPayloads = "SELECT payload FROM campaigns_template_optout_payloads WHERE template_id = ? ORDER BY payload";

std::string columns(helpdesk::Dialect d) {
    return "waba_id, phone, reason, source, COALESCE(campaign_id, 0), COALESCE(entry_id, 0), " +
           storage::timeAsText(d, "created_at") + ", created_by";
}

// Column vectors of a SELECT of columns(d), turned into named rows.
struct Columns {
    std::vector<std::string> waba, phone, reason, source, createdAt, createdBy;
    std::vector<Poco::Int64> campaign, entry;

    void bind(Poco::Data::Statement& st) {
        st, into(waba), into(phone), into(reason), into(source), into(campaign), into(entry), into(createdAt), into(createdBy);
    }
    std::vector<Suppression> rows() const {
        std::vector<Suppression> out(waba.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i].wabaId = waba[i];
            out[i].phone = phone[i];
            out[i].reason = reason[i];
            out[i].source = source[i];
            if (campaign[i] != 0) out[i].campaignId = campaign[i];
            if (entry[i] != 0) out[i].entryId = entry[i];
            out[i].createdAt = createdAt[i].substr(0, 23);
            out[i].createdBy = createdBy[i];
        }
        return out;
    }
};

void writeHistory(Poco::Data::Session& s, const SuppressionChange& c, const std::string& action, const std::string& at) {
    std::string waba = c.wabaId, phone = c.phone, act = action, reason = c.reason.substr(0, 500), src = c.source, when = at,
                by = c.by.substr(0, 200);
    Poco::Nullable<Poco::Int64> campaign = c.campaignId, entry = c.entryId;
    s << kHistory, use(waba), use(phone), use(act), use(reason), use(src), use(campaign), use(entry), use(when), use(by), now;
}

std::string whereOf(const SuppressionQuery& q, std::vector<std::string>& binds) {
    std::string where = " WHERE 1 = 1";
    if (!q.wabaId.empty()) {
        where += " AND waba_id = ?";
        binds.push_back(q.wabaId);
    }
    if (!q.phoneContains.empty()) {
        where += " AND phone LIKE ?";
        binds.push_back("%" + q.phoneContains + "%");
    }
    return where;
}

} // namespace

SuppressionStore::SuppressionStore(helpdesk::Database& db) : db_(db) {}

bool SuppressionStore::add(Poco::Data::Session& s, helpdesk::Dialect d, const SuppressionChange& c) {
    const std::string at = storage::utcNowText();
    std::string waba = c.wabaId, phone = c.phone, reason = c.reason.substr(0, 500), src = c.source, when = at,
                by = c.by.substr(0, 200);
    Poco::Nullable<Poco::Int64> campaign = c.campaignId, entry = c.entryId;
    Poco::Data::Statement st(s);
    st << std::string(storage::insertIgnore(d)) + kInsert, use(waba), use(phone), use(reason), use(src), use(campaign),
        use(entry), use(when), use(by);
    if (st.execute() == 0) return false;
    writeHistory(s, c, "add", at);
    return true;
}

bool SuppressionStore::remove(Poco::Data::Session& s, helpdesk::Dialect, const SuppressionChange& c) {
    std::string waba = c.wabaId, phone = c.phone;
    Poco::Data::Statement st(s);
    st << kDelete, use(waba), use(phone);
    if (st.execute() == 0) return false;
    writeHistory(s, c, "remove", storage::utcNowText());
    return true;
}

std::map<std::string, Suppression> SuppressionStore::findAmong(Poco::Data::Session& s, helpdesk::Dialect d,
                                                               const std::string& wabaId,
                                                               const std::vector<std::string>& phones) {
    std::map<std::string, Suppression> found;
    constexpr std::size_t chunk = 500;
    for (std::size_t i = 0; i < phones.size(); i += chunk) {
        const std::size_t n = std::min(phones.size(), i + chunk) - i;
        std::vector<std::string> part(phones.begin() + static_cast<std::ptrdiff_t>(i),
                                      phones.begin() + static_cast<std::ptrdiff_t>(i + n));
        std::string waba = wabaId;
        Columns c;
        Poco::Data::Statement st(s);
        st << "SELECT " + columns(d) + " FROM campaigns_suppressions WHERE waba_id = ? AND phone IN (" +
                  storage::placeholders(n) + ")",
            use(waba);
        for (auto& p : part) st, use(p);
        c.bind(st);
        st.execute();
        for (auto& row : c.rows()) found.emplace(row.phone, std::move(row));
    }
    return found;
}

std::optional<std::string> SuppressionStore::addUserStoppedMarketing(Poco::Data::Session& s, helpdesk::Dialect d,
                                                                     long long campaignId, long long entryId) {
    std::vector<std::string> wabas, phones;
    Poco::Int64 entry = entryId, campaign = campaignId;
    s << kWabaAndPhoneOfEntry, use(entry), use(campaign), into(wabas), into(phones), now;
    if (wabas.empty() || wabas.front().empty() || phones.front().empty()) return std::nullopt;
    SuppressionChange c;
    c.wabaId = wabas.front();
    c.phone = phones.front();
    c.reason = "error 131050";
    c.source = source::kError131050;
    c.campaignId = campaignId;
    c.entryId = entryId;
    c.by = "WhatsApp";
    if (!add(s, d, c)) return std::nullopt;
    return c.phone;
}

bool SuppressionStore::add(const SuppressionChange& change) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) { return add(s, db_.dialect(), change); });
}

bool SuppressionStore::remove(const SuppressionChange& change) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) { return remove(s, db_.dialect(), change); });
}

std::optional<Suppression> SuppressionStore::find(const std::string& wabaId, const std::string& phone) {
    auto s = db_.session();
    auto found = findAmong(s, db_.dialect(), wabaId, {phone});
    if (found.empty()) return std::nullopt;
    return found.begin()->second;
}

std::vector<Suppression> SuppressionStore::list(const SuppressionQuery& q) {
    auto s = db_.session();
    std::vector<std::string> binds;
    const std::string where = whereOf(q, binds);
    Poco::UInt32 limit = static_cast<Poco::UInt32>(q.limit), offset = static_cast<Poco::UInt32>(q.offset);
    Columns c;
    Poco::Data::Statement st(s);
    st << "SELECT " + columns(db_.dialect()) + " FROM campaigns_suppressions" + where +
              " ORDER BY created_at DESC, phone LIMIT ? OFFSET ?";
    for (auto& b : binds) st, use(b);
    st, use(limit), use(offset);
    c.bind(st);
    st.execute();
    return c.rows();
}

long long SuppressionStore::count(const SuppressionQuery& q) {
    auto s = db_.session();
    std::vector<std::string> binds;
    const std::string where = whereOf(q, binds);
    Poco::Int64 n = 0;
    Poco::Data::Statement st(s);
    st << "SELECT COUNT(*) FROM campaigns_suppressions" + where;
    for (auto& b : binds) st, use(b);
    st, into(n);
    st.execute();
    return n;
}

std::vector<SuppressionHistoryLine> SuppressionStore::history(const std::string& wabaId, const std::string& phone,
                                                              std::size_t limit) {
    auto s = db_.session();
    std::string waba = wabaId, number = phone;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    std::vector<Poco::Int64> id, campaign, entry;
    std::vector<std::string> wabas, phones, action, reason, src, at, by;
    s << "SELECT id, waba_id, phone, action, reason, source, COALESCE(campaign_id, 0), COALESCE(entry_id, 0), " +
             storage::timeAsText(db_.dialect(), "changed_at") +
             ", changed_by FROM campaigns_suppression_history WHERE waba_id = ? AND phone = ? ORDER BY id DESC LIMIT ?",
        use(waba), use(number), use(n), into(id), into(wabas), into(phones), into(action), into(reason), into(src),
        into(campaign), into(entry), into(at), into(by), now;
    std::vector<SuppressionHistoryLine> out(id.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].id = id[i];
        out[i].wabaId = wabas[i];
        out[i].phone = phones[i];
        out[i].action = action[i];
        out[i].reason = reason[i];
        out[i].source = src[i];
        if (campaign[i] != 0) out[i].campaignId = campaign[i];
        if (entry[i] != 0) out[i].entryId = entry[i];
        out[i].changedAt = at[i].substr(0, 23);
        out[i].changedBy = by[i];
    }
    return out;
}

std::size_t SuppressionStore::importAll(const std::string& wabaId, const std::vector<ImportRow>& rows, const std::string& by) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        std::size_t added = 0;
        for (const auto& r : rows) {
            SuppressionChange c;
            c.wabaId = wabaId;
            c.phone = r.phone;
            c.reason = r.reason;
            c.source = source::kImport;
            c.by = by;
            if (add(s, db_.dialect(), c)) ++added;
        }
        return added;
    });
}

bool SuppressionStore::setOptOutPayloads(long long templateId, const std::vector<std::string>& payloads) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        Poco::Int64 id = templateId, n = 0;
        s << kTemplateExists, use(id), into(n), now;
        if (n == 0) return false;
        s << kClearPayloads, use(id), now;
        std::vector<std::string> unique = payloads;
        std::sort(unique.begin(), unique.end());
        unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
        for (auto& p : unique) s << kAddPayload, use(id), use(p), now;
        return true;
    });
}

std::vector<std::string> SuppressionStore::optOutPayloads(long long templateId) {
    auto s = db_.session();
    Poco::Int64 id = templateId;
    std::vector<std::string> payloads;
    s << kPayloads, use(id), into(payloads), now;
    return payloads;
}

} // namespace campaigns::suppressions
