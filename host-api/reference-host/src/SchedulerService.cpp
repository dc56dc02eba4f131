#include "SchedulerService.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <stdexcept>
#include <vector>

namespace refhost {

SchedulerService::~SchedulerService() { cancelAll(); }

helpdesk::Scheduler::TaskId SchedulerService::every(const std::string& owner, const std::string& name,
                                                    std::chrono::milliseconds interval, std::function<void()> fn) {
    if (!fn) throw std::invalid_argument("scheduled task without function: " + name);
    if (interval.count() <= 0) throw std::invalid_argument("scheduled task interval must be positive: " + name);
    auto task = std::make_shared<Task>();
    task->owner = owner;
    task->name = name;
    task->interval = interval;
    task->fn = std::move(fn);
    std::lock_guard lock(mutex_);
    const auto id = next_++;
    tasks_[id] = task;
    task->thread = std::thread([task] { run(*task); });
    return id;
}

void SchedulerService::run(Task& task) {
    auto& log = Poco::Logger::get("helpdesk.host.scheduler");
    for (;;) {
        {
            std::unique_lock lock(task.mutex);
            if (task.wake.wait_for(lock, task.interval, [&] { return task.cancelled; })) return;
        }
        try {
            task.fn();
        } catch (const Poco::Exception& e) {
            log.error("task '" + task.name + "' of " + task.owner + " failed: " + e.displayText());
        } catch (const std::exception& e) {
            log.error("task '" + task.name + "' of " + task.owner + " failed: " + e.what());
        }
    }
}

void SchedulerService::stop(const std::shared_ptr<Task>& task) {
    {
        std::lock_guard lock(task->mutex);
        task->cancelled = true;
    }
    task->wake.notify_all();
    if (!task->thread.joinable()) return;
    if (task->thread.get_id() == std::this_thread::get_id()) {
        task->thread.detach(); // a task cancelling itself: it ends when the current run returns
    } else {
        task->thread.join();
    }
}

void SchedulerService::cancel(helpdesk::Scheduler::TaskId id) {
    std::shared_ptr<Task> task;
    {
        std::lock_guard lock(mutex_);
        auto it = tasks_.find(id);
        if (it == tasks_.end()) return;
        task = it->second;
        tasks_.erase(it);
    }
    stop(task);
}

void SchedulerService::cancelOwner(const std::string& owner) {
    std::vector<std::shared_ptr<Task>> doomed;
    {
        std::lock_guard lock(mutex_);
        for (auto it = tasks_.begin(); it != tasks_.end();) {
            if (it->second->owner == owner) {
                doomed.push_back(it->second);
                it = tasks_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& t : doomed) stop(t);
}

std::size_t SchedulerService::size() {
    std::lock_guard lock(mutex_);
    return tasks_.size();
}

void SchedulerService::cancelAll() {
    std::map<helpdesk::Scheduler::TaskId, std::shared_ptr<Task>> doomed;
    {
        std::lock_guard lock(mutex_);
        doomed.swap(tasks_);
    }
    for (auto& [id, t] : doomed) stop(t);
}

} // namespace refhost
