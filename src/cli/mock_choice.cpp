#include "cli/mock_choice.h"

#include <iostream>
#include <stdexcept>

#include "testing/mock_checks.h"

namespace stepwise::cli {

MockChoice choose_mocks(const std::string& mocks_file, const std::string& test_case, const std::string& name_flag,
                        RunWorld& world) {
    MockChoice choice;
    if (mocks_file.empty()) {
        if (!test_case.empty()) throw std::runtime_error("--test-case needs --mocks FILE");
        return choice;
    }
    choice.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::load(mocks_file));
    std::string machine = name_flag;
    auto known_machines = choice.mocks->state_machines();
    // A parent without a test case of its own may still pick its
    // children's (StateMachineArn "...:stateMachine:Child#HappyPath").
    const bool parent = test_case.empty() && starts_executions(*world.machine());
    if (machine.empty())
        machine = known_machines.size() == 1 && !parent ? known_machines.front() : world.state_machine_name();
    std::vector<std::string> cases = choice.mocks->test_cases(machine);
    if (test_case.empty() && !cases.empty()) {
        std::string known;
        for (const auto& name : cases) known += (known.empty() ? "" : ", ") + name;
        throw std::runtime_error("--mocks needs --test-case NAME (" + machine + " has: " + known + ")");
    }
    // Without a test case of its own the run is unmocked; the file
    // still serves children started with a #TestCase ARN.
    if (test_case.empty()) return choice;
    choice.mocks->test_case(machine, test_case);  // throws, naming the known ones
    choice.machine = machine;
    choice.test_case = test_case;
    if (name_flag.empty()) world.set_state_machine_name(machine);
    return choice;
}

bool mocks_fit(const MockChoice& choice, const RunWorld& world, const std::string& mocks_file) {
    if (choice.machine.empty()) return true;
    bool errors = false;
    for (const testing::MockProblem& problem :
         testing::check_mock_test_case(*world.machine(), *choice.mocks, choice.machine, choice.test_case)) {
        errors = errors || problem.severity == testing::Severity::Error;
        std::cerr << "stepwise run: " << mocks_file << ": " << testing::to_string(problem) << "\n";
    }
    return !errors;
}

}  // namespace stepwise::cli
