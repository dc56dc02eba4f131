#include "campaign/CampaignState.h"

#include <array>
#include <utility>

namespace campaigns::campaign {

namespace {
constexpr std::array<std::pair<CampaignState, const char*>, 10> kCampaignCodes{{
    {CampaignState::Validating, "validating"},
    {CampaignState::Loaded, "loaded"},
    {CampaignState::Invalid, "invalid"},
    {CampaignState::Sending, "sending"},
    {CampaignState::Paused, "paused"},
    {CampaignState::Cancelled, "cancelled"},
    {CampaignState::Completed, "completed"},
    {CampaignState::CompletedWithErrors, "completed_with_errors"},
    {CampaignState::Failed, "failed"},
    {CampaignState::Scheduled, "scheduled"},
}};
constexpr std::array<std::pair<EntryState, const char*>, 10> kEntryCodes{{
    {EntryState::Queued, "queued"},
    {EntryState::Claimed, "claimed"},
    {EntryState::Dispatching, "dispatching"},
    {EntryState::Accepted, "accepted"},
    {EntryState::Failed, "failed"},
    {EntryState::Unknown, "unknown"},
    {EntryState::Cancelled, "cancelled"},
    {EntryState::Suppressed, "suppressed"},
    {EntryState::Deferred, "deferred"},
    {EntryState::Capped, "capped"},
}};
} // namespace

const char* code(CampaignState s) {
    for (const auto& [state, name] : kCampaignCodes)
        if (state == s) return name;
    return "invalid";
}

std::optional<CampaignState> campaignStateFromCode(std::string_view c) {
    for (const auto& [state, name] : kCampaignCodes)
        if (c == name) return state;
    return std::nullopt;
}

const char* code(EntryState s) {
    for (const auto& [state, name] : kEntryCodes)
        if (state == s) return name;
    return "queued";
}

std::optional<EntryState> entryStateFromCode(std::string_view c) {
    for (const auto& [state, name] : kEntryCodes)
        if (c == name) return state;
    return std::nullopt;
}

std::string stateLabel(CampaignState s, const Words& words) { return words(std::string("state.") + code(s)); }

std::vector<CampaignState> allCampaignStates() {
    std::vector<CampaignState> all;
    for (const auto& [state, name] : kCampaignCodes) all.push_back(state);
    return all;
}

bool canRename(CampaignState s) { return s == CampaignState::Loaded || s == CampaignState::Completed; }
Download downloadOf(CampaignState s) {
    switch (s) {
        case CampaignState::Completed:
        case CampaignState::CompletedWithErrors:
        case CampaignState::Failed:
            return Download::Results;
        case CampaignState::Invalid:
            return Download::Errors;
        case CampaignState::Validating:
        case CampaignState::Loaded:
        case CampaignState::Sending:
        case CampaignState::Paused:
        case CampaignState::Cancelled:
        case CampaignState::Scheduled:
            return Download::None;
    }
    return Download::None;
}

bool canDownload(CampaignState s) { return downloadOf(s) != Download::None; }

} // namespace campaigns::campaign
