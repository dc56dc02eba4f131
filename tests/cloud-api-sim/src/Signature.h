// X-Hub-Signature-256: HMAC-SHA256 of the raw webhook body keyed with the app secret.
#pragma once

#include <string>

namespace cloudsim {

std::string hmacSha256Hex(const std::string& key, const std::string& message);
std::string signatureHeader(const std::string& appSecret, const std::string& body); // "sha256=<hex>"

} // namespace cloudsim
