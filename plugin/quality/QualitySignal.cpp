#include "quality/QualitySignal.h"

#include "quality/PauseCodes.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

namespace campaigns::quality {

namespace {

using Poco::JSON::Object;

std::string textOf(const Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) return {};
    auto v = o->get(key);
    return v.isString() ? v.extract<std::string>() : v.convert<std::string>();
}

std::string firstOf(const Object::Ptr& o, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        std::string v = textOf(o, k);
        if (!v.empty()) return Poco::toUpper(v);
    }
    return {};
}

void readNumber(const Object::Ptr& value, QualitySignal& s) {
    s.displayPhoneNumber = textOf(value, "display_phone_number");
    s.quality = firstOf(value, {"quality_rating", "current_quality", "new_quality_score", "quality"});
    s.limitTier = firstOf(value, {"max_daily_conversations_per_business", "current_limit", "messaging_limit_tier"});
    if (s.event == "FLAGGED") s.restricted = true;
    if (s.event == "UNFLAGGED") s.restricted = false;
}

void readAccount(const Object::Ptr& value, QualitySignal& s) {
    if (s.event == "ACCOUNT_RESTRICTION") {
        auto list = value->getArray("restriction_info");
        s.restricted = list && list->size() > 0;
    } else if (s.event == "DISABLED_UPDATE") {
        const std::string ban = firstOf(value->getObject("ban_info"), {"waba_ban_state"});
        s.restricted = ban == "DISABLE" || ban == "SCHEDULE_FOR_DISABLE";
    } else if (s.event == "ACCOUNT_VIOLATION") {
        s.restricted = true;
    }
}

std::string languageText(const QualitySignal& s) { return s.templateLanguage.empty() ? "" : " (" + s.templateLanguage + ")"; }

} // namespace

std::string phoneDigits(const std::string& text) {
    std::string digits;
    for (unsigned char c : text)
        if (c >= '0' && c <= '9') digits += static_cast<char>(c);
    return digits;
}

QualitySignal readQualitySignal(const std::string& payload) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(payload).extract<Object::Ptr>();
    QualitySignal s;
    s.field = textOf(root, "field");
    s.wabaId = textOf(root, "waba_id");
    auto value = root->getObject("value");
    if (!value) return s;
    s.event = Poco::toUpper(textOf(value, "event"));
    if (s.field == "phone_number_quality_update") {
        readNumber(value, s);
    } else if (s.field == "account_update") {
        readAccount(value, s);
    } else if (s.field == "message_template_quality_update") {
        s.quality = firstOf(value, {"new_quality_score"});
        s.templateMetaId = textOf(value, "message_template_id");
        s.templateName = textOf(value, "message_template_name");
        s.templateLanguage = textOf(value, "message_template_language");
    }
    return s;
}

std::optional<QualityPause> pauseFor(const QualitySignal& s) {
    if (s.field == "message_template_quality_update") {
        if (s.quality != "RED") return std::nullopt;
        return QualityPause{pause::kTemplateRed,
                            "La calidad de la plantilla " + s.templateName + languageText(s) + " bajó a roja"};
    }
    if (s.restricted.value_or(false)) {
        const std::string what = s.field == "account_update" ? "La cuenta de WhatsApp Business fue restringida por Meta"
                                                             : "El número de origen fue marcado por Meta";
        return QualityPause{pause::kNumberRestricted, what + " (" + s.event + ")"};
    }
    if (s.field == "phone_number_quality_update" && s.quality == "RED")
        return QualityPause{pause::kNumberRed, spanishReason(pause::kNumberRed) + (s.event.empty() ? "" : " (" + s.event + ")")};
    return std::nullopt;
}

std::optional<QualityPause> pauseForTemplateStatus(const std::string& status, const std::string& name,
                                                   const std::string& language) {
    const std::string st = Poco::toUpper(status);
    if (st != "PAUSED" && st != "DISABLED") return std::nullopt;
    const std::string lang = language.empty() ? "" : " (" + language + ")";
    return QualityPause{pause::kTemplatePaused,
                        "La plantilla " + name + lang + " fue " + (st == "PAUSED" ? "pausada" : "desactivada") + " por Meta"};
}

} // namespace campaigns::quality
