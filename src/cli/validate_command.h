// stepwise validate FILE... : compile each definition and print every located
// error, or "valid"; exit 1 when any file has an error.
#pragma once

#include <CLI/CLI.hpp>

namespace stepwise::cli {

void add_validate_command(CLI::App& app, int& exit_code);

}  // namespace stepwise::cli
