#include "campaign/CampaignCreation.h"

#include "campaign/DbSession.h"
#include "campaign/EntryWriter.h"
#include "campaign/SuppressionFilter.h"
#include "validation/ParameterRules.h"
#include "web/ErrorCodes.h"

#include <Poco/File.h>

namespace campaigns::campaign {

namespace {

CreationRefused fileErrors(const validation::ValidationSummary& summary) {
    std::string message = "El archivo tiene " + std::to_string(summary.totalIssues) +
                          (summary.totalIssues == 1 ? " error" : " errores") +
                          "; corrígelo y vuelve a subirlo. No se creó la campaña.";
    CreationRefused refused(422, "archivo_con_errores", message);
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

CampaignCreation::CampaignCreation(helpdesk::Database& db, helpdesk::Directory& directory, accounts::AccountStore& accounts,
                                   UploadStore& uploads, CampaignStore& campaigns, MediaUploader mediaUploader,
                                   Poco::Logger& logger, CreationOptions options)
    : db_(db),
      directory_(directory),
      accounts_(accounts),
      uploads_(uploads),
      campaigns_(campaigns),
      mediaUploader_(std::move(mediaUploader)),
      logger_(logger),
      options_(std::move(options)) {}

std::unique_ptr<uploads::RowReader> CampaignCreation::openSheet(const StoredUpload& upload) const {
    if (options_.openReader) return options_.openReader(upload);
    return uploads::openRowReader(upload.path, upload.fileName);
}

void CampaignCreation::checkRequest(const CreationRequest& r, std::vector<FieldProblem>& problems) const {
    std::string_view name = validation::trimCell(r.name);
    if (name.empty())
        problems.push_back({"name", "Escribe el nombre de la campaña."});
    else if (validation::utf8Length(name) > options_.maxNameChars)
        problems.push_back(
            {"name", "El nombre de la campaña admite hasta " + std::to_string(options_.maxNameChars) + " caracteres."});
    if (r.waitHours < 0 || r.waitHours > 24)
        problems.push_back({"wait_hours", "El tiempo de espera debe estar entre 0 y 24 horas."});
    if (!r.consent) problems.push_back({"consent", "Debes confirmar que los destinatarios dieron su consentimiento."});
    if (r.accountId <= 0) problems.push_back({"account_id", "Elige la cuenta de origen."});
    if (r.templateId <= 0) problems.push_back({"template_id", "Elige la plantilla HSM."});
    if (r.uploadId <= 0) problems.push_back({"upload_id", "Sube el archivo con los destinatarios."});
}

accounts::Account CampaignCreation::usableAccount(long long accountId) const {
    auto account = accounts_.get(accountId);
    if (!account)
        throw CreationRefused(422, web::codes::kAccountNotFound, "La cuenta de origen no existe.",
                              {{"account_id", "La cuenta de origen no existe."}});
    if (!account->enabled)
        throw CreationRefused(422, web::codes::kAccountDisabled, "La cuenta de origen está deshabilitada.",
                              {{"account_id", "La cuenta de origen está deshabilitada."}});
    if (account->needsCredentials()) {
        std::string m = "La cuenta de origen requiere credenciales: vuelve a escribir sus secretos en Cuentas de Origen.";
        throw CreationRefused(422, web::codes::kNeedsCredentials, m, {{"account_id", m}});
    }
    return *account;
}

StoredUpload CampaignCreation::availableSheet(long long uploadId) const {
    auto sheet = uploads_.get(uploadId);
    if (!sheet || sheet->kind != kSheetUpload || !Poco::File(sheet->path).exists()) {
        std::string m = "El archivo subido ya no está disponible; vuelve a subirlo.";
        throw CreationRefused(422, web::codes::kUploadNotFound, m, {{"upload_id", m}});
    }
    // An early answer only: the claim inside the creation transaction is what decides.
    if (sheet->campaignId) throw uploadAlreadyUsed();
    return *sheet;
}

ValidationPlan CampaignCreation::planFor(const CreationRequest& r) const {
    ValidationPlan plan = [&] {
        auto s = openSession(db_);
        return makeValidationPlan(s, directory_, r.templateId, r.departmentId, r.allowDuplicates, r.links);
    }();
    if (plan.tmpl.accountId != r.accountId) {
        std::string m = "La plantilla elegida no pertenece a la cuenta de origen.";
        throw CreationRefused(422, web::codes::kTemplateAccountMismatch, m, {{"template_id", m}});
    }

    if (r.includeSuppressedForUtility && plan.tmpl.model.category != "UTILITY") {
        std::string m =
            "Solo una plantilla de utilidad (UTILITY) puede enviarse a números de la lista de exclusión; "
            "«" +
            plan.tmpl.model.name + "» es " + plan.tmpl.model.category + ".";
        throw CreationRefused(422, web::codes::kSuppressedOnlyForUtility, m, {{"include_suppressed_for_utility", m}});
    }
    return plan;
}

NewCampaign CampaignCreation::newCampaign(const CreationRequest& r, const StoredUpload& sheet) {
    NewCampaign c;
    c.name = std::string(validation::trimCell(r.name));
    c.includeSuppressedForUtility = r.includeSuppressedForUtility;
    c.frequencyCapAction = r.frequencyCapAction;
    c.accountId = r.accountId;
    c.templateId = r.templateId;
    c.departmentId = r.departmentId;
    c.expectsResponse = r.expectsResponse;
    c.waitHours = r.expectsResponse ? r.waitHours : 0;
    c.allowDuplicates = r.allowDuplicates;
    c.fileName = sheet.fileName;
    c.metadataLinksJson = linksToJson(r.links);
    c.createdBy = r.userId;
    c.createdByName = r.userName;
    c.rowsTotal = sheet.dataRows;
    return c;
}

std::optional<StoredUpload> CampaignCreation::uploadHeaderImage(const CreationRequest& r, const ValidationPlan& plan,
                                                                const accounts::Account& account, NewCampaign& c) {
    if (!plan.tmpl.needsHeaderImage()) return std::nullopt;
    if (!r.mediaFileId) {
        std::string m = "La plantilla «" + plan.tmpl.model.name + "» lleva una imagen de encabezado: sube una imagen PNG o JPG.";
        throw CreationRefused(422, web::codes::kImageRequired, m, {{"media_file_id", m}});
    }
    auto image = uploads_.get(*r.mediaFileId);
    if (!image || image->kind != kImageUpload || !Poco::File(image->path).exists()) {
        std::string m = "La imagen subida ya no está disponible; vuelve a subirla.";
        throw CreationRefused(422, web::codes::kImageNotFound, m, {{"media_file_id", m}});
    }
    // Before any transaction: a network call must not hold database locks.
    c.headerMediaId = mediaUploader_(account, *image);
    c.headerImageFile = image->path;
    return image;
}

CreationResult CampaignCreation::create(const CreationRequest& r) {
    std::vector<FieldProblem> problems;
    checkRequest(r, problems);
    if (!problems.empty()) throw CreationRefused(422, web::codes::kValidationFailed, problems.front().message, problems);

    const accounts::Account account = usableAccount(r.accountId);
    const StoredUpload sheet = availableSheet(r.uploadId);
    ValidationPlan plan = planFor(r);
    NewCampaign c = newCampaign(r, sheet);
    const std::optional<StoredUpload> image = uploadHeaderImage(r, plan, account, c);

    if (sheet.dataRows <= options_.backgroundRows) {
        CreationResult result;
        try {
            result = storeSmall(std::move(c), r, plan, sheet);
        } catch (const uploads::FileRejected& e) {
            throw CreationRefused(422, e.code, e.what(), {{"upload_id", e.what()}});
        }
        if (image) {
            auto s = openSession(db_);
            uploads_.attach(s, image->id, result.campaignId);
        }
        return result;
    }
    return storeForBackground(std::move(c), r, sheet, image);
}

CreationResult CampaignCreation::storeForBackground(NewCampaign c, const CreationRequest& r, const StoredUpload& sheet,
                                                    const std::optional<StoredUpload>& image) {
    c.state = CampaignState::Validating;
    long long id = 0;
    {
        auto s = openSession(db_);
        Transaction tx(s);
        id = campaigns_.insert(s, c);
        if (!uploads_.claim(s, sheet.id, id)) {
            tx.rollback();
            logger_.warning("campaigns: upload %s already used by another campaign; creation by user %s refused",
                            std::to_string(sheet.id), std::to_string(r.userId));
            throw uploadAlreadyUsed();
        }
        if (image) uploads_.attach(s, image->id, id);
        tx.commit();
    }
    logger_.information("campaigns: campaign %s created as validating (%z rows, account %s), validating in background",
                        std::to_string(id), sheet.dataRows, std::to_string(r.accountId));
    if (defer_) defer_(id);
    return {id, CampaignState::Validating, 0, 0};
}

CreationResult CampaignCreation::storeSmall(NewCampaign c, const CreationRequest& r, ValidationPlan& plan,
                                            const StoredUpload& sheet) {
    auto reader = openSheet(sheet);
    validation::UploadValidator validator(plan.options);
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
    SuppressionFilter filter(
        s, db_.dialect(), waba, [&](const validation::ValidRow& row) { writer.add(row); }, 1000, options_.storedIssues);
    auto summary = validator.run(*reader, [&](const validation::ValidRow& row) { filter.add(row); });
    if (!summary.ok()) {
        tx.rollback();
        throw fileErrors(summary);
    }
    filter.flush();
    writer.flush();
    campaigns_.markLoaded(s, id, writer.written(), summary.uniquePhones - filter.excludedPhones());
    recordExcluded(s, id, filter);
    tx.commit();
    logger_.information("campaigns: campaign %s loaded with %z entries (account %s, template %s, by user %s)", std::to_string(id),
                        writer.written(), std::to_string(r.accountId), std::to_string(r.templateId), std::to_string(r.userId));
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

void CampaignCreation::markInvalid(long long campaignId, std::size_t count, const std::string& errorsJson) {
    campaigns_.deleteEntries(campaignId);
    auto s = openSession(db_);
    Transaction tx(s);
    campaigns_.markInvalid(s, campaignId, count, errorsJson);
    tx.commit();
}

void CampaignCreation::markInvalid(long long campaignId, const std::string& why) {
    validation::UploadIssue issue;
    issue.code = validation::UploadErrorCode::ArchivoVacio;
    issue.message = why;
    markInvalid(campaignId, 1, issuesToJson({issue}, 1));
}

std::optional<ValidationPlan> CampaignCreation::backgroundPlan(const CampaignRecord& campaign) {
    ValidationPlan plan;
    try {
        auto s = openSession(db_);
        plan = makeValidationPlan(s, directory_, campaign.templateId, campaign.departmentId, campaign.allowDuplicates,
                                  linksFromJson(campaign.metadataLinksJson));
    } catch (const CreationRefused& e) {
        markInvalid(campaign.id, e.what());
        logger_.warning("campaigns: campaign %s invalid before validation: %s", std::to_string(campaign.id),
                        std::string(e.what()));
        return std::nullopt;
    }
    plan.options.maxIssues = options_.storedIssues;
    plan.options.progressEvery = options_.chunkRows;
    return plan;
}

// Validates and stores the sheet in chunks, each committed with the campaign's progress; throws
// std::runtime_error("cancelled") when `cancelled` is set between chunks.
CampaignCreation::BackgroundOutcome CampaignCreation::validateAndStore(const CampaignRecord& campaign, const StoredUpload& sheet,
                                                                       ValidationPlan& plan, const std::atomic<bool>& cancelled) {
    const long long campaignId = campaign.id;
    BackgroundOutcome outcome;
    auto reader = openSheet(sheet);
    validation::UploadValidator validator(plan.options);
    const std::string waba = campaign.includeSuppressedForUtility ? std::string() : wabaOf(campaign.accountId);
    auto s = openSession(db_);
    auto tx = std::make_unique<Transaction>(s);
    auto writer = std::make_unique<EntryWriter>(s, db_.dialect(), campaignId);
    SuppressionFilter filter(
        s, db_.dialect(), waba, [&](const validation::ValidRow& row) { writer->add(row); }, 1000, options_.storedIssues);
    bool failing = false;
    std::size_t valid = 0;
    outcome.summary = validator.run(
        *reader,
        [&](const validation::ValidRow& row) {
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
    if (!outcome.summary.ok()) {
        tx->rollback();
        return outcome;
    }
    filter.flush();
    writer->flush();
    outcome.written = writer->written();
    campaigns_.markLoaded(s, campaignId, outcome.written, outcome.summary.uniquePhones - filter.excludedPhones());
    recordExcluded(s, campaignId, filter);
    tx->commit();
    return outcome;
}

void CampaignCreation::completeInBackground(long long campaignId, const std::atomic<bool>& cancelled) {
    auto campaign = campaigns_.get(campaignId);
    if (!campaign || campaign->state != CampaignState::Validating) return;
    // A previous run may have stopped halfway: start from a clean slate.
    campaigns_.deleteEntries(campaignId);

    auto sheet = uploads_.findByCampaign(campaignId, kSheetUpload);
    if (!sheet || !Poco::File(sheet->path).exists()) {
        markInvalid(campaignId, "El archivo de la campaña ya no está disponible; crea la campaña de nuevo.");
        logger_.error("campaigns: campaign %s: its file is gone; marked invalid", std::to_string(campaignId));
        return;
    }
    auto plan = backgroundPlan(*campaign);
    if (!plan) return;

    BackgroundOutcome outcome;
    try {
        outcome = validateAndStore(*campaign, *sheet, *plan, cancelled);
    } catch (const uploads::FileRejected& e) {
        markInvalid(campaignId, e.what());
        logger_.warning("campaigns: campaign %s invalid: file rejected (%s)", std::to_string(campaignId), e.code);
        return;
    } catch (const std::runtime_error& e) {
        if (!cancelled.load()) throw;
        logger_.information("campaigns: campaign %s: background validation interrupted by stop; resumes later",
                            std::to_string(campaignId));
        return;
    }
    const auto& summary = outcome.summary;
    if (!summary.ok()) {
        markInvalid(campaignId, summary.totalIssues, issuesToJson(summary.issues, options_.storedIssues));
        logger_.information("campaigns: campaign %s invalid: %z errors in %z rows", std::to_string(campaignId),
                            summary.totalIssues, summary.dataRows);
        return;
    }
    logger_.information("campaigns: campaign %s loaded in background with %z entries", std::to_string(campaignId),
                        outcome.written);
}

} // namespace campaigns::campaign
