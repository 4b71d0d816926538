// The readable step trace `stepwise run` prints: one block per state entered,
// with its input and output folded to the terminal's width, task calls,
// retries and caught errors marked, virtual time per step, and a summary.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/run.h"

namespace stepwise::cli {

struct TraceStyle {
    bool color = false;
    bool full = false;        // print payloads whole (indented) instead of folded
    bool real_times = true;   // show real durations (off for reproducible output)
    int64_t real_elapsed_micros = 0;  // the whole run, for the summary
    size_t width = 100;
};

// Colour when `fd` is a terminal and NO_COLOR is not set; width from the terminal.
TraceStyle detect_trace_style(int fd, bool full);

// The run, then each execution it started (indented under a header), then
// the events its tasks put. Each Task call line says what served it (mocked,
// local function, integration, endpoint) with what its handler printed.
void print_trace(std::ostream& out, const runtime::RunResult& result, const TraceStyle& style);

}  // namespace stepwise::cli
