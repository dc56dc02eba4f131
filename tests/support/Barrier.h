#pragma once
// Lets `parties` threads through only together, so a test can make requests race at one point;
// after 10 s it lets them through anyway, so a bug that keeps one from arriving fails the test's
// assertions instead of hanging it. (std::barrier has no timeout.)
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace testsupport {

class Barrier {
public:
    explicit Barrier(int parties) : parties_(parties) {}
    void arrive() {
        std::unique_lock<std::mutex> lock(m_);
        ++arrived_;
        cv_.notify_all();
        cv_.wait_for(lock, std::chrono::seconds(10), [this] { return arrived_ >= parties_; });
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    int parties_, arrived_ = 0;
};

} // namespace testsupport
