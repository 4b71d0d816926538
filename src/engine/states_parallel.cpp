// Parallel: InputPath -> Parameters -> every branch runs on that input
// concurrently -> the array of branch outputs (in branch order) ->
// ResultSelector -> ResultPath -> OutputPath. One failing branch fails the
// state with that branch's error and stops the others.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine::states {

void parallel(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ParallelState>();
    json::Value effective;
    if (is_jsonata(f)) {
        effective = s.arguments ? eval_jsonata(core, f, *s.arguments, StatesVar{&f.input}, "Arguments") : f.input;
        if (core.observer && s.arguments) core.observer->after_arguments(f, effective);
    } else {
        effective = apply_input_path(core, f, s.input_path, f.input);
        if (s.parameters) {
            effective = apply_template(core, f, s.parameters, effective, "Parameters");
            if (core.observer) core.observer->after_parameters(f, effective);
        }
    }
    if (f.depth + 1 > core.config().limits.max_nesting)
        throw runtime_error(f, "The state machine nests Parallel and Map states deeper than " +
                                   std::to_string(core.config().limits.max_nesting) + " levels.");
    {
        HistoryEvent& ev = core.emit(f, EventType::ParallelStateStarted);
        ev.state = &s;
    }
    f.fanout = std::make_unique<Fanout>();
    Fanout& fan = *f.fanout;
    fan.total = s.branches.size();
    fan.results.resize(fan.total);
    fan.result_sizes.assign(fan.total, -1);
    fan.next = fan.total;
    adopt_kept_children(f);
    f.wait = Frame::Wait::Children;
    f.phase = Frame::Phase::Blocked;
    for (size_t i = 0; i < s.branches.size(); ++i) {
        if (take_kept_result(fan, i)) continue;
        uint32_t child_id = core.new_frame(static_cast<int32_t>(f.id), s.branches[i].get(), effective, f.record);
        Frame& child = core.frame(child_id);
        child.child_index = i;
        child.last_event = f.last_event;
        if (child.input.same_node(f.input)) child.input_size = f.input_size;
        if (auto stopped = take_redrive_point(fan, i)) core.continue_at(child, std::move(*stopped));
        fan.active.push_back(child_id);
        core.make_ready(child);
    }
    if (fan.finished == fan.total) parallel_done(core, f);  // no branches, or all kept by a redrive
}

void parallel_done(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ParallelState>();
    {
        HistoryEvent& ev = core.emit(f, EventType::ParallelStateSucceeded);
        ev.state = &s;
    }
    finish_with_child_results(core, f);
}

}  // namespace stepwise::engine::states
