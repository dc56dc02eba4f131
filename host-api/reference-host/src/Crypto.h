#pragma once
#include <cstddef>
#include <string>

// Secrets handling for the host: random identifiers, token digests and password hashes.
namespace refhost::crypto {

// Hex of `bytes` bytes from OpenSSL's CSPRNG; throws std::runtime_error if it cannot deliver.
std::string randomHex(std::size_t bytes);
std::string sha256Hex(const std::string& data);
// Compares in time independent of where the strings differ (length differences return early).
bool constantTimeEquals(const std::string& a, const std::string& b);

// Below this the hash would be cheap to brute-force offline.
constexpr int kMinPbkdf2Iterations = 100000;
constexpr int kPbkdf2Iterations = 120000;

struct PasswordHash {
    std::string hash; // "pbkdf2-sha256$<iterations>$<hex>"
    std::string salt; // hex
};

PasswordHash hashPassword(const std::string& password, int iterations = kPbkdf2Iterations);
// False for a wrong password and for a malformed or too-weak stored hash.
bool verifyPassword(const std::string& password, const std::string& storedHash, const std::string& salt);

} // namespace refhost::crypto
