#pragma once
#include <optional>
#include <string>
#include <vector>

namespace campaigns::accounts {

// A source account ("Cuenta de Origen") with its secrets in clear: only ever held in memory, for
// the client and the webhook receiver. The API shows AccountView instead.
struct Account {
    long long id = 0;
    std::string displayName;
    std::string phoneNumberId;
    std::string wabaId;
    std::string accessToken;
    std::string appSecret;
    std::string verifyToken;
    std::string graphBaseUrl = "https://graph.facebook.com";
    std::string graphVersion = "v23.0";
    int throughputPerSecond = 80; // Meta's default per number; up to 1,000
    std::string dailyLimitTier = "TIER_1K";
    // Frequency cap (campaign/FrequencyCap.h): at most this many MARKETING templates to one number
    // per 24 hours, over every campaign of the WABA; 0 = no cap. 1 keeps well inside WhatsApp's
    // per-user marketing limit (going over it fails with 131049).
    int frequencyCapPerDay = 1;
    bool enabled = true;
    // Department of the tickets that messages matched to no campaign open; 0 = "Sin departamento".
    long long inboundDepartmentId = 0;
    // Why the stored secrets could not be opened (a retired key id no longer configured, an
    // altered value); empty when they opened. Such an account "requiere credenciales": its
    // secrets are left empty, nothing is sent or verified with it, and an administrator must type
    // them again. Never holds secret material.
    std::string secretsProblem;
    bool needsCredentials() const { return !secretsProblem.empty(); }
};

// What an administrator may see: secrets reduced to their last four characters.
struct AccountView {
    long long id = 0;
    std::string displayName, phoneNumberId, wabaId;
    std::string accessTokenLast4, appSecretLast4, verifyTokenLast4;
    std::string graphBaseUrl, graphVersion;
    int throughputPerSecond = 80;
    std::string dailyLimitTier;
    int frequencyCapPerDay = 1;
    bool enabled = true;
    long long inboundDepartmentId = 0;
    bool needsCredentials = false; // a sealed secret cannot be opened: "Requiere credenciales"
    std::string createdAt, updatedAt;
};

// Fields an edit may change; an absent secret keeps the stored one (secrets are write-only).
struct AccountPatch {
    std::optional<std::string> displayName, phoneNumberId, wabaId;
    std::optional<std::string> accessToken, appSecret, verifyToken;
    std::optional<std::string> graphBaseUrl, graphVersion;
    std::optional<int> throughputPerSecond;
    std::optional<std::string> dailyLimitTier;
    std::optional<int> frequencyCapPerDay;
    std::optional<bool> enabled;
    std::optional<long long> inboundDepartmentId;
};

// The highest frequency cap an account may set (marketing templates per number per 24 hours).
inline constexpr int kMaxFrequencyCapPerDay = 10;

// The account as it reads after an edit: absent fields keep their stored value.
Account applyPatch(Account a, const AccountPatch& patch);

// Unique recipients a tier allows per moving 24 h (0 = unlimited).
long long dailyLimitOf(const std::string& tier);

// Checks a new or edited account; returns Spanish messages keyed by field name (empty = valid).
struct FieldError {
    std::string field, message;
};
std::vector<FieldError> validateAccount(const Account& a);

} // namespace campaigns::accounts
