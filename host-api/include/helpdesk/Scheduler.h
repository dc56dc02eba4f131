#pragma once
#include <chrono>
#include <functional>
#include <string>

namespace helpdesk {

// Periodic tasks on the host's thread pool. A task never runs concurrently with itself; if a run
// takes longer than the interval the next run starts when it ends. Exceptions thrown by a task are
// logged by the host with the task name and the task keeps its schedule.
class Scheduler {
public:
    virtual ~Scheduler() = default;
    using TaskId = long long;
    virtual TaskId every(const std::string& name, std::chrono::milliseconds interval, std::function<void()> task) = 0;
    // Blocks until a running execution of the task has finished; the task never runs afterwards.
    virtual void cancel(TaskId id) = 0;
};

} // namespace helpdesk
