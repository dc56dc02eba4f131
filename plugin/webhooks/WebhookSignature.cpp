#include "webhooks/WebhookSignature.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace campaigns::webhooks {

namespace {
// Poco's HMACEngine needs the block and digest sizes as constants of the engine type.
class Sha256 : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

bool constantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}
} // namespace

std::string signatureFor(std::string_view body, std::string_view secret) {
    Poco::HMACEngine<Sha256> hmac{std::string(secret)};
    hmac.update(body.data(), static_cast<unsigned>(body.size()));
    return "sha256=" + Poco::DigestEngine::digestToHex(hmac.digest());
}

bool signatureMatches(std::string_view body, std::string_view header, const std::vector<std::string>& secrets) {
    if (header.size() != 7 + 64 || header.substr(0, 7) != "sha256=") return false;
    bool any = false;
    for (const auto& secret : secrets) any |= constantTimeEquals(signatureFor(body, secret), header);
    return any;
}

bool verifyTokenMatches(std::string_view supplied, const std::vector<std::string>& expected) {
    auto digest = [](std::string_view text) {
        Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
        sha.update(text.data(), static_cast<unsigned>(text.size()));
        return sha.digest();
    };
    const auto given = digest(supplied);
    bool any = false;
    for (const auto& token : expected) any |= Poco::DigestEngine::constantTimeEquals(digest(token), given) && !token.empty();
    return any && !supplied.empty();
}

} // namespace campaigns::webhooks
