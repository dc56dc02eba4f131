#pragma once
// Template listings shaped like Meta's `GET /{waba}/message_templates` answers.

namespace campaigns::cloudapi::fixtures {

// Meta's documented example: text header with one variable, two body variables, static URL
// button and a quick reply.
inline constexpr const char* kCouponReminder = R"({
  "name": "coupon_expiration_reminder_number_vars",
  "parameter_format": "POSITIONAL",
  "language": "en",
  "status": "APPROVED",
  "category": "MARKETING",
  "sub_category": "CUSTOM",
  "id": "1304694804498707",
  "components": [
    { "type": "HEADER", "format": "TEXT", "text": "Act fast, {{1}}!",
      "example": { "header_text": [ "Pablo" ] } },
    { "type": "BODY", "text": "Your code {{1}} expires in {{2}} days!",
      "example": { "body_text": [ [ "SUMMER20", "10" ] ] } },
    { "type": "FOOTER", "text": "Lucky Shrub Succulents" },
    { "type": "BUTTONS", "buttons": [
        { "type": "URL", "text": "See deals", "url": "https://www.luckyshrub.com/deals" },
        { "type": "QUICK_REPLY", "text": "Unsubscribe" } ] }
  ]
})";

inline constexpr const char* kSeasonalImage = R"({
  "name": "seasonal_promotion", "language": "en_US", "status": "APPROVED", "category": "MARKETING",
  "parameter_format": "POSITIONAL", "id": 1689556908129832123,
  "components": [
    { "type": "HEADER", "format": "IMAGE", "example": { "header_handle": [ "https://scontent.whatsapp.net/x" ] } },
    { "type": "BODY", "text": "Shop through {{1}} with code {{2}} for {{3}} off. Hurry, {{1}}!" },
    { "type": "BUTTONS", "buttons": [
        { "type": "QUICK_REPLY", "text": "Unsubscribe from Promos" },
        { "type": "URL", "text": "Shop", "url": "https://shop.example.com/c/{{1}}" },
        { "type": "COPY_CODE", "example": "250FF" } ] }
  ]
})";

inline constexpr const char* kNamedOrder = R"({
  "name": "order_confirmation", "language": "es", "status": "APPROVED", "category": "UTILITY",
  "parameter_format": "NAMED", "id": "77",
  "components": [
    { "type": "HEADER", "format": "TEXT", "text": "Hola {{first_name}}" },
    { "type": "BODY", "text": "Gracias {{first_name}}, tu pedido {{order_number}} llega el {{delivery_date}}." }
  ]
})";

} // namespace campaigns::cloudapi::fixtures
