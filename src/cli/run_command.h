// stepwise run MACHINE --input FILE [--mocks FILE --test-case NAME] ... :
// execute on the virtual clock and print the step trace (or the history).
#pragma once

#include <CLI/CLI.hpp>

namespace stepwise::cli {

void add_run_command(CLI::App& app, int& exit_code);

}  // namespace stepwise::cli
