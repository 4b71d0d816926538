#include "runtime/activity_queues.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace stepwise::runtime {

struct ActivityQueues::Waiter {
    explicit Waiter(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    Done done;
    bool answered = false;  // guarded by ActivityQueues::mutex_
};

void ActivityQueues::push(const std::string& activity_arn, ActivityTask task) {
    offer(activity_arn, std::move(task), false);
}

void ActivityQueues::reoffer(const std::string& activity_arn, ActivityTask task) {
    offer(activity_arn, std::move(task), true);
}

void ActivityQueues::offer(const std::string& activity_arn, ActivityTask task, bool first_in_line) {
    std::shared_ptr<Waiter> waiter;
    {
        std::lock_guard lock(mutex_);
        Activity& activity = activities_[activity_arn];
        while (!activity.waiters.empty() && !waiter) {
            waiter = std::move(activity.waiters.front());
            activity.waiters.pop_front();
            if (waiter->answered) waiter.reset();
        }
        if (!waiter) {
            if (first_in_line) activity.tasks.push_front(std::move(task));
            else activity.tasks.push_back(std::move(task));
            return;
        }
        waiter->answered = true;
    }
    waiter->timer.cancel();
    boost::asio::post(io_, [waiter, task = std::move(task)]() mutable { waiter->done(std::move(task)); });
}

void ActivityQueues::poll(const std::string& activity_arn, int64_t wait_ms, Done done) {
    std::unique_lock lock(mutex_);
    Activity& activity = activities_[activity_arn];
    if (!activity.tasks.empty()) {
        ActivityTask task = std::move(activity.tasks.front());
        activity.tasks.pop_front();
        lock.unlock();
        boost::asio::post(io_, [done = std::move(done), task = std::move(task)]() mutable { done(std::move(task)); });
        return;
    }
    auto waiter = std::make_shared<Waiter>(io_);
    waiter->done = std::move(done);
    activity.waiters.push_back(waiter);
    waiter->timer.expires_after(std::chrono::milliseconds(wait_ms));
    waiter->timer.async_wait([this, waiter](const boost::system::error_code&) {
        {
            std::lock_guard lock(mutex_);
            if (waiter->answered) return;
            waiter->answered = true;
        }
        waiter->done(std::nullopt);
    });
}

void ActivityQueues::withdraw(const std::string& activity_arn, const std::string& task_token) {
    std::lock_guard lock(mutex_);
    auto it = activities_.find(activity_arn);
    if (it == activities_.end()) return;
    std::erase_if(it->second.tasks, [&](const ActivityTask& t) { return t.task_token == task_token; });
}

}  // namespace stepwise::runtime
