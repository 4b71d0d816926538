// Map: InputPath -> ItemsPath -> per item, ItemSelector (or legacy
// Parameters) with $$.Map.Item.{Index,Value} -> the ItemProcessor/Iterator
// runs on it, up to MaxConcurrency at a time -> the outputs in item order ->
// ResultSelector -> ResultPath -> OutputPath. ToleratedFailureCount/Percentage
// let some iterations fail. INLINE maps run their iterations as frames here;
// DISTRIBUTED ones hand a Map Run to the shell (states_map_run.cpp).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
#include <cmath>

#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"
#include "json/write.h"

namespace stepwise::engine::states {

namespace {

std::string shown(const json::Value& v) { return v.is_string() ? std::string(v.as_string()) : json::dump(v); }

// MaxConcurrencyPath / ToleratedFailureCountPath: a non-negative integer.
// The literal or JSONata number of a Map number field, if it has one.
std::optional<double> fixed_number(Core& core, Frame& f, const asl::DynamicNumber& n, std::string_view field) {
    if (n.literal) return n.literal;
    if (!n.jsonata) return std::nullopt;
    std::string name(field);
    if (name.ends_with("Path")) name.resize(name.size() - 4);
    return eval_jsonata_number(core, f, *n.jsonata, StatesVar{&f.input}, name);
}

// What the field's `...Path` selects; throws States.Runtime when nothing is there.
json::Value selected_number(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input) {
    auto v = select_path(core, f, n.path, input);
    if (!v) throw runtime_error(f, missing_path_message(n.path, input));
    return *v;
}

}  // namespace

json::Value key_value_pairs(const json::Value& object) {
    json::Array pairs;
    pairs.reserve(object.as_object().size());
    for (const json::Member& m : object.as_object())
        pairs.push_back(json::Value(json::Object{{"Key", json::Value(std::string(m.name()))}, {"Value", m.value}}));
    return json::Value(std::move(pairs));
}

std::optional<double> resolve_integer(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                      std::string_view field) {
    if (n.literal || n.jsonata) return fixed_number(core, f, n, field);
    if (!n.path) return std::nullopt;
    std::optional<json::Value> v = selected_number(core, f, n, input);
    // A variable may hold the number as a string ("1"); AWS accepts it.
    if (n.path.root() == query::PathRoot::Variable && v->is_string()) {
        std::string_view t = v->as_string();
        char* end = nullptr;
        std::string text(t);
        long long parsed = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
        if (!text.empty() && end && *end == 0) v = json::Value(parsed);
    }
    if (!v->is_number() || !v->is_integer())
        throw runtime_error(f, "The " + std::string(field) + " field refers to value \"" + shown(*v) +
                                   "\" which is not a valid integer: " + n.path.text());
    return static_cast<double>(v->as_int());
}

std::optional<double> resolve_float(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                    std::string_view field) {
    if (n.literal || n.jsonata) return fixed_number(core, f, n, field);
    if (!n.path) return std::nullopt;
    std::optional<json::Value> v = selected_number(core, f, n, input);
    // A variable may hold the number as a string ("1.5"); AWS accepts it.
    if (n.path.root() == query::PathRoot::Variable && v->is_string()) {
        std::string text(v->as_string());
        char* end = nullptr;
        double parsed = text.empty() ? 0 : std::strtod(text.c_str(), &end);
        if (!text.empty() && end && *end == 0 && std::isfinite(parsed)) v = json::Value(parsed);
    }
    if (!v->is_number())
        throw runtime_error(f, "The " + std::string(field) + " field refers to value \"" + shown(*v) +
                                   "\" which is not a valid float: " + n.path.text());
    return v->as_double();
}

void map(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    const bool distributed = s.mode == asl::MapState::Mode::Distributed;
    const bool jsonata = is_jsonata(f);
    json::Value effective = jsonata ? f.input : apply_input_path(core, f, s.input_path, f.input);
    std::optional<double> max_concurrency = resolve_integer(core, f, s.max_concurrency, effective, "MaxConcurrencyPath");
    if (max_concurrency && *max_concurrency < 0)
        throw runtime_error(f, "MaxConcurrency cannot be negative.");
    // A Distributed Map with an ItemReader takes its items from the reader, not its input.
    const bool reads = distributed && s.item_reader;
    json::Value items = json::Value(json::Array{});
    if (reads) {
    } else if (jsonata) {
        if (s.items) {
            items = eval_jsonata(core, f, *s.items, StatesVar{&f.input}, "Items");
            if (!items.is_array()) throw unexpected_result_type(f, *s.items, "Items", "array", items);
        } else {
            items = effective;
            if (!items.is_array())
                throw query_evaluation_error(f, "Map state input must be an array but was: " + json::dump(items));
        }
    } else if (s.items_path && s.items_path.text() != "$") {
        items = select_reference(core, f, s.items_path, effective);
    } else {
        items = effective;
    }
    // JSONPath: an object is iterated pair by pair, each iteration getting {"Key": k, "Value": v}.
    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
    const bool object_items = !jsonata && items.is_object();
    if (object_items) items = key_value_pairs(items);
    if (core.observer && !jsonata && !reads) core.observer->after_items_path(f, items);
    if (!items.is_array())
        throw runtime_error(f, "Map state input must be an array but was: " + json::dump(items));
    if (f.depth + 1 > core.config().limits.max_nesting)
        throw runtime_error(f, "The state machine nests Parallel and Map states deeper than " +
                                   std::to_string(core.config().limits.max_nesting) + " levels.");
    {
        HistoryEvent& ev = core.emit(f, EventType::MapStateStarted);
        ev.state = &s;
        ev.index = static_cast<int64_t>(items.size());
    }
    std::optional<double> tolerated_count =
        resolve_integer(core, f, s.tolerated_failure_count, effective, "ToleratedFailureCountPath");
    if (tolerated_count && *tolerated_count < 0) throw runtime_error(f, "ToleratedFailureCount cannot be negative.");
    std::optional<double> tolerated_pct =
        resolve_float(core, f, s.tolerated_failure_percentage, effective, "ToleratedFailurePercentagePath");
    if (tolerated_pct && (*tolerated_pct < 0 || *tolerated_pct > 100))
        throw runtime_error(f, "ToleratedFailurePercentage must be between 0 and 100.");
    if (core.observer) core.observer->map_settings(f, max_concurrency, tolerated_count, tolerated_pct);
    if (distributed) {
        MapRunLimits limits{max_concurrency, tolerated_count, tolerated_pct};
        start_map_run(core, f, std::move(effective), reads ? std::nullopt : std::optional<json::Value>(std::move(items)),
                      limits, object_items);
        return;
    }

    f.fanout = std::make_unique<Fanout>();
    Fanout& fan = *f.fanout;
    fan.total = items.size();
    fan.results.resize(fan.total);
    fan.result_sizes.assign(fan.total, -1);
    fan.items = std::move(items);
    fan.object_items = object_items;
    fan.effective = std::move(effective);
    fan.tolerated_count = tolerated_count;
    fan.tolerated_percentage = tolerated_pct;
    adopt_kept_children(f);
    size_t limit = max_concurrency && *max_concurrency > 0 ? static_cast<size_t>(*max_concurrency) : 0;
    // MaxConcurrency 0/unset: AWS runs up to 40 inline iterations at once.
    if (limit == 0) limit = 40;
    fan.limit = limit;
    f.wait = Frame::Wait::Children;
    f.phase = Frame::Phase::Blocked;
    if (fan.total == 0) {
        map_done(core, f);
        return;
    }
    // Each inline iteration writes at least four events (started, entered, exited, succeeded).
    if (f.record) core.reserve_history(4 * fan.total + 8);
    map_launch(core, f);
    if (f.fanout && f.fanout->finished == f.fanout->total) map_done(core, f);  // all kept by a redrive
}

namespace {

// Iteration i's input: its item through ItemSelector (or legacy Parameters).
json::Value iteration_input(Core& core, Frame& f, const asl::MapState& s, size_t i) {
    const Fanout& fan = *f.fanout;
    const json::Value& item = fan.items.as_array()[i];
    if (s.query_language == asl::QueryLanguage::JSONata) {
        if (!s.item_selector_jsonata) return item;
        json::Value ctx = core.item_context(f, static_cast<int64_t>(i), item, fan.object_items);
        StatesVar st{&f.input};
        st.context = &ctx;
        return eval_jsonata(core, f, *s.item_selector_jsonata, st, "ItemSelector");
    }
    const query::Template& selector = s.item_selector ? s.item_selector : s.parameters;
    if (!selector) return item;
    json::Value ctx = core.item_context(f, static_cast<int64_t>(i), item, fan.object_items);
    query::Scope scope{fan.effective, ctx, f.vars.get(), core.intrinsic_random()};
    return selector.evaluate(scope, s.item_selector ? "ItemSelector" : "Parameters");
}

}  // namespace

void map_launch(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    Fanout& fan = *f.fanout;
    while (fan.active.size() < fan.limit && fan.next < fan.total) {
        size_t i = fan.next++;
        if (take_kept_result(fan, i)) continue;
        // A redriven iteration continues where it stopped, on the input it had there.
        std::unique_ptr<RedrivePoint> stopped = take_redrive_point(fan, i);
        json::Value input;
        if (!stopped) {
            input = iteration_input(core, f, s, i);
            if (core.observer) core.observer->after_item_selector(f, i, input);
        }
        uint32_t child_id = core.new_frame(static_cast<int32_t>(f.id), s.processor.get(), std::move(input), f.record);
        Frame& child = core.frame(child_id);
        child.child_index = i;
        child.map_index = static_cast<int64_t>(i);
        child.last_event = f.last_event;
        HistoryEvent& ev = core.emit(child, EventType::MapIterationStarted);
        ev.state = &s;
        ev.index = static_cast<int64_t>(i);
        if (stopped) core.continue_at(child, std::move(*stopped));
        fan.active.push_back(child_id);
        core.make_ready(child);
    }
}

void map_done(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    {
        HistoryEvent& ev = core.emit(f, EventType::MapStateSucceeded);
        ev.state = &s;
    }
    finish_with_child_results(core, f);
}

}  // namespace stepwise::engine::states
