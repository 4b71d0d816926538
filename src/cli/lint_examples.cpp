#include "cli/lint_examples.h"

#include <filesystem>

#include "cli/run_machines.h"
#include "json/parse.h"
#include "lint/mocked_results.h"
#include "tasks/mock_config.h"

namespace stepwise::cli {

void add_lint_example_options(CLI::App& command, LintExampleOptions& options) {
    command.add_option("--input", options.input, "Example execution input (JSON file or JSON text) for the data rules");
    command
        .add_option("--mocks", options.mocks,
                     "Step Functions Local mock config (MockConfigFile.json): its mocked results feed the data rules")
        ->check(CLI::ExistingFile);
    command.add_option("--test-case", options.test_case, "Only this test case of --mocks (default: every one)");
}

lint::ExampleData load_lint_examples(const LintExampleOptions& options, const std::string& definition_file) {
    lint::ExampleData data;
    if (!options.input.empty()) {
        try {
            data.input = std::filesystem::is_regular_file(options.input) ? json::parse_file(options.input)
                                                                         : json::parse(options.input);
        } catch (const std::exception& e) {
            throw std::runtime_error("--input " + options.input + ": " + e.what());
        }
    }
    if (options.mocks.empty()) {
        if (!options.test_case.empty()) throw std::runtime_error("--test-case needs --mocks FILE");
        return data;
    }
    tasks::MockConfig mocks = tasks::MockConfig::load(options.mocks);
    // As `stepwise run --mocks` picks it: the file's only state machine, else the definition's file name.
    std::vector<std::string> machines = mocks.state_machines();
    std::string machine = machines.size() == 1 ? machines.front() : machine_name_from_file(definition_file);
    if (options.test_case.empty() && mocks.test_cases(machine).empty()) {
        std::string known;
        for (const std::string& name : machines) known += (known.empty() ? "" : ", ") + name;
        throw std::runtime_error("--mocks " + options.mocks + ": no test cases for state machine " + machine +
                                 " (the file has: " + (known.empty() ? "none" : known) + ")");
    }
    data.task_results = lint::mocked_task_results(mocks, machine, options.test_case);
    return data;
}

}  // namespace stepwise::cli
