#pragma once
#include <Poco/Util/ServerApplication.h>

#include <string>

namespace refhost {

// helpdesk-host [--config=FILE] [serve | seed-demo | token create --user U [--label L] |
//               user add --login L --password P --role administrator|agent [--name N]]
class HostApp : public Poco::Util::ServerApplication {
protected:
    void initialize(Poco::Util::Application& self) override;
    void defineOptions(Poco::Util::OptionSet& options) override;
    void handleOption(const std::string& name, const std::string& value) override;
    int main(const ArgVec& args) override;

private:
    int serve();
    int command(const ArgVec& args);
    void showHelp() const;
    bool helpRequested_ = false;
};

} // namespace refhost
