#pragma once
#include <helpdesk/Plugin.h>

#include <memory>

namespace campaigns {

namespace web { class PageTemplates; }

// Wires the capabilities into the host: migrations, menu entries, pages, API routes, tasks.
class CampaignsPlugin : public helpdesk::Plugin {
public:
    CampaignsPlugin();
    ~CampaignsPlugin() override;

    std::string name() const override { return "campaigns"; }
    void start(helpdesk::HostContext& host) override;
    void stop(std::chrono::milliseconds budget) override;

private:
    void registerPages(helpdesk::HostContext& host);

    helpdesk::HostContext* host_ = nullptr;
    std::unique_ptr<web::PageTemplates> templates_;
    std::vector<int> appliedMigrations_;
};

} // namespace campaigns
