#include "campaign/BackgroundValidation.h"

#include "storage/DatabaseErrors.h"

#include <Poco/Exception.h>

#include <algorithm>

namespace campaigns::campaign {

BackgroundValidation::BackgroundValidation(Job job, Poco::Logger& logger)
    : job_(std::move(job)), logger_(logger), thread_([this] { loop(); }) {}

BackgroundValidation::~BackgroundValidation() { stop(); }

void BackgroundValidation::enqueue(long long campaignId) {
    std::lock_guard lock(mutex_);
    if (std::find(queue_.begin(), queue_.end(), campaignId) == queue_.end()) queue_.push_back(campaignId);
    wake_.notify_one();
}

bool BackgroundValidation::busy() {
    std::lock_guard lock(mutex_);
    return running_ || !queue_.empty();
}

void BackgroundValidation::stop() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

void BackgroundValidation::loop() {
    for (;;) {
        long long id = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return cancelled_.load() || !queue_.empty(); });
            if (cancelled_) return;
            id = queue_.front();
            queue_.pop_front();
            running_ = true;
        }
        try {
            job_(id, cancelled_);
        } catch (const std::exception& e) {
            logger_.error("campaigns: campaign %s: background validation failed: %s; retried later", std::to_string(id),
                          campaigns::storage::briefError(e));
        }
        std::lock_guard lock(mutex_);
        running_ = false;
    }
}

} // namespace campaigns::campaign
