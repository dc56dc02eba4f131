// Meta's webhook bodies, built by concatenation: the dispatcher batches pre-rendered status and
// message fragments into one envelope per POST.
#pragma once

#include "Template.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cloudsim {

struct StatusFields {
    std::string wamid;
    std::string status; // sent, delivered, read, failed
    std::int64_t timestampS = 0;
    std::string recipientId;
    std::string bizOpaque; // omitted when empty
    std::string category;  // pricing category (lowercase); omitted when empty
    std::string errorJson; // one errors[] item for failed
};

std::string statusJson(const StatusFields& s);
std::string inboundTextJson(const std::string& from, const std::string& id, std::int64_t timestampS,
                            const std::string& contextFrom, const std::string& contextId, const std::string& text);
std::string inboundButtonJson(const std::string& from, const std::string& id, std::int64_t timestampS,
                              const std::string& contextFrom, const std::string& contextId, const std::string& payload,
                              const std::string& text);
std::string contactJson(const std::string& waId, const std::string& profileName);

struct EnvelopeMetadata {
    std::string wabaId;
    std::string displayPhoneNumber;
    std::string phoneNumberId;
};

// statuses[] in one change, messages[]+contacts[] in another, both under one entry.
std::string messagesEnvelope(const EnvelopeMetadata& meta, const std::vector<const std::string*>& statuses,
                             const std::vector<const std::string*>& messages, const std::vector<const std::string*>& contacts);

std::string templateStatusEnvelope(const std::string& wabaId, const Template& t, const std::string& event,
                                   const std::string& reason, std::int64_t timeS);

} // namespace cloudsim
