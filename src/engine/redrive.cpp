// RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution continues from
// the state that did not succeed, with the input that state received and the
// variables it saw; what succeeded before it is not run again.
// https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html
//
// The failed state is entered afresh (a new <Type>StateEntered after the
// ExecutionRedriven event), so its retry counters start over; event ids go on
// after the old ones, and the state machine's TimeoutSeconds counts again from
// the redrive.
//
// A Parallel or Map state keeps the results of the branches and iterations
// that succeeded and runs only the others (Frame::kept_results). Simplification:
// those run again from their first state, where AWS continues each from its
// own failed state; and a Parallel/Map nested inside a branch or iteration
// runs again as a whole.
#include "engine/core.h"

namespace stepwise::engine {

RedriveStatus Core::redrive_status() const {
    auto not_redrivable = [](std::string reason) { return RedriveStatus{false, std::move(reason)}; };
    if (config_.express) return not_redrivable("Execution is EXPRESS and cannot be redriven.");
    switch (status) {
        case Status::Running:
            return not_redrivable(history.empty() ? "Execution is not started and cannot be redriven."
                                                  : "Execution is RUNNING and cannot be redriven.");
        case Status::Succeeded: return not_redrivable("Execution is SUCCEEDED and cannot be redriven.");
        case Status::Failed:
        case Status::TimedOut:
        case Status::Aborted: break;
    }
    if (config_.limits.max_history_events && history.size() >= config_.limits.max_history_events)
        return not_redrivable("Execution history event limit exceeded.");
    return RedriveStatus{true, {}};
}

void Core::redrive(const InputEvent& e) {
    Frame& root = frames_[root_frame_];
    // A stopped or timed-out execution may still have branches and iterations in flight.
    if (root.fanout) keep_successful_results(root);
    cancel_frame_children(root);
    root.fanout.reset();
    root.wait = Frame::Wait::None;
    root.waiting_on = 0;
    root.task_id = 0;
    root.alive = true;
    // A DISTRIBUTED Map that failed the execution continues its Map Run.
    root.redrive_map_run = root.kept_map_run.state && root.kept_map_run.state == root.state;

    redrive_count += 1;
    redrive_ms = e.time_ms;
    status = Status::Running;
    output = json::Value();
    error.reset();
    cause.reset();
    end_ms = 0;

    HistoryEvent& ev = history.emplace_back();
    ev.type = EventType::ExecutionRedriven;
    ev.id = next_event_id_++;
    ev.previous_id = ev.id - 1;
    ev.timestamp_ms = now_ms_;
    ev.redrive_count = redrive_count;
    ++events_total_;
    root.last_event = ev.id;

    build_execution_context();  // $$.Execution.RedriveCount
    start_execution_timer(now_ms_);
    root.phase = Frame::Phase::Enter;
    make_ready(root);
}

}  // namespace stepwise::engine
