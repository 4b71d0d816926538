#include "engine/entry_inspection.h"

#include "engine/core.h"

namespace stepwise::engine {

// Frames that write no history (Distributed Map children) reuse event ids
// they never wrote: they are never the entry asked for.
bool EntryInspector::mine(const Frame& f) const { return f.record && f.entered_event_id == event_id_; }

void EntryInspector::entered(const Frame& f) {
    if (!mine(f)) return;
    entry_ = EntryInspection{};  // a replay enters each entry once; be exact anyway
    entry_.seen = true;
    entry_.state = f.state->name;
    entry_.input = f.input;
}

void EntryInspector::failed(const Frame& f, const StateError& error) {
    if (mine(f)) entry_.error = error;
}

void EntryInspector::retrying(const Frame& f, size_t index, int64_t delay_ms) {
    if (!mine(f)) return;
    entry_.retries.push_back({index, delay_ms});
    entry_.error.reset();  // the next attempt may succeed
}

void EntryInspector::caught(const Frame& f, size_t index) {
    if (mine(f)) entry_.catcher = index;
}

json::Value EntryInspection::to_json(int64_t event_id) const {
    json::Object o{{"eventId", json::Value(event_id)}, {"state", json::Value(state)}, {"input", input}};
    auto put = [&](std::string_view name, const std::optional<json::Value>& v) {
        if (v) o.set(name, *v);
    };
    put("afterInputPath", after_input_path);
    put("afterParameters", after_parameters);
    put("afterArguments", after_arguments);
    put("afterItemsPath", after_items_path);
    put("result", result);
    put("afterResultSelector", after_result_selector);
    put("afterResultPath", after_result_path);
    json::Array retry_list;
    for (const Retry& r : retries)
        retry_list.push_back(json::Value(json::Object{{"retrier", json::Value(r.retrier)},
                                                      {"delayMs", json::Value(r.delay_ms)}}));
    o.set("retries", json::Value(std::move(retry_list)));
    if (catcher) o.set("catcher", json::Value(*catcher));
    if (error) {
        json::Object e;
        if (error->error) e.set("error", json::Value(*error->error));
        if (error->cause) e.set("cause", json::Value(*error->cause));
        o.set("error", json::Value(std::move(e)));
    }
    return json::Value(std::move(o));
}

}  // namespace stepwise::engine
