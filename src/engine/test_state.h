// TestState: runs ONE state once, on a given input and variables, and reports
// what happened (output or error, the next state) and the intermediate values
// of its input/output processing (InspectionData).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
//
// The state runs through the engine's own handlers (states_*.cpp), which
// report each intermediate value to an observer (engine/observer.h), so
// TestState and an execution process data the same way.
// A pure function like the rest of the engine: nothing waits (a Wait state
// returns at once, as AWS's TestState does), retries are not run (a retriable
// error is reported as RETRIABLE) and a Catch reports where it would go
// (CAUGHT_ERROR). The work of Task, Map and Parallel states comes from the
// request's mock; without one a Task fails with States.Runtime.
//
//   auto compiled = engine::compile_test_state(definition_text, state_name);
//   engine::TestStateRequest request{.state = compiled.state, .input = input};
//   engine::TestStateResult result = engine::test_state(*compiled.machine, request);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/compile.h"
#include "asl/machine.h"
#include "aws/scope.h"
#include "json/value.h"

namespace stepwise::engine {

// The definition of TestState: one state's JSON, or a whole state machine and
// the name of the state in it to test.
struct TestStateDefinition {
    std::shared_ptr<const asl::Machine> machine;  // null when there are errors
    const asl::State* state = nullptr;
    std::vector<asl::Diagnostic> errors;          // the compiler's, pointers as in the given definition
    std::string missing_state;                    // set when `state_name` names no state of the machine
};
// A single state is compiled inside a machine of its own, named `TestState`,
// with a Succeed stand-in for every state it names (Next, Default, Choices,
// Catch), so its transitions can be reported without the states behind them.
TestStateDefinition compile_test_state(const std::string& definition_text, const std::string& state_name = "");

// Stands in for the work of a Task, Map or Parallel state: its raw result, or an error.
struct TestStateMock {
    std::optional<json::Value> result;
    std::optional<std::string> error;
    std::optional<std::string> cause;
};

enum class InspectionLevel { Info, Debug, Trace };

// stateConfiguration.mapItemReaderData as a Distributed Map's ItemReader reads
// it (the api layer reads it: the engine cannot parse CSV or JSON Lines).
struct TestStateReaderItems {
    json::Value items = json::Value(json::Array{});  // every item read, before MaxItems
    std::optional<std::string> error;                // reading failed: States.ItemReaderFailed with this cause
};

struct TestStateRequest {
    const asl::State* state = nullptr;          // a state of the machine passed to test_state
    json::Value input = json::Value(json::Object{});
    json::Value variables;                      // an object of workflow variables (null: none)
    std::optional<json::Value> context;         // replaces the context object ($$) when given
    std::optional<TestStateMock> mock;
    int64_t retrier_retry_count = 0;            // retries already made by the retrier that matches
    std::optional<int64_t> map_iteration_failure_count;  // a DISTRIBUTED Map's failed iterations
    std::optional<TestStateReaderItems> map_reader_items;  // a DISTRIBUTED Map's ItemReader data
    InspectionLevel level = InspectionLevel::Info;
    int64_t now_ms = 0;                         // $$.State.EnteredTime, $$.Execution.StartTime
    aws::Scope scope;                           // the caller's account and region
    std::string role_arn;
};

// InspectionData: each value is present only when the state reached that step.
struct InspectionData {
    std::optional<json::Value> input;
    std::optional<json::Value> after_input_path;
    std::optional<json::Value> after_parameters;   // JSONPath Parameters
    std::optional<json::Value> after_arguments;    // JSONata Arguments
    std::optional<json::Value> after_items_path;   // Map
    std::optional<json::Value> after_items_pointer;  // Distributed Map: the reader's items after ItemsPointer
    std::optional<json::Value> after_item_selector;  // Map: every item after ItemSelector
    std::optional<json::Value> after_item_batcher;   // Distributed Map: every batch's input per ItemBatcher
    std::optional<json::Value> result;
    std::optional<json::Value> after_result_selector;
    std::optional<json::Value> after_result_path;
    std::optional<json::Value> variables;          // the workflow variables after the state
    std::optional<int64_t> max_concurrency;
    std::optional<int64_t> tolerated_failure_count;
    std::optional<double> tolerated_failure_percentage;
    std::optional<int64_t> retry_index;            // errorDetails
    std::optional<int64_t> retry_backoff_interval_seconds;
    std::optional<int64_t> catch_index;

    // AWS's InspectionData shape: JSON values as JSON text, errorDetails nested.
    json::Value to_json() const;
};

enum class TestStatus { Succeeded, Failed, Retriable, CaughtError };
std::string_view test_status_name(TestStatus status);  // SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR

struct TestStateResult {
    TestStatus status = TestStatus::Succeeded;
    std::optional<json::Value> output;
    std::optional<std::string> error;
    std::optional<std::string> cause;
    std::optional<std::string> next_state;
    std::optional<InspectionData> inspection;  // DEBUG and TRACE only
    // The request does not fit what the state found (mapIterationFailureCount
    // above the number of items): AWS answers ValidationException with this.
    std::optional<std::string> invalid_request;
};

TestStateResult test_state(const std::shared_ptr<const asl::Machine>& machine, const TestStateRequest& request);

}  // namespace stepwise::engine
