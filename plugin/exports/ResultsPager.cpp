#include "exports/ResultsExport.h"

#include <Poco/Data/Session.h>

using namespace Poco::Data::Keywords;

namespace campaigns::exports {
namespace {

// Times come back as ISO 8601 text from the database itself, so neither driver's date type (nor
// Poco 1.11's MySQL connector's limits) is involved. "created" is when Meta accepted the message,
// else when its send failed.
const char* selectText(helpdesk::Dialect d) {
    if (d == helpdesk::Dialect::MySQL)
        return "SELECT id, row_no, phone, state, progress, failed_after_accept, error_code, error_reason, "
               "COALESCE(ticket_id, 0), "
               "COALESCE(DATE_FORMAT(COALESCE(accepted_at, failed_at), '%Y-%m-%dT%H:%i:%sZ'), ''), "
               "COALESCE(DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%sZ'), ''), retry_attempt, params_json "
               "FROM campaigns_entries WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?";
    return "SELECT id, row_no, phone, state, progress, failed_after_accept, error_code, error_reason, "
           "COALESCE(ticket_id, 0), "
           "COALESCE(strftime('%Y-%m-%dT%H:%M:%SZ', COALESCE(accepted_at, failed_at)), ''), "
           "COALESCE(strftime('%Y-%m-%dT%H:%M:%SZ', updated_at), ''), retry_attempt, params_json "
           "FROM campaigns_entries WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?";
}

} // namespace

ResultsPager::ResultsPager(helpdesk::Database& db, long long campaignId, std::size_t pageSize)
    : db_(db), campaignId_(campaignId), pageSize_(pageSize ? pageSize : 1) {}

bool ResultsPager::next(std::vector<ResultEntry>& page) {
    page.clear();
    if (done_) return false;
    std::vector<Poco::Int64> ids, rows, progress, failedAfter, codes, tickets, retries;
    std::vector<std::string> phones, states, reasons, created, updated, params;
    Poco::Int64 campaign = campaignId_, after = lastId_, limit = static_cast<Poco::Int64>(pageSize_);
    auto session = db_.session();
    session << selectText(db_.dialect()), use(campaign), use(after), use(limit), into(ids), into(rows), into(phones),
        into(states), into(progress), into(failedAfter), into(codes), into(reasons), into(tickets), into(created), into(updated),
        into(retries), into(params), now;
    page.resize(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        auto& e = page[i];
        e.entryId = ids[i];
        e.rowNo = rows[i];
        e.phone = std::move(phones[i]);
        e.state = std::move(states[i]);
        e.progress = static_cast<int>(progress[i]);
        e.failedAfterAccept = failedAfter[i] != 0;
        e.errorCode = codes[i];
        e.errorReason = std::move(reasons[i]);
        e.ticketId = tickets[i];
        e.created = std::move(created[i]);
        e.updated = std::move(updated[i]);
        e.retryAttempt = retries[i];
        e.paramsJson = std::move(params[i]);
    }
    if (ids.size() < pageSize_) done_ = true;
    if (!ids.empty()) lastId_ = ids.back();
    return !page.empty();
}

} // namespace campaigns::exports
