#pragma once
// Reads what the sender needs to build a campaign's payloads from the plugin's tables: the
// template as last synchronised and the campaign's header media.
#include "cloudapi/PayloadBuilder.h"

#include <helpdesk/Database.h>

#include <memory>
#include <optional>
#include <string>

namespace campaigns::sending {

// The stored template (campaigns_templates.components_json holds Meta's template object, or just
// its components array with the other fields in their own columns).
std::optional<cloudapi::Template> loadTemplate(helpdesk::Database& db, long long templateId);

// nullptr with a Spanish reason when the campaign cannot be sent as it stands (template gone or
// not approved any more, header image missing).
std::shared_ptr<cloudapi::PayloadBuilder> loadPayloadBuilder(helpdesk::Database& db, long long campaignId, std::string& whyNot);

// A row's params_json (an array in the template's parameter order, or an object keyed by upload
// column name) as the builder's values; the one reading of it, for the sender and test messages.
cloudapi::ParameterValues rowValues(const cloudapi::PayloadBuilder& builder, const std::string& paramsJson);

// The campaign's message body for one row sent to `phone` ("Enviar prueba", issue 13); throws
// std::runtime_error with the Spanish reason when the campaign cannot be sent as it stands.
std::string payloadForRow(helpdesk::Database& db, long long campaignId, const std::string& phone, const std::string& paramsJson);

} // namespace campaigns::sending
