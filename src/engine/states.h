// Per-state-type execution. Each state type has its own file
// (states_pass.cpp, states_task.cpp, ...); this header is their entry points.
#pragma once

#include "engine/core.h"
#include "engine/map_run_request.h"

namespace stepwise::engine::states {

// Runs (or re-runs, after a retry delay) the frame's current state. It either
// finishes it (Core::finish_state), fails it (throws StateError / EvalError),
// or leaves the frame blocked on a task, a timer or children.
void execute(Core& core, Frame& f);

void pass(Core& core, Frame& f);
void task(Core& core, Frame& f);
void choice(Core& core, Frame& f);
void wait(Core& core, Frame& f);
void parallel(Core& core, Frame& f);
void map(Core& core, Frame& f);
void succeed(Core& core, Frame& f);
void fail(Core& core, Frame& f);

// A Task's invocation ended (succeeded, failed or timed out).
void task_outcome(Core& core, Frame& f, const InputEvent& e);
// A worker took the frame's activity task (InputEvent::Kind::ActivityStarted);
// ignored unless the task is an activity not yet taken.
void activity_started(Core& core, Frame& f, const InputEvent& e);
// The frame's .sync or .waitForTaskToken call went through (InputEvent::Kind::TaskSubmitted):
// TaskSubmitted with the call's response, once per attempt.
void task_submitted(Core& core, Frame& f, const InputEvent& e);
// A Wait state's timer fired.
void wait_elapsed(Core& core, Frame& f);
// Parallel/Map: all children finished.
void parallel_done(Core& core, Frame& f);
void map_done(Core& core, Frame& f);
// Parallel/Map, once all children succeeded: the results array, in order, goes
// through ResultSelector, Assign, ResultPath and OutputPath (JSONata: Assign and
// Output with $states.result) and the state finishes.
void finish_with_child_results(Core& core, Frame& f);
// The same from the raw result itself (`result_size`: its JSON size, -1 when
// unknown); TestState hands a mocked result here.
void finish_with_result(Core& core, Frame& f, json::Value result, int64_t result_size);
// Parallel/Map on a redrive (redrive.cpp): adopts the frame's kept children
// (when they fit the children count) into its new fanout. Then, for child i,
// take_kept_result fills in its result instead of running it when it
// succeeded before, and take_redrive_point says where it stopped, if it did
// (Core::continue_at continues it there).
void adopt_kept_children(Frame& f);
bool take_kept_result(Fanout& fan, size_t i);
std::unique_ptr<RedrivePoint> take_redrive_point(Fanout& fan, size_t i);
// Map: launch iterations up to the concurrency limit.
void map_launch(Core& core, Frame& f);

// A Map number field (MaxConcurrency, ToleratedFailureCount, MaxItems, ...):
// its literal, JSONata value or what its `...Path` selects from `input`
// (nullopt when unset). `field` names the Path field in errors.
std::optional<double> resolve_integer(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                      std::string_view field);
std::optional<double> resolve_float(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                    std::string_view field);

// DISTRIBUTED Map (states_map_run.cpp): evaluates the ItemReader, ItemBatcher
// and ResultWriter fields, writes MapRunStarted and hands the Map Run to the
// shell (Command::map_run); `items` is the input's array when there is no
// ItemReader.
struct MapRunLimits {
    std::optional<double> max_concurrency;
    std::optional<double> tolerated_count;
    std::optional<double> tolerated_percentage;
};
void start_map_run(Core& core, Frame& f, json::Value effective, std::optional<json::Value> items,
                   const MapRunLimits& limits, bool object_items);
// A JSON object's members as Map items: [{"Key": name, "Value": value}, ...] in member order.
json::Value key_value_pairs(const json::Value& object);
// The shell's answer to a Map Run (TaskSucceeded / TaskFailed).
void map_run_outcome(Core& core, Frame& f, const InputEvent& e);
// ItemSelector for a Map Run's items, on what the state sees now (map_item_shaper.cpp).
// `object_items`: the items are an object's {"Key", "Value"} pairs ($$.Map.Item.Key).
std::shared_ptr<ItemShaper> make_item_shaper(Core& core, Frame& f, json::Value effective, bool object_items);

}  // namespace stepwise::engine::states
