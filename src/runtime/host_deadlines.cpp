// A Task's TimeoutSeconds and HeartbeatSeconds under the ExecutionHost. They
// count the execution's clock, as Waits and retry back-off do: under
// --time-scale they last that times their length, and under --virtual-time
// they pass with the virtual clock (real time and ExecutionHost::clock_advanced).
// While a local function or an endpoint runs its real code, its TimeoutSeconds
// counts real time instead, as in `stepwise run`: the call itself stops after
// that long (tasks/lambda_dispatcher.h), whatever the scale.
#include <algorithm>
#include <limits>

#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

TaskDeadline& deadline_of(InFlightTask& task, DeadlineKind kind) {
    return kind == DeadlineKind::Timeout ? task.timeout : task.heartbeat;
}

const char* error_of(DeadlineKind kind) {
    return kind == DeadlineKind::Timeout ? "States.Timeout" : "States.HeartbeatTimeout";
}

int64_t logical_ms(double seconds) { return static_cast<int64_t>(seconds * 1000.0); }

}  // namespace

void ExecutionHost::Impl::arm_task_timers(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                          InFlightTask& task, std::optional<double> timeout_seconds) {
    if (timeout_seconds)
        arm_deadline(l, task_id, task, DeadlineKind::Timeout, logical_now(*l) + logical_ms(*timeout_seconds),
                     task.runs_real_code);
    if (task.heartbeat_seconds && !task.token.empty()) arm_heartbeat(l, task_id, task, task.runs_real_code);
}

void ExecutionHost::Impl::arm_heartbeat(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                        InFlightTask& task, bool real_time) {
    arm_deadline(l, task_id, task, DeadlineKind::Heartbeat, logical_now(*l) + logical_ms(*task.heartbeat_seconds),
                 real_time);
}

void ExecutionHost::Impl::wait_on_execution_clock(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                                  InFlightTask& task) {
    if (task.timeout.timer && task.timeout.real_time)
        arm_deadline(l, task_id, task, DeadlineKind::Timeout, task.timeout.due_ms, false);
}

void ExecutionHost::Impl::arm_deadline(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                       InFlightTask& task, DeadlineKind kind, int64_t due_ms, bool real_time) {
    TaskDeadline& deadline = deadline_of(task, kind);
    deadline.due_ms = due_ms;
    deadline.real_time = real_time;
    deadline.timer = std::make_unique<asio::steady_timer>(l->strand);  // the one it replaces is cancelled
    // The virtual clock runs with real time, besides its jumps.
    const double scale = real_time || options.virtual_time ? 1.0 : options.time_scale;
    deadline.timer->expires_after(real_delay(static_cast<double>(due_ms - logical_now(*l)), scale));
    asio::steady_timer* armed = deadline.timer.get();
    deadline.timer->async_wait([this, l, task_id, kind, armed](const boost::system::error_code& ec) {
        auto it = l->tasks.find(task_id);
        if (ec || it == l->tasks.end() || deadline_of(it->second, kind).timer.get() != armed ||
            l->exec->status() != engine::Status::Running)
            return;
        deadline_passed(l, task_id, kind);
    });
}

void ExecutionHost::Impl::deadline_passed(const std::shared_ptr<LiveExecution>& l, uint64_t task_id,
                                          DeadlineKind kind) {
    const int64_t due = deadline_of(l->tasks.at(task_id), kind).due_ms;
    // The execution's clock reads the deadline, even when it came sooner (scaled) or is
    // found later (a virtual clock moved past it), as a Wait's end does (fire_timer).
    l->skew_ms = std::max(l->skew_ms, due - wall_ms());
    end_task(*l, task_id);
    engine::InputEvent ev;
    ev.kind = engine::InputEvent::Kind::TaskTimedOut;
    ev.error = error_of(kind);
    ev.ref = task_id;
    ev.time_ms = std::max(due, l->last_event_ms);
    l->inbox.push_back(std::move(ev));
    step(l);
}

void ExecutionHost::Impl::catch_up(const std::shared_ptr<LiveExecution>& l) {
    while (!l->broken && l->exec->status() == engine::Status::Running) {
        // The earliest of the engine's timers and the task deadlines on the execution's clock.
        int64_t due = std::numeric_limits<int64_t>::max();
        std::optional<uint64_t> timer, task;
        DeadlineKind kind = DeadlineKind::Timeout;
        for (const auto& [id, timer_due] : l->timer_due)
            if (timer_due < due) due = timer_due, timer = id, task.reset();
        for (auto& [id, waiting] : l->tasks)
            for (DeadlineKind k : {DeadlineKind::Timeout, DeadlineKind::Heartbeat}) {
                const TaskDeadline& d = deadline_of(waiting, k);
                if (d.timer && !d.real_time && d.due_ms < due) due = d.due_ms, task = id, kind = k, timer.reset();
            }
        if ((!timer && !task) || due > logical_now(*l)) break;
        if (timer) {
            l->timers.erase(*timer);
            fire_timer(l, *timer, due);
        } else {
            deadline_passed(l, *task, kind);
        }
    }
    // What is still ahead is nearer now: its real waits are shorter.
    for (auto& [id, waiting] : l->tasks)
        for (DeadlineKind k : {DeadlineKind::Timeout, DeadlineKind::Heartbeat}) {
            const TaskDeadline& d = deadline_of(waiting, k);
            if (d.timer && !d.real_time) arm_deadline(l, id, waiting, k, d.due_ms, false);
        }
}

void ExecutionHost::clock_advanced() {
    Impl& h = *impl_;
    if (!h.options.virtual_time) return;
    std::lock_guard lock(h.live_mutex);
    for (const auto& [arn, l] : h.live) asio::post(l->strand, [&h, l = l] { h.catch_up(l); });
}

}  // namespace stepwise::runtime
