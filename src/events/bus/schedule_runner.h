// Fires scheduled rules on an injectable clock. Tests and --virtual-time drive
// it with advance_to(ms); `stepwise serve` starts a timer thread that follows
// the clock it was given.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "events/bus/schedule_expression.h"

namespace stepwise::events {

class ScheduleRunner {
public:
    // `fire(key, scheduled_ms)` runs once per due firing, in time order, on
    // the thread that advanced the clock (or the timer thread), never under a lock.
    using Fire = std::function<void(const std::string& key, int64_t scheduled_ms)>;

    ScheduleRunner(std::function<int64_t()> now_ms, Fire fire);
    ~ScheduleRunner();  // stops the timer thread
    ScheduleRunner(const ScheduleRunner&) = delete;
    ScheduleRunner& operator=(const ScheduleRunner&) = delete;

    // Adds or replaces a schedule; the first firing is the next one after now
    // (a rate counts its periods from `origin_ms`).
    void set(const std::string& key, ScheduleExpression expression, int64_t origin_ms);
    void remove(const std::string& key);

    // Fires every firing due at or before `ms`.
    void advance_to(int64_t ms);
    // How many firings advance_to(ms) would fire, counted up to `limit`.
    size_t firings_until(int64_t ms, size_t limit) const;
    // The earliest firing still to come.
    std::optional<int64_t> next_due() const;

    // A thread that calls advance_to(now_ms()) whenever a firing is due
    // (checking at least every `poll_ms` for clocks that jump).
    void start(int64_t poll_ms = 1000);
    void stop();

private:
    struct Entry {
        ScheduleExpression expression;
        int64_t origin_ms = 0;
        int64_t next_ms = 0;
    };

    std::function<int64_t()> now_ms_;
    Fire fire_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, Entry> entries_;
    std::thread timer_;
    bool stopping_ = false;
};

}  // namespace stepwise::events
