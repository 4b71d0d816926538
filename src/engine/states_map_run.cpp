// DISTRIBUTED Map: the core evaluates what reads the execution and hands a Map
// Run to the shell (engine/map_run_request.h); the shell answers with its
// result. History: MapStateEntered, MapStateStarted, MapRunStarted, then
// MapRunSucceeded and MapStateSucceeded, or MapRunFailed and MapStateFailed.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
#include "engine/jsonata_eval.h"
#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine::states {

namespace {

// Parameters (JSONPath, on the effective input) or Arguments (JSONata) of an ItemReader or ResultWriter.
json::Value resource_arguments(Core& core, Frame& f, const query::Template& parameters,
                               const std::optional<asl::JsonataValue>& arguments, const json::Value& effective) {
    if (is_jsonata(f)) return arguments ? eval_jsonata(core, f, *arguments, StatesVar{&f.input}, "Arguments")
                                        : json::Value(json::Object{});
    return parameters ? apply_template(core, f, parameters, effective, "Parameters") : json::Value(json::Object{});
}

std::optional<int64_t> positive_integer(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& effective,
                                        std::string_view field) {
    std::optional<double> v = resolve_integer(core, f, n, effective, field);
    if (!v) return std::nullopt;
    if (*v < 0) {
        std::string name(field);
        if (name.ends_with("Path")) name.resize(name.size() - 4);
        throw runtime_error(f, name + " cannot be negative.");
    }
    return static_cast<int64_t>(*v);
}

}  // namespace

void start_map_run(Core& core, Frame& f, json::Value effective, std::optional<json::Value> items,
                   const MapRunLimits& limits, bool object_items) {
    const auto& s = f.state->as<asl::MapState>();
    if (!s.child_machine)
        throw runtime_error(f, "The Distributed Map's ItemProcessor was not compiled as a machine of its own.");
    auto request = std::make_shared<MapRunRequest>();
    request->execution_arn = core.execution_arn;
    request->state_machine_arn = core.state_machine_arn;
    request->state_name = s.name;
    request->label = s.label.empty() ? s.name : s.label;
    request->child_state_machine_name = core.config().state_machine_name + "/" + request->label;
    request->state = &s;
    request->machine = core.machine;
    request->child_machine = s.child_machine;
    request->express = s.execution_type == "EXPRESS";
    request->items = std::move(items);
    if (s.item_reader) {
        const asl::ItemReaderSpec& reader = *s.item_reader;
        request->reader_parameters = resource_arguments(core, f, reader.parameters, reader.arguments, effective);
        request->max_items = positive_integer(core, f, reader.max_items, effective, "MaxItemsPath");
    }
    if (s.item_batcher) {
        const asl::ItemBatcherSpec& batcher = *s.item_batcher;
        request->max_items_per_batch =
            positive_integer(core, f, batcher.max_items_per_batch, effective, "MaxItemsPerBatchPath");
        request->max_input_bytes_per_batch =
            positive_integer(core, f, batcher.max_input_bytes_per_batch, effective, "MaxInputBytesPerBatchPath");
        if (is_jsonata(f) && batcher.batch_input_jsonata)
            request->batch_input = eval_jsonata(core, f, *batcher.batch_input_jsonata, StatesVar{&f.input}, "BatchInput");
        else if (!is_jsonata(f) && batcher.batch_input)
            request->batch_input = apply_template(core, f, batcher.batch_input, effective, "BatchInput");
    }
    if (s.result_writer)
        request->writer_parameters = resource_arguments(core, f, s.result_writer->parameters,
                                                        s.result_writer->arguments, effective);
    if (limits.max_concurrency) request->max_concurrency = static_cast<int64_t>(*limits.max_concurrency);
    request->tolerated_failure_count = limits.tolerated_count;
    request->tolerated_failure_percentage = limits.tolerated_percentage;
    request->max_payload_bytes = core.config().limits.max_payload_bytes;
    request->shaper = make_item_shaper(core, f, std::move(effective), object_items);

    HistoryEvent& started = core.emit(f, EventType::MapRunStarted);
    started.state = &s;
    // A redriven execution's Map Run is the one that failed: it keeps its ARN.
    if (f.redrive_map_run && f.kept_map_run.state == &s) {
        started.type = EventType::MapRunRedriven;
        started.index = f.kept_map_run.started_event_id;
        started.redrive_count = core.redrive_count;
        request->redrive = true;
    } else {
        started.index = started.id;
    }
    request->map_run_arn = map_run_arn(core.history_context, s, started.index);
    f.kept_map_run = {};
    f.redrive_map_run = false;
    f.map_run_started_event_id = started.index;
    core.invoke_map_run(f, std::move(request));
    f.phase = Frame::Phase::Blocked;
}

void map_run_outcome(Core& core, Frame& f, const InputEvent& e) {
    const auto& s = f.state->as<asl::MapState>();
    if (e.kind == InputEvent::Kind::TaskSucceeded) {
        core.emit(f, EventType::MapRunSucceeded).state = &s;
        core.emit(f, EventType::MapStateSucceeded).state = &s;
        f.map_run_started_event_id = 0;
        finish_with_result(core, f, e.value, -1);
        return;
    }
    // A redrive of the execution continues the failed run (Core::continue_at, at any depth).
    f.kept_map_run = {&s, f.map_run_started_event_id};
    f.map_run_started_event_id = 0;
    {
        HistoryEvent& ev = core.emit(f, EventType::MapRunFailed);
        ev.state = &s;
        ev.error = e.error;
        ev.cause = e.cause;
    }
    StateError err{e.error, e.cause, false, false};
    err.from_children = true;  // MapStateFailed unless retried
    // The results over the payload quota: as the engine's own check, neither Retry nor Catch applies.
    err.terminal = err.name() == errors::DataLimitExceeded;
    core.fail_state(f, std::move(err));
}

}  // namespace stepwise::engine::states
