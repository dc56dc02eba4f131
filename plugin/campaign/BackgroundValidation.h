#pragma once
// One worker thread that validates large files after "Crear campaña" answered. Jobs are campaign
// ids; the campaign row carries everything the job needs, so a job interrupted by a stop (or a
// crash) is simply run again later.
#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace campaigns::campaign {

class BackgroundValidation {
public:
    using Job = std::function<void(long long campaignId, const std::atomic<bool>& cancelled)>;

    BackgroundValidation(Job job, Poco::Logger& logger);
    ~BackgroundValidation();

    void enqueue(long long campaignId);
    // Cancels the running job at its next chunk and joins the thread; queued jobs stay undone.
    void stop();
    // True while a job runs or waits (for tests).
    bool busy();

private:
    void loop();

    Job job_;
    Poco::Logger& logger_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<long long> queue_;
    bool running_ = false;
    std::atomic<bool> cancelled_{false};
    std::thread thread_;
};

} // namespace campaigns::campaign
