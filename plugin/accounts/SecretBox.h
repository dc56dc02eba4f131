#pragma once
#include <map>
#include <string>

namespace campaigns::accounts {

// Encrypts account secrets (access tokens, app secrets, verify tokens) at rest with AES-256-GCM.
// Stored form: "<keyId>:" + base64(12-byte nonce | ciphertext | 16-byte tag). The key id prefix
// lets an operator rotate keys: new values use the current key, old values still open with a
// retired key kept under its id until they are rewritten.
class SecretBox {
public:
    // `keys` maps key id -> key material; each key is 64 hex chars (32 bytes) or any passphrase
    // of at least 16 characters (then stretched with PBKDF2-SHA256). Throws std::invalid_argument
    // when the current id is missing or a key is too short.
    SecretBox(std::string currentKeyId, std::map<std::string, std::string> keys);

    std::string seal(const std::string& plaintext) const;
    // Throws std::runtime_error when the value was tampered with or its key is unknown.
    std::string open(const std::string& sealed) const;
    // Whether open() would succeed, as a value (the reason is open()'s exception).
    bool canOpen(const std::string& sealed) const;

    // "••••abcd": what the UI and API show of a secret.
    static std::string masked(const std::string& plaintext);
    static std::string last4(const std::string& plaintext);

private:
    std::string currentId_;
    std::map<std::string, std::string> keys_; // id -> 32 raw bytes
};

} // namespace campaigns::accounts
