#pragma once
#include <helpdesk/Tickets.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace refhost {

// Delivers ticket events to subscribers on one worker thread, in publication order.
class EventBus {
public:
    EventBus();
    ~EventBus();
    void subscribe(const std::string& owner, helpdesk::Tickets::Subscriber subscriber);
    // Returns once no delivery to `owner` is running, so its code may then be unloaded.
    void removeOwner(const std::string& owner);
    void publish(const helpdesk::TicketEvent& event);
    std::size_t subscriberCount();
    // Delivers what is queued, then stops the worker.
    void stop();

private:
    struct Subscription {
        std::string owner;
        helpdesk::Tickets::Subscriber fn;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<helpdesk::TicketEvent> queue_;
    std::vector<Subscription> subscribers_;
    bool stopping_ = false;
    std::mutex delivering_; // held while subscribers run
    std::thread worker_;
};

} // namespace refhost
