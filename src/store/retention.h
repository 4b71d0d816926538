// Retention of finished executions: AWS keeps an execution for 90 days after
// it closes, then it is gone (DescribeExecution answers ExecutionDoesNotExist
// and its name may be used again). A RetentionSweeper does the same to the
// store, so that the database does not grow without bound.
// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
//
//   store::RetentionSweeper sweeper(store, {.retention_days = 90, .now_ms = clock});
//   ...  // sweeps at once, then every hour, on a thread of its own
//
// Each sweep deletes in small batches, one transaction each, so the writer
// is never held for long, then gives the freed pages back to the file system
// (databases created with incremental auto-vacuum).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"

namespace stepwise::store {

inline constexpr int64_t kDefaultRetentionDays = 90;  // AWS's

struct RetentionOptions {
    int64_t retention_days = kDefaultRetentionDays;  // 0 = keep everything
    // Now, in the time executions' stop times are written in (the host's clock).
    std::function<int64_t()> now_ms;
    std::chrono::milliseconds interval = std::chrono::hours(1);
    size_t batch = 200;               // executions per transaction
    int64_t pages_per_release = 2048;  // 8 MiB of 4 KiB pages per incremental_vacuum
    // Called after each sweep's deletions, on the sweeper's thread: what
    // hangs off deleted executions goes with them (serve: Map Run records).
    // May throw StoreError (reported like a failed sweep).
    std::function<void()> after_sweep;
};

struct SweepResult {
    size_t deleted = 0;
    int64_t free_pages_left = 0;
};

// One sweep, on the calling thread: deletes every execution closed more than
// `retention_days` before now_ms(), then releases the freed pages. Throws
// StoreError.
SweepResult sweep_closed_executions(Store& store, const RetentionOptions& options);

class RetentionSweeper {
public:
    // Starts the thread (none when retention_days is 0). A failed sweep is
    // reported through `report` (stderr by default) and tried again at the
    // next interval.
    RetentionSweeper(Store& store, RetentionOptions options,
                     std::function<void(const std::string&)> report = nullptr);
    ~RetentionSweeper();  // stops the thread (a sweep in progress ends after its batch)
    RetentionSweeper(const RetentionSweeper&) = delete;
    RetentionSweeper& operator=(const RetentionSweeper&) = delete;

private:
    void run();
    bool stopping();

    Store& store_;
    RetentionOptions options_;
    std::function<void(const std::string&)> report_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace stepwise::store
