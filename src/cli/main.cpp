// stepwise: run, debug and test AWS Step Functions state machines locally.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/lint_command.h"
#include "cli/run_command.h"
#include "cli/serve_command.h"
#include "cli/test_command.h"
#include "cli/validate_command.h"

int main(int argc, char** argv) {
    CLI::App app{"stepwise: run, validate and test AWS Step Functions state machines locally"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "stepwise 0.1.0");
    int exit_code = 0;
    stepwise::cli::add_run_command(app, exit_code);
    stepwise::cli::add_validate_command(app, exit_code);
    stepwise::cli::add_lint_command(app, exit_code);
    stepwise::cli::add_serve_command(app, exit_code);
    stepwise::cli::add_test_command(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int status = app.exit(e);
        return status == 0 ? 0 : 2;
    }
    return exit_code;
}
