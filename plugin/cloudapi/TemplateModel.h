#pragma once
// A message template as Meta's `GET /{waba}/message_templates` returns it, reduced to what the
// campaigns module needs: which values every send must carry, how the upload file names them,
// how the message reads once filled in, and whether a value would be refused by WhatsApp.

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::cloudapi {

enum class ParameterFormat { Positional, Named };

enum class HeaderFormat { None, Text, Image, Video, Document, Location };

enum class ButtonType { QuickReply, Url, PhoneNumber, CopyCode, Other };

struct Button {
    ButtonType type = ButtonType::Other;
    std::string typeName; // Meta's spelling, kept for buttons we do not model (FLOW, OTP, ...)
    std::string text;
    std::string url; // URL buttons only; may end in a placeholder such as {{1}}
    int index = 0;   // position inside the BUTTONS component, as the send payload needs it
};

struct Template {
    std::string id; // Meta ids exceed 2^53: always kept as text
    std::string name;
    std::string language;
    std::string status;
    std::string category;
    ParameterFormat parameterFormat = ParameterFormat::Positional;
    HeaderFormat headerFormat = HeaderFormat::None;
    std::string headerText;
    std::string bodyText;
    std::string footerText;
    std::vector<Button> buttons;
    // The listing item exactly as Meta sent it, so a stored template loses nothing we do not model.
    std::string sourceJson;

    bool approved() const { return status == "APPROVED"; }
    bool hasMediaHeader() const;
};

// Where a send parameter goes in the message payload.
enum class ParameterSlot { HeaderText, HeaderMedia, HeaderLocation, Body, UrlButton, CopyCode };

struct RequiredParameter {
    ParameterSlot slot = ParameterSlot::Body;
    std::string placeholder; // "1" or "first_name"; empty for media, location and coupon slots
    std::string column;      // upload-file column; empty when the value is campaign-level
    int buttonIndex = -1;    // for button slots

    bool fromUploadFile() const { return !column.empty(); }
};

class TemplateParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Column names of the upload file, in Spanish like the rest of the administrator's view.
inline constexpr std::string_view kHeaderTextColumn = "encabezado";
inline constexpr std::string_view kCouponColumn = "codigo_cupon";
std::string positionalColumn(std::string_view placeholder); // "1" -> "parametro_1"
std::string urlButtonColumn(int buttonIndex);               // 0 -> "boton_url_0"

Template parseTemplate(const Poco::JSON::Object& json);
Template parseTemplate(std::string_view json);

// Placeholders of one text, distinct. Positional ones come back sorted by number because Meta
// matches values to {{1}}..{{n}} by position; named ones keep their first-appearance order.
std::vector<std::string> placeholdersIn(std::string_view text, ParameterFormat format);

// Every value a send of this template must carry, component by component (a body-only count
// misses header and button variables).
std::vector<RequiredParameter> requiredParameters(const Template& t);

// Values by column name. Missing values are left visible as their placeholder so a preview
// shows what is still to be filled in.
using ParameterValues = std::map<std::string, std::string, std::less<>>;

struct Preview {
    std::string header; // filled text header, or a bracketed note for media/location headers
    std::string body;
    std::string footer;
    std::vector<std::string> buttons;

    // Header, body and footer separated by blank lines: the ticket's first message.
    std::string text() const;
};

Preview renderPreview(const Template& t, const ParameterValues& values);

// Longest value accepted per slot. Body: Meta rejects a body longer than 1024 characters, so no
// single body value can legitimately be longer. Header text: the header itself is limited to 60.
// Coupon codes: 15 characters. URL suffix: kept below common URL length limits.
inline constexpr std::size_t kMaxBodyValueChars = 1024;
inline constexpr std::size_t kMaxHeaderValueChars = 60;
inline constexpr std::size_t kMaxCouponChars = 15;
inline constexpr std::size_t kMaxUrlSuffixChars = 2000;

// Checks a value as WhatsApp does before accepting the message. Returns the Spanish reason an
// administrator sees next to the row, or nothing when the value is acceptable.
std::optional<std::string> validateParameterValue(std::string_view value, ParameterSlot slot = ParameterSlot::Body);

} // namespace campaigns::cloudapi
