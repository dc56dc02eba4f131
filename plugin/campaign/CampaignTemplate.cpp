#include "campaign/CampaignTemplate.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {

bool CampaignTemplate::availableTo(std::optional<long long> departmentId) const {
    if (!departmentId) return true;
    return std::find(departmentIds.begin(), departmentIds.end(), *departmentId) != departmentIds.end();
}

std::optional<CampaignTemplate> findCampaignTemplate(Poco::Data::Session& session, long long id) {
    Poco::Int64 key = id;
    Poco::Data::Statement st(session);
    st << "SELECT account_id, status, components_json FROM campaigns_templates WHERE id = ?", use(key);
    st.execute();
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    CampaignTemplate t;
    t.id = id;
    t.accountId = rs["account_id"].convert<Poco::Int64>();
    t.status = rs["status"].convert<std::string>();
    t.model = cloudapi::parseTemplate(rs["components_json"].convert<std::string>());
    // The row's status is the one kept current by webhooks and syncs.
    t.model.status = t.status;
    std::vector<Poco::Int64> departments;
    session << "SELECT department_id FROM campaigns_template_departments WHERE template_id = ?", use(key),
        into(departments), now;
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
