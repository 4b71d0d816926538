// When an execution ends from outside (StopExecution, the state machine's
// TimeoutSeconds), each state still running records that it was aborted:
// TaskStateAborted, WaitStateAborted, ParallelStateAborted, MapStateAborted,
// MapIterationAborted for each iteration in flight, and MapRunAborted for a
// DISTRIBUTED Map's Map Run (whose children the shell stops). The states within a
// Parallel or Map abort before it (innermost first); ExecutionAborted or
// ExecutionTimedOut stays the history's last event.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
// https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
//
// Frames are left as they are: a redrive continues from them (redrive.cpp).
#include <algorithm>

#include "engine/core.h"

namespace stepwise::engine {

namespace {

std::optional<EventType> aborted_event(asl::StateType type) {
    switch (type) {
        case asl::StateType::Task: return EventType::TaskStateAborted;
        case asl::StateType::Wait: return EventType::WaitStateAborted;
        case asl::StateType::Parallel: return EventType::ParallelStateAborted;
        case asl::StateType::Map: return EventType::MapStateAborted;
        default: return std::nullopt;  // the other states never wait
    }
}

}  // namespace

void Core::abort_running_state(Frame& f) {
    // A frame paused by the debugger has not entered its state (or has left it).
    if (!f.alive || f.phase != Frame::Phase::Blocked || !f.state || f.wait == Frame::Wait::Paused) return;
    if (f.wait == Frame::Wait::Children && f.fanout) {
        std::vector<uint32_t> children = f.fanout->active;
        std::sort(children.begin(), children.end(), [&](uint32_t a, uint32_t b) {
            return frames_[a].child_index < frames_[b].child_index;
        });
        for (uint32_t id : children) {
            Frame& child = frames_[id];
            if (!child.alive) continue;
            abort_running_state(child);
            if (f.state->type == asl::StateType::Map) {
                HistoryEvent& ev = emit(child, EventType::MapIterationAborted);
                ev.state = f.state;
                ev.index = child.map_index;
            }
            if (child.record) f.last_event = child.last_event;
        }
    }
    if (f.map_run_started_event_id) {
        emit(f, EventType::MapRunAborted).state = f.state;
        // A redrive continues the aborted run: its unsuccessful children are redriven.
        // https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
        f.kept_map_run = {f.state, f.map_run_started_event_id};
    }
    if (auto type = aborted_event(f.state->type)) emit(f, *type).state = f.state;
}

}  // namespace stepwise::engine
