#include "quality/PauseCodes.h"

#include <map>

namespace campaigns::quality {

std::string spanishReason(const std::string& code) {
    static const std::map<std::string, std::string> kReasons = {
        {pause::kAdmin, kAdminReason},
        {pause::kTemplatePaused, "La plantilla fue pausada o desactivada por Meta"},
        {pause::kTemplateRed, "La calidad de la plantilla bajó a roja"},
        {pause::kNumberRed, "La calidad del número de origen bajó a roja"},
        {pause::kNumberRestricted, "El número o la cuenta de WhatsApp Business fue restringido por Meta"},
        {pause::kSpamLimit, "Límite por spam: demasiados mensajes anteriores fueron bloqueados o denunciados"},
        {pause::kFailureRate, "Demasiados envíos fallidos en los últimos mensajes"},
        {pause::kOptOutRate, "Demasiados destinatarios pidieron no recibir más mensajes"},
        {pause::kSenderError, "Error de la cuenta de origen al enviar"},
        {pause::kApiUnreachable, "La API de WhatsApp no responde"},
    };
    auto it = kReasons.find(code);
    return it != kReasons.end() ? it->second : std::string("Pausada automáticamente");
}

std::string pauseCodeForSendError(std::optional<int> errorCode) {
    if (!errorCode) return pause::kSenderError;
    switch (*errorCode) {
        case 131048:
            return pause::kSpamLimit;
        case 132015:
        case 132016:
            return pause::kTemplatePaused;
        case 368:
        case 131031:
            return pause::kNumberRestricted;
        default:
            return pause::kSenderError;
    }
}

} // namespace campaigns::quality
