// Children of Parallel and Map states report their end here.
#include <algorithm>

#include "engine/core.h"
#include "engine/guarded_step.h"
#include "engine/jsonpath_flow.h"
#include "engine/retry.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine {

namespace {

void remove_active(Fanout& fan, uint32_t id) {
    auto it = std::find(fan.active.begin(), fan.active.end(), id);
    if (it != fan.active.end()) {
        *it = fan.active.back();
        fan.active.pop_back();
    }
}

// Records that `child` ended (a Map's iteration event, the parent's last
// event, one more finished child) and returns its parent; nullptr when the
// parent is gone or no longer fans out (the child is then cancelled).
Frame* settle_child(Core& core, Frame& child, EventType map_iteration_event) {
    Frame& parent = core.frame(static_cast<uint32_t>(child.parent));
    if (!parent.alive || !parent.fanout) {
        core.cancel_frame(child);
        return nullptr;
    }
    if (parent.state->type == asl::StateType::Map) {
        HistoryEvent& ev = core.emit(child, map_iteration_event);
        ev.state = parent.state;
        ev.index = child.map_index;
    }
    if (child.record) parent.last_event = child.last_event;
    remove_active(*parent.fanout, child.id);
    ++parent.fanout->finished;
    return &parent;
}

}  // namespace

void Core::child_succeeded(Frame& child, json::Value out) {
    Frame* settled = settle_child(*this, child, EventType::MapIterationSucceeded);
    if (!settled) return;
    Frame& parent = *settled;
    Fanout& fan = *parent.fanout;
    const bool is_map = parent.state->type == asl::StateType::Map;
    fan.results[child.child_index] = std::move(out);
    if (fan.succeeded.size() == fan.total) fan.succeeded[child.child_index] = true;
    if (fan.result_sizes.size() == fan.total) fan.result_sizes[child.child_index] = child.input_size;
    cancel_frame(child);
    run_guarded_then_queue(*this, parent, [&] {
        if (is_map) {
            states::map_launch(*this, parent);
            if (parent.fanout && parent.fanout->finished == parent.fanout->total) states::map_done(*this, parent);
        } else if (fan.finished == fan.total) {
            states::parallel_done(*this, parent);
        }
    });
}

void Core::child_failed(Frame& child, StateError err) {
    Frame* settled = settle_child(*this, child, EventType::MapIterationFailed);
    if (!settled) return;
    Frame& parent = *settled;
    Fanout& fan = *parent.fanout;
    const bool is_map = parent.state->type == asl::StateType::Map;
    ++fan.failed;
    size_t index = child.child_index;
    if (fan.stopped.size() != fan.total) fan.stopped.resize(fan.total);
    fan.stopped[index] = redrive_point(child);
    cancel_frame(child);
    bool tolerated = false;
    if (is_map && (fan.tolerated_count || fan.tolerated_percentage)) {
        if (fan.tolerated_count && static_cast<double>(fan.failed) <= *fan.tolerated_count) tolerated = true;
        if (fan.tolerated_percentage &&
            static_cast<double>(fan.failed) * 100.0 <= *fan.tolerated_percentage * static_cast<double>(fan.total))
            tolerated = true;
        if (!tolerated) {
            err = StateError::make(errors::ExceedToleratedFailureThreshold,
                                   "The specified tolerated failure threshold was exceeded");
        }
    }
    if (tolerated) {
        fan.results[index] = error_output(err);
        if (fan.result_sizes.size() == fan.total) fan.result_sizes[index] = -1;
        run_guarded_then_queue(*this, parent, [&] {
            states::map_launch(*this, parent);
            if (parent.fanout && parent.fanout->finished == parent.fanout->total) states::map_done(*this, parent);
        });
        return;
    }
    err.from_children = true;
    err.terminal = err.terminal || err.name() == errors::Runtime;
    fail_state(parent, std::move(err));
    if (parent.alive && parent.phase == Frame::Phase::Enter) make_ready(parent);
}

namespace states {

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

void finish_with_child_results(Core& core, Frame& f) {
    std::unique_ptr<Fanout> fan = std::move(f.fanout);
    int64_t result_size = results_bound(*fan);
    json::Value results(json::Array(std::move(fan->results)));
    try {
        finish_with_result(core, f, results, result_size);
    } catch (...) {
        // The state failed after its children ended (ResultSelector, ResultPath, ...): a redrive keeps what they did.
        fan->results = results.as_array().items();
        f.kept_children = core.keep_children(*fan);
        throw;
    }
}

void finish_with_result(Core& core, Frame& f, json::Value results, int64_t result_size) {
    const asl::State& s = *f.state;
    if (core.observer) core.observer->result(f, results);
    if (is_jsonata(f)) {
        finish_jsonata(core, f, StatesVar{&f.input, &results}, results, s.next, s.assign, s.output);
        return;
    }
    if (s.result_selector) {
        results = apply_template(core, f, s.result_selector, results, "ResultSelector");
        result_size = -1;
        if (core.observer) core.observer->after_result_selector(f, results);
    }
    apply_assign(core, f, s.assign, results, {});
    f.output_bound = result_path_bound(s.result_path, f.input_size, result_size);
    json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(results));
    out = apply_output_path(core, f, s.output_path, std::move(out));
    core.finish_state(f, std::move(out), s.next);
}

}  // namespace states

}  // namespace stepwise::engine
