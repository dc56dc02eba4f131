#include "templates/TemplateStore.h"

#include "storage/Transaction.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <map>
#include <set>

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace campaigns::templates {
namespace {
// A stored template as applySync compares it with the listing (kSelectForSync).
struct SyncedRow {
    Poco::Int64 id = 0;
    std::string name, language, metaId, status, category, parameterFormat;
    int parameterCount = 0;
    std::string headerType, componentsJson;
};
} // namespace
} // namespace campaigns::templates

// columns(), in order; syncedAt is read as text (timeAsText) and made ISO by readAll.
template <>
class Poco::Data::TypeHandler<campaigns::templates::StoredTemplate>
    : public campaigns::storage::RowHandler<
          campaigns::templates::StoredTemplate, &campaigns::templates::StoredTemplate::id,
          &campaigns::templates::StoredTemplate::accountId, &campaigns::templates::StoredTemplate::metaId,
          &campaigns::templates::StoredTemplate::name, &campaigns::templates::StoredTemplate::language,
          &campaigns::templates::StoredTemplate::status, &campaigns::templates::StoredTemplate::category,
          &campaigns::templates::StoredTemplate::parameterFormat, &campaigns::templates::StoredTemplate::parameterCount,
          &campaigns::templates::StoredTemplate::headerType, &campaigns::templates::StoredTemplate::componentsJson,
          &campaigns::templates::StoredTemplate::syncedAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::templates::SyncedRow>
    : public campaigns::storage::RowHandler<
          campaigns::templates::SyncedRow, &campaigns::templates::SyncedRow::id, &campaigns::templates::SyncedRow::name,
          &campaigns::templates::SyncedRow::language, &campaigns::templates::SyncedRow::metaId,
          &campaigns::templates::SyncedRow::status, &campaigns::templates::SyncedRow::category,
          &campaigns::templates::SyncedRow::parameterFormat, &campaigns::templates::SyncedRow::parameterCount,
          &campaigns::templates::SyncedRow::headerType, &campaigns::templates::SyncedRow::componentsJson> {};

namespace campaigns::templates {

namespace {

// The columns of a StoredTemplate, in its TypeHandler's order.
std::string columns(helpdesk::Dialect dialect) {
    return "t.id, t.account_id, t.meta_id, t.name, t.language, t.status, t.category, t.parameter_format,"
           " t.parameter_count, t.header_type, t.components_json, " +
           storage::timeAsText(dialect, "t.synced_at");
}
const char* const kSelectForSync =
    "SELECT id, name, language, meta_id, status, category, parameter_format, parameter_count,"
    " header_type, components_json FROM campaigns_templates WHERE account_id = ?";

std::vector<StoredTemplate> readAll(Statement& st) {
    std::vector<StoredTemplate> out;
    st, into(out);
    st.execute();
    for (auto& t : out) t.syncedAt = storage::isoUtc(t.syncedAt);
    return out;
}

// Template departments for the given templates, in one query over the (small) mapping table.
void attachDepartments(Poco::Data::Session& s, std::vector<StoredTemplate>& list) {
    if (list.empty()) return;
    std::vector<Poco::Int64> templateIds, departmentIds;
    s << "SELECT template_id, department_id FROM campaigns_template_departments ORDER BY template_id, department_id",
        into(templateIds), into(departmentIds), now;
    std::map<long long, std::vector<long long>> byTemplate;
    for (std::size_t i = 0; i < templateIds.size(); ++i) byTemplate[templateIds[i]].push_back(departmentIds[i]);
    for (auto& t : list)
        if (auto it = byTemplate.find(t.id); it != byTemplate.end()) t.departmentIds = it->second;
}

using Key = std::pair<std::string, std::string>; // name, language

// "name (language): reason" -> {name, language}; nothing when the text has another shape.
std::optional<Key> skippedKey(const std::string& text) {
    const auto open = text.find(" (");
    if (open == std::string::npos) return std::nullopt;
    const auto close = text.find("): ", open);
    if (close == std::string::npos) return std::nullopt;
    return Key{text.substr(0, open), text.substr(open + 2, close - open - 2)};
}

struct Row {
    std::string metaId, status, category, parameterFormat, headerType, componentsJson;
    int parameterCount = 0;
    bool operator==(const Row&) const = default;
};

Row rowOf(const cloudapi::Template& t) {
    Row r;
    r.metaId = t.id;
    r.status = t.status;
    r.category = t.category;
    r.parameterFormat = parameterFormatName(t.parameterFormat);
    r.headerType = headerTypeName(t.headerFormat);
    r.componentsJson = t.sourceJson;
    r.parameterCount = static_cast<int>(cloudapi::requiredParameters(t).size());
    return r;
}

} // namespace

std::string parameterFormatName(cloudapi::ParameterFormat f) {
    return f == cloudapi::ParameterFormat::Named ? "NAMED" : "POSITIONAL";
}

std::string headerTypeName(cloudapi::HeaderFormat f) {
    switch (f) {
        case cloudapi::HeaderFormat::None:
            return "";
        case cloudapi::HeaderFormat::Text:
            return "TEXT";
        case cloudapi::HeaderFormat::Image:
            return "IMAGE";
        case cloudapi::HeaderFormat::Video:
            return "VIDEO";
        case cloudapi::HeaderFormat::Document:
            return "DOCUMENT";
        case cloudapi::HeaderFormat::Location:
            return "LOCATION";
    }
    return "";
}

std::string normalizeLanguage(std::string language) {
    std::replace(language.begin(), language.end(), '-', '_');
    return language;
}

cloudapi::Template StoredTemplate::model() const { return cloudapi::parseTemplate(std::string_view(componentsJson)); }

TemplateStore::TemplateStore(helpdesk::Database& db) : db_(db) {}

SyncCounts TemplateStore::applySync(long long accountId, const std::vector<cloudapi::Template>& listed,
                                    const std::vector<std::string>& skipped) {
    SyncCounts counts;
    counts.skipped = skipped;
    std::set<Key> stillUpstream;
    for (const auto& text : skipped)
        if (auto key = skippedKey(text)) stillUpstream.insert(*key);

    auto s = db_.session();
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        Poco::Int64 account = accountId;
        std::map<Key, std::pair<Poco::Int64, Row>> stored;
        {
            std::vector<SyncedRow> rows;
            s << kSelectForSync, use(account), into(rows), now;
            for (const auto& t : rows) {
                Row r;
                r.metaId = t.metaId;
                r.status = t.status;
                r.category = t.category;
                r.parameterFormat = t.parameterFormat;
                r.parameterCount = t.parameterCount;
                r.headerType = t.headerType;
                r.componentsJson = t.componentsJson;
                stored[{t.name, t.language}] = {t.id, r};
            }
        }
        const std::string now_ = storage::nowUtc(db_.dialect());
        std::set<Key> seen;
        for (const auto& t : listed) {
            Key key{t.name, t.language};
            if (!seen.insert(key).second) continue; // a listing repeats nothing; be safe if it does
            Row r = rowOf(t);
            std::string name = t.name, language = t.language;
            auto it = stored.find(key);
            if (it == stored.end()) {
                s << "INSERT INTO campaigns_templates (account_id, meta_id, name, language, status, category,"
                     " parameter_format, parameter_count, header_type, components_json, synced_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " +
                         now_ + ")",
                    use(account), use(r.metaId), use(name), use(language), use(r.status), use(r.category), use(r.parameterFormat),
                    use(r.parameterCount), use(r.headerType), use(r.componentsJson), now;
                ++counts.added;
            } else if (it->second.second == r) {
                ++counts.unchanged;
            } else {
                Poco::Int64 id = it->second.first;
                s << "UPDATE campaigns_templates SET meta_id = ?, status = ?, category = ?, parameter_format = ?,"
                     " parameter_count = ?, header_type = ?, components_json = ?, synced_at = " +
                         now_ + " WHERE id = ?",
                    use(r.metaId), use(r.status), use(r.category), use(r.parameterFormat), use(r.parameterCount),
                    use(r.headerType), use(r.componentsJson), use(id), now;
                ++counts.updated;
            }
        }
        std::string deleted = kDeletedStatus;
        for (const auto& [key, entry] : stored) {
            if (seen.count(key) || stillUpstream.count(key) || entry.second.status == kDeletedStatus) continue;
            Poco::Int64 id = entry.first;
            s << "UPDATE campaigns_templates SET status = ?, synced_at = " + now_ + " WHERE id = ?", use(deleted), use(id), now;
            ++counts.removed;
        }
        tx.commit();
    } catch (...) {
        tx.rollback();
        throw;
    }
    return counts;
}

std::vector<StoredTemplate> TemplateStore::list(const TemplateFilter& filter) {
    auto s = db_.session();
    std::string sql = "SELECT " + columns(db_.dialect()) + " FROM campaigns_templates t";
    std::vector<std::string> where;
    if (filter.departmentId) {
        sql += " JOIN campaigns_template_departments d ON d.template_id = t.id";
        where.push_back("d.department_id = ?");
    }
    if (filter.accountId) where.push_back("t.account_id = ?");
    if (filter.status) where.push_back("t.status = ?");
    if (filter.approvedOnly) where.push_back("t.status = 'APPROVED'");
    for (std::size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
    sql += " ORDER BY t.name, t.language, t.id";

    Poco::Int64 department = filter.departmentId.value_or(0), account = filter.accountId.value_or(0);
    std::string status = filter.status.value_or("");
    Statement st(s);
    st << sql;
    if (filter.departmentId) st, use(department);
    if (filter.accountId) st, use(account);
    if (filter.status) st, use(status);
    auto out = readAll(st);
    attachDepartments(s, out);
    return out;
}

std::optional<StoredTemplate> TemplateStore::get(long long id) {
    auto s = db_.session();
    Poco::Int64 key = id;
    Statement st(s);
    st << "SELECT " + columns(db_.dialect()) + " FROM campaigns_templates t WHERE t.id = ?", use(key);
    auto found = readAll(st);
    if (found.empty()) return std::nullopt;
    attachDepartments(s, found);
    return found.front();
}

bool TemplateStore::setDepartments(long long templateId, const std::vector<long long>& departmentIds) {
    auto s = db_.session();
    Poco::Int64 key = templateId;
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        int exists = 0;
        s << "SELECT COUNT(*) FROM campaigns_templates WHERE id = ?", use(key), into(exists), now;
        if (exists == 0) {
            tx.rollback();
            return false;
        }
        s << "DELETE FROM campaigns_template_departments WHERE template_id = ?", use(key), now;
        std::set<long long> distinct(departmentIds.begin(), departmentIds.end());
        for (long long d : distinct) {
            Poco::Int64 department = d;
            s << "INSERT INTO campaigns_template_departments (template_id, department_id) VALUES (?, ?)", use(key),
                use(department), now;
        }
        tx.commit();
        return true;
    } catch (...) {
        tx.rollback();
        throw;
    }
}

int TemplateStore::updateStatus(Poco::Data::Session& s, const std::string& metaId, const std::string& wabaId,
                                const std::string& name, const std::string& language, const std::string& status) {
    std::vector<Poco::Int64> ids;
    if (!metaId.empty()) {
        std::string m = metaId;
        s << "SELECT id FROM campaigns_templates WHERE meta_id = ?", use(m), into(ids), now;
    }
    if (ids.empty() && !name.empty()) {
        // Events for a template not synced with its id yet: match the pair within the WABA.
        std::string waba = wabaId, n = name, lang = normalizeLanguage(language);
        s << "SELECT t.id FROM campaigns_templates t JOIN campaigns_accounts a ON a.id = t.account_id"
             " WHERE a.waba_id = ? AND t.name = ? AND REPLACE(t.language, '-', '_') = ?",
            use(waba), use(n), use(lang), into(ids), now;
    }
    int changed = 0;
    std::string st = status;
    for (Poco::Int64 id : ids) {
        Statement update(s);
        update << "UPDATE campaigns_templates SET status = ? WHERE id = ? AND status <> ?", use(st), use(id), use(st);
        changed += static_cast<int>(update.execute());
    }
    return changed;
}

} // namespace campaigns::templates
