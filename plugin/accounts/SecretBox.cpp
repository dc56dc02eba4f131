#include "accounts/SecretBox.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Crypto/Cipher.h>
#include <Poco/Crypto/CipherFactory.h>
#include <Poco/Crypto/CipherKey.h>
#include <Poco/Crypto/CryptoTransform.h>
#include <Poco/RandomStream.h>

#include <openssl/evp.h>

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace campaigns::accounts {

namespace {

constexpr std::size_t kNonce = 12, kTag = 16;

bool isHex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::string keyBytes(const std::string& material) {
    if (isHex64(material)) {
        std::string out;
        for (std::size_t i = 0; i < 64; i += 2) out += static_cast<char>(std::stoi(material.substr(i, 2), nullptr, 16));
        return out;
    }
    if (material.size() < 16)
        throw std::invalid_argument("secrets key must be 64 hex characters or a passphrase of 16+ characters");
    std::string out(32, '\0');
    static const unsigned char salt[] = "helpdesk-campaigns-secretbox-v1";
    if (PKCS5_PBKDF2_HMAC(material.data(), static_cast<int>(material.size()), salt, sizeof salt - 1, 200000, EVP_sha256(), 32,
                          reinterpret_cast<unsigned char*>(out.data())) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return out;
}

std::string base64(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc.rdbuf()->setLineLength(0);
    enc << raw;
    enc.close();
    return out.str();
}

std::string unbase64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in);
    std::string out((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    return out;
}

Poco::Crypto::Cipher* gcm(const std::string& key, const std::string& nonce) {
    Poco::Crypto::CipherKey::ByteVec k(key.begin(), key.end()), iv(nonce.begin(), nonce.end());
    return Poco::Crypto::CipherFactory::defaultFactory().createCipher(Poco::Crypto::CipherKey("aes-256-gcm", k, iv));
}

std::string run(Poco::Crypto::CryptoTransform& t, const std::string& input) {
    std::string out(input.size() + t.blockSize() + 32, '\0');
    auto n = t.transform(reinterpret_cast<const unsigned char*>(input.data()), static_cast<std::streamsize>(input.size()),
                         reinterpret_cast<unsigned char*>(out.data()), static_cast<std::streamsize>(out.size()));
    n += t.finalize(reinterpret_cast<unsigned char*>(out.data()) + n, static_cast<std::streamsize>(out.size()) - n);
    out.resize(static_cast<std::size_t>(n));
    return out;
}

} // namespace

SecretBox::SecretBox(std::string currentKeyId, std::map<std::string, std::string> keys) : currentId_(std::move(currentKeyId)) {
    for (const auto& [id, material] : keys) {
        if (id.empty() || id.find(':') != std::string::npos) throw std::invalid_argument("bad secrets key id: " + id);
        keys_[id] = keyBytes(material);
    }
    if (!keys_.count(currentId_)) throw std::invalid_argument("no secrets key configured for id " + currentId_);
}

std::string SecretBox::seal(const std::string& plaintext) const {
    std::string nonce(kNonce, '\0');
    Poco::RandomInputStream().read(nonce.data(), kNonce);
    Poco::Crypto::Cipher::Ptr cipher(gcm(keys_.at(currentId_), nonce));
    auto enc = cipher->createEncryptor();
    std::string body = run(*enc, plaintext);
    return currentId_ + ":" + base64(nonce + body + enc->getTag(kTag));
}

std::string SecretBox::open(const std::string& sealed) const {
    auto colon = sealed.find(':');
    if (colon == std::string::npos) throw std::runtime_error("sealed secret has no key id");
    auto key = keys_.find(sealed.substr(0, colon));
    if (key == keys_.end()) throw std::runtime_error("sealed secret uses unknown key id " + sealed.substr(0, colon));
    std::string raw = unbase64(sealed.substr(colon + 1));
    if (raw.size() < kNonce + kTag) throw std::runtime_error("sealed secret is truncated");
    Poco::Crypto::Cipher::Ptr cipher(gcm(key->second, raw.substr(0, kNonce)));
    auto dec = cipher->createDecryptor();
    dec->setTag(raw.substr(raw.size() - kTag));
    try {
        return run(*dec, raw.substr(kNonce, raw.size() - kNonce - kTag));
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("sealed secret failed authentication: " + e.displayText());
    }
}

bool SecretBox::canOpen(const std::string& sealed) const {
    try {
        open(sealed);
        return true;
    } catch (const std::exception&) {
        return false; // the answer asked for: callers that need the reason call open()
    }
}

std::string SecretBox::last4(const std::string& plaintext) {
    return plaintext.size() <= 4 ? std::string() : plaintext.substr(plaintext.size() - 4);
}

std::string SecretBox::masked(const std::string& plaintext) { return "••••" + last4(plaintext); }

} // namespace campaigns::accounts
