// What one state entry of an execution did with its data, step by step: the
// values TestState's inspectionData names, for any entry of a real run.
// Nothing of this is stored: the execution's journal is replayed with an
// EntryInspector as its observer (ExecutionConfig::observer), which keeps the
// values of the entry whose StateEntered event has the id it was given.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/observer.h"
#include "json/value.h"

namespace stepwise::engine {

struct EntryInspection {
    struct Retry {
        size_t retrier = 0;    // index into the state's Retry
        int64_t delay_ms = 0;  // its back-off before the next attempt
    };
    bool seen = false;  // the replay entered the entry
    std::string state;  // the state's name
    json::Value input;
    // Each present only when the state reached that step (of its last attempt).
    std::optional<json::Value> after_input_path, after_parameters, after_arguments, after_items_path, result,
        after_result_selector, after_result_path;
    std::vector<Retry> retries;
    std::optional<size_t> catcher;  // index into the state's Catch
    std::optional<StateError> error;

    // {"eventId", "state", "input", "afterInputPath"?, ..., "retries": [{"retrier", "delayMs"}], "catcher"?, "error"?}
    json::Value to_json(int64_t event_id) const;
};

class EntryInspector final : public StateObserver {
public:
    explicit EntryInspector(int64_t entered_event_id) : event_id_(entered_event_id) {}
    const EntryInspection& inspection() const { return entry_; }

    void entered(const Frame& f) override;
    void after_input_path(const Frame& f, const json::Value& v) override { keep(f, entry_.after_input_path, v); }
    void after_parameters(const Frame& f, const json::Value& v) override { keep(f, entry_.after_parameters, v); }
    void after_arguments(const Frame& f, const json::Value& v) override { keep(f, entry_.after_arguments, v); }
    void after_items_path(const Frame& f, const json::Value& v) override { keep(f, entry_.after_items_path, v); }
    void result(const Frame& f, const json::Value& v) override { keep(f, entry_.result, v); }
    void after_result_selector(const Frame& f, const json::Value& v) override {
        keep(f, entry_.after_result_selector, v);
    }
    void after_result_path(const Frame& f, const json::Value& v) override { keep(f, entry_.after_result_path, v); }
    void failed(const Frame& f, const StateError& error) override;
    void retrying(const Frame& f, size_t index, int64_t delay_ms) override;
    void caught(const Frame& f, size_t index) override;

private:
    bool mine(const Frame& f) const;
    void keep(const Frame& f, std::optional<json::Value>& slot, const json::Value& v) {
        if (mine(f)) slot = v;
    }

    int64_t event_id_;
    EntryInspection entry_;
};

}  // namespace stepwise::engine
