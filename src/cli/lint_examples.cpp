#include "cli/lint_examples.h"

#include <filesystem>

#include "json/parse.h"

namespace stepwise::cli {

void add_lint_example_options(CLI::App& command, LintExampleOptions& options) {
    command.add_option("--input", options.input, "Example execution input (JSON file or JSON text) for the data rules");
}

lint::ExampleData load_lint_examples(const LintExampleOptions& options, const std::string&) {
    lint::ExampleData data;
    if (options.input.empty()) return data;
    try {
        data.input = std::filesystem::is_regular_file(options.input) ? json::parse_file(options.input) : json::parse(options.input);
    } catch (const std::exception& e) {
        throw std::runtime_error("--input " + options.input + ": " + e.what());
    }
    return data;
}

}  // namespace stepwise::cli
