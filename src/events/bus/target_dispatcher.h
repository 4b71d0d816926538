// Carries out deliveries off the caller's thread. Each target (rule + target
// Id) has its own lane: a thread, a bounded in-memory queue ordered by when
// each attempt is due, and at most a few attempts under way, so a slow or
// dead target only ever delays itself. Failed attempts are retried under
// the target's RetryPolicy (exponential back-off with jitter, at most
// MaximumRetryAttempts retries and MaximumEventAgeInSeconds), then written as
// a dead letter: sent to the SQS queue of the target's DeadLetterConfig (its
// configured endpoint, else its outbox: see service_target.h, dead_letter.h),
// else (or when that fails) to <data dir>/dead-letters.jsonl. No event is
// dropped silently.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
//
// With a store, every delivery is stored before it is queued (DeliveryJournal)
// and deleted once delivered; a lane whose memory queue is full leaves the
// newer ones in the store and pages them in as it drains, so memory stays
// bounded however far behind a target is. Without a store (tests), a full
// lane dead-letters what does not fit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/bus/bus_observer.h"
#include "events/bus/model.h"
#include "events/bus/delivery_journal.h"
#include "events/bus/target_delivery.h"
#include "store/store.h"

namespace stepwise::events {

struct DispatchOptions {
    std::string data_dir = ".";
    // Multiplies every back-off delay: 1 = AWS-like (1 s, 2 s, 4 s, ... capped
    // at 5 minutes, each between half and all of that), 0.01 for --time-scale
    // 0.01, 0 = retry at once.
    double backoff_scale = 1.0;
    // The clock event ages are measured on (Unix ms); the wall clock when unset.
    std::function<int64_t()> now_ms;
    // Warnings (dead letters written); stderr when unset.
    std::function<void(const std::string&)> log;
    // Where accepted deliveries wait; nullptr keeps them in memory only.
    store::Store* store = nullptr;
    size_t lane_capacity = 512;   // deliveries of one target held in memory
    size_t lane_in_flight = 16;   // attempts of one target under way at once
    // Rebuilds the target of a delivery read back from the store.
    std::function<std::shared_ptr<TargetDelivery>(const std::string& target_arn)> make_target;
    // A reason to dead-letter a delivery without trying it (a host not
    // allowed, a bus loop); nullopt to go on.
    std::function<std::optional<std::string>(const Delivery&)> refuse;
    // Told each outcome of a delivery whose put the bus's observer saw (put_id != 0).
    std::function<void(const DeliveryChange&)> observe;
    // Sends a dead letter to its queue: "" or the error; `written_to` gets the
    // outbox file when it went to one. Unset: the queue's outbox.
    std::function<std::string(const ServiceCall& message, std::string* written_to)> send_dead_letter;
    // [0, 1) for the jitter; a random generator when unset.
    std::function<double()> random;
};

class TargetDispatcher {
public:
    explicit TargetDispatcher(DispatchOptions options);
    // Stops the lanes. Stored deliveries stay in the store for the next start;
    // memory-only ones are written as dead letters ("stepwise stopped before
    // delivering").
    ~TargetDispatcher();
    TargetDispatcher(const TargetDispatcher&) = delete;
    TargetDispatcher& operator=(const TargetDispatcher&) = delete;

    // The writes that store `deliveries` (each gets its id), to commit in the
    // caller's transaction before enqueue(); none without a store.
    std::vector<store::Write> stage(std::vector<Delivery>& deliveries);
    // stage(), one transaction, then enqueue(). Throws store::StoreError (and
    // queues nothing) when the store fails.
    void submit(std::vector<Delivery> deliveries);
    // Queues deliveries that are stored (or memory-only).
    void enqueue(std::vector<Delivery> deliveries);
    // Resumes the deliveries an earlier run left in the store; how many lanes.
    size_t recover();

    // Waits until nothing is queued, stored or in flight; false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout);
    // Deliveries held in memory, over all lanes.
    size_t held() const;

    // The delay before retry number `retry` (1-based), before jitter and scaling.
    static int64_t backoff_ms(int64_t retry);

    const std::string& dead_letter_file() const;

private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
};

}  // namespace stepwise::events
