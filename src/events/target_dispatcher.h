// Carries out deliveries off the caller's thread: a few worker threads, a
// queue ordered by when each attempt is due, retries with exponential
// back-off under the target's RetryPolicy, and then a dead-letter file
// (<data dir>/dead-letters.jsonl: the event, the target, the error, the
// attempts), so no event is dropped silently.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "events/bus_model.h"
#include "events/target_delivery.h"

namespace stepwise::events {

struct DispatchOptions {
    std::string data_dir = ".";
    size_t workers = 2;
    // Multiplies every back-off delay: 1 = AWS-like (1 s, 2 s, 4 s, ... capped
    // at 5 minutes), 0.01 for --time-scale 0.01, 0 = retry at once.
    double backoff_scale = 1.0;
    // The clock event ages are measured on (Unix ms); the wall clock when unset.
    std::function<int64_t()> now_ms;
    // Warnings (dead letters written); stderr when unset.
    std::function<void(const std::string&)> log;
};

struct Delivery {
    DeliveryRequest request;
    std::shared_ptr<TargetDelivery> target;
    RetryPolicy retry_policy;
    std::string dead_letter_arn;  // the target's DeadLetterConfig, recorded in the dead letter
    int64_t ingestion_ms = 0;     // the event's age counts from here
};

class TargetDispatcher {
public:
    explicit TargetDispatcher(DispatchOptions options);
    // Stops the workers; deliveries still queued are written as dead letters
    // ("stepwise stopped before delivering").
    ~TargetDispatcher();
    TargetDispatcher(const TargetDispatcher&) = delete;
    TargetDispatcher& operator=(const TargetDispatcher&) = delete;

    void submit(Delivery delivery);

    // Waits until nothing is queued or in flight; false on timeout.
    bool wait_idle(std::chrono::milliseconds timeout);
    // Queued plus in flight.
    size_t pending() const;

    // The delay before retry number `retry` (1-based), before scaling.
    static int64_t backoff_ms(int64_t retry);

    const std::string& dead_letter_file() const;

private:
    struct Shared;
    std::shared_ptr<Shared> shared_;
};

}  // namespace stepwise::events
