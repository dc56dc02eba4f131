#pragma once
// A Poco channel that keeps the text of every line logged to it, for tests that check what the code
// logs (a purge's counts, a refused plugin, a scheduler's start) and what it must never log (a
// phone number, a token). Thread-safe: the code under test logs from its own threads.
#include <Poco/Channel.h>
#include <Poco/Message.h>

#include <mutex>
#include <string>
#include <vector>

namespace testsupport {

class LogLines : public Poco::Channel {
public:
    void log(const Poco::Message& m) override {
        std::lock_guard lock(mutex_);
        lines_.push_back(m.getText());
    }
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // The lines that contain both `a` and `b`.
    std::vector<std::string> matching(const std::string& a, const std::string& b = "") {
        std::vector<std::string> out;
        for (const auto& l : lines())
            if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) out.push_back(l);
        return out;
    }
    bool has(const std::string& a, const std::string& b = "") { return !matching(a, b).empty(); }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

} // namespace testsupport
