// What `stepwise lint` knows of the data a run would see, for the data rules:
// an example execution input and the results Task states' mocks return.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "lint/rule.h"
#include "tasks/mock_config.h"

namespace stepwise::cli {

struct LintExampleOptions {
    std::string input;      // --input: a JSON file or JSON text
    std::string mocks;      // --mocks: a Step Functions Local mock config (MockConfigFile.json)
    std::string test_case;  // --test-case: one of its test cases ("" = every one)
};

void add_lint_example_options(CLI::App& command, LintExampleOptions& options);

// Throws std::runtime_error naming the option and the place of a problem.
lint::ExampleData load_lint_examples(const LintExampleOptions& options, const std::string& definition_file);

// Every result the mocks of `state_machine`'s test cases return (all of them,
// or only `test_case`), by Task state. A mocked Throw adds nothing: the data
// rules let every Catcher be taken anyway. Throws tasks::MockConfigError for
// an unknown state machine or test case.
std::map<std::string, std::vector<json::Value>> mocked_task_results(const tasks::MockConfig& mocks,
                                                                    const std::string& state_machine,
                                                                    const std::string& test_case);

}  // namespace stepwise::cli
