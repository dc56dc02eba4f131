#include "campaign/CampaignTemplate.h"

#include "storage/RowMapping.h"

#include <Poco/Data/Statement.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {
namespace {
// What a campaign needs of its template's row (kSelectTemplate).
struct TemplateRow {
    Poco::Int64 accountId = 0;
    std::string status, componentsJson;
};
} // namespace
} // namespace campaigns::campaign

template <>
class Poco::Data::TypeHandler<campaigns::campaign::TemplateRow>
    : public campaigns::storage::RowHandler<campaigns::campaign::TemplateRow, &campaigns::campaign::TemplateRow::accountId,
                                            &campaigns::campaign::TemplateRow::status,
                                            &campaigns::campaign::TemplateRow::componentsJson> {};

namespace campaigns::campaign {
namespace {
const char* const kSelectTemplate = "SELECT account_id, status, components_json FROM campaigns_templates WHERE id = ?";
const char* const kSelectDepartments = "SELECT department_id FROM campaigns_template_departments WHERE template_id = ?";
} // namespace

bool CampaignTemplate::availableTo(std::optional<long long> departmentId) const {
    if (!departmentId) return true;
    return std::find(departmentIds.begin(), departmentIds.end(), *departmentId) != departmentIds.end();
}

std::optional<CampaignTemplate> findCampaignTemplate(Poco::Data::Session& session, long long id) {
    Poco::Int64 key = id;
    std::vector<TemplateRow> rows;
    session << kSelectTemplate, use(key), into(rows), now;
    if (rows.empty()) return std::nullopt;
    CampaignTemplate t;
    t.id = id;
    t.accountId = rows.front().accountId;
    t.status = rows.front().status;
    t.model = cloudapi::parseTemplate(rows.front().componentsJson);
    // The row's status is the one kept current by webhooks and syncs.
    t.model.status = t.status;
    std::vector<Poco::Int64> departments;
    session << kSelectDepartments, use(key), into(departments), now;
    t.departmentIds.assign(departments.begin(), departments.end());
    return t;
}

UploadColumns uploadColumnsOf(const cloudapi::Template& t) {
    UploadColumns out;
    for (const auto& p : cloudapi::requiredParameters(t)) {
        if (!p.fromUploadFile()) continue;
        out.names.push_back(p.column);
        const auto slot = p.slot;
        out.rules.push_back([slot](std::string_view value) { return cloudapi::validateParameterValue(value, slot); });
    }
    return out;
}

} // namespace campaigns::campaign
