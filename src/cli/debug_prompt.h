// `stepwise run --debug`: the terminal's answer to a paused execution
// (runtime::RunOptions::on_pause). Reads commands a line at a time from `in`,
// so a script can drive it through standard input as a person does at a
// terminal; the prompt is shown only when `in` is a terminal. Type `h` for
// the commands. At the end of the input it continues.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "engine/debugger.h"

namespace stepwise::cli {

class DebugPrompt {
public:
    DebugPrompt(std::istream& in, std::ostream& out, bool show_prompt, const asl::Machine* machine);
    std::optional<engine::Resume> operator()(const engine::Pause& pause);

private:
    bool edit_breakpoint(const std::string& spec, bool add);

    std::istream& in_;
    std::ostream& out_;
    bool show_prompt_;
    const asl::Machine* machine_;
    bool at_end_ = false;
    std::vector<engine::Breakpoint> breakpoints_;
    bool breakpoints_changed_ = false;
};

// "State" or "State:after" ("State:before" too).
engine::Breakpoint parse_breakpoint(const std::string& spec);

}  // namespace stepwise::cli
