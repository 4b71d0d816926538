// Breakpoints and stepping: what the core is told (ExecutionConfig::debug, the
// Resume input event) and what it tells the shell when a frame pauses
// (Command::Kind::Paused). Pauses write no history event (AWS has none); the
// Resume events are journalled, so a replay pauses and resumes the same way.
//
// A pause stops one frame (the top level, a Parallel branch or a Map
// iteration): the core has no clock to stop, and other frames may be waiting
// on tasks already running. The shell decides what the user sees: `runtime::run`
// asks its callback on the loop thread, so the whole run (and its virtual
// clock) waits while the user looks, as a debugger's all-stop mode does.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "json/value.h"

namespace stepwise::engine {

struct Breakpoint {
    std::string state;   // a state's name (in any branch or Map processor)
    bool after = false;  // false: before it is entered; true: once it has exited
    bool operator==(const Breakpoint&) const = default;
};

struct DebugConfig {
    std::vector<Breakpoint> breakpoints;
    bool pause_at_start = false;  // pause before the first state, breakpoint or not
};

// Why and where a frame stopped, and what it sees there.
struct Pause {
    uint64_t id = 0;                    // InputEvent::ref of the Resume that answers it
    const asl::State* state = nullptr;  // before: the state about to be entered; after: the one that exited
    // Owns *state: a pause outlives its execution (in notices, the web page's
    // routes), and a re-run's edited definition is held by nothing else.
    std::shared_ptr<const asl::Machine> machine;
    bool after = false;
    int64_t time_ms = 0;                // when it paused (JSONata's $now() in evaluate_in_pause)
    json::Value input;                  // $: the state's input (before) or its output (after)
    json::Value context;                // $$ of that state
    json::Value variables;              // the variables the frame sees, as an object
    std::vector<Breakpoint> breakpoints;  // the breakpoints in force
};

// How a paused frame goes on.
struct Resume {
    bool step = false;                        // pause again before the frame's next state
    std::optional<json::Value> input;         // replaces $ (the input the next state entered sees)
    std::optional<std::vector<Breakpoint>> breakpoints;  // replaces the breakpoints
    // Apply `input` and `breakpoints` but do not go on: the frame pauses
    // again at once, as a new Pause (a new id) showing them.
    bool stay_paused = false;
};

// Resume <-> InputEvent::value of a Resume event.
json::Value resume_value(const Resume& r);
Resume resume_from_value(const json::Value& v);

json::Value breakpoints_json(const std::vector<Breakpoint>& breakpoints);
std::vector<Breakpoint> breakpoints_from_json(const json::Value& v);

}  // namespace stepwise::engine
