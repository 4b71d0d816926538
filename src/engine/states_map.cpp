// Map (inline and distributed with items from the input): InputPath ->
// ItemsPath -> per item, ItemSelector (or legacy Parameters) with
// $$.Map.Item.{Index,Value} -> the ItemProcessor/Iterator runs on it, up to
// MaxConcurrency at a time -> the outputs in item order -> ResultSelector ->
// ResultPath -> OutputPath. ToleratedFailureCount/Percentage let some
// iterations fail. https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html
#include <cmath>

#include "engine/io.h"
#include "engine/states.h"
#include "json/write.h"

namespace stepwise::engine::states {

namespace {

int64_t results_bound(const Fanout& fan) {
    if (fan.result_sizes.size() != fan.results.size()) return -1;
    int64_t total = 2 + static_cast<int64_t>(fan.results.size());
    for (int64_t s : fan.result_sizes) {
        if (s < 0) return -1;
        total += s;
    }
    return total;
}

std::string shown(const json::Value& v) { return v.is_string() ? std::string(v.as_string()) : json::dump(v); }

// MaxConcurrencyPath / ToleratedFailureCountPath: a non-negative integer.
std::optional<double> resolve_integer(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                      std::string_view field) {
    if (n.literal) return n.literal;
    if (!n.path) return std::nullopt;
    auto v = select_path(core, f, n.path, input);
    if (!v) throw runtime_error(f, missing_path_message(n.path, input));
    if (!v->is_number() || !v->is_integer())
        throw runtime_error(f, "The " + std::string(field) + " field refers to value \"" + shown(*v) +
                                   "\" which is not a valid integer: " + n.path.text());
    return static_cast<double>(v->as_int());
}

std::optional<double> resolve_float(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                    std::string_view field) {
    if (n.literal) return n.literal;
    if (!n.path) return std::nullopt;
    auto v = select_path(core, f, n.path, input);
    if (!v) throw runtime_error(f, missing_path_message(n.path, input));
    if (!v->is_number())
        throw runtime_error(f, "The " + std::string(field) + " field refers to value \"" + shown(*v) +
                                   "\" which is not a valid float: " + n.path.text());
    return v->as_double();
}

}  // namespace

void map(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    const bool distributed = s.mode == asl::MapState::Mode::Distributed;
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    std::optional<double> max_concurrency = resolve_integer(core, f, s.max_concurrency, effective, "MaxConcurrencyPath");
    if (max_concurrency && *max_concurrency < 0)
        throw runtime_error(f, "MaxConcurrency cannot be negative.");
    json::Value items;
    if (s.items_path && s.items_path.text() != "$") {
        auto v = select_path(core, f, s.items_path, effective);
        if (!v) throw runtime_error(f, missing_path_message(s.items_path, effective));
        items = std::move(*v);
    } else {
        items = effective;
    }
    if (!items.is_array())
        throw runtime_error(f, "Map state input must be an array but was: " + std::string(json::kind_name(items.kind())));
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

    f.fanout = std::make_unique<Fanout>();
    Fanout& fan = *f.fanout;
    fan.distributed = distributed;
    fan.total = items.size();
    fan.results.resize(fan.total);
    fan.result_sizes.assign(fan.total, -1);
    fan.items = std::move(items);
    fan.effective = std::move(effective);
    fan.tolerated_count = tolerated_count;
    fan.tolerated_percentage = tolerated_pct;
    size_t limit = max_concurrency && *max_concurrency > 0 ? static_cast<size_t>(*max_concurrency) : 0;
    // MaxConcurrency 0/unset: AWS runs up to 40 inline iterations (10,000 child workflows distributed) at once.
    if (limit == 0) limit = distributed ? 10000 : 40;
    fan.limit = limit;
    f.wait = Frame::Wait::Children;
    f.phase = Frame::Phase::Blocked;
    if (distributed) {
        HistoryEvent& ev = core.emit(f, EventType::MapRunStarted);
        ev.state = &s;
    }
    if (fan.total == 0) {
        map_done(core, f);
        return;
    }
    // Each inline iteration writes at least four events (started, entered, exited, succeeded).
    if (f.record && !distributed) core.reserve_history(4 * fan.total + 8);
    map_launch(core, f);
}

void map_launch(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    Fanout& fan = *f.fanout;
    const query::Template& selector = s.item_selector ? s.item_selector : s.parameters;
    while (fan.active.size() < fan.limit && fan.next < fan.total) {
        size_t i = fan.next++;
        const json::Value& item = fan.items.as_array()[i];
        json::Value input;
        if (selector) {
            json::Value ctx = core.item_context(f, static_cast<int64_t>(i), item);
            query::Scope scope{fan.effective, ctx, nullptr, core.intrinsic_random()};
            input = selector.evaluate(scope, s.item_selector ? "ItemSelector" : "Parameters");
        } else {
            input = item;
        }
        uint32_t child_id = core.new_frame(static_cast<int32_t>(f.id), s.processor.get(), std::move(input),
                                           f.record && !fan.distributed);
        Frame& child = core.frame(child_id);
        child.child_index = i;
        child.map_index = static_cast<int64_t>(i);
        child.last_event = f.last_event;
        HistoryEvent& ev = core.emit(child, EventType::MapIterationStarted);
        ev.state = &s;
        ev.index = static_cast<int64_t>(i);
        fan.active.push_back(child_id);
        core.make_ready(child);
    }
}

void map_done(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::MapState>();
    if (f.fanout->distributed) {
        HistoryEvent& ev = core.emit(f, EventType::MapRunSucceeded);
        ev.state = &s;
    }
    {
        HistoryEvent& ev = core.emit(f, EventType::MapStateSucceeded);
        ev.state = &s;
    }
    int64_t result_size = results_bound(*f.fanout);
    json::Value results(json::Array(std::move(f.fanout->results)));
    f.fanout.reset();
    if (s.result_selector) {
        results = apply_template(core, f, s.result_selector, results, "ResultSelector");
        result_size = -1;
    }
    f.output_bound = result_path_bound(s.result_path, f.input_size, result_size);
    json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(results));
    out = apply_output_path(core, f, s.output_path, std::move(out));
    core.finish_state(f, std::move(out), s.next);
}

}  // namespace stepwise::engine::states
