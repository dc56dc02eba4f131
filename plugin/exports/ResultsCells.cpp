#include "exports/ResultsExport.h"

#include "campaign/CampaignState.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace campaigns::exports {

std::string resultStatus(std::string_view entryState) {
    const auto state = campaign::entryStateFromCode(entryState);
    if (!state) return "pending";
    switch (*state) {
        case campaign::EntryState::Accepted:
            return "received";
        case campaign::EntryState::Failed:
            return "failed";
        case campaign::EntryState::Unknown:
            return "unknown";
        case campaign::EntryState::Cancelled:
            return "cancelled";
        case campaign::EntryState::Suppressed:
            return "suppressed"; // the number is on the suppression list
        case campaign::EntryState::Deferred:
            return "deferred"; // 131049: waits >= 24 h before its retry
        case campaign::EntryState::Capped:
            return "capped"; // not sent: the frequency cap, and the campaign chose to skip
        case campaign::EntryState::Queued:
        case campaign::EntryState::Claimed:
        case campaign::EntryState::Dispatching:
            // The send never finished, which a finished campaign should not hold; say so rather than guess.
            return "pending";
    }
    return "pending";
}

std::string whatsappState(int progress, bool failedAfterAccept) {
    if (failedAfterAccept) return "failed";
    switch (progress) {
        case campaign::Progress::Sent:
            return "sent";
        case campaign::Progress::Delivered:
            return "delivered";
        case campaign::Progress::Read:
            return "read";
        case campaign::Progress::Replied:
            return "replied";
        case campaign::Progress::Addressed:
            return "addressed";
        default:
            return "";
    }
}

bool startsLikeFormula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

std::string neutralised(std::string text) {
    if (startsLikeFormula(text)) text.insert(text.begin(), '\'');
    return text;
}

std::vector<std::string> parseParams(const std::string& paramsJson) {
    if (paramsJson.empty()) return {};
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var parsed;
    try {
        parsed = parser.parse(paramsJson);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("params_json no es JSON válido: " + e.displayText());
    }
    if (parsed.type() != typeid(Poco::JSON::Array::Ptr))
        throw std::runtime_error("params_json no es una lista: " + paramsJson.substr(0, 80));
    const auto array = parsed.extract<Poco::JSON::Array::Ptr>();
    std::vector<std::string> values;
    values.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& v = array->get(static_cast<unsigned>(i));
        values.push_back(v.isEmpty() ? std::string() : v.convert<std::string>());
    }
    return values;
}

std::vector<std::string> genericParameterColumns(std::size_t count) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i <= count; ++i) names.push_back("parametro_" + std::to_string(i));
    return names;
}

std::vector<std::string> resultsHeader(const std::vector<std::string>& parameterColumns) {
    std::vector<std::string> header{"campaign_id", "entry_id",     "row",       "recipient", "status",  "whatsapp_state",
                                    "error_code",  "error_reason", "ticket_id", "created",   "updated", "retry_attempt"};
    header.insert(header.end(), parameterColumns.begin(), parameterColumns.end());
    return header;
}

void resultCells(long long campaignId, const ResultEntry& e, std::size_t parameterCount, std::vector<ResultCell>& cells) {
    cells.clear();
    cells.push_back({std::to_string(campaignId), true});
    cells.push_back({std::to_string(e.entryId), true});
    cells.push_back({std::to_string(e.rowNo), true});
    cells.push_back({e.phone, false});
    cells.push_back({resultStatus(e.state), false});
    cells.push_back({whatsappState(e.progress, e.failedAfterAccept), false});
    cells.push_back(e.errorCode ? ResultCell{std::to_string(e.errorCode), true} : ResultCell{});
    cells.push_back({e.errorReason, false});
    cells.push_back(e.ticketId ? ResultCell{std::to_string(e.ticketId), true} : ResultCell{});
    cells.push_back({e.created, false});
    cells.push_back({e.updated, false});
    cells.push_back({std::to_string(e.retryAttempt), true});
    auto params = parseParams(e.paramsJson);
    if (params.size() < parameterCount) params.resize(parameterCount);
    for (auto& p : params) cells.push_back({std::move(p), false});
}

std::string resultsFileName(long long campaignId, const std::string& extension) {
    return "campana-" + std::to_string(campaignId) + "-resultados." + extension;
}

} // namespace campaigns::exports
