#include "campaign/CreationModule.h"

#include "campaign/CampaignsApi.h"
#include "campaign/UploadsApi.h"
#include "campaign/ValidationPlan.h"
#include "cloudapi/CloudApiClient.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <sstream>

namespace campaigns::campaign {

namespace {
std::string readAll(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string bytes;
    Poco::StreamCopier::copyToString(in, bytes);
    return bytes;
}
} // namespace

void throwRefused(const CreationRefused& e) {
    Poco::JSON::Array details;
    for (const auto& f : e.fields) {
        Poco::JSON::Object d;
        d.set("field", f.field);
        d.set("message", f.message);
        details.add(d);
    }
    std::ostringstream out;
    if (!e.issues.empty()) {
        // Row problems follow the field problems, in the same shape as the upload report's errors.
        std::string issues = issuesToJson(e.issues, e.issues.size());
        details.stringify(out);
        std::string fields = out.str();
        std::string merged = fields.size() > 2 ? fields.substr(0, fields.size() - 1) + "," + issues.substr(1) : issues;
        throw helpdesk::HttpError(e.status, e.code, e.what(), merged);
    }
    details.stringify(out);
    throw helpdesk::HttpError(e.status, e.code, e.what(), out.str());
}

CreationModule::CreationModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, cloudapi::CloudApiClient& cloudApi,
                               web::PageTemplates& text)
    : host_(host), text_(text) {
    auto& cfg = host.config();
    uploads_ = std::make_unique<UploadStore>(host.database(), Poco::Path(host.dataDir()).append("uploads").toString());
    store_ = std::make_unique<CampaignStore>(host.database());
    CreationOptions options;
    options.backgroundRows = static_cast<std::size_t>(cfg.getInt("creation.background_rows", 50'000));
    auto uploader = [&cloudApi](const accounts::Account& a, const StoredUpload& image) {
        cloudapi::AccountEndpoint endpoint;
        endpoint.baseUrl = a.graphBaseUrl;
        endpoint.apiVersion = a.graphVersion;
        endpoint.phoneNumberId = a.phoneNumberId;
        endpoint.wabaId = a.wabaId;
        endpoint.accessToken = a.accessToken;
        try {
            return cloudApi.uploadMedia(endpoint, readAll(image.path), image.mime, image.fileName);
        } catch (const cloudapi::CloudApiError& e) {
            std::string m = "WhatsApp no aceptó la imagen de encabezado: " + std::string(e.what());
            throw CreationRefused(502, web::codes::kImageRejected, m, {{"media_file_id", m}});
        }
    };
    creation_ = std::make_unique<CampaignCreation>(host.database(), host.directory(), accounts, *uploads_, *store_, uploader,
                                                   host.logger(), options);
    background_ = std::make_unique<BackgroundValidation>(
        [this](long long id, const std::atomic<bool>& cancelled) { creation_->completeInBackground(id, cancelled); },
        host.logger());
    creation_->setDefer([this](long long id) { background_->enqueue(id); });
    idempotency_ = std::make_unique<web::IdempotentRequests>(host.database());
}

CreationModule::~CreationModule() { stop(); }

void CreationModule::start() {
    // Campaigns left validating by a stopped or crashed instance (no progress for two minutes).
    for (long long id : store_->staleValidating(2)) background_->enqueue(id);
    // Unused uploads are the retention capability's (plugin/retention, retention.unused_uploads_days).
    expiryTask_ = host_.scheduler().every("campaigns-idempotency-expiry", std::chrono::minutes(30), [this] {
        int keys = idempotency_->expire();
        if (keys) host_.logger().information("campaigns: %d idempotency keys older than 24 h removed", keys);
    });
}

void CreationModule::stop() {
    if (expiryTask_) {
        host_.scheduler().cancel(expiryTask_);
        expiryTask_ = 0;
    }
    if (background_) background_->stop();
}

void CreationModule::registerRoutes(helpdesk::Router& router) {
    router.add({"GET", "/campaigns/api/v1/creation/options", helpdesk::Role::Administrator,
                [this](auto& ctx) { creationOptions(ctx); }});
    uploadsApi_ = std::make_unique<UploadsApi>(*this);
    uploadsApi_->registerRoutes(router);
    campaignsApi_ = std::make_unique<CampaignsApi>(*this);
    campaignsApi_->registerRoutes(router);
}

// What the "Crear Campaña" form offers that no other capability serves: the host's departments.
void CreationModule::creationOptions(helpdesk::RequestContext& ctx) {
    Poco::JSON::Array departments;
    for (const auto& d : host_.directory().departments()) {
        Poco::JSON::Object o;
        o.set("id", d.id);
        o.set("name", d.name);
        departments.add(o);
    }
    Poco::JSON::Object body;
    body.set("departments", departments);
    body.set("max_wait_hours", 24);
    body.set("max_sheet_bytes", static_cast<Poco::UInt64>(kMaxSheetBytes));
    body.set("max_image_bytes", static_cast<Poco::UInt64>(kMaxImageBytes));
    web::sendJson(ctx, body);
}

} // namespace campaigns::campaign
