#pragma once
// GET /campaigns/api/v1/campaigns/{id}/results?format=csv|xlsx: the results of a finished campaign.
// Allowed only for Completada and Finalizada con errores (409 otherwise; an invalid campaign's
// rows with their errors are a different download); 404 for an unknown campaign.
#include "campaign/CampaignState.h"

#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <Poco/Logger.h>

#include <string>
#include <vector>

namespace campaigns::exports {

class ResultsRoute {
public:
    // `tempDir`: where xlsx files and libxlsxwriter's row files are built (created if missing).
    // `spanish`: the locale strings in Spanish, for the states its (Spanish) 409 message names.
    ResultsRoute(helpdesk::Database& db, std::string tempDir, campaign::Words spanish, Poco::Logger& log);

    void handle(helpdesk::RequestContext& ctx);
    void registerRoutes(helpdesk::Router& router);

    // Parameter headers of the campaign: the template's upload-file column names when they match
    // the number of values the entries carry, else parametro_1..n.
    std::vector<std::string> parameterColumns(long long campaignId, long long templateId);

private:
    helpdesk::Database& db_;
    std::string tempDir_;
    campaign::Words spanish_;
    Poco::Logger& log_;
};

} // namespace campaigns::exports
