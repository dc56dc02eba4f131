#include "cloudapi/OutcomeClassifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <limits>

namespace campaigns::cloudapi {

using std::chrono::seconds;

namespace {

enum class Group { Retry, RetryRecipient, Permanent, Pause, Later };

struct CodeRule {
    int code;
    Group group;
    int retryAfterSeconds;
    int maxAttempts;
    const char* reason;
};

// Meta's error table (retry column T/L/N/P), with the backoff each transient code asks for.
constexpr CodeRule kRules[] = {
    {0, Group::Pause, 0, 0, "El token de acceso no es válido o fue revocado; actualice la cuenta de origen"},
    {1, Group::Retry, 5, 3, "Solicitud no válida o error temporal de WhatsApp"},
    {2, Group::Retry, 5, 0, "El servicio de WhatsApp no está disponible temporalmente"},
    {3, Group::Pause, 0, 0, "La cuenta no tiene permiso para usar esta función de la API"},
    {4, Group::Retry, 60, 0, "Se superó el límite de llamadas de la aplicación a la API"},
    {10, Group::Pause, 0, 0, "Falta un permiso de la aplicación o fue revocado"},
    {33, Group::Pause, 0, 0, "El número de teléfono de la cuenta de origen fue eliminado"},
    {100, Group::Permanent, 0, 0, "Parámetro no válido en la solicitud (revise el número y los valores)"},
    {190, Group::Pause, 0, 0, "El token de acceso expiró; actualice la cuenta de origen"},
    {368, Group::Pause, 0, 0, "La cuenta de WhatsApp Business está restringida por infringir políticas"},
    {80007, Group::Retry, 60, 0, "Se superó el límite de llamadas de la cuenta de WhatsApp Business"},
    {130403, Group::Permanent, 0, 0, "La empresa bloqueó a este usuario"},
    {130429, Group::Retry, 1, 0, "Se superó el límite de mensajes por segundo del número"},
    {130472, Group::Permanent, 0, 0, "El usuario está en un experimento de Meta y no recibe mensajes de marketing"},
    {130497, Group::Permanent, 0, 0, "La cuenta no puede enviar mensajes a usuarios de este país"},
    {131000, Group::Retry, 5, 3, "Error desconocido de WhatsApp al enviar"},
    {131005, Group::Pause, 0, 0, "Permiso de la API no concedido o revocado"},
    {131008, Group::Permanent, 0, 0, "Falta un parámetro obligatorio"},
    {131009, Group::Permanent, 0, 0, "Un valor de parámetro no es válido"},
    {131016, Group::Retry, 5, 0, "El servicio de WhatsApp no está disponible temporalmente"},
    {131021, Group::Permanent, 0, 0, "El destinatario es el mismo número que envía"},
    {131026, Group::Permanent, 0, 0, "El número no tiene WhatsApp o no puede recibir el mensaje"},
    {131031, Group::Pause, 0, 0, "La cuenta de WhatsApp Business está bloqueada o restringida"},
    {131042, Group::Pause, 0, 0, "Hay un problema de pago en la cuenta de WhatsApp Business"},
    {131045, Group::Pause, 0, 0, "El número de origen no está registrado correctamente"},
    {131047, Group::Permanent, 0, 0, "Pasaron más de 24 horas desde el último mensaje del usuario"},
    {131048, Group::Pause, 0, 0, "Límite por spam: demasiados mensajes anteriores fueron bloqueados o denunciados"},
    {131049, Group::Later, 24 * 3600, 0,
     "Meta no entregó el mensaje para cuidar la experiencia del usuario; reintente en 24 horas o más"},
    {131050, Group::Permanent, 0, 0, "El usuario dejó de recibir mensajes de marketing de esta empresa"},
    {131051, Group::Permanent, 0, 0, "Tipo de mensaje no soportado"},
    {131052, Group::Permanent, 0, 0, "No se pudo descargar el archivo enviado por el usuario"},
    {131053, Group::Permanent, 0, 0, "No se pudo cargar la imagen o el archivo del mensaje"},
    {131056, Group::RetryRecipient, 1, 0, "Demasiados mensajes seguidos al mismo número"},
    {131057, Group::Retry, 60, 0, "La cuenta de WhatsApp Business está en mantenimiento"},
    {131062, Group::Permanent, 0, 0, "Este mensaje no admite destinatarios por nombre de usuario"},
    {131063, Group::Pause, 0, 0, "Las plantillas de marketing están desactivadas en la Cloud API para esta cuenta"},
    {131064, Group::Pause, 0, 0, "Se alcanzó el límite de mensajes por infracciones de categoría de plantillas"},
    {132000, Group::Permanent, 0, 0, "La cantidad de parámetros no coincide con la plantilla"},
    {132001, Group::Permanent, 0, 0, "La plantilla no existe en ese idioma o no está aprobada"},
    {132005, Group::Permanent, 0, 0, "El mensaje con los valores completados es demasiado largo"},
    {132007, Group::Permanent, 0, 0, "El contenido de la plantilla infringe las políticas de WhatsApp"},
    {132008, Group::Permanent, 0, 0, "Un valor de parámetro no es válido"},
    {132012, Group::Permanent, 0, 0, "El formato de un parámetro no coincide con la plantilla"},
    {132015, Group::Pause, 0, 0, "La plantilla está pausada por baja calidad"},
    {132016, Group::Pause, 0, 0, "La plantilla fue desactivada de forma permanente"},
    {133004, Group::Retry, 5, 0, "El servidor de WhatsApp no está disponible temporalmente"},
    {133010, Group::Pause, 0, 0, "El número de origen no está registrado en WhatsApp"},
    {135000, Group::Permanent, 0, 0, "Error desconocido en los parámetros de la solicitud"},
};

constexpr CodeRule kPermissionRule{200, Group::Pause, 0, 0, "Falta un permiso de la API en el token de acceso"};

const CodeRule* ruleFor(int code) {
    for (const CodeRule& r : kRules)
        if (r.code == code) return &r;
    if (code >= 200 && code <= 299) return &kPermissionRule;
    return nullptr;
}

std::string unknownCodeReason(int code) { return "Error de WhatsApp no reconocido (código " + std::to_string(code) + ")"; }

std::optional<int> intFrom(const Poco::Dynamic::Var& v) {
    try {
        if (v.isInteger()) {
            const auto n = v.convert<Poco::Int64>();
            if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) return std::nullopt;
            return static_cast<int>(n);
        }
        if (v.isString()) {
            const std::string& s = v.extract<std::string>();
            std::size_t used = 0;
            const int n = std::stoi(s, &used);
            if (used == s.size()) return n;
        }
    } catch (const std::exception&) {
        // Not a usable code: the caller treats the body as "no Meta error".
    }
    return std::nullopt;
}

std::string stringOr(const Poco::JSON::Object& o, const std::string& key) {
    if (!o.has(key)) return {};
    const Poco::Dynamic::Var v = o.get(key);
    return v.isString() ? v.extract<std::string>() : std::string();
}

Poco::JSON::Object::Ptr parseObject(std::string_view body) {
    if (body.empty()) return nullptr;
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var root = parser.parse(std::string(body));
        if (root.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
        return root.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        return nullptr;
    }
}

std::string describeMetaError(const MetaError& e) {
    std::string d = e.message;
    if (!e.details.empty()) d += (d.empty() ? "" : ": ") + e.details;
    if (!e.fbtraceId.empty()) d += " [fbtrace_id " + e.fbtraceId + "]";
    return d;
}

std::optional<Accepted> parseAccepted(std::string_view body) {
    const auto root = parseObject(body);
    if (!root) return std::nullopt;
    const auto messages = root->getArray("messages");
    if (!messages || messages->size() == 0) return std::nullopt;
    const auto first = messages->getObject(0);
    if (!first) return std::nullopt;
    Accepted a;
    a.wamid = stringOr(*first, "id");
    if (a.wamid.empty()) return std::nullopt;
    a.messageStatus = stringOr(*first, "message_status");
    if (const auto contacts = root->getArray("contacts"); contacts && contacts->size() > 0) {
        if (const auto c = contacts->getObject(0)) a.waId = stringOr(*c, "wa_id");
    }
    return a;
}

} // namespace

std::optional<MetaError> parseMetaError(std::string_view body) {
    const auto root = parseObject(body);
    if (!root || !root->has("error")) return std::nullopt;
    const auto error = root->getObject("error");
    if (!error || !error->has("code")) return std::nullopt;
    const auto code = intFrom(error->get("code"));
    if (!code) return std::nullopt;
    MetaError e;
    e.code = *code;
    e.message = stringOr(*error, "message");
    e.fbtraceId = stringOr(*error, "fbtrace_id");
    if (error->has("error_data")) {
        const Poco::Dynamic::Var data = error->get("error_data");
        if (data.type() == typeid(Poco::JSON::Object::Ptr)) {
            const auto& obj = data.extract<Poco::JSON::Object::Ptr>();
            if (obj) e.details = stringOr(*obj, "details");
        } else if (data.isString()) {
            e.details = data.extract<std::string>();
        }
    }
    return e;
}

std::string spanishReason(int code) {
    const CodeRule* r = ruleFor(code);
    return r ? r->reason : unknownCodeReason(code);
}

SendOutcome outcomeForError(const MetaError& error, std::optional<seconds> retryAfterHeader) {
    const CodeRule* r = ruleFor(error.code);
    const std::string detail = describeMetaError(error);
    // An unlisted code is treated as a problem with this message only: pausing the whole sender on
    // a code we do not know would stop every campaign of the account on a guess.
    if (!r) return Permanent{error.code, unknownCodeReason(error.code), detail};
    switch (r->group) {
        case Group::Retry:
        case Group::RetryRecipient: {
            Retryable out;
            out.code = error.code;
            out.retryAfter = std::max(seconds(r->retryAfterSeconds), retryAfterHeader.value_or(seconds(0)));
            out.scope = r->group == Group::Retry ? RetryScope::Account : RetryScope::Recipient;
            out.maxAttempts = r->maxAttempts;
            out.reason = r->reason;
            out.detail = detail;
            return out;
        }
        case Group::Permanent:
            return Permanent{error.code, r->reason, detail};
        case Group::Pause:
            return PauseSender{error.code, r->reason, detail};
        case Group::Later:
            return RetryLater{error.code, std::max(seconds(r->retryAfterSeconds), retryAfterHeader.value_or(seconds(0))),
                              r->reason, detail};
    }
    return Permanent{error.code, unknownCodeReason(error.code), detail};
}

SendOutcome classifySendResponse(int httpStatus, std::string_view body, std::optional<seconds> retryAfterHeader) {
    if (const auto error = parseMetaError(body)) return outcomeForError(*error, retryAfterHeader);
    const std::string status = "HTTP " + std::to_string(httpStatus);
    if (httpStatus >= 200 && httpStatus < 300) {
        if (auto accepted = parseAccepted(body)) return *accepted;
        return Ambiguous{"WhatsApp respondió sin el identificador del mensaje; pudo haberse enviado",
                         status + " con cuerpo ilegible"};
    }
    if (httpStatus >= 500) {
        // A front end failing after the full request reached it says nothing about whether the
        // message went out, so it must not be resent blindly.
        return Ambiguous{"WhatsApp respondió con un error del servidor; el mensaje pudo haberse enviado",
                         status + " sin error de Meta", true};
    }
    if (httpStatus == 429) {
        Retryable out;
        out.retryAfter = std::max(seconds(1), retryAfterHeader.value_or(seconds(0)));
        out.reason = "WhatsApp rechazó la solicitud por exceso de solicitudes (HTTP 429)";
        out.detail = status + " sin error de Meta";
        return out;
    }
    // A refusal without Meta's error body comes from something in front of the API (wrong base
    // URL or version, a proxy): every message of the account would meet it.
    return PauseSender{std::nullopt,
                       "Respuesta inesperada de la API de WhatsApp (" + status + "); revise la URL base y la versión",
                       status + " sin error de Meta"};
}

seconds pairLimitBackoff(int previousFailures) {
    constexpr seconds kCap{3600};
    seconds wait{1};
    for (int i = 0; i < previousFailures && wait < kCap; ++i) wait *= 4;
    return std::min(wait, kCap);
}

} // namespace campaigns::cloudapi
