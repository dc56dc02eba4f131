#include "campaign/UploadsApi.h"
#include "campaign/FrequencyCap.h"

#include "campaign/CreationModule.h"
#include "campaign/DbSession.h"
#include "campaign/MultipartReceiver.h"
#include "campaign/SuppressionFilter.h"
#include "validation/SpreadsheetColumns.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <helpdesk/RequestBody.h>

#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>

namespace campaigns::campaign {

namespace {

constexpr const char* kBase = "/campaigns/api/v1";

// Validates the first `limit` data rows and only counts the rest: large files get their header and
// first rows checked while the modal waits, and everything at creation, in the background.
class PreviewReader : public uploads::RowReader {
public:
    PreviewReader(uploads::RowReader& inner, std::size_t limit) : inner_(inner), limit_(limit) {}
    bool next(uploads::Row& row) override {
        if (seen_ > limit_) {
            while (inner_.next(row)) ++skipped_;
            return false;
        }
        ++seen_;
        return inner_.next(row);
    }
    std::uint64_t bytesRead() const override { return inner_.bytesRead(); }
    std::uint64_t bytesTotal() const override { return inner_.bytesTotal(); }
    std::size_t skipped() const { return skipped_; }

private:
    uploads::RowReader& inner_;
    std::size_t limit_, seen_ = 0, skipped_ = 0;
};

long long idParam(helpdesk::RequestContext& ctx, const char* what) {
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(ctx.pathParams["id"], id) || id <= 0)
        throw helpdesk::HttpError(404, web::codes::kUploadNotFound, std::string("No existe ") + what + ".");
    return id;
}

std::optional<long long> optionalId(const std::string& text, const char* field, const char* label) {
    if (text.empty() || text == "null" || text == "none") return std::nullopt;
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(text, id) || id <= 0)
        throw helpdesk::HttpError(400, web::codes::kValidationFailed, std::string(label) + " no es válido.",
                                  std::string(R"([{"field":")") + field + R"(","message":"Valor no válido."}])");
    return id;
}

bool truthy(const std::string& v) { return v == "1" || v == "true" || v == "on" || v == "si" || v == "sí"; }

std::vector<validation::LinkOverride> linksFrom(const Poco::Dynamic::Var& value) {
    std::vector<validation::LinkOverride> out;
    if (value.isEmpty()) return out;
    Poco::JSON::Object::Ptr links;
    if (value.isString()) {
        std::string text = value.convert<std::string>();
        if (text.empty()) return out;
        links = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } else {
        links = value.extract<Poco::JSON::Object::Ptr>();
    }
    for (const auto& [key, v] : *links) {
        validation::LinkOverride l;
        l.column = Poco::NumberParser::parseUnsigned(key);
        if (!v.isEmpty()) l.metadataId = v.convert<Poco::Int64>();
        out.push_back(l);
    }
    return out;
}

const char* typeName(helpdesk::MetadataType t) {
    switch (t) {
        case helpdesk::MetadataType::Text:
            return "text";
        case helpdesk::MetadataType::Paragraph:
            return "paragraph";
        case helpdesk::MetadataType::YesNo:
            return "yes_no";
    }
    return "text";
}

const char* sourceName(validation::LinkSource s) {
    switch (s) {
        case validation::LinkSource::None:
            return "none";
        case validation::LinkSource::Name:
            return "name";
        case validation::LinkSource::IntegrationKey:
            return "integration_key";
        case validation::LinkSource::Manual:
            return "manual";
        case validation::LinkSource::Dropped:
            return "dropped";
    }
    return "none";
}

bool isPng(const std::string& b) { return b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0; }
bool isJpeg(const std::string& b) { return b.size() >= 3 && b.compare(0, 3, "\xFF\xD8\xFF") == 0; }

struct ReportInput {
    std::optional<long long> templateId, departmentId;
    bool allowDuplicates = false;
    std::vector<validation::LinkOverride> links;
};

ValidationPlan planFor(CreationModule& m, const ReportInput& in) {
    if (!in.templateId) {
        throw helpdesk::HttpError(400, web::codes::kTemplateRequired, "Elige la plantilla antes de subir el archivo.",
                                  R"([{"field":"template_id","message":"Elige la plantilla antes de subir el archivo."}])");
    }
    ValidationPlan plan;
    try {
        auto s = openSession(m.host().database());
        plan = makeValidationPlan(s, m.host().directory(), *in.templateId, in.departmentId, in.allowDuplicates, in.links);
    } catch (const CreationRefused& e) {
        throwRefused(e);
    }
    plan.options.maxIssues = 200;
    return plan;
}

// What validating the first rows found, for the report.
struct Preview {
    validation::ValidationSummary summary;
    std::size_t skipped = 0;  // rows after the preview, counted only
    std::string excludedJson; // numbers on the suppression list, as issues
    std::size_t excludedCount = 0;
    // The frequency cap (MARKETING only): rows whose number already got the account's cap of
    // marketing templates from the WABA in 24 hours, as of now; 0 per day = no cap applies.
    long long frequencyCapped = 0;
    int frequencyCapPerDay = 0;
};

Preview validatePreview(CreationModule& m, const StoredUpload& upload, const ValidationPlan& plan) {
    const std::size_t previewRows = static_cast<std::size_t>(m.host().config().getInt("creation.background_rows", 50'000));
    Preview out;
    // Numbers on the suppression list of the template's WABA: reported per row, left out later.
    const std::string waba = m.creation().wabaOf(plan.tmpl.accountId);
    auto session = openSession(m.host().database());
    std::vector<std::string> phones; // the rows the suppression list leaves in, for the frequency cap
    SuppressionFilter excluded(
        session, m.host().database().dialect(), waba, [&](const validation::ValidRow& row) { phones.push_back(row.phoneE164); },
        1000, plan.options.maxIssues);
    try {
        auto reader = m.creation().openSheet(upload);
        PreviewReader preview(*reader, previewRows);
        out.summary =
            validation::UploadValidator(plan.options).run(preview, [&](const validation::ValidRow& row) { excluded.add(row); });
        excluded.flush();
        out.skipped = preview.skipped();
    } catch (const uploads::FileRejected& e) {
        throw helpdesk::HttpError(422, e.code, e.what());
    }
    out.excludedJson = issuesToJson(excluded.notices(), excluded.notices().size());
    out.excludedCount = excluded.excluded();
    auto cap = FrequencyCap::forAccount(session, m.host().database().dialect(), plan.tmpl.accountId, plan.tmpl.model.category,
                                        Poco::Timestamp());
    out.frequencyCapPerDay = cap.active() ? cap.perDay() : 0;
    out.frequencyCapped = cap.countAffected(phones);
    return out;
}

// The metadata the extra columns can be linked to, offered for every column.
Poco::JSON::Array linkCandidates(const ValidationPlan& plan) {
    Poco::JSON::Array candidates;
    for (const auto& d : plan.linker->linkable()) {
        Poco::JSON::Object c;
        c.set("id", d.id);
        c.set("name", d.name);
        c.set("integration_key", d.integrationKey);
        c.set("type", typeName(d.type));
        c.set("type_label", std::string(validation::metadataTypeLabel(d.type)));
        candidates.add(c);
    }
    return candidates;
}

Poco::JSON::Object columnsJson(const ValidationPlan& plan, const validation::ValidationSummary& summary) {
    Poco::JSON::Object columns;
    columns.set("phone", "A");
    Poco::JSON::Array parameters;
    for (const auto& p : plan.options.parameterColumns) parameters.add(p);
    columns.set("parameters", parameters);
    const auto candidates = linkCandidates(plan);
    Poco::JSON::Array extra;
    for (const auto& link : summary.links) {
        Poco::JSON::Object e;
        e.set("index", static_cast<Poco::UInt64>(link.column));
        e.set("letter", validation::columnLetter(link.column));
        e.set("header", link.header);
        if (link.metadataId)
            e.set("metadata_id", *link.metadataId);
        else
            e.set("metadata_id", Poco::Dynamic::Var());
        e.set("source", sourceName(link.source));
        e.set("suggested", link.source == validation::LinkSource::Name || link.source == validation::LinkSource::IntegrationKey);
        e.set("candidates", candidates);
        extra.add(e);
    }
    columns.set("extra", extra);
    return columns;
}

Poco::JSON::Object errorCounts(const validation::ValidationSummary& summary) {
    Poco::JSON::Object counts;
    for (std::size_t c = 0; c < validation::kUploadErrorCodeCount; ++c) {
        auto code = static_cast<validation::UploadErrorCode>(c);
        if (summary.count(code))
            counts.set(std::string(validation::errorCodeName(code)), static_cast<Poco::UInt64>(summary.count(code)));
    }
    return counts;
}

// The validation report of an upload: validates its first rows against the chosen template and
// answers with the columns, links, errors and excluded numbers.
void sendReport(helpdesk::RequestContext& ctx, CreationModule& m, const StoredUpload& upload, const ReportInput& in, int status) {
    const ValidationPlan plan = planFor(m, in);
    const Preview preview = validatePreview(m, upload, plan);
    const auto& summary = preview.summary;
    const std::size_t rows = summary.dataRows + preview.skipped;
    m.uploads().setDataRows(upload.id, rows);

    Poco::JSON::Object body;
    body.set("upload_id", upload.id);
    body.set("file_name", upload.fileName);
    body.set("rows", static_cast<Poco::UInt64>(rows));
    body.set("valid_rows", static_cast<Poco::UInt64>(summary.validRows));
    body.set("unique_phones", static_cast<Poco::UInt64>(summary.uniquePhones));
    body.set("deferred", preview.skipped > 0);
    body.set("validated_rows", static_cast<Poco::UInt64>(summary.dataRows));
    body.set("header_image_required", plan.tmpl.needsHeaderImage());
    body.set("columns", columnsJson(plan, summary));
    body.set("errors", Poco::JSON::Parser().parse(issuesToJson(summary.issues, summary.issues.size())));
    body.set("excluded", Poco::JSON::Parser().parse(preview.excludedJson));
    body.set("excluded_count", static_cast<Poco::UInt64>(preview.excludedCount));
    body.set("frequency_capped_count", preview.frequencyCapped);
    body.set("frequency_cap_per_day", preview.frequencyCapPerDay);
    body.set("error_counts", errorCounts(summary));
    body.set("error_total", static_cast<Poco::UInt64>(summary.totalIssues));
    body.set("errors_truncated", summary.issuesTruncated);
    body.set("valid", summary.ok());
    web::sendJson(ctx, body, status);
}

// The one file of a multipart form; refuses none or several (removing what was stored).
ReceivedFile singleFile(ReceivedForm& form, const std::string& many, const std::string& empty) {
    if (form.files.size() != 1 || form.files[0].size == 0) {
        const bool several = form.files.size() > 1;
        form.discardFiles();
        throw helpdesk::HttpError(400, several ? web::codes::kMoreThanOneFile : web::codes::kEmptyFile, several ? many : empty);
    }
    return form.files[0];
}

StoredUpload storeUpload(CreationModule& m, const helpdesk::RequestContext& ctx, const ReceivedFile& file,
                         const std::string& kind, const std::string& defaultName, const std::string& mime) {
    StoredUpload u;
    u.kind = kind;
    u.fileName = file.fileName.empty() ? defaultName : file.fileName;
    u.path = file.path;
    u.size = file.size;
    u.mime = mime;
    u.createdBy = ctx.user ? ctx.user->id : 0;
    u.id = m.uploads().add(u);
    return u;
}

// "image/png", "image/jpeg", or "" for anything else, from the file's first bytes.
std::string imageMime(const std::string& path) {
    std::string head(8, '\0');
    Poco::FileInputStream in(path);
    in.read(head.data(), 8);
    head.resize(static_cast<std::size_t>(in.gcount()));
    return isPng(head) ? "image/png" : isJpeg(head) ? "image/jpeg" : "";
}

} // namespace

UploadsApi::UploadsApi(CreationModule& module) : m_(module) {}

void UploadsApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    const std::string base = kBase;
    router.add({"POST", base + "/uploads", Role::Administrator, [this](auto& ctx) { uploadSheet(ctx); }});
    router.add({"POST", base + "/uploads/{id}/validate", Role::Administrator, [this](auto& ctx) { validate(ctx); }});
    router.add({"POST", base + "/media", Role::Administrator, [this](auto& ctx) { uploadImage(ctx); }});
}

void UploadsApi::uploadSheet(helpdesk::RequestContext& ctx) {
    auto form = receiveMultipart(ctx, kMaxSheetBytes, [this] { return m_.uploads().newFilePath(); });
    const ReceivedFile file = singleFile(form, validation::messages::moreThanOneFile(), validation::messages::emptyFile());
    ReportInput in;
    try {
        in.templateId = optionalId(form.fields["template_id"], "template_id", "La plantilla");
        in.departmentId = optionalId(form.fields["department_id"], "department_id", "El departamento");
        in.allowDuplicates = truthy(form.fields["allow_duplicates"]);
        in.links = linksFrom(form.fields["links"]);
    } catch (...) {
        form.discardFiles();
        throw;
    }
    const StoredUpload u = storeUpload(m_, ctx, file, kSheetUpload, "archivo", file.contentType);
    sendReport(ctx, m_, u, in, 201);
}

void UploadsApi::validate(helpdesk::RequestContext& ctx) {
    auto upload = m_.uploads().get(idParam(ctx, "ese archivo"));
    if (!upload || upload->kind != kSheetUpload || !Poco::File(upload->path).exists())
        throw helpdesk::HttpError(404, web::codes::kUploadNotFound, "El archivo subido ya no está disponible; vuelve a subirlo.");
    auto o = web::readOptionalJsonObject(ctx, kMaxJsonBody);
    ReportInput in;
    auto str = [&](const char* k) { return o->has(k) && !o->isNull(k) ? o->get(k).convert<std::string>() : std::string(); };
    in.templateId = optionalId(str("template_id"), "template_id", "La plantilla");
    in.departmentId = optionalId(str("department_id"), "department_id", "El departamento");
    in.allowDuplicates =
        o->has("allow_duplicates") && !o->isNull("allow_duplicates") && o->get("allow_duplicates").convert<bool>();
    if (o->has("links") && !o->isNull("links")) in.links = linksFrom(o->get("links"));
    sendReport(ctx, m_, *upload, in, 200);
}

void UploadsApi::uploadImage(helpdesk::RequestContext& ctx) {
    auto form = receiveMultipart(ctx, kMaxImageBytes, [this] { return m_.uploads().newFilePath(); });
    const ReceivedFile file = singleFile(form, "Selecciona una sola imagen.", "La imagen está vacía.");
    const std::string mime = imageMime(file.path);
    if (mime.empty()) {
        form.discardFiles();
        throw helpdesk::HttpError(415, web::codes::kUnsupportedImage,
                                  "La imagen debe ser PNG o JPG (.png, .jpg o .jpeg); el archivo enviado no lo es.");
    }
    const StoredUpload u = storeUpload(m_, ctx, file, kImageUpload, "imagen", mime);
    Poco::JSON::Object body;
    body.set("media_file_id", u.id);
    body.set("file_name", u.fileName);
    body.set("size", static_cast<Poco::UInt64>(u.size));
    body.set("mime", mime);
    web::sendJson(ctx, body, 201);
}

} // namespace campaigns::campaign
