#include "accounts/AccountStore.h"

#include "storage/Transaction.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <optional>
#include <stdexcept>

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace campaigns::accounts {
namespace {
// An account's row as stored: secrets still sealed (columns()).
struct AccountRow {
    Poco::Int64 id = 0;
    std::string displayName, phoneNumberId, wabaId, accessTokenSealed, accessTokenLast4, appSecretSealed, appSecretLast4,
        verifyTokenSealed, verifyTokenLast4, graphBaseUrl, graphVersion;
    int throughputPerSecond = 0;
    std::string dailyLimitTier;
    int frequencyCapPerDay = 0;
    int enabled = 0;
    Poco::Int64 inboundDepartmentId = 0;
    std::string createdAt, updatedAt; // "YYYY-MM-DD HH:MM:SS" UTC
};
} // namespace
} // namespace campaigns::accounts

template <>
class Poco::Data::TypeHandler<campaigns::accounts::AccountRow>
    : public campaigns::storage::RowHandler<
          campaigns::accounts::AccountRow, &campaigns::accounts::AccountRow::id, &campaigns::accounts::AccountRow::displayName,
          &campaigns::accounts::AccountRow::phoneNumberId, &campaigns::accounts::AccountRow::wabaId,
          &campaigns::accounts::AccountRow::accessTokenSealed, &campaigns::accounts::AccountRow::accessTokenLast4,
          &campaigns::accounts::AccountRow::appSecretSealed, &campaigns::accounts::AccountRow::appSecretLast4,
          &campaigns::accounts::AccountRow::verifyTokenSealed, &campaigns::accounts::AccountRow::verifyTokenLast4,
          &campaigns::accounts::AccountRow::graphBaseUrl, &campaigns::accounts::AccountRow::graphVersion,
          &campaigns::accounts::AccountRow::throughputPerSecond, &campaigns::accounts::AccountRow::dailyLimitTier,
          &campaigns::accounts::AccountRow::frequencyCapPerDay, &campaigns::accounts::AccountRow::enabled,
          &campaigns::accounts::AccountRow::inboundDepartmentId, &campaigns::accounts::AccountRow::createdAt,
          &campaigns::accounts::AccountRow::updatedAt> {};

namespace campaigns::accounts {

namespace {

const char* const kRecordDisplayNumber = "UPDATE campaigns_accounts SET display_phone_number = ? WHERE id = ?";

// The columns of an AccountRow, in its TypeHandler's order.
std::string columns(helpdesk::Dialect dialect) {
    return "id, display_name, phone_number_id, waba_id, access_token_sealed, access_token_last4, app_secret_sealed,"
           " app_secret_last4, verify_token_sealed, verify_token_last4, graph_base_url, graph_version,"
           " throughput_per_second, daily_limit_tier, frequency_cap_per_day, enabled, COALESCE(inbound_department_id, 0), " +
           storage::timeAsText(dialect, "created_at") + ", " + storage::timeAsText(dialect, "updated_at");
}

std::vector<AccountRow> selectAccounts(helpdesk::Database& db, const std::string& where,
                                       std::optional<std::string> param = std::nullopt) {
    auto s = db.session();
    std::vector<AccountRow> rows;
    Statement st(s);
    st << "SELECT " + columns(db.dialect()) + " FROM campaigns_accounts " + where;
    if (param) st, use(*param);
    st, into(rows);
    st.execute();
    return rows;
}

// The fields an Account and an AccountView both take from the row as they are.
template <class Out>
void copyPlainFields(const AccountRow& r, Out& out) {
    out.id = r.id;
    out.displayName = r.displayName;
    out.phoneNumberId = r.phoneNumberId;
    out.wabaId = r.wabaId;
    out.graphBaseUrl = r.graphBaseUrl;
    out.graphVersion = r.graphVersion;
    out.throughputPerSecond = r.throughputPerSecond;
    out.dailyLimitTier = r.dailyLimitTier;
    out.frequencyCapPerDay = r.frequencyCapPerDay;
    out.enabled = r.enabled != 0;
    out.inboundDepartmentId = r.inboundDepartmentId;
}

AccountView toView(const AccountRow& r, const SecretBox& box) {
    AccountView v;
    copyPlainFields(r, v);
    v.accessTokenLast4 = r.accessTokenLast4;
    v.appSecretLast4 = r.appSecretLast4;
    v.verifyTokenLast4 = r.verifyTokenLast4;
    v.needsCredentials =
        !box.canOpen(r.accessTokenSealed) || !box.canOpen(r.appSecretSealed) || !box.canOpen(r.verifyTokenSealed);
    v.createdAt = storage::isoUtc(r.createdAt);
    v.updatedAt = storage::isoUtc(r.updatedAt);
    return v;
}

Account toAccount(const AccountRow& r, const SecretBox& box) {
    Account a;
    copyPlainFields(r, a);
    try {
        a.accessToken = box.open(r.accessTokenSealed);
        a.appSecret = box.open(r.appSecretSealed);
        a.verifyToken = box.open(r.verifyTokenSealed);
    } catch (const std::exception& e) {
        // Kept as a value on this account only: the others still load (issue 15, point 5).
        a.accessToken.clear();
        a.appSecret.clear();
        a.verifyToken.clear();
        a.secretsProblem = e.what();
    }
    return a;
}

bool isDuplicateKey(const Poco::Exception& e) {
    const std::string t = e.displayText();
    return t.find("Duplicate") != std::string::npos || t.find("UNIQUE") != std::string::npos ||
           t.find("constraint") != std::string::npos;
}

std::vector<Account> queryAccounts(helpdesk::Database& db, const SecretBox& box, const std::string& where,
                                   std::optional<std::string> param = std::nullopt) {
    std::vector<Account> out;
    for (const auto& r : selectAccounts(db, where, std::move(param))) out.push_back(toAccount(r, box));
    return out;
}

} // namespace

AccountStore::AccountStore(helpdesk::Database& db, const SecretBox& box) : db_(db), box_(box) {}

long long AccountStore::create(const Account& a) {
    auto s = db_.session();
    std::string name = a.displayName, phone = a.phoneNumberId, waba = a.wabaId;
    std::string tok = box_.seal(a.accessToken), tok4 = SecretBox::last4(a.accessToken);
    std::string sec = box_.seal(a.appSecret), sec4 = SecretBox::last4(a.appSecret);
    std::string ver = box_.seal(a.verifyToken), ver4 = SecretBox::last4(a.verifyToken);
    std::string base = a.graphBaseUrl, version = a.graphVersion, tier = a.dailyLimitTier;
    int rate = a.throughputPerSecond, enabled = a.enabled ? 1 : 0, cap = a.frequencyCapPerDay;
    Poco::Nullable<Poco::Int64> department;
    if (a.inboundDepartmentId > 0) department = a.inboundDepartmentId;
    try {
        storage::SqlTransaction tx(s, db_.dialect());
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed,"
             " access_token_last4, app_secret_sealed, app_secret_last4, verify_token_sealed, verify_token_last4,"
             " graph_base_url, graph_version, throughput_per_second, daily_limit_tier, enabled, inbound_department_id,"
             " frequency_cap_per_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            use(name), use(phone), use(waba), use(tok), use(tok4), use(sec), use(sec4), use(ver), use(ver4), use(base),
            use(version), use(rate), use(tier), use(enabled), use(department), use(cap), now;
        long long id = storage::lastInsertId(s, db_.dialect());
        tx.commit();
        return id;
    } catch (const Poco::Exception& e) {
        if (isDuplicateKey(e))
            throw std::invalid_argument("Ya existe una cuenta con el phone-number id " + a.phoneNumberId + ".");
        throw;
    }
}

std::vector<AccountView> AccountStore::list() {
    std::vector<AccountView> out;
    for (const auto& r : selectAccounts(db_, "ORDER BY display_name, id")) out.push_back(toView(r, box_));
    return out;
}

std::optional<AccountView> AccountStore::view(long long id) {
    const auto rows = selectAccounts(db_, "WHERE id = ?", std::to_string(id));
    if (rows.empty()) return std::nullopt;
    return toView(rows.front(), box_);
}

std::optional<Account> AccountStore::get(long long id) {
    auto found = queryAccounts(db_, box_, "WHERE id = ?", std::to_string(id));
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<Account> AccountStore::findByPhoneNumberId(const std::string& phoneNumberId) {
    auto found = queryAccounts(db_, box_, "WHERE phone_number_id = ?", phoneNumberId);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Account> AccountStore::enabledAccounts(std::vector<Account>* needingCredentials) {
    std::vector<Account> usable;
    for (auto& a : queryAccounts(db_, box_, "WHERE enabled = 1 ORDER BY id")) {
        if (!a.needsCredentials())
            usable.push_back(std::move(a));
        else if (needingCredentials)
            needingCredentials->push_back(std::move(a));
    }
    return usable;
}

bool AccountStore::update(long long id, const AccountPatch& p) {
    auto current = get(id);
    if (!current) return false;
    Account a = applyPatch(*current, p);
    if (auto errors = validateAccount(a); !errors.empty()) throw std::invalid_argument(errors.front().message);

    auto s = db_.session();
    std::string name = a.displayName, phone = a.phoneNumberId, waba = a.wabaId;
    std::string tok = box_.seal(a.accessToken), tok4 = SecretBox::last4(a.accessToken);
    std::string sec = box_.seal(a.appSecret), sec4 = SecretBox::last4(a.appSecret);
    std::string ver = box_.seal(a.verifyToken), ver4 = SecretBox::last4(a.verifyToken);
    std::string base = a.graphBaseUrl, version = a.graphVersion, tier = a.dailyLimitTier;
    int rate = a.throughputPerSecond, enabled = a.enabled ? 1 : 0, cap = a.frequencyCapPerDay;
    Poco::Nullable<Poco::Int64> department;
    if (a.inboundDepartmentId > 0) department = a.inboundDepartmentId;
    Poco::Int64 key = id;
    try {
        // display_phone_number first: MySQL evaluates SET left to right, so it still compares the old id.
        s << "UPDATE campaigns_accounts SET display_phone_number = CASE WHEN phone_number_id = ? THEN display_phone_number"
             " ELSE '' END, display_name = ?, phone_number_id = ?, waba_id = ?,"
             " access_token_sealed = ?, access_token_last4 = ?, app_secret_sealed = ?, app_secret_last4 = ?,"
             " verify_token_sealed = ?, verify_token_last4 = ?, graph_base_url = ?, graph_version = ?,"
             " throughput_per_second = ?, daily_limit_tier = ?, enabled = ?, inbound_department_id = ?,"
             " frequency_cap_per_day = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            use(phone), use(name), use(phone), use(waba), use(tok), use(tok4), use(sec), use(sec4), use(ver), use(ver4),
            use(base), use(version), use(rate), use(tier), use(enabled), use(department), use(cap), use(key), now;
    } catch (const Poco::Exception& e) {
        if (isDuplicateKey(e))
            throw std::invalid_argument("Ya existe una cuenta con el phone-number id " + a.phoneNumberId + ".");
        throw;
    }
    return true;
}

void AccountStore::recordDisplayPhoneNumber(long long id, const std::string& displayPhoneNumber) {
    std::string digits;
    for (unsigned char c : displayPhoneNumber)
        if (c >= '0' && c <= '9') digits += static_cast<char>(c);
    auto s = db_.session();
    Poco::Int64 key = id;
    s << kRecordDisplayNumber, use(digits), use(key), now;
}

} // namespace campaigns::accounts
