#include "events/bus/target_dispatcher.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <unordered_set>

#include "events/bus/dead_letter.h"
#include "events/bus/event.h"
#include "events/bus/service_target.h"
#include "events/bus/target_log_file.h"
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

// One target's queue and the thread that works it.
struct Lane {
    std::string key;
    std::priority_queue<Attempt, std::vector<Attempt>, std::greater<>> queue;
    std::unordered_set<std::string> held_ids;  // stored ones queued or in flight
    size_t held = 0;                           // queued + in flight
    size_t in_flight = 0;
    bool spilled = false;       // the store holds deliveries of this lane that memory does not
    uint64_t spills = 0;        // counts deliveries left in the store, to see one arrive during a page read
    std::vector<std::string> finished;  // stored ids delivered or dead-lettered, to delete
    std::unordered_set<std::string> finished_ids;
    std::condition_variable wake;
    std::thread thread;
    bool running = false;

    bool idle() const { return held == 0 && !spilled && finished.empty(); }
};

}  // namespace

struct TargetDispatcher::Shared : std::enable_shared_from_this<TargetDispatcher::Shared> {
    DispatchOptions options;
    std::string dead_letter_path;
    std::unique_ptr<DeliveryJournal> journal;
    mutable std::mutex mutex;
    std::condition_variable idle;
    std::map<std::string, std::unique_ptr<Lane>> lanes;
    uint64_t sequence = 0;
    bool stopping = false;
    std::mutex random_mutex;
    std::mt19937_64 generator{std::random_device{}()};

    int64_t now_ms() const { return options.now_ms ? options.now_ms() : wall_clock_ms(); }

    double random() {
        if (options.random) return options.random();
        std::lock_guard lock(random_mutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
    }

    void log(const std::string& message) const {
        if (options.log)
            options.log(message);
        else
            std::cerr << "stepwise events: " << message << "\n";
    }

    void tell(const Delivery& d, DeliveryStatus status, int64_t attempts, const std::string& error,
              const std::string& dead_letter_file = "") const {
        if (!options.observe || d.put_id == 0) return;
        options.observe({d.put_id, d.request.rule_arn, d.request.target_id, status, attempts, error, dead_letter_file,
                         now_ms()});
    }

    // --- dead letters ---

    void dead_letter(const Delivery& delivery, int64_t attempts, const std::string& error,
                     const std::string& exhausted) {
        DeadLetterAttributes attributes =
            dead_letter_attributes(delivery.request, error, exhausted, std::max<int64_t>(0, attempts - 1));
        std::string queue_error, path;
        if (!delivery.dead_letter_arn.empty()) {
            // The target's dead-letter queue: its endpoint, else its outbox.
            ServiceCall message = dead_letter_message(delivery.dead_letter_arn, delivery.request.event, attributes);
            try {
                queue_error = options.send_dead_letter ? options.send_dead_letter(message, &path)
                                                       : send_service_call_now(message, {}, options.data_dir, &path);
            } catch (const std::exception& e) {
                queue_error = e.what();
            }
            if (queue_error.empty()) {
                tell(delivery, DeliveryStatus::DeadLetter, attempts, error, path);
                log("delivery to " + delivery.request.target_arn + " failed after " + std::to_string(attempts) +
                    " attempt(s): " + error + "; sent to its dead-letter queue " + delivery.dead_letter_arn +
                    (path.empty() ? "" : " (" + path + ")"));
                return;
            }
        }
        // No queue, or the queue failed too: the local dead-letter file keeps it.
        json::Object record;
        record.set("time", json::Value(iso8601_seconds(now_ms())));
        record.set("rule", json::Value(delivery.request.rule_arn));
        record.set("target", json::Value(json::Object{{"Id", json::Value(delivery.request.target_id)},
                                                      {"Arn", json::Value(delivery.request.target_arn)}}));
        if (!delivery.dead_letter_arn.empty()) {
            record.set("deadLetterConfigArn", json::Value(delivery.dead_letter_arn));
            record.set("deadLetterQueueError", json::Value(queue_error));
        }
        record.set("error", json::Value(error));
        record.set("attempts", json::Value(static_cast<long long>(attempts)));
        if (!exhausted.empty()) record.set("exhaustedRetryCondition", json::Value(exhausted));
        record.set("event", delivery.request.event);
        record.set("input", json::Value(delivery.request.input));
        json::Object message_attributes;
        for (const auto& [name, value] : attributes) {
            if (name == "RETRY_ATTEMPTS")
                message_attributes.set(name, json::Value(static_cast<long long>(std::max<int64_t>(0, attempts - 1))));
            else
                message_attributes.set(name, json::Value(value));
        }
        record.set("messageAttributes", json::Value(std::move(message_attributes)));
        std::string line = json::dump(json::Value(std::move(record)));
        std::string write_error = append_line(dead_letter_path, line);
        tell(delivery, DeliveryStatus::DeadLetter, attempts, error, write_error.empty() ? dead_letter_path : "");
        log("delivery to " + delivery.request.target_arn + " failed after " + std::to_string(attempts) +
            " attempt(s): " + error +
            (queue_error.empty() ? "" : "; its dead-letter queue " + delivery.dead_letter_arn + " failed too (" +
                                            queue_error + ")") +
            (write_error.empty() ? "; written to " + dead_letter_path
                                 : "; and the dead letter failed too (" + write_error + "): " + line));
    }

    // --- lanes (called with `mutex` held unless said otherwise) ---

    Lane& lane_for(const std::string& key) {
        auto& lane = lanes[key];
        if (!lane) {
            lane = std::make_unique<Lane>();
            lane->key = key;
        }
        return *lane;
    }

    void ensure_running(Lane& lane) {
        if (lane.running || stopping) return;
        // A lane's thread ends when its lane is idle; it takes no lock after that.
        if (lane.thread.joinable()) lane.thread.join();
        lane.running = true;
        lane.thread = std::thread([self = shared_from_this(), &lane] { self->run_lane(lane); });
    }

    void hold(Lane& lane, Delivery delivery) {
        lane.held++;
        if (!delivery.id.empty()) lane.held_ids.insert(delivery.id);
        Attempt attempt;
        attempt.due = SteadyClock::now();
        attempt.sequence = sequence++;
        attempt.delivery = std::make_shared<Delivery>(std::move(delivery));
        lane.queue.push(std::move(attempt));
        ensure_running(lane);
        lane.wake.notify_one();
    }

    // Returns the delivery when it fits nowhere (memory-only and full).
    std::optional<Delivery> accept(Delivery delivery) {
        Lane& lane = lane_for(delivery.lane());
        bool stored = journal && !delivery.id.empty();
        if (stored && (lane.held_ids.count(delivery.id) || lane.finished_ids.count(delivery.id)))
            return std::nullopt;  // a page read found it first
        if (lane.spilled || lane.held >= options.lane_capacity) {
            if (!stored) return delivery;
            lane.spilled = true;
            lane.spills++;
            ensure_running(lane);
            lane.wake.notify_one();
            return std::nullopt;
        }
        hold(lane, std::move(delivery));
        return std::nullopt;
    }

    // An attempt is over for good: delivered or dead-lettered (any thread, no lock held).
    void finish(Lane& lane, const Delivery& delivery) {
        std::lock_guard lock(mutex);
        lane.held--;
        lane.in_flight--;
        if (!delivery.id.empty()) {
            lane.held_ids.erase(delivery.id);
            if (journal && lane.running) {
                lane.finished.push_back(delivery.id);
                lane.finished_ids.insert(delivery.id);
            }
        }
        lane.wake.notify_one();
        if (lane.idle()) idle.notify_all();
    }

    // The outcome of one attempt (any thread, no lock held).
    void settle(Lane& lane, Attempt attempt, const std::string& error) {
        const Delivery& d = *attempt.delivery;
        if (error.empty()) {
            tell(d, DeliveryStatus::Delivered, attempt.attempts_made, "");
            return finish(lane, d);
        }
        int64_t age_ms = now_ms() - d.ingestion_ms;
        std::string exhausted;
        if (attempt.attempts_made > d.retry_policy.maximum_retry_attempts)
            exhausted = "MaximumRetryAttempts";
        else if (age_ms >= d.retry_policy.maximum_event_age_seconds * 1000)
            exhausted = "MaximumEventAgeInSeconds";
        bool stopped;
        {
            std::lock_guard lock(mutex);
            stopped = stopping;
        }
        if (!exhausted.empty() || is_not_retryable(error) || (stopped && !journal)) {
            dead_letter(d, attempt.attempts_made, error, exhausted);
            return finish(lane, d);
        }
        tell(d, DeliveryStatus::Failed, attempt.attempts_made, error);
        std::lock_guard lock(mutex);
        lane.in_flight--;
        if (stopping) {
            // Stored: the next start delivers it.
            lane.held--;
            lane.held_ids.erase(d.id);
            idle.notify_all();
            return;
        }
        double delay = static_cast<double>(backoff_ms(attempt.attempts_made)) * (0.5 + 0.5 * random()) *
                       std::max(0.0, options.backoff_scale);
        attempt.due = SteadyClock::now() + std::chrono::milliseconds(static_cast<int64_t>(delay));
        attempt.sequence = sequence++;
        lane.queue.push(std::move(attempt));
        lane.wake.notify_one();
    }

    // One attempt, on the lane's thread without the lock.
    void attempt_delivery(Lane& lane, Attempt attempt) {
        attempt.attempts_made++;
        const Delivery& d = *attempt.delivery;
        std::optional<std::string> refused;
        try {
            if (options.refuse) refused = options.refuse(d);
            if (!refused && !d.target) refused = "No delivery is configured for " + d.request.target_arn;
        } catch (const std::exception& e) {
            refused = e.what();
        }
        if (refused) {
            dead_letter(d, 0, *refused, "");
            return finish(lane, d);
        }
        if (d.ingestion_ms > 0 && now_ms() - d.ingestion_ms >= d.retry_policy.maximum_event_age_seconds * 1000 &&
            attempt.attempts_made > 1) {
            dead_letter(d, attempt.attempts_made - 1, "the event is older than MaximumEventAgeInSeconds",
                        "MaximumEventAgeInSeconds");
            return finish(lane, d);
        }
        auto self = shared_from_this();
        Lane* target_lane = &lane;
        try {
            d.target->deliver(d.request, [self, target_lane, attempt](std::string error) mutable {
                self->settle(*target_lane, std::move(attempt), error);
            });
        } catch (const std::exception& e) {
            settle(lane, attempt, e.what());
        }
    }

    // Reads the lane's oldest stored deliveries into memory (lock held on entry and exit).
    void page_in(Lane& lane, std::unique_lock<std::mutex>& lock) {
        size_t room = options.lane_capacity - lane.held;
        size_t skip = lane.held_ids.size() + lane.finished_ids.size();
        uint64_t spills = lane.spills;
        std::string key = lane.key;
        lock.unlock();
        std::vector<Delivery> page;
        size_t read = 0;
        std::string error;
        try {
            page = journal->page(key, room + skip, &read);
        } catch (const std::exception& e) {
            error = e.what();
        }
        for (Delivery& d : page) d.target = options.make_target ? options.make_target(d.request.target_arn) : nullptr;
        lock.lock();
        if (!error.empty()) {
            log("cannot read the stored deliveries of " + key + ": " + error);
            lane.wake.wait_for(lock, std::chrono::seconds(1));
            return;
        }
        for (Delivery& d : page) {
            if (lane.held >= options.lane_capacity) break;
            if (lane.held_ids.count(d.id) || lane.finished_ids.count(d.id)) continue;
            hold(lane, std::move(d));
        }
        // Everything stored is in memory now, unless more came meanwhile.
        if (read < room + skip && lane.spills == spills) lane.spilled = false;
    }

    void flush_finished(Lane& lane, std::unique_lock<std::mutex>& lock) {
        std::vector<std::string> ids = std::move(lane.finished);
        lane.finished.clear();
        std::vector<std::pair<std::string, std::string>> done;
        for (const std::string& id : ids) done.emplace_back(lane.key, id);
        lock.unlock();
        try {
            journal->remove(done);
        } catch (const std::exception& e) {
            // Left in the store: delivered again after a restart (at least once).
            log("cannot delete delivered events of " + lane.key + " from the store: " + e.what());
        }
        lock.lock();
        for (const std::string& id : ids) lane.finished_ids.erase(id);
    }

    void run_lane(Lane& lane) {
        constexpr size_t kDeleteBatch = 64;  // delivered ones deleted per transaction
        std::unique_lock lock(mutex);
        while (true) {
            if (stopping) {
                if (!lane.finished.empty() && journal) flush_finished(lane, lock);
                break;
            }
            if (lane.spilled && journal && lane.held <= options.lane_capacity / 2) {
                page_in(lane, lock);
                continue;
            }
            bool can_start = !lane.queue.empty() && lane.in_flight < options.lane_in_flight;
            if (can_start && lane.queue.top().due <= SteadyClock::now() && lane.finished.size() < kDeleteBatch) {
                Attempt attempt = lane.queue.top();
                lane.queue.pop();
                lane.in_flight++;
                lock.unlock();
                attempt_delivery(lane, std::move(attempt));
                lock.lock();
                continue;
            }
            if (!lane.finished.empty() && journal) {
                flush_finished(lane, lock);
                continue;
            }
            if (can_start) {
                // A copy: wait_until reads its time again after waking, when the queue may have moved.
                const auto due = lane.queue.top().due;
                lane.wake.wait_until(lock, due);
                continue;
            }
            if (lane.idle()) break;
            lane.wake.wait(lock);
        }
        lane.running = false;
        idle.notify_all();
    }

    bool all_idle() const {
        return std::all_of(lanes.begin(), lanes.end(),
                           [](const auto& entry) { return entry.second->idle() && entry.second->in_flight == 0; });
    }
};

TargetDispatcher::TargetDispatcher(DispatchOptions options) : shared_(std::make_shared<Shared>()) {
    shared_->options = std::move(options);
    shared_->options.lane_capacity = std::max<size_t>(2, shared_->options.lane_capacity);
    shared_->options.lane_in_flight = std::max<size_t>(1, shared_->options.lane_in_flight);
    shared_->dead_letter_path =
        (std::filesystem::path(shared_->options.data_dir) / "dead-letters.jsonl").string();
    if (shared_->options.store) shared_->journal = std::make_unique<DeliveryJournal>(*shared_->options.store);
}

TargetDispatcher::~TargetDispatcher() {
    std::vector<std::thread> threads;
    std::vector<Attempt> left;
    {
        std::lock_guard lock(shared_->mutex);
        shared_->stopping = true;
        for (auto& [key, lane] : shared_->lanes) {
            lane->wake.notify_all();
            if (lane->thread.joinable()) threads.push_back(std::move(lane->thread));
            if (shared_->journal) continue;  // stored: the next start delivers them
            while (!lane->queue.empty()) {
                left.push_back(lane->queue.top());
                lane->queue.pop();
            }
        }
    }
    for (auto& thread : threads) thread.join();
    for (const Attempt& attempt : left)
        shared_->dead_letter(*attempt.delivery, attempt.attempts_made, "stepwise stopped before delivering", "");
}

std::vector<store::Write> TargetDispatcher::stage(std::vector<Delivery>& deliveries) {
    if (!shared_->journal || deliveries.empty()) return {};
    return shared_->journal->writes_for(deliveries);
}

void TargetDispatcher::submit(std::vector<Delivery> deliveries) {
    std::vector<store::Write> writes = stage(deliveries);
    if (!writes.empty()) shared_->options.store->apply(writes);
    enqueue(std::move(deliveries));
}

void TargetDispatcher::enqueue(std::vector<Delivery> deliveries) {
    std::vector<Delivery> refused;
    bool stopped;
    {
        std::lock_guard lock(shared_->mutex);
        stopped = shared_->stopping;
        for (Delivery& d : deliveries) {
            if (stopped) {
                if (!shared_->journal || d.id.empty()) refused.push_back(std::move(d));
                continue;
            }
            if (auto full = shared_->accept(std::move(d))) refused.push_back(std::move(*full));
        }
    }
    for (const Delivery& d : refused)
        shared_->dead_letter(d, 0,
                             stopped ? "stepwise stopped before delivering"
                                     : "the target's queue is full (" + std::to_string(shared_->options.lane_capacity) +
                                           " deliveries wait for it) and no store keeps more",
                             "");
}

size_t TargetDispatcher::recover() {
    if (!shared_->journal) return 0;
    std::vector<std::string> keys = shared_->journal->lanes_with_deliveries();
    std::lock_guard lock(shared_->mutex);
    for (const std::string& key : keys) {
        Lane& lane = shared_->lane_for(key);
        lane.spilled = true;
        lane.spills++;
        shared_->ensure_running(lane);
    }
    return keys.size();
}

bool TargetDispatcher::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(shared_->mutex);
    return shared_->idle.wait_for(lock, timeout, [&] { return shared_->all_idle(); });
}

size_t TargetDispatcher::held() const {
    std::lock_guard lock(shared_->mutex);
    size_t total = 0;
    for (const auto& [key, lane] : shared_->lanes) total += lane->held;
    return total;
}

int64_t TargetDispatcher::backoff_ms(int64_t retry) {
    constexpr int64_t kFirst = 1000, kCap = 5 * 60 * 1000;
    int64_t delay = kFirst;
    for (int64_t i = 1; i < retry && delay < kCap; ++i) delay *= 2;
    return std::min(delay, kCap);
}

const std::string& TargetDispatcher::dead_letter_file() const { return shared_->dead_letter_path; }

}  // namespace stepwise::events
