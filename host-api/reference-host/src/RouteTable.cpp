#include "RouteTable.h"

#include "StaticFiles.h"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

namespace refhost {
namespace {

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    if (!parts.empty() && parts.back().empty()) parts.pop_back(); // "/a/" == "/a"
    return parts;
}

bool validParamName(const std::string& name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

} // namespace

PathPattern PathPattern::parse(const std::string& pattern) {
    if (pattern.empty() || pattern[0] != '/') throw std::invalid_argument("route pattern must start with '/': " + pattern);
    PathPattern p;
    p.text_ = pattern;
    if (pattern == "/") return p;
    auto parts = splitPath(pattern);
    if (pattern.back() == '/') throw std::invalid_argument("route pattern must not end with '/': " + pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& part = parts[i];
        if (part.empty()) throw std::invalid_argument("empty segment in route pattern: " + pattern);
        if (part == "*") {
            if (i + 1 != parts.size()) throw std::invalid_argument("'*' only allowed at the end: " + pattern);
            p.subtree_ = true;
            continue;
        }
        if (part.front() == '{' || part.back() == '}') {
            std::string name = part.size() >= 2 ? part.substr(1, part.size() - 2) : "";
            if (part.front() != '{' || part.back() != '}' || !validParamName(name)) {
                throw std::invalid_argument("malformed parameter segment '" + part + "' in " + pattern);
            }
            for (const auto& s : p.segments_) {
                if (s.param && s.value == name) throw std::invalid_argument("duplicate parameter " + name + " in " + pattern);
            }
            p.segments_.push_back({true, name});
            continue;
        }
        if (part.find_first_of("{}*") != std::string::npos)
            throw std::invalid_argument("invalid characters in segment '" + part + "' of " + pattern);
        p.segments_.push_back({false, part});
    }
    return p;
}

bool PathPattern::match(const std::string& path, std::map<std::string, std::string>& params) const {
    if (path.empty() || path[0] != '/') return false;
    auto parts = splitPath(path);
    if (subtree_ ? parts.size() < segments_.size() : parts.size() != segments_.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        if (segments_[i].param) {
            if (parts[i].empty()) return false;
            found[segments_[i].value] = parts[i];
        } else if (parts[i] != segments_[i].value) {
            return false;
        }
    }
    if (subtree_) {
        std::string rest;
        for (std::size_t i = segments_.size(); i < parts.size(); ++i) {
            if (!rest.empty()) rest += '/';
            rest += parts[i];
        }
        found["*"] = rest;
    }
    params = std::move(found);
    return true;
}

bool PathPattern::sameShape(const PathPattern& other) const {
    if (subtree_ != other.subtree_ || segments_.size() != other.segments_.size()) return false;
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        const auto& a = segments_[i];
        const auto& b = other.segments_[i];
        if (a.param != b.param) return false;
        if (!a.param && a.value != b.value) return false;
    }
    return true;
}

int PathPattern::specificity() const {
    int literals = 0;
    for (const auto& s : segments_) literals += s.param ? 0 : 1;
    // Exact routes beat subtrees; then longer; then more literal segments.
    return (subtree_ ? 0 : 1'000'000) + static_cast<int>(segments_.size()) * 1000 + literals;
}

void RouteTable::add(helpdesk::Route route, const std::string& owner) {
    static const std::vector<std::string> methods{"GET", "POST", "PUT", "PATCH", "DELETE"};
    std::string method = Poco::toUpper(route.method);
    if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
        throw std::invalid_argument("unsupported HTTP method '" + route.method + "' for " + route.pattern);
    }
    if (!route.handler) throw std::invalid_argument("route without handler: " + route.pattern);
    auto pattern = PathPattern::parse(route.pattern);
    std::unique_lock lock(mutex_);
    for (const auto& e : entries_) {
        if (e->method == method && e->pattern.sameShape(pattern)) {
            throw std::invalid_argument("route " + method + " " + route.pattern + " collides with " + e->pattern.text() + " of " +
                                        e->owner);
        }
    }
    entries_.push_back(
        std::make_shared<RouteEntry>(RouteEntry{method, std::move(pattern), route.role, std::move(route.handler), owner}));
}

void RouteTable::addStatic(const std::string& urlPrefix, const std::string& directory, helpdesk::Role role,
                           const std::string& owner) {
    std::string prefix = urlPrefix;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    StaticFiles files(directory);
    add({"GET", prefix + "/*", role, [files](helpdesk::RequestContext& ctx) { files.serve(ctx, ctx.pathParams["*"]); }}, owner);
}

void RouteTable::removeOwner(const std::string& owner) {
    std::unique_lock lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return e->owner == owner; });
}

std::optional<RouteMatch> RouteTable::find(const std::string& method, const std::string& path) const {
    std::string m = Poco::toUpper(method);
    if (m == "HEAD") m = "GET";
    std::shared_lock lock(mutex_);
    std::optional<RouteMatch> best;
    for (const auto& e : entries_) {
        if (e->method != m) continue;
        std::map<std::string, std::string> params;
        if (!e->pattern.match(path, params)) continue;
        if (!best || e->pattern.specificity() > best->entry->pattern.specificity()) {
            best = RouteMatch{e, std::move(params)};
        }
    }
    return best;
}

bool RouteTable::pathKnown(const std::string& path) const {
    std::shared_lock lock(mutex_);
    std::map<std::string, std::string> params;
    return std::any_of(entries_.begin(), entries_.end(), [&](const auto& e) { return e->pattern.match(path, params); });
}

std::vector<std::string> RouteTable::listOwner(const std::string& owner) const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e->owner == owner) out.push_back(e->method + " " + e->pattern.text());
    return out;
}

std::size_t RouteTable::size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
}

} // namespace refhost
