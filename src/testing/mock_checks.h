// Mocks that would let a test pass for the wrong reason, found before and
// after a run: a mocked state the machine does not have (or that calls
// nothing), a mocked Return the service could never send, a Throw without
// an Error, a mock no call used, invocation entries no call reached.
// Each problem points into the mock document (a Step Functions Local
// MockConfigFile), so it reads
//   mocks.json: /MockedResponses/ValidateOk/0/Return/Payloadx: "Payloadx" is not a member of ...
#pragma once

#include <string>
#include <vector>

#include "asl/machine.h"
#include "runtime/run.h"
#include "tasks/mock_config.h"

namespace stepwise::testing {

enum class Severity { Error, Warning };

struct MockProblem {
    Severity severity = Severity::Error;
    std::string state;       // the mocked state ("" none)
    std::string response;    // the mocked response's name ("" none)
    std::string invocation;  // the invocation key as written: "0", "1-2" ("" none)
    std::string pointer;     // in the mock document: /StateMachines/M/TestCases/T/State, /MockedResponses/R/0/Return/X
    std::string message;
};

// Before a run: every state the test case mocks must be a Task of `machine`,
// and every invocation entry of its response must be a Return that fits
// what the Task's resource returns (testing/task_output.h) or a Throw with
// an Error. A test case naming a response MockedResponses lacks never gets
// here: MockConfig::from_json rejects the file, naming the place.
// Throws tasks::MockConfigError when the config has no such test case.
std::vector<MockProblem> check_mock_test_case(const asl::Machine& machine, const tasks::MockConfig& config,
                                              const std::string& state_machine, const std::string& test_case);

// The calls a mock served in one execution (not its children's, which keep
// their own test cases), by state name.
using MockedCalls = std::map<std::string, int64_t>;
MockedCalls mocked_calls(const runtime::RunResult& execution);

// After runs of the test case: a mocked state no call used (an error), and
// invocation entries no call reached (a warning). `calls`: how many times
// each state was called (each execution counts its invocations from 0).
std::vector<MockProblem> unused_mocks(const tasks::MockConfig& config, const std::string& state_machine,
                                      const std::string& test_case, const MockedCalls& calls);

// "<pointer>: <message>", "<pointer>: warning: <message>" for a warning.
std::string to_string(const MockProblem& problem);

}  // namespace stepwise::testing
