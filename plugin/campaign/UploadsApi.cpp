// POST uploads (the recipients sheet and its validation report), POST uploads/{id}/validate (the
// report again with the modal's link choices), POST media (the header image).
#include "campaign/CreationModule.h"
#include "campaign/DbSession.h"
#include "web/JsonHttp.h"
#include "campaign/MultipartReceiver.h"
#include "campaign/SuppressionFilter.h"
#include "validation/SpreadsheetColumns.h"

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
        throw helpdesk::HttpError(404, "no_encontrado", std::string("No existe ") + what + ".");
    return id;
}

std::optional<long long> optionalId(const std::string& text, const char* field, const char* label) {
    if (text.empty() || text == "null" || text == "none") return std::nullopt;
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(text, id) || id <= 0)
        throw helpdesk::HttpError(400, "dato_invalido", std::string(label) + " no es válido.",
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
    case helpdesk::MetadataType::Text: return "text";
    case helpdesk::MetadataType::Paragraph: return "paragraph";
    case helpdesk::MetadataType::YesNo: return "yes_no";
    }
    return "text";
}

const char* sourceName(validation::LinkSource s) {
    switch (s) {
    case validation::LinkSource::None: return "none";
    case validation::LinkSource::Name: return "name";
    case validation::LinkSource::IntegrationKey: return "integration_key";
    case validation::LinkSource::Manual: return "manual";
    case validation::LinkSource::Dropped: return "dropped";
    }
    return "none";
}

struct ReportInput {
    std::optional<long long> templateId, departmentId;
    bool allowDuplicates = false;
    std::vector<validation::LinkOverride> links;
};

void sendReport(helpdesk::RequestContext& ctx, CreationModule& m, const StoredUpload& upload, const ReportInput& in,
                int status) {
    if (!in.templateId) {
        throw helpdesk::HttpError(400, "plantilla_requerida", "Elige la plantilla antes de subir el archivo.",
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
    const std::size_t previewRows = static_cast<std::size_t>(m.host().config().getInt("creation.background_rows", 50'000));
    validation::ValidationSummary summary;
    std::size_t skipped = 0;
    // Numbers on the suppression list of the template's WABA: reported per row, left out later.
    const std::string waba = m.creation().wabaOf(plan.tmpl.accountId);
    auto session = openSession(m.host().database());
    SuppressionFilter excluded(session, m.host().database().dialect(), waba, [](const validation::ValidRow&) {}, 1000,
                               plan.options.maxIssues);
    try {
        auto reader = m.creation().openSheet(upload);
        PreviewReader preview(*reader, previewRows);
        summary = validation::UploadValidator(plan.options).run(preview, [&](const validation::ValidRow& row) { excluded.add(row); });
        excluded.flush();
        skipped = preview.skipped();
    } catch (const uploads::FileRejected& e) {
        throw helpdesk::HttpError(422, e.code, e.what());
    }
    const std::size_t rows = summary.dataRows + skipped;
    m.uploads().setDataRows(upload.id, rows);

    Poco::JSON::Object body;
    body.set("upload_id", upload.id);
    body.set("file_name", upload.fileName);
    body.set("rows", static_cast<Poco::UInt64>(rows));
    body.set("valid_rows", static_cast<Poco::UInt64>(summary.validRows));
    body.set("unique_phones", static_cast<Poco::UInt64>(summary.uniquePhones));
    body.set("deferred", skipped > 0);
    body.set("validated_rows", static_cast<Poco::UInt64>(summary.dataRows));
    body.set("header_image_required", plan.tmpl.needsHeaderImage());
    Poco::JSON::Object columns;
    columns.set("phone", "A");
    Poco::JSON::Array parameters;
    for (const auto& p : plan.options.parameterColumns) parameters.add(p);
    columns.set("parameters", parameters);
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
    Poco::JSON::Array extra;
    for (const auto& link : summary.links) {
        Poco::JSON::Object e;
        e.set("index", static_cast<Poco::UInt64>(link.column));
        e.set("letter", validation::columnLetter(link.column));
        e.set("header", link.header);
        if (link.metadataId) e.set("metadata_id", *link.metadataId);
        else e.set("metadata_id", Poco::Dynamic::Var());
        e.set("source", sourceName(link.source));
        e.set("suggested", link.source == validation::LinkSource::Name || link.source == validation::LinkSource::IntegrationKey);
        e.set("candidates", candidates);
        extra.add(e);
    }
    columns.set("extra", extra);
    body.set("columns", columns);
    body.set("errors", Poco::JSON::Parser().parse(issuesToJson(summary.issues, summary.issues.size())));
    body.set("excluded", Poco::JSON::Parser().parse(issuesToJson(excluded.notices(), excluded.notices().size())));
    body.set("excluded_count", static_cast<Poco::UInt64>(excluded.excluded()));
    Poco::JSON::Object counts;
    for (std::size_t c = 0; c < validation::kUploadErrorCodeCount; ++c) {
        auto code = static_cast<validation::UploadErrorCode>(c);
        if (summary.count(code)) counts.set(std::string(validation::errorCodeName(code)), static_cast<Poco::UInt64>(summary.count(code)));
    }
    body.set("error_counts", counts);
    body.set("error_total", static_cast<Poco::UInt64>(summary.totalIssues));
    body.set("errors_truncated", summary.issuesTruncated);
    body.set("valid", summary.ok());
    web::sendJson(ctx, body, status);
}

bool isPng(const std::string& b) { return b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0; }
bool isJpeg(const std::string& b) { return b.size() >= 3 && b.compare(0, 3, "\xFF\xD8\xFF") == 0; }

} // namespace

void registerUploadsApi(helpdesk::Router& router, CreationModule& m) {
    router.add({"POST", std::string(kBase) + "/uploads", helpdesk::Role::Administrator, [&m](helpdesk::RequestContext& ctx) {
        auto form = receiveMultipart(ctx, kMaxSheetBytes, [&m] { return m.uploads().newFilePath(); });
        if (form.files.size() != 1 || form.files[0].size == 0) {
            const bool many = form.files.size() > 1;
            form.discardFiles();
            if (many) throw helpdesk::HttpError(400, "mas_de_un_archivo", validation::messages::moreThanOneFile());
            throw helpdesk::HttpError(400, "archivo_vacio", validation::messages::emptyFile());
        }
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
        StoredUpload u;
        u.kind = kSheetUpload;
        u.fileName = form.files[0].fileName.empty() ? "archivo" : form.files[0].fileName;
        u.path = form.files[0].path;
        u.size = form.files[0].size;
        u.mime = form.files[0].contentType;
        u.createdBy = ctx.user ? ctx.user->id : 0;
        u.id = m.uploads().add(u);
        sendReport(ctx, m, u, in, 201);
    }});

    router.add({"POST", std::string(kBase) + "/uploads/{id}/validate", helpdesk::Role::Administrator,
                [&m](helpdesk::RequestContext& ctx) {
        auto upload = m.uploads().get(idParam(ctx, "ese archivo"));
        if (!upload || upload->kind != kSheetUpload || !Poco::File(upload->path).exists())
            throw helpdesk::HttpError(404, "archivo_no_disponible", "El archivo subido ya no está disponible; vuelve a subirlo.");
        const std::string text = helpdesk::readRequestBody(ctx.request, kMaxJsonBody);
        Poco::JSON::Object::Ptr o;
        try {
            o = Poco::JSON::Parser().parse(text.empty() ? "{}" : text).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception&) {
            throw helpdesk::HttpError(400, "json_invalido", "El cuerpo de la solicitud no es un JSON válido.");
        }
        ReportInput in;
        auto str = [&](const char* k) { return o->has(k) && !o->isNull(k) ? o->get(k).convert<std::string>() : std::string(); };
        in.templateId = optionalId(str("template_id"), "template_id", "La plantilla");
        in.departmentId = optionalId(str("department_id"), "department_id", "El departamento");
        in.allowDuplicates = o->has("allow_duplicates") && !o->isNull("allow_duplicates") && o->get("allow_duplicates").convert<bool>();
        if (o->has("links") && !o->isNull("links")) in.links = linksFrom(o->get("links"));
        sendReport(ctx, m, *upload, in, 200);
    }});

    router.add({"POST", std::string(kBase) + "/media", helpdesk::Role::Administrator, [&m](helpdesk::RequestContext& ctx) {
        auto form = receiveMultipart(ctx, kMaxImageBytes, [&m] { return m.uploads().newFilePath(); });
        if (form.files.size() != 1 || form.files[0].size == 0) {
            const bool many = form.files.size() > 1;
            form.discardFiles();
            throw helpdesk::HttpError(400, many ? "mas_de_un_archivo" : "archivo_vacio",
                                      many ? "Selecciona una sola imagen." : "La imagen está vacía.");
        }
        std::string head(8, '\0');
        {
            Poco::FileInputStream in(form.files[0].path);
            in.read(head.data(), 8);
            head.resize(static_cast<std::size_t>(in.gcount()));
        }
        std::string mime = isPng(head) ? "image/png" : isJpeg(head) ? "image/jpeg" : "";
        if (mime.empty()) {
            form.discardFiles();
            throw helpdesk::HttpError(415, "imagen_no_soportada",
                                      "La imagen debe ser PNG o JPG (.png, .jpg o .jpeg); el archivo enviado no lo es.");
        }
        StoredUpload u;
        u.kind = kImageUpload;
        u.fileName = form.files[0].fileName.empty() ? "imagen" : form.files[0].fileName;
        u.path = form.files[0].path;
        u.size = form.files[0].size;
        u.mime = mime;
        u.createdBy = ctx.user ? ctx.user->id : 0;
        u.id = m.uploads().add(u);
        Poco::JSON::Object body;
        body.set("media_file_id", u.id);
        body.set("file_name", u.fileName);
        body.set("size", static_cast<Poco::UInt64>(u.size));
        body.set("mime", mime);
        web::sendJson(ctx, body, 201);
    }});
}

} // namespace campaigns::campaign
