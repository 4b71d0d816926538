// "Re-run from here": the journal of a new execution that repeats an
// original one up to one of its state entries, and goes on from there.
//
// A fresh engine::Execution is stepped through the original's journal (task
// results, timer firings: nothing is called again), its times shifted, with a
// breakpoint before the chosen state; the pauses of the state's earlier
// entries are resumed at once, and the one at the chosen entry is where the
// prefix ends. There the new execution pauses (`pause`) or goes on with the
// state's input replaced. The journal built is the new execution's own: a
// replay of it with the returned DebugConfig reaches the same place.
//
// The new execution may run an edited definition: the prefix must then reach
// the entry the same way (the same events, state by state), or the re-run is
// refused naming where it diverged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/execution.h"

namespace stepwise::runtime {

// Why a re-run cannot be built (the client's mistake: a 400).
class RerunError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A state entry of an execution: its `entry`-th StateEntered event (1-based).
struct StateEntry {
    std::string state;
    int64_t entry = 0;
};

// The entry the original's history event `event_id` is; throws RerunError
// when that event is not a StateEntered event.
StateEntry state_entry_of(const std::vector<engine::HistoryEvent>& history, int64_t event_id);

// What the new execution does at the entry.
struct RerunContinuation {
    std::optional<json::Value> input;              // the state's input (none: the one the original entered with)
    bool pause = false;                            // stay paused there
    std::vector<engine::Breakpoint> breakpoints;  // the breakpoints in force from there on
};

struct RerunPrefix {
    std::vector<engine::InputEvent> journal;        // the new execution's, continuation included
    std::shared_ptr<const engine::DebugConfig> debug;  // what it was built (and replays) with
};

// `config` is the new execution's (name, seed, scope); its `debug` is set
// here. `shift_ms` moves every journalled time (to now). Throws RerunError
// when the original's journal does not reach the entry with `machine`, when
// the histories diverge before it, or when the original edited an input at
// a pause before the step that entered it (a re-run does not pause there, so
// it cannot repeat that edit; an edit that entered the state itself is its input).
RerunPrefix build_rerun_prefix(std::shared_ptr<const asl::Machine> machine, engine::ExecutionConfig config,
                               const engine::Execution& original, int64_t event_id,
                               const RerunContinuation& continuation, int64_t shift_ms);

}  // namespace stepwise::runtime
