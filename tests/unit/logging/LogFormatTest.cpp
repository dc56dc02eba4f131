// How 64-bit values reach a log line. Poco 1.11's format (behind Logger::information(fmt, ...))
// matches each argument's exact type: on 64-bit Linux Poco::Int64 is `long`, so a `long long`
// (every id in this code base) prints "[ERRFMT]" through %d, %Ld or %ld and NOTHING through %?d.
// The rule: a 64-bit value goes to a log line as std::to_string(value) with %s; %d is for int,
// %z for std::size_t. The last test reads the sources of plugin/ and host-api/ and names every
// logger call that breaks the rule.
#include <Poco/Format.h>
#include <Poco/Types.h>

#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace {

struct LoggerCall {
    std::string file;
    int line = 0;
    std::string format;            // the leading string literal(s), concatenated, unescaped enough
    std::vector<std::string> args; // the argument expressions after it
};

// Calls like `log_.warning("... %s", a, b)` (any object; the six priorities Poco's Logger has).
std::vector<LoggerCall> loggerCalls(const std::string& file, const std::string& text) {
    static const std::regex call(R"(\.(information|warning|error|debug|notice|fatal|critical|trace)\s*\()");
    std::vector<LoggerCall> calls;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator(); ++it) {
        std::size_t i = static_cast<std::size_t>(it->position() + it->length());
        LoggerCall c;
        c.file = file;
        c.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + it->position(), '\n'));
        // Leading literals: "a" "b" ...
        bool sawLiteral = false;
        for (;;) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            if (i >= text.size() || text[i] != '"') break;
            sawLiteral = true;
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                c.format += text[i];
            }
            ++i;
        }
        if (!sawLiteral) continue;
        // Arguments up to the closing parenthesis, split at top-level commas.
        int depth = 0;
        std::string arg;
        bool inString = false, inChar = false;
        for (; i < text.size(); ++i) {
            const char ch = text[i];
            if (inString || inChar) {
                arg += ch;
                if (ch == '\\' && i + 1 < text.size())
                    arg += text[++i];
                else if ((inString && ch == '"') || (inChar && ch == '\''))
                    inString = inChar = false;
                continue;
            }
            if (ch == '"') inString = true;
            if (ch == '\'') inChar = true;
            if (ch == '(' || ch == '[' || ch == '{') ++depth;
            if (ch == ')' || ch == ']' || ch == '}') {
                if (depth == 0) break;
                --depth;
            }
            if (ch == ',' && depth == 0) {
                if (!arg.empty()) c.args.push_back(arg);
                arg.clear();
                continue;
            }
            if (!(arg.empty() && std::isspace(static_cast<unsigned char>(ch)))) arg += ch;
        }
        if (!arg.empty()) c.args.push_back(arg);
        if (!c.args.empty()) calls.push_back(std::move(c));
    }
    return calls;
}

// Poco's specifiers in order: %[index]][flags][width][.precision][modifier]type, %% is a percent.
struct Spec {
    std::string text;
    char modifier = 0;
    char type = 0;
};
std::vector<Spec> specs(const std::string& format) {
    static const std::regex spec(R"(%%|%(\[\d+\])?[-+0 #]*\d*(\.\d+)?([lLhz?]?)([a-zA-Z]))");
    std::vector<Spec> out;
    for (auto it = std::sregex_iterator(format.begin(), format.end(), spec); it != std::sregex_iterator(); ++it) {
        if (it->str() == "%%") continue;
        const std::string mod = (*it)[3];
        out.push_back({it->str(), mod.empty() ? '\0' : mod[0], (*it)[4].str()[0]});
    }
    return out;
}

// An argument that is one of this code base's ids (all `long long`): `id`, `accountId`,
// `stored.id`, `r.templateId`, `account.id`, `campaignId_`...
bool looksLikeId(const std::string& arg) {
    static const std::regex id(R"(^([A-Za-z_][A-Za-z0-9_]*(\.|->))*([a-z][A-Za-z0-9]*Id|id)_?$)");
    std::string trimmed = arg;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
    return std::regex_match(trimmed, id);
}

std::vector<std::string> violations(const LoggerCall& call) {
    std::vector<std::string> found;
    const auto list = specs(call.format);
    const std::string where = call.file + ":" + std::to_string(call.line) + ": \"" + call.format + "\"";
    for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& s = list[k];
        const bool integer = std::string("diuxXo").find(s.type) != std::string::npos;
        if (!integer) continue;
        if (s.modifier == 'l' || s.modifier == 'L' || s.modifier == '?')
            found.push_back(where + ": " + s.text + " (64-bit values go as std::to_string(value) with %s)");
        else if (s.modifier == 0 && k < call.args.size() && looksLikeId(call.args[k]))
            found.push_back(where + ": " + s.text + " given the id " + call.args[k] + " (use std::to_string(" + call.args[k] +
                            ") with %s)");
    }
    return found;
}

} // namespace

class LogFormatTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LogFormatTest);
    CPPUNIT_TEST(sixtyFourBitIdsRenderAsDigitsThroughToStringAndPercentS);
    CPPUNIT_TEST(poco111DoesNotRenderLongLongThroughIntegerSpecifiers);
    CPPUNIT_TEST(theSourceCheckRecognisesTheBrokenForms);
    CPPUNIT_TEST(noLoggerCallPassesA64BitValueToAnIntegerSpecifier);
    CPPUNIT_TEST_SUITE_END();

public:
    void sixtyFourBitIdsRenderAsDigitsThroughToStringAndPercentS() {
        const long long big = 9007199254740993LL; // above 2^53: no double on the way either
        CPPUNIT_ASSERT_EQUAL(std::string("campaign 9007199254740993 loaded"),
                             Poco::format("campaign %s loaded", std::to_string(big)));
        CPPUNIT_ASSERT_EQUAL(std::string("9223372036854775807 -9223372036854775808"),
                             Poco::format("%s %s", std::to_string(std::numeric_limits<long long>::max()),
                                          std::to_string(std::numeric_limits<long long>::min())));
        // The other forms that stay correct: int with %d, std::size_t with %z.
        CPPUNIT_ASSERT_EQUAL(std::string("42 rows, 7 pages"), Poco::format("%z rows, %d pages", std::size_t(42), 7));
    }

    // Why the rule exists. Should a Poco upgrade make these print digits, the rule may be relaxed.
    void poco111DoesNotRenderLongLongThroughIntegerSpecifiers() {
        if constexpr (std::is_same_v<long long, Poco::Int64>) return; // not on LP64 Linux
        const long long id = 1234567890123LL;
        for (const char* f : {"%d", "%?d", "%Ld", "%ld", "%i", "%?i"})
            CPPUNIT_ASSERT_MESSAGE(f, Poco::format(f, id) != "1234567890123");
        CPPUNIT_ASSERT_EQUAL(std::string(""), Poco::format("%?d", id));         // silently empty
        CPPUNIT_ASSERT_EQUAL(std::string("[ERRFMT]"), Poco::format("%Ld", id)); // or an error marker
    }

    void theSourceCheckRecognisesTheBrokenForms() {
        const std::string sample =
            "void f() {\n"
            "  log_.information(\"campaign %Ld loaded with %z entries\", id, n);\n"
            "  log_.warning(\"account %?d: \" \"%s\", account.id, why);\n"
            "  logger().error(\"event %d: %s\", stored.id, std::string(e.what()));\n"
            "  log_.error(\"ok %s (HTTP %d) %z\", std::to_string(r.accountId), status, v.size());\n"
            "  log_.debug(\"no arguments %d\");\n"
            "}\n";
        const auto calls = loggerCalls("sample.cpp", sample);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), calls.size());
        CPPUNIT_ASSERT_EQUAL(std::string("account %?d: %s"), calls[1].format);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), violations(calls[0]).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), violations(calls[1]).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), violations(calls[2]).size());
        CPPUNIT_ASSERT(violations(calls[3]).empty());
        CPPUNIT_ASSERT_EQUAL(4, calls[2].line);
    }

    void noLoggerCallPassesA64BitValueToAnIntegerSpecifier() {
        namespace fs = std::filesystem;
        const fs::path root(CAMPAIGNS_SOURCE_DIR);
        std::vector<std::string> found;
        std::size_t files = 0, calls = 0;
        for (const char* dir : {"plugin", "host-api"}) {
            for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
                const auto ext = entry.path().extension();
                if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
                std::ifstream in(entry.path());
                std::stringstream text;
                text << in.rdbuf();
                ++files;
                for (const auto& call : loggerCalls(fs::relative(entry.path(), root).string(), text.str())) {
                    ++calls;
                    for (auto& v : violations(call)) found.push_back(std::move(v));
                }
            }
        }
        CPPUNIT_ASSERT_MESSAGE("no sources found under " + root.string(), files > 50);
        CPPUNIT_ASSERT_MESSAGE("no logger calls with arguments found", calls > 10);
        std::string report;
        for (const auto& v : found) report += "\n  " + v;
        CPPUNIT_ASSERT_MESSAGE(
            std::to_string(found.size()) + " log lines would print a 64-bit value empty or as [ERRFMT]:" + report, found.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LogFormatTest);
