// stepwise serve: the AWS Step Functions and EventBridge APIs on localhost,
// executions persisted in SQLite and resumed after a restart or a crash.
#pragma once

#include <CLI/CLI.hpp>

namespace stepwise::cli {

void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace stepwise::cli
