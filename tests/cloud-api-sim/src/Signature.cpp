#include "Signature.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

namespace cloudsim {
namespace {

// HMACEngine needs the block and digest sizes as constants, which SHA2Engine does not declare.
class Sha256Engine : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

} // namespace

std::string hmacSha256Hex(const std::string& key, const std::string& message) {
    Poco::HMACEngine<Sha256Engine> hmac(key);
    hmac.update(message);
    return Poco::DigestEngine::digestToHex(hmac.digest());
}

std::string signatureHeader(const std::string& appSecret, const std::string& body) {
    return "sha256=" + hmacSha256Hex(appSecret, body);
}

} // namespace cloudsim
