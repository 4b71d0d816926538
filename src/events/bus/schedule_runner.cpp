#include "events/bus/schedule_runner.h"

#include <chrono>
#include <limits>

namespace stepwise::events {

namespace {
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
}

ScheduleRunner::ScheduleRunner(std::function<int64_t()> now_ms, Fire fire)
    : now_ms_(std::move(now_ms)), fire_(std::move(fire)) {}

ScheduleRunner::~ScheduleRunner() { stop(); }

void ScheduleRunner::set(const std::string& key, ScheduleExpression expression, int64_t origin_ms) {
    int64_t next = expression.next_after(now_ms_(), origin_ms).value_or(kNever);
    {
        std::lock_guard lock(mutex_);
        entries_[key] = Entry{std::move(expression), origin_ms, next};
    }
    changed_.notify_all();
}

void ScheduleRunner::remove(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
}

void ScheduleRunner::advance_to(int64_t ms) {
    while (true) {
        std::string key;
        int64_t due = kNever;
        {
            std::lock_guard lock(mutex_);
            for (auto& [k, entry] : entries_) {
                if (entry.next_ms < due) {
                    due = entry.next_ms;
                    key = k;
                }
            }
            if (due > ms) return;
            Entry& entry = entries_[key];
            entry.next_ms = entry.expression.next_after(due, entry.origin_ms).value_or(kNever);
        }
        fire_(key, due);
    }
}

size_t ScheduleRunner::firings_until(int64_t ms, size_t limit) const {
    std::lock_guard lock(mutex_);
    size_t count = 0;
    for (const auto& [k, entry] : entries_) {
        for (int64_t due = entry.next_ms; due <= ms && count < limit; ++count)
            due = entry.expression.next_after(due, entry.origin_ms).value_or(kNever);
        if (count >= limit) break;
    }
    return count;
}

std::optional<int64_t> ScheduleRunner::next_due() const {
    std::lock_guard lock(mutex_);
    int64_t due = kNever;
    for (const auto& [k, entry] : entries_) due = std::min(due, entry.next_ms);
    if (due == kNever) return std::nullopt;
    return due;
}

void ScheduleRunner::start(int64_t poll_ms) {
    std::lock_guard lock(mutex_);
    if (timer_.joinable()) return;
    stopping_ = false;
    timer_ = std::thread([this, poll_ms] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            advance_to(now_ms_());
            auto due = next_due();
            int64_t wait = poll_ms;
            if (due) wait = std::max<int64_t>(1, std::min<int64_t>(poll_ms, *due - now_ms_()));
            lock.lock();
            changed_.wait_for(lock, std::chrono::milliseconds(wait));
        }
    });
}

void ScheduleRunner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (timer_.joinable()) timer_.join();
}

}  // namespace stepwise::events
