#include "accounts/SecretBox.h"
#include "accounts/SecretKeys.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sys/stat.h>

using campaigns::accounts::readKeyFile;
using campaigns::accounts::SecretBox;
using campaigns::accounts::secretKeysFromConfig;

namespace {
const std::string kHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// A key file with `content` and `mode`, removed with the TemporaryFile.
void writeKey(const Poco::TemporaryFile& file, const std::string& content, mode_t mode) {
    Poco::FileOutputStream out(file.path());
    out << content;
    out.close();
    ::chmod(file.path().c_str(), mode);
}
} // namespace

class SecretKeysTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SecretKeysTest);
    CPPUNIT_TEST(keyFileIsReadWithoutItsNewline);
    CPPUNIT_TEST(keyFromFileOpensWhatTheInlineKeySealed);
    CPPUNIT_TEST(inlineKeyStillWorks);
    CPPUNIT_TEST(bothInlineAndFileAreRefused);
    CPPUNIT_TEST(noKeyIsRefused);
    CPPUNIT_TEST(missingOrEmptyOrWorldReadableFileIsRefused);
    CPPUNIT_TEST(retiredKeysAreKept);
    CPPUNIT_TEST_SUITE_END();

public:
    void keyFileIsReadWithoutItsNewline() {
        Poco::TemporaryFile file;
        writeKey(file, "  " + kHex + "\n\n", 0600);
        CPPUNIT_ASSERT_EQUAL(kHex, readKeyFile(file.path()));
    }
    void keyFromFileOpensWhatTheInlineKeySealed() {
        Poco::TemporaryFile file;
        writeKey(file, kHex + "\n", 0600);
        Poco::AutoPtr<Poco::Util::MapConfiguration> inlineCfg(new Poco::Util::MapConfiguration);
        inlineCfg->setString("secrets.key", kHex);
        Poco::AutoPtr<Poco::Util::MapConfiguration> fileCfg(new Poco::Util::MapConfiguration);
        fileCfg->setString("secrets.key_file", file.path());
        auto a = secretKeysFromConfig(*inlineCfg);
        auto b = secretKeysFromConfig(*fileCfg);
        CPPUNIT_ASSERT_EQUAL(std::string("k1"), b.currentId);
        SecretBox sealer(a.currentId, a.keys);
        SecretBox opener(b.currentId, b.keys);
        CPPUNIT_ASSERT_EQUAL(std::string("EAAG-token"), opener.open(sealer.seal("EAAG-token")));
    }
    void inlineKeyStillWorks() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
        cfg->setString("secrets.key", kHex);
        cfg->setString("secrets.key_id", "k7");
        auto keys = secretKeysFromConfig(*cfg);
        CPPUNIT_ASSERT_EQUAL(std::string("k7"), keys.currentId);
        CPPUNIT_ASSERT_EQUAL(kHex, keys.keys.at("k7"));
    }
    void bothInlineAndFileAreRefused() {
        Poco::TemporaryFile file;
        writeKey(file, kHex, 0600);
        Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
        cfg->setString("secrets.key", kHex);
        cfg->setString("secrets.key_file", file.path());
        CPPUNIT_ASSERT_THROW(secretKeysFromConfig(*cfg), Poco::InvalidArgumentException);
    }
    void noKeyIsRefused() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
        CPPUNIT_ASSERT_THROW(secretKeysFromConfig(*cfg), Poco::InvalidArgumentException);
    }
    void missingOrEmptyOrWorldReadableFileIsRefused() {
        Poco::TemporaryFile missing;
        CPPUNIT_ASSERT_THROW(readKeyFile(missing.path()), Poco::FileNotFoundException);
        Poco::TemporaryFile empty;
        writeKey(empty, " \n", 0600);
        CPPUNIT_ASSERT_THROW(readKeyFile(empty.path()), Poco::InvalidArgumentException);
        Poco::TemporaryFile open;
        writeKey(open, kHex, 0644);
        CPPUNIT_ASSERT_THROW(readKeyFile(open.path()), Poco::InvalidArgumentException);
        // Group-readable is allowed: root:helpdesk 0640 is a common layout.
        ::chmod(open.path().c_str(), 0640);
        CPPUNIT_ASSERT_EQUAL(kHex, readKeyFile(open.path()));
    }
    void retiredKeysAreKept() {
        Poco::TemporaryFile file;
        writeKey(file, kHex, 0600);
        Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
        cfg->setString("secrets.key_file", file.path());
        cfg->setString("secrets.key_id", "k2");
        cfg->setString("secrets.retired.k1", "an old passphrase of some length");
        auto keys = secretKeysFromConfig(*cfg);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), keys.keys.size());
        CPPUNIT_ASSERT_EQUAL(kHex, keys.keys.at("k2"));
        CPPUNIT_ASSERT_EQUAL(std::string("an old passphrase of some length"), keys.keys.at("k1"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecretKeysTest);
