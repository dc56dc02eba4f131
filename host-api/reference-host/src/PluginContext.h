#pragma once
#include "HostServices.h"
#include "MenuRegistry.h"
#include "SchedulerService.h"

#include <helpdesk/HostContext.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <string>

namespace refhost {

// What one plugin sees of the host. Everything it registers is tagged with its name, so the host
// can take it all back when the plugin fails to start or stops.
class PluginContext : public helpdesk::HostContext {
public:
    PluginContext(HostServices& host, const std::string& name);
    helpdesk::Router& router() override { return router_; }
    helpdesk::PageShell& pages() override { return host_.shell; }
    helpdesk::Menu& menu() override { return menu_; }
    helpdesk::Scheduler& scheduler() override { return scheduler_; }
    helpdesk::Database& database() override { return host_.db; }
    helpdesk::Directory& directory() override { return host_.directory; }
    helpdesk::Tickets& tickets() override { return tickets_; }
    Poco::Util::AbstractConfiguration& config() override { return *config_; }
    Poco::Logger& logger() override { return logger_; }
    std::string resourceDir() const override { return resourceDir_; }
    std::string dataDir() const override { return dataDir_; }
    std::string publicBaseUrl() const override { return host_.publicBaseUrl; }
    std::string timeZone() const override { return host_.settings.timeZone; }

    // Removes the plugin's routes, menu entries, scheduled tasks, event subscriptions and ticket panels.
    void withdrawAll();

private:
    class OwnedRouter : public helpdesk::Router {
    public:
        OwnedRouter(RouteTable& table, std::string owner) : table_(table), owner_(std::move(owner)) {}
        void add(helpdesk::Route route) override { table_.add(std::move(route), owner_); }
        void addStatic(const std::string& prefix, const std::string& dir, helpdesk::Role role) override {
            table_.addStatic(prefix, dir, role, owner_);
        }

    private:
        RouteTable& table_;
        std::string owner_;
    };
    class OwnedTickets : public helpdesk::Tickets {
    public:
        OwnedTickets(TicketService& tickets, EventBus& events, std::string owner)
            : tickets_(tickets), events_(events), owner_(std::move(owner)) {}
        long long create(const helpdesk::NewTicket& t) override { return tickets_.create(t); }
        std::vector<long long> createMany(const std::vector<helpdesk::NewTicket>& t) override { return tickets_.createMany(t); }
        void close(long long id) override { tickets_.close(id); }
        void addMessage(long long id, const helpdesk::TicketMessage& m) override { tickets_.addMessage(id, m); }
        std::optional<long long> findByExternalKey(const std::string& k) override { return tickets_.findByExternalKey(k); }
        std::optional<helpdesk::TicketState> find(long long id) override { return tickets_.find(id); }
        std::optional<long long> findOpenByPhone(const std::string& phone) override { return tickets_.findOpenByPhone(phone); }
        bool addInbound(long long id, const helpdesk::TicketMessage& m, const std::string& reopenLine) override {
            return tickets_.addInbound(id, m, reopenLine);
        }
        void addPanel(helpdesk::TicketPanel panel) override { tickets_.panels().add(std::move(panel), owner_); }
        void subscribe(Subscriber s) override { events_.subscribe(owner_, std::move(s)); }

    private:
        TicketService& tickets_;
        EventBus& events_;
        std::string owner_;
    };

    HostServices& host_;
    std::string name_;
    OwnedRouter router_;
    OwnedMenu menu_;
    OwnedScheduler scheduler_;
    OwnedTickets tickets_;
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config_;
    Poco::Logger& logger_;
    std::string resourceDir_;
    std::string dataDir_;
};

} // namespace refhost
