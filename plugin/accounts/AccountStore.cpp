#include "accounts/AccountStore.h"

#include "storage/Transaction.h"

#include "storage/SqlDialect.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <stdexcept>

using namespace Poco::Data::Keywords;
using Poco::Data::RecordSet;
using Poco::Data::Statement;

namespace campaigns::accounts {

namespace {

const char* kColumns =
    "id, display_name, phone_number_id, waba_id, access_token_sealed, access_token_last4, app_secret_sealed,"
    " app_secret_last4, verify_token_sealed, verify_token_last4, graph_base_url, graph_version,"
    " throughput_per_second, daily_limit_tier, enabled, COALESCE(inbound_department_id, 0) AS inbound_department_id,"
    " created_at, updated_at";

std::string str(RecordSet& rs, const char* col) {
    auto v = rs[col];
    return v.isEmpty() ? std::string() : v.convert<std::string>();
}

AccountView toView(RecordSet& rs, const SecretBox& box) {
    AccountView v;
    v.id = rs["id"].convert<Poco::Int64>();
    v.displayName = str(rs, "display_name");
    v.phoneNumberId = str(rs, "phone_number_id");
    v.wabaId = str(rs, "waba_id");
    v.accessTokenLast4 = str(rs, "access_token_last4");
    v.appSecretLast4 = str(rs, "app_secret_last4");
    v.verifyTokenLast4 = str(rs, "verify_token_last4");
    v.needsCredentials = !box.canOpen(str(rs, "access_token_sealed")) || !box.canOpen(str(rs, "app_secret_sealed")) ||
                         !box.canOpen(str(rs, "verify_token_sealed"));
    v.graphBaseUrl = str(rs, "graph_base_url");
    v.graphVersion = str(rs, "graph_version");
    v.throughputPerSecond = rs["throughput_per_second"].convert<int>();
    v.dailyLimitTier = str(rs, "daily_limit_tier");
    v.enabled = rs["enabled"].convert<int>() != 0;
    v.inboundDepartmentId = rs["inbound_department_id"].convert<Poco::Int64>();
    v.createdAt = storage::isoUtc(rs["created_at"]);
    v.updatedAt = storage::isoUtc(rs["updated_at"]);
    return v;
}

Account toAccount(RecordSet& rs, const SecretBox& box) {
    Account a;
    a.id = rs["id"].convert<Poco::Int64>();
    a.displayName = str(rs, "display_name");
    a.phoneNumberId = str(rs, "phone_number_id");
    a.wabaId = str(rs, "waba_id");
    try {
        a.accessToken = box.open(str(rs, "access_token_sealed"));
        a.appSecret = box.open(str(rs, "app_secret_sealed"));
        a.verifyToken = box.open(str(rs, "verify_token_sealed"));
    } catch (const std::exception& e) {
        // Kept as a value on this account only: the others still load (issue 15, point 5).
        a.accessToken.clear();
        a.appSecret.clear();
        a.verifyToken.clear();
        a.secretsProblem = e.what();
    }
    a.graphBaseUrl = str(rs, "graph_base_url");
    a.graphVersion = str(rs, "graph_version");
    a.throughputPerSecond = rs["throughput_per_second"].convert<int>();
    a.dailyLimitTier = str(rs, "daily_limit_tier");
    a.enabled = rs["enabled"].convert<int>() != 0;
    a.inboundDepartmentId = rs["inbound_department_id"].convert<Poco::Int64>();
    return a;
}

bool isDuplicateKey(const Poco::Exception& e) {
    const std::string t = e.displayText();
    return t.find("Duplicate") != std::string::npos || t.find("UNIQUE") != std::string::npos ||
           t.find("constraint") != std::string::npos;
}

std::vector<Account> queryAccounts(helpdesk::Database& db, const SecretBox& box, const std::string& where,
                                   const std::string& param, bool withParam) {
    auto s = db.session();
    Statement st(s);
    std::string p = param;
    st << "SELECT " << kColumns << " FROM campaigns_accounts " << where;
    if (withParam) st, use(p);
    st.execute();
    RecordSet rs(st);
    std::vector<Account> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(toAccount(rs, box));
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
    int rate = a.throughputPerSecond, enabled = a.enabled ? 1 : 0;
    Poco::Nullable<Poco::Int64> department;
    if (a.inboundDepartmentId > 0) department = a.inboundDepartmentId;
    try {
        storage::SqlTransaction tx(s, db_.dialect());
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed,"
             " access_token_last4, app_secret_sealed, app_secret_last4, verify_token_sealed, verify_token_last4,"
             " graph_base_url, graph_version, throughput_per_second, daily_limit_tier, enabled, inbound_department_id)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            use(name), use(phone), use(waba), use(tok), use(tok4), use(sec), use(sec4), use(ver), use(ver4), use(base),
            use(version), use(rate), use(tier), use(enabled), use(department), now;
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
    auto s = db_.session();
    Statement st(s);
    st << "SELECT " << kColumns << " FROM campaigns_accounts ORDER BY display_name, id";
    st.execute();
    RecordSet rs(st);
    std::vector<AccountView> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(toView(rs, box_));
    return out;
}

std::optional<AccountView> AccountStore::view(long long id) {
    auto s = db_.session();
    Statement st(s);
    Poco::Int64 key = id;
    st << "SELECT " << kColumns << " FROM campaigns_accounts WHERE id = ?", use(key);
    st.execute();
    RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return toView(rs, box_);
}

std::optional<Account> AccountStore::get(long long id) {
    auto found = queryAccounts(db_, box_, "WHERE id = ?", std::to_string(id), true);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::optional<Account> AccountStore::findByPhoneNumberId(const std::string& phoneNumberId) {
    auto found = queryAccounts(db_, box_, "WHERE phone_number_id = ?", phoneNumberId, true);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::vector<Account> AccountStore::enabledAccounts(std::vector<Account>* needingCredentials) {
    std::vector<Account> usable;
    for (auto& a : queryAccounts(db_, box_, "WHERE enabled = 1 ORDER BY id", "", false)) {
        if (!a.needsCredentials()) usable.push_back(std::move(a));
        else if (needingCredentials) needingCredentials->push_back(std::move(a));
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
    int rate = a.throughputPerSecond, enabled = a.enabled ? 1 : 0;
    Poco::Nullable<Poco::Int64> department;
    if (a.inboundDepartmentId > 0) department = a.inboundDepartmentId;
    Poco::Int64 key = id;
    try {
        s << "UPDATE campaigns_accounts SET display_name = ?, phone_number_id = ?, waba_id = ?,"
             " access_token_sealed = ?, access_token_last4 = ?, app_secret_sealed = ?, app_secret_last4 = ?,"
             " verify_token_sealed = ?, verify_token_last4 = ?, graph_base_url = ?, graph_version = ?,"
             " throughput_per_second = ?, daily_limit_tier = ?, enabled = ?, inbound_department_id = ?,"
             " updated_at = CURRENT_TIMESTAMP WHERE id = ?",
            use(name), use(phone), use(waba), use(tok), use(tok4), use(sec), use(sec4), use(ver), use(ver4), use(base),
            use(version), use(rate), use(tier), use(enabled), use(department), use(key), now;
    } catch (const Poco::Exception& e) {
        if (isDuplicateKey(e))
            throw std::invalid_argument("Ya existe una cuenta con el phone-number id " + a.phoneNumberId + ".");
        throw;
    }
    return true;
}

} // namespace campaigns::accounts
