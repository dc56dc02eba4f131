// The templates of the simulated WABA: built-in fixtures (the ones the tests and the quick start
// rely on) plus any loaded from a JSON file, with run-time status changes.
#pragma once

#include "Template.h"

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <shared_mutex>
#include <string>
#include <vector>

namespace cloudsim {

class TemplateCatalog {
public:
    TemplateCatalog();

    // File shape: {"data":[<template as Meta lists it>, ...]} or a bare array. Same name and
    // language replaces a built-in. Throws on unreadable or malformed files.
    void loadFile(const std::string& path);
    void add(const std::shared_ptr<Template>& t);
    void reset(); // back to the templates as loaded, undoing status changes

    TemplatePtr find(const std::string& name, const std::string& language) const;
    bool hasName(const std::string& name) const;
    std::vector<TemplatePtr> list() const;
    // Changes every language of name (or just one when language is not empty); returns the changed.
    std::vector<TemplatePtr> setStatus(const std::string& name, const std::string& language, const std::string& status);

    static std::vector<std::shared_ptr<Template>> builtIns();

private:
    mutable std::shared_mutex mutex_;
    std::vector<TemplatePtr> loaded_;
    std::vector<TemplatePtr> current_;
};

// One page of GET message_templates in Meta's shape. The cursor is opaque to clients; here it is
// the base64 of an offset. Throws Poco::SyntaxException for a cursor it did not issue.
std::string renderTemplatePage(const std::vector<TemplatePtr>& all, std::size_t limit, const std::string& after,
                               const std::string& nextUrlPrefix);
std::string encodeCursor(std::size_t index);
std::size_t decodeCursor(const std::string& cursor);

} // namespace cloudsim
