#pragma once
#include <helpdesk/Http.h>

#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace refhost {

// A parsed route pattern: literal segments, {name} segments and an optional trailing "/*".
class PathPattern {
public:
    // Throws std::invalid_argument for a malformed pattern.
    static PathPattern parse(const std::string& pattern);
    // On a match fills `params` ({name} values; the subtree remainder under "*").
    bool match(const std::string& path, std::map<std::string, std::string>& params) const;
    // Two patterns collide when they match exactly the same paths.
    bool sameShape(const PathPattern& other) const;
    // Higher is more specific; used to prefer "/a/new" over "/a/{id}" and exact over subtree.
    int specificity() const;
    const std::string& text() const { return text_; }

private:
    struct Segment {
        bool param = false;
        std::string value; // literal text or parameter name
    };
    std::string text_;
    std::vector<Segment> segments_;
    bool subtree_ = false;
};

struct RouteEntry {
    std::string method;
    PathPattern pattern;
    helpdesk::Role role;
    helpdesk::Handler handler;
    std::string owner; // "host" or the plugin name, so a plugin's routes can be removed together
};

struct RouteMatch {
    std::shared_ptr<const RouteEntry> entry;
    std::map<std::string, std::string> params;
};

// Thread-safe route registry shared by the host and its plugins.
class RouteTable {
public:
    // Throws std::invalid_argument on a malformed pattern, unknown method or collision.
    void add(helpdesk::Route route, const std::string& owner);
    void addStatic(const std::string& urlPrefix, const std::string& directory, helpdesk::Role role, const std::string& owner);
    void removeOwner(const std::string& owner);
    std::optional<RouteMatch> find(const std::string& method, const std::string& path) const;
    // True when some route matches the path with another method (for 405 answers).
    bool pathKnown(const std::string& path) const;
    std::size_t size() const;
    // The "METHOD pattern" of every route `owner` registered, in registration order (for tests that
    // must cover every route, e.g. the plugin's API contract test).
    std::vector<std::string> listOwner(const std::string& owner) const;

private:
    mutable std::shared_mutex mutex_;
    std::vector<std::shared_ptr<const RouteEntry>> entries_;
};

} // namespace refhost
