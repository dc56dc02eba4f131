#pragma once
#include <map>
#include <string>

namespace refhost {

// The host's user-visible words in Spanish and English, read once from <dir>/es.properties and
// <dir>/en.properties (the folder is host.locales.dir). A key missing in English reads in Spanish,
// a key missing in both reads as the key itself, so a forgotten string shows up instead of vanishing.
class HostText {
public:
    // Throws Poco::FileNotFoundException when either file is missing.
    explicit HostText(const std::string& dir);

    // "en" for an English locale, "es" for anything else: the two languages the host speaks.
    static std::string language(const std::string& locale);
    // The text of `key` in `locale`, with each {name} replaced from `vars`.
    std::string get(const std::string& locale, const std::string& key, const std::map<std::string, std::string>& vars = {}) const;
    // Whether the Spanish file (the reference: both hold the same keys) has `key`.
    bool has(const std::string& key) const { return es_.count(key) != 0; }
    // The menu section's name in `locale`: key menu.section.<name>, or the name as the plugin gave it.
    std::string section(const std::string& locale, const std::string& name) const;
    // Every key=value of <dir>/<lang>.properties (dotted keys walked to the leaves). Throws
    // Poco::FileNotFoundException when the file is missing. The locale-files test reads the
    // plugin's files through it too, so both are read one way.
    static std::map<std::string, std::string> load(const std::string& dir, const std::string& lang);

private:
    std::map<std::string, std::string> es_;
    std::map<std::string, std::string> en_;
};

} // namespace refhost
