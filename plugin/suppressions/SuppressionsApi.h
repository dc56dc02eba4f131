#pragma once
// /campaigns/api/v1/suppressions: the "Lista de exclusión" of each WABA for administrators —
// search, add, remove with a reason, history of a number, CSV export, and CSV import that stores
// every row or none.
#include "suppressions/SuppressionStore.h"

#include <helpdesk/Http.h>

#include <Poco/Logger.h>

namespace campaigns::suppressions {

class SuppressionsApi {
public:
    SuppressionsApi(SuppressionStore& store, Poco::Logger& log);

    void registerRoutes(helpdesk::Router& router);

    void list(helpdesk::RequestContext& ctx);
    void add(helpdesk::RequestContext& ctx);
    void remove(helpdesk::RequestContext& ctx);
    void history(helpdesk::RequestContext& ctx);
    void exportCsv(helpdesk::RequestContext& ctx);
    void importCsv(helpdesk::RequestContext& ctx);
    // /campaigns/api/v1/templates/{id}/optout-payloads: the template's quick-reply payloads that
    // mean "no more campaigns".
    void showOptOutPayloads(helpdesk::RequestContext& ctx);
    void setOptOutPayloads(helpdesk::RequestContext& ctx);

private:
    SuppressionStore& store_;
    Poco::Logger& log_;
};

} // namespace campaigns::suppressions
