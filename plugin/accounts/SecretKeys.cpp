#include "accounts/SecretKeys.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sys/stat.h>

namespace campaigns::accounts {

std::string readKeyFile(const std::string& path) {
    Poco::File file(path);
    if (!file.exists()) throw Poco::FileNotFoundException("campaigns: secrets.key_file does not exist", path);
    if (!file.canRead()) throw Poco::FileAccessDeniedException("campaigns: secrets.key_file cannot be read by this user", path);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IROTH)) {
        throw Poco::InvalidArgumentException("campaigns: secrets.key_file is readable by every user; chmod 600 it", path);
    }
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    Poco::trimInPlace(text);
    if (text.empty()) throw Poco::InvalidArgumentException("campaigns: secrets.key_file is empty", path);
    return text;
}

SecretKeys secretKeysFromConfig(const Poco::Util::AbstractConfiguration& cfg) {
    SecretKeys out;
    out.currentId = cfg.getString("secrets.key_id", "k1");
    const std::string inline_ = cfg.getString("secrets.key", "");
    const std::string file = cfg.getString("secrets.key_file", "");
    if (!inline_.empty() && !file.empty()) {
        throw Poco::InvalidArgumentException(
            "campaigns: both secrets.key and secrets.key_file are set; keep only one (remove secrets.key from the "
            "host's configuration when the key lives in a file)");
    }
    const std::string current = file.empty() ? inline_ : readKeyFile(file);
    if (current.empty())
        throw Poco::InvalidArgumentException(
            "campaigns: no secrets.key or secrets.key_file configured; account secrets cannot be sealed");
    Poco::Util::AbstractConfiguration::Keys retired;
    cfg.keys("secrets.retired", retired);
    for (const auto& id : retired) out.keys[id] = cfg.getString("secrets.retired." + id);
    out.keys[out.currentId] = current;
    return out;
}

} // namespace campaigns::accounts
