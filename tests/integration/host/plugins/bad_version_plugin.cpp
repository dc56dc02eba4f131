// A plugin that claims another major API version. Written by hand instead of with
// HELPDESK_EXPORT_PLUGIN so the version it reports differs from the headers it was built with.
#include <helpdesk/Plugin.h>

namespace {

class BadVersionPlugin : public helpdesk::Plugin {
public:
    std::string name() const override { return "bad_version"; }
    void start(helpdesk::HostContext& host) override {
        host.router().add({"GET", "/bad/hello", helpdesk::Role::Agent,
                           [](helpdesk::RequestContext& ctx) { ctx.response.send() << "should never be served"; }});
    }
    void stop(std::chrono::milliseconds) override {}
};

} // namespace

extern "C" __attribute__((visibility("default"))) int helpdesk_host_api_version() {
    return (HELPDESK_HOST_API_VERSION_MAJOR + 1) * 1000;
}

POCO_BEGIN_MANIFEST(helpdesk::Plugin)
POCO_EXPORT_CLASS(BadVersionPlugin)
POCO_END_MANIFEST
