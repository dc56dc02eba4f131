#pragma once
#include "accounts/Account.h"
#include "accounts/SecretBox.h"

#include <helpdesk/Database.h>

#include <optional>
#include <vector>

namespace campaigns::accounts {

// Source accounts in the plugin's tables. Secrets are sealed on the way in and opened only for
// `get` (used by the client and the webhook receiver), never for listing.
class AccountStore {
public:
    AccountStore(helpdesk::Database& db, const SecretBox& box);

    // Throws std::invalid_argument with a Spanish message for a repeated phone-number id.
    long long create(const Account& a);
    std::vector<AccountView> list();
    std::optional<AccountView> view(long long id);
    // An account whose secrets cannot be opened comes back with needsCredentials() and empty
    // secrets instead of throwing, so one such account never stops the others.
    std::optional<Account> get(long long id);
    std::optional<Account> findByPhoneNumberId(const std::string& phoneNumberId);
    // Enabled accounts whose secrets open; the enabled ones that need credentials go to
    // `needingCredentials` when given, for the caller to log.
    std::vector<Account> enabledAccounts(std::vector<Account>* needingCredentials = nullptr);
    // Applies the patch; returns false when the account does not exist. A new phone-number id
    // forgets the recorded display number.
    bool update(long long id, const AccountPatch& patch);
    // Records the number Meta displays for the account (kept as digits): what
    // phone_number_quality_update webhooks name the number by. The connection test calls it.
    void recordDisplayPhoneNumber(long long id, const std::string& displayPhoneNumber);

private:
    helpdesk::Database& db_;
    const SecretBox& box_;
};

} // namespace campaigns::accounts
