// stepwise run --ui: the run's execution under the web page. Serves the
// Step Functions and EventBridge APIs and the page (api::LocalCloud) on
// loopback, from a temporary data directory deleted at exit; creates the
// run's state machine (its definition after substitutions), starts the
// execution with the run's input, mock test case, local functions and
// schemas (on the virtual clock, as `stepwise run`), prints the page's
// address, then the trace once it ends, and serves until SIGINT or SIGTERM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/mock_choice.h"
#include "cli/run_world.h"
#include "engine/debugger.h"
#include "events/bus/schema_verdict.h"
#include "json/value.h"

namespace stepwise::cli {

struct UiRun {
    RunWorld* world = nullptr;
    json::Value input;
    MockChoice mocks;
    std::string execution_name;  // "" = generated
    std::vector<engine::Breakpoint> breakpoints;  // --break: the execution pauses there, answered on the page
    events::SchemaMode schemas = events::SchemaMode::Warn;
    uint16_t port = 0;  // 0 = a free one
    std::vector<std::string> allowed_http_hosts;
    std::string trace = "text";
    bool full = false;
    bool no_timing = false;
};

// The run's exit code (0 SUCCEEDED, 1 otherwise; 2 when it could not start;
// 128 + the signal when stopped before the execution ended).
int run_with_ui(const UiRun& run);

}  // namespace stepwise::cli
