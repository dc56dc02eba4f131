#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::webhooks {

// "sha256=" + lowercase hex HMAC-SHA256 of `body` with `secret`, as Meta's X-Hub-Signature-256.
std::string signatureFor(std::string_view body, std::string_view secret);

// True when `header` is a valid X-Hub-Signature-256 of the raw `body` under any of `secrets`.
// Compares in constant time: the cost does not depend on where a forged signature differs.
bool signatureMatches(std::string_view body, std::string_view header, const std::vector<std::string>& secrets);

// True when `supplied` (hub.verify_token) equals one of the non-empty `expected` tokens. Both sides
// are hashed with SHA-256 and the digests compared with Poco's constant-time comparison, against
// every token without stopping at a match: the time taken says nothing about how much of a
// guessed token was right, nor about its length.
bool verifyTokenMatches(std::string_view supplied, const std::vector<std::string>& expected);

} // namespace campaigns::webhooks
