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
    // On its strand: its end watchers move to the fresh one without a race.
    asio::post(l->strand, [this, l, delay_ms] { repair_on_strand(l, delay_ms); });
}

void ExecutionHost::Impl::repair_on_strand(const std::shared_ptr<LiveExecution>& l, int64_t delay_ms) {
    const std::string arn = l->exec->execution_arn();
    auto still_live = [&] {
        auto it = live.find(arn);
        return it != live.end() && it->second == l;
    };
    {
        std::lock_guard lock(live_mutex);
        if (!still_live()) return;
    }
    std::optional<store::ExecutionRecord> stored;
    std::shared_ptr<LiveExecution> fresh;
    std::vector<engine::Command> pending;
    try {
        stored = store.get_execution(arn);
        if (stored) fresh = load(*stored, pending);
    } catch (const std::exception& e) {
        fprintf(stderr, "stepwise serve: cannot reload %s yet: %s\n", arn.c_str(), e.what());
        return schedule_repair(l, std::min(2 * delay_ms, kLongestRepairDelayMs));
    }
    if (!stored || fresh->exec->status() != engine::Status::Running) {
        // Never stored (StartExecution answered an error: it never existed),
        // or it ended before the step that failed.
        {
            std::lock_guard lock(live_mutex);
            if (still_live()) live.erase(arn);
        }
        if (stored)
            for (const auto& ended : std::exchange(l->end_watchers, {})) ended(*stored);
        return;
    }
    fresh->end_watchers = std::exchange(l->end_watchers, {});
    fresh->watched = !fresh->end_watchers.empty();
    // Should it fail to store again at once, it waits longer: a repair
    // re-sends its outstanding tasks.
    fresh->repair_delay_ms = std::min(2 * delay_ms, kLongestRepairDelayMs);
    {
        std::lock_guard lock(live_mutex);
        if (!still_live()) return;
        live[arn] = fresh;
    }
    // Its outstanding tasks go out on its own strand (a task may start a child,
    // which takes the live lock), then it steps.
    asio::post(fresh->strand, [this, fresh, pending = std::move(pending)]() mutable {
        for (engine::Command& c : pending) carry_out(fresh, c);
        step(fresh);
    });
}

}  // namespace stepwise::runtime
