#include "templates/TemplateSync.h"

#include "accounts/AccountJson.h"

#include <stdexcept>

namespace campaigns::templates {

TemplateSync::TemplateSync(accounts::AccountStore& accounts, cloudapi::CloudApiClient& client, TemplateStore& store,
                           Poco::Logger& log, int pageSize)
    : accounts_(accounts), client_(client), store_(store), log_(log), pageSize_(pageSize) {}

SyncReport TemplateSync::syncAccount(long long accountId) {
    auto account = accounts_.get(accountId);
    if (!account) throw std::out_of_range("No existe la cuenta de origen " + std::to_string(accountId) + ".");
    if (account->needsCredentials())
        throw std::invalid_argument(
            "La cuenta de origen " + account->displayName +
            " requiere credenciales: vuelve a escribir su token de acceso, clave secreta y token de verificación.");
    std::lock_guard lock(running_);
    const auto listing = client_.listTemplates(accounts::endpointOf(*account), pageSize_);
    SyncReport report;
    report.accountId = accountId;
    report.pages = listing.pages;
    report.listed = listing.templates.size();
    report.counts = store_.applySync(accountId, listing.templates, listing.skipped);
    const auto& c = report.counts;
    log_.information(
        "campaigns: templates of account %s (WABA %s) synced: %z listed in %d pages, %d added, "
        "%d updated, %d unchanged, %d no longer listed, %z skipped",
        std::to_string(accountId), account->wabaId, report.listed, report.pages, c.added, c.updated, c.unchanged, c.removed,
        c.skipped.size());
    for (const auto& why : c.skipped) log_.warning("campaigns: account %s template skipped: %s", std::to_string(accountId), why);
    return report;
}

std::size_t TemplateSync::syncAll() {
    std::size_t failed = 0;
    std::vector<accounts::Account> needingCredentials;
    const auto usable = accounts_.enabledAccounts(&needingCredentials);
    for (const auto& a : needingCredentials) {
        ++failed;
        log_.warning("campaigns: template sync skips account %s: requiere credenciales (%s)", std::to_string(a.id),
                     a.secretsProblem);
    }
    for (const auto& account : usable) {
        try {
            syncAccount(account.id);
        } catch (const cloudapi::CloudApiError& e) {
            ++failed;
            log_.error("campaigns: template sync of account %s failed: %s (HTTP %d)", std::to_string(account.id),
                       e.outcome().reason(), e.httpStatus());
        } catch (const Poco::Exception& e) {
            ++failed;
            log_.error("campaigns: template sync of account %s failed: %s", std::to_string(account.id), e.displayText());
        }
    }
    return failed;
}

} // namespace campaigns::templates
