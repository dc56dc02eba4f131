// An uploaded file is stored whole or not at all (issue 15, finding 6): a full disk used to leave
// a truncated file that validated with fewer rows. /dev/full refuses every write with ENOSPC; the
// test writes to it through a symlink in a temporary folder, so removing the "file" afterwards
// removes only the link.
#include "campaign/MultipartReceiver.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>
#include <sstream>

using campaigns::campaign::copyToFile;

class CopyToFileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CopyToFileTest);
    CPPUNIT_TEST(copiesWholeFile);
    CPPUNIT_TEST(refusesPastTheCap);
    CPPUNIT_TEST(fullDiskIsAnErrorNotATruncatedFile);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        dir_ = Poco::TemporaryFile::tempName();
        Poco::File(dir_).createDirectories();
    }
    void tearDown() override { Poco::File(dir_).remove(true); }

    void copiesWholeFile() {
        const std::string content(300 * 1024 + 7, 'x');
        std::istringstream in(content);
        const std::string path = Poco::Path(dir_, "ok.csv").toString();
        CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(content.size()), copyToFile(in, path, 1 << 20));
        Poco::FileInputStream back(path);
        std::string read;
        Poco::StreamCopier::copyToString(back, read);
        CPPUNIT_ASSERT(read == content);
    }

    void refusesPastTheCap() {
        std::istringstream in(std::string(2048, 'x'));
        CPPUNIT_ASSERT_THROW(copyToFile(in, Poco::Path(dir_, "big.csv").toString(), 1024), campaigns::campaign::FileTooLarge);
    }

    void fullDiskIsAnErrorNotATruncatedFile() {
        if (!Poco::File("/dev/full").exists()) CPPUNIT_FAIL("/dev/full is needed to simulate a full disk");
        const std::string link = Poco::Path(dir_, "full.csv").toString();
        CPPUNIT_ASSERT_EQUAL(0, ::symlink("/dev/full", link.c_str()));
        // Larger than any stream buffer: the error comes while writing.
        std::istringstream large(std::string(300 * 1024, 'x'));
        CPPUNIT_ASSERT_THROW(copyToFile(large, link, 1 << 20), Poco::WriteFileException);
        // Smaller than the buffer: the error comes when the file is closed.
        std::istringstream small("telefono\n56911112222\n");
        CPPUNIT_ASSERT_THROW(copyToFile(small, link, 1 << 20), Poco::WriteFileException);
    }

private:
    std::string dir_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CopyToFileTest);
