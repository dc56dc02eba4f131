#pragma once
// "Enviar prueba": the campaign's template sent with the values of one of its rows to a phone the
// administrator types, to see the real message on a real phone before sending to everyone. Test
// messages live in their own table (campaigns_test_messages), never in campaigns_entries, so they
// never count in the campaign, its counters or the analytics; their WhatsApp state arrives by
// status webhook (applyTestMessageStatus, called by tracking's event processor). Bounded: a few
// per campaign per minute, since each one costs a template message and touches the number's limits.
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <functional>
#include <optional>
#include <string>

namespace campaigns::planning {

struct TestMessage {
    long long id = 0, campaignId = 0, userId = 0;
    int rowNo = 0;
    std::string phone, state; // sending | accepted | sent | delivered | read | failed
    int errorCode = 0;
    std::string errorReason, createdAt, updatedAt; // times "YYYY-MM-DD HH:MM:SS" UTC
};

// The campaign's Cloud API body for one row sent to `phone` (E.164 digits); throws a
// std::exception with a Spanish message when the campaign cannot be sent as it stands (template
// not approved, header missing). The plugin wires it to sending's payload builder.
using RowPayload = std::function<std::string(long long campaignId, const std::string& phone, const std::string& paramsJson)>;

class TestMessages {
public:
    static constexpr int kMaxPerMinute = 5; // per campaign
    static constexpr int kFirstDataRow = 2; // row 1 of the file is its header

    TestMessages(helpdesk::Database& db, const cloudapi::CloudApiClient& client, accounts::AccountStore& accounts,
                 RowPayload payload, Poco::Logger& log, std::function<Poco::Timestamp()> clock = {});

    // Sends it now and answers the stored row (state accepted, or failed with Meta's reason).
    // Throws helpdesk::HttpError: 400 validation_failed (phone, row), 404 campaign_not_found /
    // entry_not_found, 409 needs_credentials / template_not_available, 429 too_many_test_messages.
    TestMessage send(long long campaignId, long long userId, int rowNo, const std::string& phoneInput);
    std::optional<TestMessage> find(long long campaignId, long long id);
    // The phone this user sent the last test to (any campaign), for the dialog's prefill.
    std::string lastPhone(long long userId);
    // The first and last row numbers of the campaign's entries (0, 0 when it has none).
    std::pair<int, int> rowRange(long long campaignId);

private:
    long long insertSending(long long campaignId, long long userId, int rowNo, const std::string& phone);
    void recordOutcome(long long id, const cloudapi::SendOutcome& outcome);
    void checkRate(long long campaignId);
    // 409 already_suppressed when `phone` is on the WABA's suppression list.
    void refuseSuppressed(const std::string& wabaId, const std::string& phone);

    helpdesk::Database& db_;
    const cloudapi::CloudApiClient& client_;
    accounts::AccountStore& accounts_;
    RowPayload payload_;
    Poco::Logger& log_;
    std::function<Poco::Timestamp()> clock_;
};

// Applies a status webhook to the test message with this wamid, inside the caller's transaction;
// false when no test message has it (the caller then treats the wamid as not stored yet). States
// only move forward (accepted < sent < delivered < read); failed ends a message not yet delivered.
bool applyTestMessageStatus(Poco::Data::Session& s, helpdesk::Dialect dialect, const std::string& wamid,
                            const std::string& status, int errorCode, const std::string& at);

} // namespace campaigns::planning
