#pragma once
// The templates API's JSON shapes and the "Descargar formato" description of a template.
#include "exports/FormatFile.h"
#include "templates/TemplateStore.h"
#include "templates/TemplateSync.h"

#include <Poco/JSON/Object.h>

namespace campaigns::templates {

// id, name, language, status, category, parameters, header type, required parameters with their
// upload columns, the preview text and the assigned departments.
Poco::JSON::Object templateJson(const StoredTemplate& t);

Poco::JSON::Object syncReportJson(const SyncReport& report);

// Slot name as the API writes it: "body", "header_text", "header_media", ...
std::string slotName(cloudapi::ParameterSlot slot);

// The upload format of a template: one column per value that comes from the file, described
// in Spanish, with the template's own example values when it has them.
exports::FormatTemplate formatOf(const cloudapi::Template& t);

} // namespace campaigns::templates
