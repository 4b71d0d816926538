#include "events/target_dispatcher.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "events/bus_event.h"
#include "events/target_log_file.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Attempt {
    SteadyClock::time_point due;
    uint64_t sequence = 0;  // first in, first out among equal due times
    std::shared_ptr<Delivery> delivery;
    int64_t attempts_made = 0;
    bool operator>(const Attempt& other) const {
        return due != other.due ? due > other.due : sequence > other.sequence;
    }
};

}  // namespace

struct TargetDispatcher::Shared : std::enable_shared_from_this<TargetDispatcher::Shared> {
    DispatchOptions options;
    std::string dead_letter_path;
    mutable std::mutex mutex;
    std::condition_variable work_ready, idle;
    std::priority_queue<Attempt, std::vector<Attempt>, std::greater<>> queue;
    uint64_t sequence = 0;
    size_t outstanding = 0;  // queued or in flight
    bool stopping = false;
    std::vector<std::thread> workers;

    int64_t now_ms() const { return options.now_ms ? options.now_ms() : wall_clock_ms(); }

    void log(const std::string& message) const {
        if (options.log)
            options.log(message);
        else
            std::cerr << "stepwise events: " << message << "\n";
    }

    void enqueue(Attempt attempt) {
        {
            std::lock_guard lock(mutex);
            attempt.sequence = sequence++;
            queue.push(std::move(attempt));
        }
        work_ready.notify_one();
    }

    void finish_one() {
        std::lock_guard lock(mutex);
        if (--outstanding == 0) idle.notify_all();
    }

    void dead_letter(const Delivery& delivery, int64_t attempts, const std::string& error) {
        json::Object record;
        record.set("time", json::Value(iso8601_seconds(now_ms())));
        record.set("rule", json::Value(delivery.request.rule_arn));
        record.set("target", json::Value(json::Object{{"Id", json::Value(delivery.request.target_id)},
                                                      {"Arn", json::Value(delivery.request.target_arn)}}));
        if (!delivery.dead_letter_arn.empty())
            record.set("deadLetterConfigArn", json::Value(delivery.dead_letter_arn));
        record.set("error", json::Value(error));
        record.set("attempts", json::Value(static_cast<long long>(attempts)));
        record.set("event", delivery.request.event);
        record.set("input", json::Value(delivery.request.input));
        std::string line = json::dump(json::Value(std::move(record)));
        std::string write_error = append_line(dead_letter_path, line);
        log("delivery to " + delivery.request.target_arn + " failed after " + std::to_string(attempts) +
            " attempt(s): " + error + (write_error.empty() ? "; written to " + dead_letter_path
                                                            : "; and the dead letter failed too (" + write_error +
                                                                  "): " + line));
    }

    // The outcome of one attempt: done, retried later, or dead-lettered.
    void settle(Attempt attempt, const std::string& error) {
        if (error.empty()) return finish_one();
        const Delivery& d = *attempt.delivery;
        int64_t age_ms = now_ms() - d.ingestion_ms;
        bool retry = attempt.attempts_made <= d.retry_policy.maximum_retry_attempts &&
                     age_ms < d.retry_policy.maximum_event_age_seconds * 1000;
        bool stopped;
        {
            std::lock_guard lock(mutex);
            stopped = stopping;
        }
        if (!retry || stopped) {
            dead_letter(d, attempt.attempts_made, error);
            return finish_one();
        }
        auto delay = static_cast<int64_t>(static_cast<double>(backoff_ms(attempt.attempts_made)) *
                                          std::max(0.0, options.backoff_scale));
        attempt.due = SteadyClock::now() + std::chrono::milliseconds(delay);
        enqueue(std::move(attempt));
    }

    void run_worker() {
        std::unique_lock lock(mutex);
        while (true) {
            if (stopping) return;
            if (queue.empty()) {
                work_ready.wait(lock);
                continue;
            }
            auto due = queue.top().due;
            if (due > SteadyClock::now()) {
                work_ready.wait_until(lock, due);
                continue;
            }
            Attempt attempt = queue.top();
            queue.pop();
            lock.unlock();
            attempt.attempts_made++;
            auto self = shared_from_this();
            try {
                attempt.delivery->target->deliver(attempt.delivery->request,
                                                  [self, attempt](std::string error) mutable {
                                                      self->settle(std::move(attempt), error);
                                                  });
            } catch (const std::exception& e) {
                settle(attempt, e.what());
            }
            lock.lock();
        }
    }
};

TargetDispatcher::TargetDispatcher(DispatchOptions options) : shared_(std::make_shared<Shared>()) {
    shared_->options = std::move(options);
    shared_->dead_letter_path =
        (std::filesystem::path(shared_->options.data_dir) / "dead-letters.jsonl").string();
    size_t workers = std::max<size_t>(1, shared_->options.workers);
    for (size_t i = 0; i < workers; ++i) shared_->workers.emplace_back([s = shared_.get()] { s->run_worker(); });
}

TargetDispatcher::~TargetDispatcher() {
    std::vector<Attempt> left;
    {
        std::lock_guard lock(shared_->mutex);
        shared_->stopping = true;
        while (!shared_->queue.empty()) {
            left.push_back(shared_->queue.top());
            shared_->queue.pop();
        }
    }
    shared_->work_ready.notify_all();
    for (auto& worker : shared_->workers) worker.join();
    for (const Attempt& attempt : left) {
        shared_->dead_letter(*attempt.delivery, attempt.attempts_made, "stepwise stopped before delivering");
        shared_->finish_one();
    }
}

void TargetDispatcher::submit(Delivery delivery) {
    {
        std::lock_guard lock(shared_->mutex);
        if (!shared_->stopping) {
            shared_->outstanding++;
        } else {
            // Too late to deliver (a forwarded event during shutdown): keep it as a dead letter.
            shared_->dead_letter(delivery, 0, "stepwise stopped before delivering");
            return;
        }
    }
    Attempt attempt;
    attempt.due = SteadyClock::now();
    attempt.delivery = std::make_shared<Delivery>(std::move(delivery));
    shared_->enqueue(std::move(attempt));
}

bool TargetDispatcher::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(shared_->mutex);
    return shared_->idle.wait_for(lock, timeout, [&] { return shared_->outstanding == 0; });
}

size_t TargetDispatcher::pending() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->outstanding;
}

int64_t TargetDispatcher::backoff_ms(int64_t retry) {
    constexpr int64_t kFirst = 1000, kCap = 5 * 60 * 1000;
    int64_t delay = kFirst;
    for (int64_t i = 1; i < retry && delay < kCap; ++i) delay *= 2;
    return std::min(delay, kCap);
}

const std::string& TargetDispatcher::dead_letter_file() const { return shared_->dead_letter_path; }

}  // namespace stepwise::events
