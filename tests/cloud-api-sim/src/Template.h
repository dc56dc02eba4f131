// A message template as Meta lists it, plus what a send must supply for it, derived once when
// the template is loaded so that validating a send does no text scanning.
#pragma once

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>
#include <vector>

namespace cloudsim {

struct ButtonSpec {
    std::string type; // QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE ...
    std::string text;
    int dynamicParams = 0; // 1 for a URL whose address ends in a placeholder
};

struct TemplateSpec {
    std::string headerFormat; // empty, TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
    std::vector<std::string> headerPlaceholders;
    std::vector<std::string> bodyPlaceholders;
    std::vector<ButtonSpec> buttons;
};

struct Template {
    std::string id;
    std::string name;
    std::string language;
    std::string status;
    std::string category;
    std::string parameterFormat; // POSITIONAL or NAMED
    Poco::JSON::Array::Ptr components;
    TemplateSpec spec;

    bool named() const { return parameterFormat == "NAMED"; }
    Poco::JSON::Object::Ptr toJson() const;
};

using TemplatePtr = std::shared_ptr<const Template>;

// Distinct placeholder names ("1", "nombre") in order of first appearance.
std::vector<std::string> placeholdersOf(const std::string& text);

// Builds a template from Meta's listing shape; throws Poco::DataException when it is malformed.
std::shared_ptr<Template> templateFromJson(const Poco::JSON::Object& json);

TemplateSpec specOf(const Poco::JSON::Array& components);

} // namespace cloudsim
