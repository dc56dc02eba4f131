// A well-behaved test plugin: routes, a menu entry, the shell, a ticket panel and a stop() that returns.
#include <helpdesk/Plugin.h>

namespace {

class GoodPlugin : public helpdesk::Plugin {
public:
    std::string name() const override { return "good"; }
    void start(helpdesk::HostContext& host) override {
        auto* pages = &host.pages();
        const std::string greeting = host.config().getString("greeting", "hola");
        host.router().add({"GET", "/good/hello", helpdesk::Role::Agent, [greeting](helpdesk::RequestContext& ctx) {
                               ctx.response.setContentType("text/plain");
                               ctx.response.send() << greeting << " " << ctx.user->login;
                           }});
        host.router().add({"GET", "/good/page", helpdesk::Role::Agent, [pages](helpdesk::RequestContext& ctx) {
                               pages->render(ctx, "Página buena", "<p id=\"good\">contenido del plugin</p>");
                           }});
        host.router().add({"POST", "/good/hook", helpdesk::Role::PublicSigned, [](helpdesk::RequestContext& ctx) {
                               ctx.response.setContentType("text/plain");
                               ctx.response.send() << "firmado";
                           }});
        host.menu().add({"Analítica", "Buen plugin", "Good plugin", "/good/page", helpdesk::Role::Administrator});
        host.tickets().addPanel({"good:", [](const helpdesk::TicketState& t, const std::string&) {
                                     return "<p id=\"good-panel\">" + std::to_string(t.id) + "</p>";
                                 }});
    }
    void stop(std::chrono::milliseconds) override {}
};

} // namespace

HELPDESK_EXPORT_PLUGIN(GoodPlugin)
