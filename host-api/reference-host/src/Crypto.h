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

// Below this the hash would be cheap to brute-force offline; stored hashes under it never verify.
constexpr int kMinPbkdf2Iterations = 100000;
// New hashes: OWASP's figure for PBKDF2-HMAC-SHA256 (600,000, 2023), about 0.15 s of one core
// here. Hashes made with fewer (120,000 before) are redone on the next successful login.
constexpr int kPbkdf2Iterations = 600000;
constexpr int kMaxPbkdf2Iterations = 10000000;

struct PasswordHash {
    std::string hash; // "pbkdf2-sha256$<iterations>$<hex>"
    std::string salt; // hex
};

PasswordHash hashPassword(const std::string& password, int iterations = kPbkdf2Iterations);
// False for a wrong password and for a malformed or too-weak stored hash.
bool verifyPassword(const std::string& password, const std::string& storedHash, const std::string& salt);
// The iteration count a stored hash was made with; 0 when it is malformed.
int hashIterations(const std::string& storedHash);
// True when a stored hash that verified should be made again with today's iteration count.
bool needsRehash(const std::string& storedHash);

} // namespace refhost::crypto
