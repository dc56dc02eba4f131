#pragma once
#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <string>

namespace campaigns::accounts {

// The keys that seal account secrets, as the plugin's configuration names them:
//   secrets.key_id          id of the current key (default k1)
//   secrets.key             the current key itself (the host hands its own secrets.key down), or
//   secrets.key_file        a file holding it, so the key stays out of the main configuration file
//   secrets.retired.<id>    older keys still needed to open values sealed with them
struct SecretKeys {
    std::string currentId;
    std::map<std::string, std::string> keys; // id -> key material (hex or passphrase)
};

// Throws Poco::InvalidArgumentException when no key is configured or both secrets.key and
// secrets.key_file are, and whatever readKeyFile throws.
SecretKeys secretKeysFromConfig(const Poco::Util::AbstractConfiguration& cfg);

// The key in `path` with surrounding whitespace (a trailing newline) removed. Throws
// Poco::FileNotFoundException / Poco::FileAccessDeniedException when it cannot be read,
// Poco::InvalidArgumentException when it is empty or any user of the machine may read it.
std::string readKeyFile(const std::string& path);

} // namespace campaigns::accounts
