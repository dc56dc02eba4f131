#include "accounts/Account.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace campaigns::accounts {

long long dailyLimitOf(const std::string& tier) {
    static const std::map<std::string, long long> tiers = {{"TIER_50", 50},   {"TIER_250", 250},    {"TIER_1K", 1000},
                                                           {"TIER_2K", 2000}, {"TIER_10K", 10000},  {"TIER_100K", 100000},
                                                           {"UNLIMITED", 0},  {"TIER_UNLIMITED", 0}};
    auto it = tiers.find(tier);
    return it == tiers.end() ? -1 : it->second;
}

Account applyPatch(Account a, const AccountPatch& p) {
    if (p.displayName) a.displayName = *p.displayName;
    if (p.phoneNumberId) a.phoneNumberId = *p.phoneNumberId;
    if (p.wabaId) a.wabaId = *p.wabaId;
    if (p.accessToken) a.accessToken = *p.accessToken;
    if (p.appSecret) a.appSecret = *p.appSecret;
    if (p.verifyToken) a.verifyToken = *p.verifyToken;
    if (p.graphBaseUrl) a.graphBaseUrl = *p.graphBaseUrl;
    if (p.graphVersion) a.graphVersion = *p.graphVersion;
    if (p.throughputPerSecond) a.throughputPerSecond = *p.throughputPerSecond;
    if (p.dailyLimitTier) a.dailyLimitTier = *p.dailyLimitTier;
    if (p.frequencyCapPerDay) a.frequencyCapPerDay = *p.frequencyCapPerDay;
    if (p.enabled) a.enabled = *p.enabled;
    if (p.inboundDepartmentId) a.inboundDepartmentId = *p.inboundDepartmentId;
    return a;
}

namespace {
bool digitsOnly(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
} // namespace

std::vector<FieldError> validateAccount(const Account& a) {
    std::vector<FieldError> errors;
    if (a.displayName.empty()) errors.push_back({"displayName", "Escribe un nombre para la cuenta."});
    if (!digitsOnly(a.phoneNumberId))
        errors.push_back({"phoneNumberId", "El identificador del número (phone-number id) debe tener solo dígitos."});
    if (!digitsOnly(a.wabaId))
        errors.push_back({"wabaId", "El identificador de la cuenta de WhatsApp Business (WABA id) debe tener solo dígitos."});
    if (a.accessToken.size() < 8) errors.push_back({"accessToken", "Pega el token de acceso de la cuenta."});
    if (a.appSecret.size() < 8) errors.push_back({"appSecret", "Pega la clave secreta de la app (app secret)."});
    if (a.verifyToken.size() < 8)
        errors.push_back({"verifyToken", "El token de verificación del webhook debe tener al menos 8 caracteres."});
    try {
        Poco::URI uri(a.graphBaseUrl);
        if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty())
            errors.push_back({"graphBaseUrl", "La URL base de la Graph API debe empezar con https://"});
    } catch (const Poco::Exception&) {
        errors.push_back({"graphBaseUrl", "La URL base de la Graph API no es válida."});
    }
    if (a.graphVersion.size() < 2 || a.graphVersion[0] != 'v')
        errors.push_back({"graphVersion", "La versión de la Graph API se escribe como v23.0."});
    if (a.throughputPerSecond < 1 || a.throughputPerSecond > 1000)
        errors.push_back({"throughputPerSecond", "El límite de envío debe estar entre 1 y 1.000 mensajes por segundo."});
    if (dailyLimitOf(a.dailyLimitTier) < 0)
        errors.push_back(
            {"dailyLimitTier", "Elige un nivel de límite diario válido (TIER_250, TIER_2K, TIER_10K, TIER_100K o UNLIMITED)."});
    if (a.frequencyCapPerDay < 0 || a.frequencyCapPerDay > kMaxFrequencyCapPerDay)
        errors.push_back({"frequencyCapPerDay", "El tope de frecuencia debe estar entre 0 (sin tope) y " +
                                                    std::to_string(kMaxFrequencyCapPerDay) +
                                                    " plantillas de marketing por número cada 24 horas."});
    if (a.inboundDepartmentId < 0)
        errors.push_back({"inboundDepartmentId", "Elige un departamento de la lista o «Sin departamento»."});
    return errors;
}

} // namespace campaigns::accounts
