// Parallel: InputPath -> Parameters -> every branch runs on that input
// concurrently -> the array of branch outputs (in branch order) ->
// ResultSelector -> ResultPath -> OutputPath. One failing branch fails the
// state with that branch's error and stops the others.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
#include "engine/io.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine::states {

namespace {
// Upper bound of the JSON size of the results array (-1 when a size is unknown).
int64_t results_bound(const Fanout& fan) {
    if (fan.result_sizes.size() != fan.results.size()) return -1;
    int64_t total = 2 + static_cast<int64_t>(fan.results.size());
    for (int64_t s : fan.result_sizes) {
        if (s < 0) return -1;
        total += s;
    }
    return total;
}
}  // namespace

void parallel(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ParallelState>();
    json::Value effective;
    if (is_jsonata(f)) {
        effective = s.arguments ? eval_jsonata(core, f, *s.arguments, StatesVar{&f.input}, "Arguments") : f.input;
    } else {
        effective = apply_input_path(core, f, s.input_path, f.input);
        if (s.parameters) effective = apply_template(core, f, s.parameters, effective, "Parameters");
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
    f.wait = Frame::Wait::Children;
    f.phase = Frame::Phase::Blocked;
    if (fan.total == 0) {
        parallel_done(core, f);
        return;
    }
    for (size_t i = 0; i < s.branches.size(); ++i) {
        uint32_t child_id = core.new_frame(static_cast<int32_t>(f.id), s.branches[i].get(), effective, f.record);
        Frame& child = core.frame(child_id);
        child.child_index = i;
        child.last_event = f.last_event;
        if (child.input.same_node(f.input)) child.input_size = f.input_size;
        fan.active.push_back(child_id);
        core.make_ready(child);
    }
}

void parallel_done(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ParallelState>();
    {
        HistoryEvent& ev = core.emit(f, EventType::ParallelStateSucceeded);
        ev.state = &s;
    }
    int64_t result_size = results_bound(*f.fanout);
    json::Value results(json::Array(std::move(f.fanout->results)));
    f.fanout.reset();
    if (is_jsonata(f)) {
        finish_jsonata(core, f, StatesVar{&f.input, &results}, results, s.next, s.assign, s.output);
        return;
    }
    if (s.result_selector) {
        results = apply_template(core, f, s.result_selector, results, "ResultSelector");
        result_size = -1;
    }
    apply_assign(core, f, s.assign, results, {});
    f.output_bound = result_path_bound(s.result_path, f.input_size, result_size);
    json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(results));
    out = apply_output_path(core, f, s.output_path, std::move(out));
    core.finish_state(f, std::move(out), s.next);
}

}  // namespace stepwise::engine::states
