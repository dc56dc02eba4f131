// cloud-api-sim: runs the simulator until SIGINT/SIGTERM. Prints "LISTENING <port>" once bound
// so scripts can start it with port 0 and read the port.
#include <pthread.h>
#include <csignal>
#include "SimConfig.h"
#include "Simulator.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <string>
#include <vector>

namespace {

class CloudApiSimApp : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        options.addOption(Poco::Util::Option("help", "h", "show the options and exit"));
        options.addOption(Poco::Util::Option("port", "p", "listen port, 0 = ephemeral (default 0)")
                              .argument("port")
                              .callback(Poco::Util::OptionCallback<CloudApiSimApp>(this, &CloudApiSimApp::onSetting)));
        options.addOption(Poco::Util::Option("config", "c", "properties file with sim.<key> = value lines")
                              .argument("file")
                              .callback(Poco::Util::OptionCallback<CloudApiSimApp>(this, &CloudApiSimApp::onConfigFile)));
        options.addOption(Poco::Util::Option("set", "s", "override one setting, e.g. --set throughput_mps=1000 (repeatable)")
                              .argument("key=value")
                              .repeatable(true)
                              .callback(Poco::Util::OptionCallback<CloudApiSimApp>(this, &CloudApiSimApp::onSetting)));
    }

    void handleOption(const std::string& name, const std::string& value) override {
        ServerApplication::handleOption(name, value);
        if (name == "help") {
            helpRequested_ = true;
            stopOptionsProcessing();
        }
    }

    int main(const std::vector<std::string>&) override {
        if (helpRequested_) {
            Poco::Util::HelpFormatter help(options());
            help.setCommand(commandName());
            help.setHeader("WhatsApp Cloud API simulator. Settings: " + settingNames());
            help.format(std::cout);
            return EXIT_OK;
        }
        cloudsim::SimConfig config;
        if (!configFile_.empty()) {
            Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file = new Poco::Util::PropertyFileConfiguration(configFile_);
            config.applyProperties(*file, "sim.");
        }
        for (const auto& [key, value] : overrides_) config.set(key, value);
        // Block the termination signals before any thread starts: waitForTerminationRequest()
        // collects them with sigwait, and one that arrives right after LISTENING (as a test's
        // does) must wait for it instead of killing the process with the default action.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGQUIT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        cloudsim::Simulator sim(config);
        sim.start();
        std::cout << "LISTENING " << sim.port() << std::endl;
        waitForTerminationRequest();
        sim.stop();
        return EXIT_OK;
    }

private:
    void onConfigFile(const std::string&, const std::string& value) { configFile_ = value; }

    void onSetting(const std::string& name, const std::string& value) {
        if (name == "port") {
            overrides_.emplace_back("port", value);
            return;
        }
        auto eq = value.find('=');
        if (eq == std::string::npos) throw Poco::InvalidArgumentException("--set needs key=value", value);
        overrides_.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    }

    static std::string settingNames() {
        std::string out;
        for (const auto& key : cloudsim::SimConfig::keys()) out += (out.empty() ? "" : ", ") + key;
        return out;
    }

    bool helpRequested_ = false;
    std::string configFile_;
    std::vector<std::pair<std::string, std::string>> overrides_;
};

} // namespace

POCO_SERVER_MAIN(CloudApiSimApp)
