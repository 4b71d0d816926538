#include "lint/mocked_results.h"

#include <algorithm>

namespace stepwise::lint {

std::map<std::string, std::vector<json::Value>> mocked_task_results(const tasks::MockConfig& mocks,
                                                                    const std::string& state_machine,
                                                                    const std::string& test_case) {
    std::vector<std::string> cases = test_case.empty() ? mocks.test_cases(state_machine)
                                                       : std::vector<std::string>{test_case};
    std::map<std::string, std::vector<json::Value>> results;
    std::map<std::string, size_t> cases_mocking;  // state -> in how many test cases
    for (const std::string& name : cases) {
        for (const auto& [state, response] : mocks.test_case(state_machine, name)) {
            ++cases_mocking[state];
            std::vector<json::Value>& returned = results[state];
            for (const tasks::MockedInvocation& invocation : mocks.response(response).invocations) {
                const json::Value* value = invocation.entry.find("Return");
                if (value && std::find(returned.begin(), returned.end(), *value) == returned.end())
                    returned.push_back(*value);
            }
        }
    }
    // A test case that does not mock a state calls the real service: what it returns is unknown.
    for (const auto& [state, count] : cases_mocking)
        if (count < cases.size()) results.erase(state);
    return results;
}

}  // namespace stepwise::lint
