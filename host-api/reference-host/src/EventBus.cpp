#include "EventBus.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

namespace refhost {

EventBus::EventBus() : worker_([this] { run(); }) {}

EventBus::~EventBus() { stop(); }

void EventBus::subscribe(const std::string& owner, helpdesk::Tickets::Subscriber subscriber) {
    std::lock_guard lock(mutex_);
    subscribers_.push_back({owner, std::move(subscriber)});
}

void EventBus::removeOwner(const std::string& owner) {
    {
        std::lock_guard lock(mutex_);
        std::erase_if(subscribers_, [&](const auto& s) { return s.owner == owner; });
    }
    std::lock_guard wait(delivering_);
}

std::size_t EventBus::subscriberCount() {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
}

void EventBus::publish(const helpdesk::TicketEvent& event) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        queue_.push_back(event);
    }
    wake_.notify_one();
}

void EventBus::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (worker_.joinable()) worker_.join();
}

void EventBus::run() {
    auto& log = Poco::Logger::get("helpdesk.host.events");
    for (;;) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping and drained
        auto event = queue_.front();
        queue_.pop_front();
        std::lock_guard delivering(delivering_);
        auto subscribers = subscribers_;
        lock.unlock();
        for (const auto& s : subscribers) {
            try {
                s.fn(event);
            } catch (const Poco::Exception& e) {
                log.error("subscriber of " + s.owner + " failed on ticket " + std::to_string(event.ticketId) + ": " +
                          e.displayText());
            } catch (const std::exception& e) {
                log.error("subscriber of " + s.owner + " failed on ticket " + std::to_string(event.ticketId) + ": " + e.what());
            }
        }
    }
}

} // namespace refhost
