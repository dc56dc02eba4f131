// Message ids: "wamid." + base64 of "<recipient>|<process prefix><counter>". Unique across runs
// (random prefix) and within one (counter), and the recipient can be read back, so
// POST /_sim/inbound can reply to a wamid without the simulator keeping a map of every message.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cloudsim {

class WamidFactory {
public:
    WamidFactory();
    std::string next(const std::string& waId);
    static std::string recipientOf(const std::string& wamid); // empty when not one of ours

private:
    std::string prefix_;
    std::atomic<std::uint64_t> counter_{0};
};

} // namespace cloudsim
