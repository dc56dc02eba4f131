// A plugin that registers a bit of everything and then fails in start(): the host must take all
// of it back and keep running.
#include <helpdesk/Plugin.h>

#include <atomic>
#include <stdexcept>

namespace {

class ThrowingPlugin : public helpdesk::Plugin {
public:
    std::string name() const override { return "throwing"; }
    void start(helpdesk::HostContext& host) override {
        host.router().add({"GET", "/throwing/hello", helpdesk::Role::Agent,
                           [](helpdesk::RequestContext& ctx) { ctx.response.send() << "should be gone"; }});
        host.menu().add({"Analítica", "Plugin roto", "Broken", "/throwing/hello", helpdesk::Role::Agent});
        host.scheduler().every("tick", std::chrono::milliseconds(5), [] {
            static std::atomic<int> runs{0};
            ++runs;
        });
        host.tickets().subscribe([](const helpdesk::TicketEvent&) { throw std::runtime_error("must not be called"); });
        host.tickets().addPanel({"", [](const helpdesk::TicketState&, const std::string&) -> std::string {
                                     throw std::runtime_error("must not be rendered");
                                 }});
        throw std::runtime_error("falla a propósito");
    }
    void stop(std::chrono::milliseconds) override {}
};

} // namespace

HELPDESK_EXPORT_PLUGIN(ThrowingPlugin)
