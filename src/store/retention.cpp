#include "store/retention.h"

#include <cstdint>
#include <cstdio>

namespace stepwise::store {

namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Runs one sweep; `keep_going` is asked between batches (false: stop early).
SweepResult sweep(Store& store, const RetentionOptions& options, const std::function<bool()>& keep_going) {
    SweepResult result;
    if (options.retention_days <= 0) return result;
    const int64_t now = options.now_ms();
    if (options.retention_days > now / kDayMs) return result;  // before 1970: nothing closed then
    const int64_t closed_before = now - options.retention_days * kDayMs;
    for (;;) {
        size_t deleted = store.delete_closed_executions(closed_before, options.batch);
        result.deleted += deleted;
        if (deleted < options.batch || !keep_going()) break;
    }
    if (options.after_sweep) options.after_sweep();
    // A few pages at a time, each call holding the writer only briefly; a
    // file without incremental auto-vacuum frees none (its count stays).
    for (int64_t before = INT64_MAX;;) {
        result.free_pages_left = store.release_free_pages(options.pages_per_release);
        if (result.free_pages_left == 0 || result.free_pages_left >= before || !keep_going()) break;
        before = result.free_pages_left;
    }
    return result;
}

}  // namespace

SweepResult sweep_closed_executions(Store& store, const RetentionOptions& options) {
    return sweep(store, options, [] { return true; });
}

RetentionSweeper::RetentionSweeper(Store& store, RetentionOptions options,
                                   std::function<void(const std::string&)> report)
    : store_(store), options_(std::move(options)), report_(std::move(report)) {
    if (!report_) report_ = [](const std::string& message) { std::fprintf(stderr, "stepwise: %s\n", message.c_str()); };
    if (options_.retention_days > 0) thread_ = std::thread([this] { run(); });
}

RetentionSweeper::~RetentionSweeper() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

bool RetentionSweeper::stopping() {
    std::lock_guard lock(mutex_);
    return stop_;
}

void RetentionSweeper::run() {
    for (;;) {
        try {
            sweep(store_, options_, [this] { return !stopping(); });
        } catch (const std::exception& e) {
            report_(std::string("retention sweep failed (tried again at the next one): ") + e.what());
        }
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, options_.interval, [this] { return stop_; })) return;
    }
}

}  // namespace stepwise::store
