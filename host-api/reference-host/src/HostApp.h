#pragma once
#include <Poco/Util/ServerApplication.h>

#include <string>

namespace refhost {

// helpdesk-host [--config=FILE] [serve | seed-demo | token create --user U [--label L] |
//               user add --login L --password P --role administrator|agent [--name N]]
// `serve` runs until SIGTERM, SIGINT or SIGQUIT (then drains and stops). SIGHUP (systemd's
// ExecReload) rereads the configuration file and applies what can change while running: the log
// level (logging.loggers.root.level). Everything else applies at the next start; the log says so.
class HostApp : public Poco::Util::ServerApplication {
protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const ArgVec& args) override;

private:
    int serve();
    // Waits for a termination signal; each SIGHUP meanwhile calls reload().
    void waitServing();
    void reload();
    int command(const ArgVec& args);
    void showHelp() const;
    bool helpRequested_ = false;
    std::string configFile_; // --config, reread on SIGHUP
};

} // namespace refhost
