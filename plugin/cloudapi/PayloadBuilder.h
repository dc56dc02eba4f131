#pragma once
// Builds the JSON body of `POST /{phone-number-id}/messages` for one row of a campaign.

#include "cloudapi/TemplateModel.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::cloudapi {

// The campaign-level header: the same image (or video, document, place) for every row.
struct HeaderContent {
    enum class Source { None, MediaId, Link, Location };
    Source source = Source::None;
    std::string value;    // media id or public https link
    std::string filename; // documents only: the name the recipient sees
    // Location headers only; Meta takes coordinates as text.
    std::string latitude, longitude, name, address;

    static HeaderContent mediaId(std::string id);
    static HeaderContent link(std::string url);
};

// A row that cannot become a valid payload; the message says which column, in Spanish.
class PayloadError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Meta's limit for biz_opaque_callback_data.
inline constexpr std::size_t kMaxCallbackDataChars = 512;

class PayloadBuilder {
public:
    // Throws PayloadError when the template needs a header this campaign does not provide, and
    // cloudapi::TemplateParseError when the template's own variables are malformed.
    PayloadBuilder(cloudapi::Template tmpl, HeaderContent header);

    const cloudapi::Template& templ() const { return template_; }
    const std::vector<cloudapi::RequiredParameter>& parameters() const { return parameters_; }

    // recipient: E.164 digits (a leading '+' is tolerated); sent with '+' so Meta never prepends
    // the business number's country code. Throws PayloadError on a missing value or bad input.
    std::string build(std::string_view recipient, const cloudapi::ParameterValues& values, std::string_view callbackData) const;
    // Same, appending to out (cleared first) so a worker can reuse one buffer.
    void buildInto(std::string& out, std::string_view recipient, const cloudapi::ParameterValues& values,
                   std::string_view callbackData) const;

private:
    cloudapi::Template template_;
    std::vector<cloudapi::RequiredParameter> parameters_;
    std::string prefix_;          // template name and language, escaped once
    std::string headerMediaJson_; // the fixed header component, when it takes no row value
};

} // namespace campaigns::cloudapi
