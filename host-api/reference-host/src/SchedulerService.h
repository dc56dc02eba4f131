#pragma once
#include <helpdesk/Scheduler.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace refhost {

// Each task gets its own thread that runs it, then sleeps the interval: a task can never overlap
// itself and a slow task does not delay the others. A host has a handful of tasks, so a thread
// each is cheaper than getting a shared pool's hand-off right.
class SchedulerService {
public:
    ~SchedulerService();
    helpdesk::Scheduler::TaskId every(const std::string& owner, const std::string& name, std::chrono::milliseconds interval,
                                      std::function<void()> task);
    void cancel(helpdesk::Scheduler::TaskId id);
    void cancelOwner(const std::string& owner);
    void cancelAll();
    std::size_t size();

private:
    struct Task {
        std::string owner;
        std::string name;
        std::chrono::milliseconds interval;
        std::function<void()> fn;
        std::mutex mutex;
        std::condition_variable wake;
        bool cancelled = false;
        std::thread thread;
    };
    static void run(Task& task);
    void stop(const std::shared_ptr<Task>& task);

    std::mutex mutex_;
    helpdesk::Scheduler::TaskId next_ = 1;
    std::map<helpdesk::Scheduler::TaskId, std::shared_ptr<Task>> tasks_;
};

// The helpdesk::Scheduler a component sees: its tasks carry its name so they can be cancelled together.
class OwnedScheduler : public helpdesk::Scheduler {
public:
    OwnedScheduler(SchedulerService& service, std::string owner) : service_(service), owner_(std::move(owner)) {}
    TaskId every(const std::string& name, std::chrono::milliseconds interval, std::function<void()> task) override {
        return service_.every(owner_, name, interval, std::move(task));
    }
    void cancel(TaskId id) override { service_.cancel(id); }

private:
    SchedulerService& service_;
    std::string owner_;
};

} // namespace refhost
