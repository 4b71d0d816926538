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
// A Parallel or inline Map state "redrives only the iterations and branches
// that failed or aborted": it keeps the results of the branches and
// iterations that succeeded, and each of the others continues from the state
// where it stopped (its RedrivePoint: the state failed, or was running when
// the execution stopped or timed out), with that state's input and
// variables. The same holds at every level of nesting, so a Parallel or Map
// inside a failed branch or iteration keeps what succeeded in it too. A
// branch or iteration that never started runs from its first state; when the
// state failed after all its children ended (ResultSelector, Output, ...), it
// runs none again. A redriven iteration gets a new MapIterationStarted; a
// Parallel branch has no event of its own, so it shows only the state it
// continues at. A retry, unlike a redrive, runs the state's children afresh.
// A DISTRIBUTED Map whose Map Run failed continues that Map Run
// (states_map_run.cpp), at any depth.
//
// Where AWS's documentation is silent (the events of a redriven branch, the
// tolerated-failure count of a redriven Map, which starts over), these
// choices are ours.
//
// Everything here is rebuilt from the journal: replaying it up to the
// Redrive event leaves the frames as they were, so the redrive repeats.
#include "engine/core.h"
#include "engine/states.h"

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
    // A stopped or timed-out execution may still have branches and iterations in flight: they continue where they are.
    if (root.fanout) root.kept_children = keep_children(*root.fanout);
    cancel_frame_children(root);
    root.fanout.reset();
    root.wait = Frame::Wait::None;
    root.waiting_on = 0;
    root.task_id = 0;
    root.alive = true;
    // A DISTRIBUTED Map that failed the execution continues its Map Run.
    root.redrive_map_run = root.kept_map_run.state && root.kept_map_run.state == root.state;

    redrive_count += 1;
    redrive_ms = now_ms_;  // the ExecutionRedriven event's time
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

std::vector<KeptChild> Core::keep_children(Fanout& fan) {
    std::vector<KeptChild> kept(fan.total);
    for (size_t i = 0; i < fan.total; ++i) {
        if (i < fan.succeeded.size() && fan.succeeded[i])
            kept[i].result = fan.results[i];
        else if (i < fan.stopped.size() && fan.stopped[i])
            kept[i].stopped = std::move(fan.stopped[i]);
        else if (i < fan.kept.size())
            kept[i] = std::move(fan.kept[i]);  // not reached again since the last redrive
    }
    for (uint32_t id : fan.active) {
        Frame& child = frames_[id];
        // Paused by the debugger after its last state: it has its output.
        if (child.end_after_pause)
            kept[child.child_index].result = child.input;
        else
            kept[child.child_index].stopped = redrive_point(child);
    }
    return kept;
}

std::unique_ptr<RedrivePoint> Core::redrive_point(Frame& f) {
    auto point = std::make_unique<RedrivePoint>();
    point->state = f.state;
    point->input = f.input;
    point->input_size = f.input_size;
    point->vars = f.vars;
    point->children = f.fanout ? keep_children(*f.fanout) : std::move(f.kept_children);
    point->map_run = f.kept_map_run;
    return point;
}

void Core::continue_at(Frame& child, RedrivePoint point) {
    child.state = point.state;
    child.input = std::move(point.input);
    child.input_size = point.input_size;
    if (point.vars) child.vars = std::move(point.vars);
    child.kept_children = std::move(point.children);
    child.kept_map_run = point.map_run;
    child.redrive_map_run = point.map_run.state && point.map_run.state == point.state;
}

namespace states {

void adopt_kept_children(Frame& f) {
    Fanout& fan = *f.fanout;
    fan.succeeded.assign(fan.total, false);
    if (f.kept_children.size() == fan.total) fan.kept = std::move(f.kept_children);
    f.kept_children.clear();
}

bool take_kept_result(Fanout& fan, size_t i) {
    if (i >= fan.kept.size() || !fan.kept[i].result) return false;
    fan.results[i] = std::move(*fan.kept[i].result);
    fan.kept[i].result.reset();
    fan.succeeded[i] = true;
    ++fan.finished;
    return true;
}

std::unique_ptr<RedrivePoint> take_redrive_point(Fanout& fan, size_t i) {
    if (i >= fan.kept.size()) return nullptr;
    return std::move(fan.kept[i].stopped);
}

}  // namespace states

}  // namespace stepwise::engine
