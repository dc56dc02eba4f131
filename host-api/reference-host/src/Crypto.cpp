#include "Crypto.h"

#include <Poco/NumberParser.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace refhost::crypto {
namespace {

std::string toHex(const unsigned char* data, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 0x0f]);
    }
    return out;
}

std::string pbkdf2Hex(const std::string& password, const std::string& salt, int iterations) {
    unsigned char out[32];
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out, out) != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return toHex(out, sizeof out);
}

} // namespace

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> buf(bytes);
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    }
    return toHex(buf.data(), buf.size());
}

std::string sha256Hex(const std::string& data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return toHex(digest, sizeof digest);
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

PasswordHash hashPassword(const std::string& password, int iterations) {
    if (iterations < kMinPbkdf2Iterations) throw std::invalid_argument("too few PBKDF2 iterations");
    PasswordHash h;
    h.salt = randomHex(16);
    h.hash = "pbkdf2-sha256$" + std::to_string(iterations) + "$" + pbkdf2Hex(password, h.salt, iterations);
    return h;
}

namespace {
const std::string kHashPrefix = "pbkdf2-sha256$";
} // namespace

int hashIterations(const std::string& storedHash) {
    if (storedHash.rfind(kHashPrefix, 0) != 0) return 0;
    const auto sep = storedHash.find('$', kHashPrefix.size());
    if (sep == std::string::npos) return 0;
    int iterations = 0;
    if (!Poco::NumberParser::tryParse(storedHash.substr(kHashPrefix.size(), sep - kHashPrefix.size()), iterations)) return 0;
    // A stored count this high is not ours (a corrupt row): refusing it keeps a login from
    // spending minutes of CPU.
    return iterations > 0 && iterations <= kMaxPbkdf2Iterations ? iterations : 0;
}

bool verifyPassword(const std::string& password, const std::string& storedHash, const std::string& salt) {
    const int iterations = hashIterations(storedHash);
    if (iterations < kMinPbkdf2Iterations) return false;
    return constantTimeEquals(pbkdf2Hex(password, salt, iterations),
                              storedHash.substr(storedHash.find('$', kHashPrefix.size()) + 1));
}

bool needsRehash(const std::string& storedHash) { return hashIterations(storedHash) < kPbkdf2Iterations; }

} // namespace refhost::crypto
