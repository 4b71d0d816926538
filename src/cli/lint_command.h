// stepwise lint FILE... : what AWS would refuse and what would go wrong at run
// time, each finding a named rule with a severity, a place and a fix hint;
// text, JSON or SARIF 2.1.0; exit 1 when a finding reaches --fail-on.
#pragma once

#include <CLI/CLI.hpp>

namespace stepwise::cli {

void add_lint_command(CLI::App& app, int& exit_code);

}  // namespace stepwise::cli
