// Shared main for every CppUnit suite: runs all registered tests, or those named on the command
// line (e.g. `unit_uploads XlsxReaderTest::testSharedStrings`), and exits non-zero on any failure.
#include <Poco/Exception.h>

#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/Message.h>
#include <cppunit/Protector.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>

namespace {
// Poco exceptions say only their class name in what(); show the whole text in failures.
class PocoProtector : public CppUnit::Protector {
public:
    bool protect(const CppUnit::Functor& functor, const CppUnit::ProtectorContext& context) override {
        try {
            return functor();
        } catch (const Poco::Exception& e) {
            reportError(context, CppUnit::Message("uncaught Poco exception", e.displayText()));
        }
        return false;
    }
};
} // namespace

int main(int argc, char** argv) {
    CppUnit::TestResult controller;
    controller.pushProtector(new PocoProtector);
    CppUnit::TestResultCollector result;
    controller.addListener(&result);
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&progress);

    CppUnit::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    try {
        if (argc > 1) {
            for (int i = 1; i < argc; ++i) runner.run(controller, argv[i]);
        } else {
            runner.run(controller);
        }
    } catch (const std::invalid_argument& e) {
        std::cerr << "No such test: " << e.what() << "\n";
        return 2;
    }
    CppUnit::CompilerOutputter outputter(&result, std::cerr);
    outputter.write();
    std::cout << (result.runTests() - result.testFailuresTotal()) << " passed, " << result.testFailuresTotal() << " failed\n";
    return result.wasSuccessful() ? 0 : 1;
}
