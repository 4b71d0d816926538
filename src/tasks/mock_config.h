// The AWS Step Functions Local mock-config format (MockConfigFile.json):
// test cases map Task state names to mocked responses; each response lists
// what the 1st, 2nd, ... invocation of that state returns or throws.
// See ../shared/reference/mock-config.md and
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/value.h"
#include "tasks/task.h"

namespace stepwise::tasks {

// A mock file, or a request for a test case, that cannot be used. The message
// names the place in the file (a JSON pointer) and what to fix.
class MockConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MockedInvocation {
    int64_t first = 0;  // inclusive range of invocation indexes ("0", "1-2")
    int64_t last = 0;
    std::string key;    // as written in the file, for pointers to it
    json::Value entry;  // {"Return": ...} or {"Throw": {...}}, checked when used
};

struct MockedResponse {
    std::vector<MockedInvocation> invocations;  // sorted by `first`
    const MockedInvocation* find(int64_t index) const;
};

// state name -> mocked response name
using MockTestCase = std::map<std::string, std::string>;

class MockConfig {
public:
    // Throws MockConfigError for a malformed file (bad index key, missing
    // top-level object, a test case naming an unknown response, ...).
    static MockConfig from_json(const json::Value& document, const std::string& source = "mock config");
    static MockConfig load(const std::string& path);

    // The test case of a state machine; throws MockConfigError naming the
    // file and the known state machines / test cases when it does not exist.
    const MockTestCase& test_case(const std::string& state_machine, const std::string& test_case) const;
    // "" when the test case exists, else why not, without the file's path
    // (for API clients, who did not choose the file).
    std::string missing_test_case(const std::string& state_machine, const std::string& test_case) const;
    const MockedResponse& response(const std::string& name) const;

    std::vector<std::string> state_machines() const;
    std::vector<std::string> test_cases(const std::string& state_machine) const;

private:
    std::string source_;
    std::map<std::string, std::map<std::string, MockTestCase>> state_machines_;
    std::map<std::string, MockedResponse> responses_;
};

// Serves one execution's Task invocations from a test case. Every invocation
// of a mocked state advances that state's counter by one (first attempt,
// retries, Map iterations, loop re-entries); when the counter passes the last
// listed index the task fails with States.Runtime. States the test case does
// not name are the task router's to send on (tasks/task_router.h); invoked
// here, they fail with States.Runtime naming the state and resource.
class MockExecutor : public Executor {
public:
    MockExecutor(std::shared_ptr<const MockConfig> config, const MockTestCase* test_case);
    TaskOutcome invoke(const TaskRequest& request) override;

    // True when the test case mocks this state.
    bool mocks(const std::string& state_name) const;
    // For an execution resumed after a restart: `count` invocations of the
    // state happened before, so the next one uses index `count`.
    void set_invocation_count(const std::string& state_name, int64_t count) { counters_[state_name] = count; }

private:
    std::shared_ptr<const MockConfig> config_;
    const MockTestCase* test_case_;
    std::map<std::string, int64_t> counters_;  // state name -> next invocation index
};

}  // namespace stepwise::tasks
