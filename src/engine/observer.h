// What a state does with its data, step by step, told to whoever watches: the
// state handlers (states_*.cpp, jsonpath_flow.cpp, retry_catch.cpp, fanout.cpp) call it
// as each value is made. TestState's inspectionData is built from it
// (test_state.cpp), so TestState and executions share one data flow.
// Core::observer is null in executions unless ExecutionConfig::observer sets one
// (`stepwise test` records coverage with it): each step then costs a pointer test.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "engine/errors.h"
#include "json/value.h"

namespace stepwise::engine {

struct Frame;

class StateObserver {
public:
    virtual ~StateObserver() = default;

    // JSONPath input processing.
    virtual void after_input_path(const Frame&, const json::Value&) {}
    virtual void after_parameters(const Frame&, const json::Value&) {}
    // JSONata: what Arguments evaluated to.
    virtual void after_arguments(const Frame&, const json::Value&) {}
    // Map: the items (after ItemsPath), each item as its iteration receives it
    // (ItemSelector), and the numbers the state resolved.
    virtual void after_items_path(const Frame&, const json::Value&) {}
    virtual void after_item_selector(const Frame&, size_t /*index*/, const json::Value&) {}
    virtual void map_settings(const Frame&, std::optional<double> /*max_concurrency*/,
                              std::optional<double> /*tolerated_failure_count*/,
                              std::optional<double> /*tolerated_failure_percentage*/) {}
    // The state's raw result (a task's, Pass's Result, the children's array).
    virtual void result(const Frame&, const json::Value&) {}
    virtual void after_result_selector(const Frame&, const json::Value&) {}
    virtual void after_result_path(const Frame&, const json::Value&) {}
    // The state failed with `error` (before Retry and Catch are consulted).
    virtual void failed(const Frame&, const StateError&) {}
    // Retrier `index` matched and will run the state again after `delay_ms`.
    virtual void retrying(const Frame&, size_t /*index*/, int64_t /*delay_ms*/) {}
    // Catcher `index` matched.
    virtual void caught(const Frame&, size_t /*index*/) {}
    // The frame entered its state (f.state), before the state runs. Frames that
    // write no history are seen only through this.
    virtual void entered(const Frame&) {}
    // Choice: rule `index` of Choices matched; index == Choices.size() when Default was taken.
    virtual void chose(const Frame&, size_t /*index*/) {}
    // A child execution of a Distributed Map in this execution starts (the
    // shell runs it as an execution of its own): the observer that watches it,
    // kept until it ends. Null (the default) leaves it unwatched.
    virtual std::shared_ptr<StateObserver> map_child() { return nullptr; }
};

}  // namespace stepwise::engine
