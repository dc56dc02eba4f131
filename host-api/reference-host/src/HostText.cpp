#include "HostText.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/PropertyFileConfiguration.h>

namespace refhost {
namespace {

// AbstractConfiguration::keys() lists one level; the keys are dotted paths, so walk them all.
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

std::map<std::string, std::string> HostText::load(const std::string& dir, const std::string& lang) {
    const std::string path = Poco::Path(dir).append(lang + ".properties").toString();
    if (!Poco::File(path).exists()) throw Poco::FileNotFoundException("host locale file (host.locales.dir)", path);
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(new Poco::Util::PropertyFileConfiguration(path));
    std::map<std::string, std::string> out;
    collect(*cfg, "", out);
    return out;
}

HostText::HostText(const std::string& dir) : es_(load(dir, "es")), en_(load(dir, "en")) {}

std::string HostText::language(const std::string& locale) { return locale.rfind("en", 0) == 0 ? "en" : "es"; }

std::string HostText::get(const std::string& locale, const std::string& key,
                          const std::map<std::string, std::string>& vars) const {
    std::string text = key;
    const auto& wanted = language(locale) == "en" ? en_ : es_;
    if (auto it = wanted.find(key); it != wanted.end())
        text = it->second;
    else if (auto es = es_.find(key); es != es_.end())
        text = es->second;
    for (const auto& [name, value] : vars) {
        const std::string mark = "{" + name + "}";
        for (auto pos = text.find(mark); pos != std::string::npos; pos = text.find(mark, pos + value.size())) {
            text.replace(pos, mark.size(), value);
        }
    }
    return text;
}

std::string HostText::section(const std::string& locale, const std::string& name) const {
    std::string key = "menu.section.";
    for (char c : name) key += (c == ' ') ? '_' : c;
    const auto& wanted = language(locale) == "en" ? en_ : es_;
    if (auto it = wanted.find(key); it != wanted.end()) return it->second;
    return name;
}

} // namespace refhost
