#include "CampaignCreation.h"

#include "DbSession.h"
#include "EntryWriter.h"
#include "ErrorCodes.h"
#include "SuppressionFilter.h"
#include "uploads-validation/ParameterRules.h"

#include <Poco/File.h>

namespace campaigns {

namespace {

CreationRefused fileErrors(const uploads::ValidationSummary& summary) {
    std::string message = "El archivo tiene " + std::to_string(summary.totalIssues) +
                          (summary.totalIssues == 1 ? " error" : " errores") +
                          "; corrígelo y vuelve a subirlo. No se creó la campaña.";
    CreationRefused refused(422, web::codes::kInvalidRows, message);
    refused.issues = summary.issues;
    refused.issueTotal = summary.totalIssues;
    return refused;
}

// The answer to the loser of two creations from one upload (and to any later reuse).
CreationRefused uploadAlreadyUsed() {
    std::string m = "Este archivo ya se usó para crear otra campaña; sube el archivo de nuevo para crear una campaña distinta.";
    return CreationRefused(409, web::codes::kUploadAlreadyUsed, m, {{"upload_id", m}});
}

} // namespace

CampaignCreation::CampaignCreation(helpdesk::Database& db, helpdesk::Directory& directory,
                                   accounts::AccountStore& accounts, UploadStore& uploads, CampaignStore& campaigns,
                                   MediaUploader mediaUploader, Poco::Logger& logger, CreationOptions options)
    : db_(db), directory_(directory), accounts_(accounts), uploads_(uploads), campaigns_(campaigns),
      mediaUploader_(std::move(mediaUploader)), logger_(logger), options_(std::move(options)) {}

std::unique_ptr<uploads::RowReader> CampaignCreation::openSheet(const StoredUpload& upload) const {
    if (options_.openReader) return options_.openReader(upload);
    return uploads::openRowReader(upload.path, upload.fileName);
}

void CampaignCreation::checkRequest(const CreationRequest& r, std::vector<FieldProblem>& problems) const {
    std::string_view name = uploads::trimCell(r.name);
    if (name.empty()) problems.push_back({"name", "Escribe el nombre de la campaña."});
    else if (uploads::utf8Length(name) > options_.maxNameChars)
        problems.push_back({"name", "El nombre de la campaña admite hasta " + std::to_string(options_.maxNameChars) + " caracteres."});
    if (r.waitHours < 0 || r.waitHours > 24)
        problems.push_back({"wait_hours", "El tiempo de espera debe estar entre 0 y 24 horas."});
    if (!r.consent)
        problems.push_back({"consent", "Debes confirmar que los destinatarios dieron su consentimiento."});
    if (r.accountId <= 0) problems.push_back({"account_id", "Elige la cuenta de origen."});
    if (r.templateId <= 0) problems.push_back({"template_id", "Elige la plantilla HSM."});
    if (r.uploadId <= 0) problems.push_back({"upload_id", "Sube el archivo con los destinatarios."});
}

CreationResult CampaignCreation::create(const CreationRequest& r) {
    std::vector<FieldProblem> problems;
    checkRequest(r, problems);
    if (!problems.empty()) throw CreationRefused(422, web::codes::kValidationFailed, problems.front().message, problems);

    auto account = accounts_.get(r.accountId);
    if (!account) throw CreationRefused(422, web::codes::kAccountNotFound, "La cuenta de origen no existe.", {{"account_id", "La cuenta de origen no existe."}});
    if (!account->enabled)
        throw CreationRefused(422, web::codes::kAccountDisabled, "La cuenta de origen está deshabilitada.", {{"account_id", "La cuenta de origen está deshabilitada."}});
    if (account->needsCredentials()) {
        std::string m = "La cuenta de origen requiere credenciales: vuelve a escribir sus secretos en Cuentas de Origen.";
        throw CreationRefused(422, web::codes::kNeedsCredentials, m, {{"account_id", m}});
    }

    auto sheet = uploads_.get(r.uploadId);
    if (!sheet || sheet->kind != kSheetUpload || !Poco::File(sheet->path).exists()) {
        std::string m = "El archivo subido ya no está disponible; vuelve a subirlo.";
        throw CreationRefused(422, web::codes::kUploadNotFound, m, {{"upload_id", m}});
    }
    // An early answer only: the claim inside the creation transaction is what decides.
    if (sheet->campaignId) throw uploadAlreadyUsed();

    ValidationPlan plan = [&] {
        auto s = openSession(db_);
        return makeValidationPlan(s, directory_, r.templateId, r.departmentId, r.allowDuplicates, r.links);
    }();
    if (plan.tmpl.accountId != r.accountId) {
        std::string m = "La plantilla elegida no pertenece a la cuenta de origen.";
        throw CreationRefused(422, web::codes::kTemplateAccountMismatch, m, {{"template_id", m}});
    }

    if (r.includeSuppressedForUtility && plan.tmpl.model.category != "UTILITY") {
        std::string m = "Solo una plantilla de utilidad (UTILITY) puede enviarse a números de la lista de exclusión; "
                        "«" + plan.tmpl.model.name + "» es " + plan.tmpl.model.category + ".";
        throw CreationRefused(422, web::codes::kSuppressedOnlyForUtility, m, {{"include_suppressed_for_utility", m}});
    }

    NewCampaign c;
    c.name = std::string(uploads::trimCell(r.name));
    c.includeSuppressedForUtility = r.includeSuppressedForUtility;
    c.accountId = r.accountId;
    c.templateId = r.templateId;
    c.departmentId = r.departmentId;
    c.expectsResponse = r.expectsResponse;
    c.waitHours = r.expectsResponse ? r.waitHours : 0;
    c.allowDuplicates = r.allowDuplicates;
    c.fileName = sheet->fileName;
    c.metadataLinksJson = linksToJson(r.links);
    c.createdBy = r.userId;
    c.createdByName = r.userName;
    c.rowsTotal = sheet->dataRows;

    std::optional<StoredUpload> image;
    if (plan.tmpl.needsHeaderImage()) {
        if (!r.mediaFileId) {
            std::string m = "La plantilla «" + plan.tmpl.model.name + "» lleva una imagen de encabezado: sube una imagen PNG o JPG.";
            throw CreationRefused(422, web::codes::kImageRequired, m, {{"media_file_id", m}});
        }
        image = uploads_.get(*r.mediaFileId);
        if (!image || image->kind != kImageUpload || !Poco::File(image->path).exists()) {
            std::string m = "La imagen subida ya no está disponible; vuelve a subirla.";
            throw CreationRefused(422, web::codes::kImageNotFound, m, {{"media_file_id", m}});
        }
        // Before any transaction: a network call must not hold database locks.
        c.headerMediaId = mediaUploader_(*account, *image);
        c.headerImageFile = image->path;
    }

    if (sheet->dataRows <= options_.backgroundRows) {
        CreationResult result;
        try {
            result = storeSmall(std::move(c), r, plan, *sheet);
        } catch (const uploads::FileRejected& e) {
            throw CreationRefused(422, e.code, e.what(), {{"upload_id", e.what()}});
        }
        if (image) {
            auto s = openSession(db_);
            uploads_.attach(s, image->id, result.campaignId);
        }
        return result;
    }

    c.state = CampaignState::Validating;
    long long id = 0;
    {
        auto s = openSession(db_);
        Transaction tx(s);
        id = campaigns_.insert(s, c);
        if (!uploads_.claim(s, sheet->id, id)) {
            tx.rollback();
            logger_.warning("campaigns: upload %s already used by another campaign; creation by user %s refused",
                            std::to_string(sheet->id), std::to_string(r.userId));
            throw uploadAlreadyUsed();
        }
        if (image) uploads_.attach(s, image->id, id);
        tx.commit();
    }
    logger_.information("campaigns: campaign %s created as validating (%z rows, account %s), validating in background",
                        std::to_string(id), sheet->dataRows, std::to_string(r.accountId));
    if (defer_) defer_(id);
    return {id, CampaignState::Validating, 0, 0};
}

CreationResult CampaignCreation::storeSmall(NewCampaign c, const CreationRequest& r, ValidationPlan& plan,
                                            const StoredUpload& sheet) {
    auto reader = openSheet(sheet);
    uploads::UploadValidator validator(plan.options);
    // Read before the write transaction starts; none when the campaign may reach suppressed numbers.
    const std::string waba = r.includeSuppressedForUtility ? std::string() : wabaOf(r.accountId);
    auto s = openSession(db_);
    Transaction tx(s);
    c.state = CampaignState::Validating;
    const long long id = campaigns_.insert(s, c);
    // Claimed first, so a concurrent creation from the same upload waits here (MariaDB row lock;
    // SQLite's BEGIN IMMEDIATE already serialises writers) and then finds it taken, before
    // either writes a single entry.
    if (!uploads_.claim(s, sheet.id, id)) {
        tx.rollback();
        logger_.warning("campaigns: upload %s already used by another campaign; creation by user %s refused",
                        std::to_string(sheet.id), std::to_string(r.userId));
        throw uploadAlreadyUsed();
    }
    EntryWriter writer(s, db_.dialect(), id);
    SuppressionFilter filter(s, db_.dialect(), waba, [&](const uploads::ValidRow& row) { writer.add(row); },
                             1000, options_.storedIssues);
    auto summary = validator.run(*reader, [&](const uploads::ValidRow& row) { filter.add(row); });
    if (!summary.ok()) {
        tx.rollback();
        throw fileErrors(summary);
    }
    filter.flush();
    writer.flush();
    campaigns_.markLoaded(s, id, writer.written(), summary.uniquePhones - filter.excludedPhones());
    recordExcluded(s, id, filter);
    tx.commit();
    logger_.information("campaigns: campaign %s loaded with %z entries (account %s, template %s, by user %s)",
                        std::to_string(id), writer.written(), std::to_string(r.accountId), std::to_string(r.templateId),
                        std::to_string(r.userId));
    return {id, CampaignState::Loaded, writer.written(), summary.uniquePhones};
}

std::string CampaignCreation::wabaOf(long long accountId) const {
    auto account = accounts_.get(accountId);
    return account ? account->wabaId : std::string();
}

void CampaignCreation::recordExcluded(Poco::Data::Session& s, long long campaignId, const SuppressionFilter& filter) {
    if (filter.excluded() == 0) return;
    campaigns_.setExcluded(s, campaignId, filter.excluded(), issuesToJson(filter.notices(), options_.storedIssues));
    logger_.information("campaigns: campaign %s: %z rows left out, their numbers are on the suppression list",
                        std::to_string(campaignId), filter.excluded());
}

void CampaignCreation::completeInBackground(long long campaignId, const std::atomic<bool>& cancelled) {
    auto campaign = campaigns_.get(campaignId);
    if (!campaign || campaign->state != CampaignState::Validating) return;
    // A previous run may have stopped halfway: start from a clean slate.
    campaigns_.deleteEntries(campaignId);

    auto fail = [&](std::size_t count, const std::string& errorsJson) {
        campaigns_.deleteEntries(campaignId);
        auto s = openSession(db_);
        Transaction tx(s);
        campaigns_.markInvalid(s, campaignId, count, errorsJson);
        tx.commit();
    };
    auto sheet = uploads_.findByCampaign(campaignId, kSheetUpload);
    if (!sheet || !Poco::File(sheet->path).exists()) {
        uploads::UploadIssue issue;
        issue.code = uploads::UploadErrorCode::ArchivoVacio;
        issue.message = "El archivo de la campaña ya no está disponible; crea la campaña de nuevo.";
        fail(1, issuesToJson({issue}, 1));
        logger_.error("campaigns: campaign %s: its file is gone; marked invalid", std::to_string(campaignId));
        return;
    }

    ValidationPlan plan;
    try {
        auto s = openSession(db_);
        plan = makeValidationPlan(s, directory_, campaign->templateId, campaign->departmentId, campaign->allowDuplicates,
                                  linksFromJson(campaign->metadataLinksJson));
    } catch (const CreationRefused& e) {
        uploads::UploadIssue issue;
        issue.code = uploads::UploadErrorCode::ArchivoVacio;
        issue.message = e.what();
        fail(1, issuesToJson({issue}, 1));
        logger_.warning("campaigns: campaign %s invalid before validation: %s", std::to_string(campaignId), std::string(e.what()));
        return;
    }
    plan.options.maxIssues = options_.storedIssues;
    plan.options.progressEvery = options_.chunkRows;

    uploads::ValidationSummary summary;
    std::size_t written = 0;
    bool stopped = false;
    try {
        auto reader = openSheet(*sheet);
        uploads::UploadValidator validator(plan.options);
        const std::string waba = campaign->includeSuppressedForUtility ? std::string() : wabaOf(campaign->accountId);
        auto s = openSession(db_);
        auto tx = std::make_unique<Transaction>(s);
        auto writer = std::make_unique<EntryWriter>(s, db_.dialect(), campaignId);
        SuppressionFilter filter(s, db_.dialect(), waba,
                                 [&](const uploads::ValidRow& row) { writer->add(row); }, 1000, options_.storedIssues);
        bool failing = false;
        std::size_t valid = 0;
        summary = validator.run(
            *reader,
            [&](const uploads::ValidRow& row) {
                ++valid;
                if (!failing) filter.add(row);
            },
            [&](std::size_t rows, std::uint64_t, std::uint64_t) {
                if (cancelled.load()) throw std::runtime_error("cancelled");
                // Once a row failed, the campaign will be invalid: stop storing, keep counting.
                if (valid != rows) failing = true;
                if (!failing) {
                    filter.flush();
                    writer->flush();
                }
                campaigns_.setProgress(s, campaignId, rows);
                tx->commit();
                tx = std::make_unique<Transaction>(s);
            });
        if (!summary.ok()) {
            tx->rollback();
        } else {
            filter.flush();
            writer->flush();
            written = writer->written();
            campaigns_.markLoaded(s, campaignId, written, summary.uniquePhones - filter.excludedPhones());
            recordExcluded(s, campaignId, filter);
            tx->commit();
        }
    } catch (const uploads::FileRejected& e) {
        uploads::UploadIssue issue;
        issue.code = uploads::UploadErrorCode::ArchivoVacio;
        issue.message = e.what();
        fail(1, issuesToJson({issue}, 1));
        logger_.warning("campaigns: campaign %s invalid: file rejected (%s)", std::to_string(campaignId), e.code);
        return;
    } catch (const std::runtime_error& e) {
        if (!cancelled.load()) throw;
        stopped = true;
    }
    if (stopped) {
        logger_.information("campaigns: campaign %s: background validation interrupted by stop; resumes later",
                            std::to_string(campaignId));
        return;
    }
    if (!summary.ok()) {
        fail(summary.totalIssues, issuesToJson(summary.issues, options_.storedIssues));
        logger_.information("campaigns: campaign %s invalid: %z errors in %z rows", std::to_string(campaignId), summary.totalIssues,
                            summary.dataRows);
        return;
    }
    logger_.information("campaigns: campaign %s loaded in background with %z entries", std::to_string(campaignId), written);
}

} // namespace campaigns
