#include "storage/SqlScript.h"

#include <cctype>

namespace campaigns::storage {

namespace {
bool isBlank(const std::string& s) {
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}
} // namespace

std::vector<std::string> splitSqlScript(const std::string& script) {
    std::vector<std::string> out;
    std::string current;
    char quote = 0;
    for (std::size_t i = 0; i < script.size(); ++i) {
        char c = script[i];
        char next = i + 1 < script.size() ? script[i + 1] : '\0';
        if (quote) {
            current += c;
            if (c == '\\' && quote != '`' && next) {
                current += next;
                ++i;
            } else if (c == quote) {
                if (next == quote) { // doubled quote stays inside the literal
                    current += next;
                    ++i;
                } else {
                    quote = 0;
                }
            }
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quote = c;
            current += c;
        } else if (c == '-' && next == '-') {
            while (i < script.size() && script[i] != '\n') ++i;
            current += '\n';
        } else if (c == '#') {
            while (i < script.size() && script[i] != '\n') ++i;
            current += '\n';
        } else if (c == '/' && next == '*') {
            i += 2;
            while (i + 1 < script.size() && !(script[i] == '*' && script[i + 1] == '/')) ++i;
            ++i;
            current += ' ';
        } else if (c == ';') {
            if (!isBlank(current)) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!isBlank(current)) out.push_back(current);
    for (auto& s : out) { // trim
        auto b = s.find_first_not_of(" \t\r\n");
        auto e = s.find_last_not_of(" \t\r\n");
        s = s.substr(b, e - b + 1);
    }
    return out;
}

} // namespace campaigns::storage
