// Activity tasks waiting for workers, and workers (GetActivityTask long
// polls) waiting for tasks. A task goes to the worker that has waited
// longest; a poll that times out answers with nothing.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "runtime/execution_host.h"

namespace stepwise::runtime {

class ActivityQueues {
public:
    using Done = std::function<void(std::optional<ActivityTask>)>;
    explicit ActivityQueues(boost::asio::io_context& io) : io_(io) {}

    void push(const std::string& activity_arn, ActivityTask task);
    // A task handed to a poller that never received it goes to the next
    // poller, ahead of the tasks queued after it.
    void reoffer(const std::string& activity_arn, ActivityTask task);
    void poll(const std::string& activity_arn, int64_t wait_ms, Done done);
    // Drops a task no worker has taken yet (its execution stopped or timed it out).
    void withdraw(const std::string& activity_arn, const std::string& task_token);

private:
    struct Waiter;
    void offer(const std::string& activity_arn, ActivityTask task, bool first_in_line);
    struct Activity {
        std::deque<ActivityTask> tasks;
        std::deque<std::shared_ptr<Waiter>> waiters;
    };
    boost::asio::io_context& io_;
    std::mutex mutex_;
    std::map<std::string, Activity> activities_;
};

}  // namespace stepwise::runtime
