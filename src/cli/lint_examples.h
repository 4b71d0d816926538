// What `stepwise lint` knows of the data a run would see, for the data rules:
// an example execution input and the results Task states' mocks return.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "lint/rule.h"

namespace stepwise::cli {

struct LintExampleOptions {
    std::string input;      // --input: a JSON file or JSON text
    std::string mocks;      // --mocks: a Step Functions Local mock config (MockConfigFile.json)
    std::string test_case;  // --test-case: one of its test cases ("" = every one)
};

void add_lint_example_options(CLI::App& command, LintExampleOptions& options);

// Throws std::runtime_error naming the option and the place of a problem.
lint::ExampleData load_lint_examples(const LintExampleOptions& options, const std::string& definition_file);

}  // namespace stepwise::cli
