#include "web/PageTemplates.h"

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Object.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <sstream>

namespace campaigns::web {

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

namespace {
// AbstractConfiguration::keys() lists one level; locale keys are dotted paths, so walk them all.
void collect(const Poco::Util::AbstractConfiguration& cfg, const std::string& prefix, std::map<std::string, std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    cfg.keys(prefix, keys);
    for (const auto& k : keys) {
        const std::string full = prefix.empty() ? k : prefix + "." + k;
        if (cfg.has(full)) out[full] = cfg.getRawString(full);
        collect(cfg, full, out);
    }
}
} // namespace

PageTemplates::PageTemplates(std::string root, std::map<std::string, std::string> shared)
    : root_(std::move(root)), shared_(std::move(shared)) {}

const std::string& PageTemplates::file(const std::string& relative) {
    auto it = files_.find(relative);
    if (it != files_.end()) return it->second;
    Poco::FileInputStream in(Poco::Path(root_).append(relative).toString());
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return files_.emplace(relative, std::move(text)).first->second;
}

const std::map<std::string, std::string>& PageTemplates::strings(const std::string& locale) {
    const std::string lang = (locale == "en") ? "en" : "es";
    auto it = locales_.find(lang);
    if (it != locales_.end()) return it->second;
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(
        new Poco::Util::PropertyFileConfiguration(Poco::Path(root_).append("locales/" + lang + ".properties").toString()));
    std::map<std::string, std::string> map;
    collect(*cfg, "", map);
    return locales_.emplace(lang, std::move(map)).first->second;
}

std::string PageTemplates::text(const std::string& locale, const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto& wanted = strings(locale);
    if (auto it = wanted.find(key); it != wanted.end()) return it->second;
    const auto& fallback = strings("es");
    if (auto it = fallback.find(key); it != fallback.end()) return it->second;
    return key;
}

std::string PageTemplates::localeJson(const std::string& locale) {
    std::lock_guard lock(mutex_);
    Poco::JSON::Object obj;
    for (const auto& [k, v] : strings("es")) obj.set(k, v);
    for (const auto& [k, v] : strings(locale)) obj.set(k, v);
    std::ostringstream out;
    obj.stringify(out);
    return scriptSafeJson(out.str());
}

std::string scriptSafeJson(const std::string& json) {
    std::string safe;
    safe.reserve(json.size());
    for (char c : json) {
        if (c == '<')
            safe += "\\u003c";
        else
            safe += c;
    }
    return safe;
}

std::string PageTemplates::render(const std::string& page, const std::string& locale,
                                  const std::map<std::string, std::string>& values) {
    std::string source;
    {
        std::lock_guard lock(mutex_);
        source = file("pages/" + page);
    }
    std::string out;
    out.reserve(source.size() + 1024);
    std::size_t pos = 0;
    while (true) {
        auto open = source.find("{{", pos);
        if (open == std::string::npos) {
            out.append(source, pos, std::string::npos);
            break;
        }
        out.append(source, pos, open - pos);
        const bool raw = source.compare(open, 3, "{{{") == 0;
        const auto close = source.find(raw ? "}}}" : "}}", open);
        if (close == std::string::npos) throw Poco::DataFormatException("unclosed placeholder in page " + page);
        std::string key = source.substr(open + (raw ? 3 : 2), close - open - (raw ? 3 : 2));
        std::string value;
        if (key.rfind("t:", 0) == 0) {
            value = text(locale, key.substr(2));
        } else {
            const std::string* found = nullptr;
            if (auto it = values.find(key); it != values.end())
                found = &it->second;
            else if (auto common = shared_.find(key); common != shared_.end())
                found = &common->second;
            if (!found) throw Poco::NotFoundException("no value for {{" + key + "}} in page " + page);
            value = *found;
        }
        out += raw ? value : htmlEscape(value);
        pos = close + (raw ? 3 : 2);
    }
    return out;
}

} // namespace campaigns::web
