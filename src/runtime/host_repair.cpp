// What the ExecutionHost does when a step cannot be stored (a full disk, an
// I/O error): the execution stops where it is and, once the store takes
// writes again, is replaced by a fresh load of what the store holds, exactly
// as after a crash. Nothing the store does not hold was acknowledged, so
// nothing acknowledged is lost, and the journal never gets a hole.
#include <boost/asio/post.hpp>

#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

constexpr int64_t kLongestRepairDelayMs = 5000;

}  // namespace

void ExecutionHost::Impl::break_execution(const std::shared_ptr<LiveExecution>& l, const std::string& error) {
    // Broken at once, before the failed request is answered: a client that
    // retries must find it broken, not find a task that seems gone.
    if (l->broken.exchange(true)) return;
    asio::post(l->strand, [this, l, error] { stop_broken(l, error); });
}

void ExecutionHost::Impl::stop_broken(const std::shared_ptr<LiveExecution>& l, const std::string& error) {
    fprintf(stderr, "stepwise serve: could not store a step of %s (it waits until the store takes writes): %s\n",
            l->exec->execution_arn().c_str(), error.c_str());
    // Tasks and timers end here; the repaired execution re-sends what the
    // store says is outstanding (at least once, as after a crash).
    // A .sync child goes on: the repaired parent finds it again.
    for (auto& [id, task] : l->tasks) task.cancel = nullptr;
    while (!l->tasks.empty()) end_task(*l, l->tasks.begin()->first);
    l->timers.clear();
    l->timer_due.clear();
    l->status_changes.clear();
    step(l);  // answers what is queued with ServiceUnavailable
    schedule_repair(l, l->repair_delay_ms);
}

void ExecutionHost::Impl::schedule_repair(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms) {
    auto timer = std::make_shared<asio::steady_timer>(io, std::chrono::milliseconds(delay_ms));
    timer->async_wait([this, l, timer, delay_ms](const boost::system::error_code& ec) {
        if (!ec) repair(l, delay_ms);
    });
}

void ExecutionHost::Impl::repair(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms) {
    const std::string arn = l->exec->execution_arn();
    std::unique_lock lock(live_mutex);
    auto it = live.find(arn);
    if (it == live.end() || it->second != l) return;
    std::optional<store::ExecutionRecord> stored;
    std::shared_ptr<LiveExecution> fresh;
    std::vector<engine::Command> pending;
    try {
        stored = store.get_execution(arn);
        if (stored) fresh = load(*stored, pending);
    } catch (const std::exception& e) {
        lock.unlock();
        fprintf(stderr, "stepwise serve: cannot reload %s yet: %s\n", arn.c_str(), e.what());
        return schedule_repair(l, std::min(2 * delay_ms, kLongestRepairDelayMs));
    }
    if (!stored) {
        // Its start was never stored, so StartExecution answered an error:
        // the execution never existed.
        live.erase(it);
        return;
    }
    if (fresh->exec->status() != engine::Status::Running) {
        live.erase(it);  // it ended before the step that failed
        lock.unlock();
        for (const auto& ended : std::exchange(l->end_watchers, {})) ended(*stored);
        return;
    }
    fresh->end_watchers = std::exchange(l->end_watchers, {});
    fresh->watched = !fresh->end_watchers.empty();
    // Should it fail to store again at once, it waits longer: a repair
    // re-sends its outstanding tasks.
    fresh->repair_delay_ms = std::min(2 * delay_ms, kLongestRepairDelayMs);
    // As recover() does: its tokens and timers are there before anyone can see it.
    for (engine::Command& c : pending) carry_out(fresh, c);
    it->second = fresh;
    lock.unlock();
    asio::post(fresh->strand, [this, fresh] { step(fresh); });
}

}  // namespace stepwise::runtime
