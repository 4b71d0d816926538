// stepwise test [PATH...]: run the test suites of state machines (docs/testing.md)
// and report like a test runner: per case, per assertion, with CI reports and
// state-machine coverage. Exit status 0 (all passed), 1 (a case failed, or
// coverage under --min-coverage), 2 (bad usage or a file that cannot be used).
#pragma once

#include <CLI/CLI.hpp>

namespace stepwise::cli {

void add_test_command(CLI::App& app, int& exit_code);

}  // namespace stepwise::cli
