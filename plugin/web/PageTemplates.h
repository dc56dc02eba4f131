#pragma once
#include <map>
#include <mutex>
#include <string>

namespace campaigns::web {

// The plugin's HTML pages and locale strings, read from the installed `templates/` folder.
// A page file may use `{{t:key}}` for a locale string and `{{name}}` for a value the handler
// passes; both are HTML-escaped. `{{{name}}}` inserts a value as is (for JSON blobs the handler
// has already made safe). Files are read once and cached; thread-safe.
// `shared` holds values every page may use without its handler passing them: `{{tz}}`, the
// installation's time zone, which each page writes as data-tz for page-kit.js's format().
class PageTemplates {
public:
    explicit PageTemplates(std::string root, std::map<std::string, std::string> shared = {});

    std::string render(const std::string& page, const std::string& locale, const std::map<std::string, std::string>& values = {});
    // One locale string ("es" is the fallback for a missing key or locale).
    std::string text(const std::string& locale, const std::string& key);
    // All strings of a locale as a JSON object, for the page's script.
    std::string localeJson(const std::string& locale);

    const std::string& root() const { return root_; }

private:
    const std::map<std::string, std::string>& strings(const std::string& locale);
    const std::string& file(const std::string& relative);

    std::string root_;
    const std::map<std::string, std::string> shared_;
    std::mutex mutex_;
    std::map<std::string, std::string> files_;
    std::map<std::string, std::map<std::string, std::string>> locales_;
};

std::string htmlEscape(const std::string& text);
// JSON text made safe inside a <script type="application/json"> block: "</" cannot end it early.
std::string scriptSafeJson(const std::string& json);

} // namespace campaigns::web
