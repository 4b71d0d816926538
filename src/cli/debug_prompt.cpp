#include "cli/debug_prompt.h"

#include <algorithm>
#include <iostream>

#include "engine/debug_eval.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::cli {

namespace {

constexpr const char* kHelp =
    "  c, continue        run on to the next breakpoint\n"
    "  s, step            run this state and pause before the next one\n"
    "  p, print EXPR      evaluate a JSONPath ($.a, $$.State.Name, $var), an intrinsic (States.Format(...))\n"
    "                     or JSONata ({% $states.input.a %}, or plain) against $, $$ and the variables\n"
    "  input              show $ (the state's input; after a state: its output)\n"
    "  context            show $$ (the context object)\n"
    "  vars               show the variables\n"
    "  set-input JSON     replace $ and continue\n"
    "  b, break [STATE[:after]]   add a breakpoint (none: list them)\n"
    "  delete STATE[:after]       remove a breakpoint\n"
    "  q, quit            stop the execution (ABORTED)\n";

std::string describe(const engine::Breakpoint& b) { return b.state + (b.after ? ":after" : ""); }

}  // namespace

engine::Breakpoint parse_breakpoint(const std::string& spec) {
    for (const auto& [suffix, after] : {std::pair{":after", true}, std::pair{":before", false}}) {
        const std::string s = suffix;
        if (spec.size() > s.size() && spec.ends_with(s)) return {spec.substr(0, spec.size() - s.size()), after};
    }
    return {spec, false};
}

DebugPrompt::DebugPrompt(std::istream& in, std::ostream& out, bool show_prompt, const asl::Machine* machine)
    : in_(in), out_(out), show_prompt_(show_prompt), machine_(machine) {}

bool DebugPrompt::edit_breakpoint(const std::string& spec, bool add) {
    engine::Breakpoint b = parse_breakpoint(spec);
    auto it = std::find(breakpoints_.begin(), breakpoints_.end(), b);
    if (add) {
        if (machine_ && !machine_->all_states.count(b.state)) {
            out_ << "no state named '" << b.state << "'\n";
            return false;
        }
        if (it == breakpoints_.end()) breakpoints_.push_back(b);
        out_ << "breakpoint " << describe(b) << "\n";
    } else {
        if (it == breakpoints_.end()) {
            out_ << "no breakpoint " << describe(b) << "\n";
            return false;
        }
        breakpoints_.erase(it);
        out_ << "deleted breakpoint " << describe(b) << "\n";
    }
    breakpoints_changed_ = true;
    return true;
}

std::optional<engine::Resume> DebugPrompt::operator()(const engine::Pause& pause) {
    breakpoints_ = pause.breakpoints;
    breakpoints_changed_ = false;
    out_ << "paused " << (pause.after ? "after " : "before ") << pause.state->name << "\n";
    auto resume = [&](engine::Resume r) {
        if (breakpoints_changed_) r.breakpoints = breakpoints_;
        out_.flush();
        return r;
    };
    if (at_end_) return resume({});
    std::string line;
    for (;;) {
        if (show_prompt_) out_ << "(stepwise) " << std::flush;
        if (!std::getline(in_, line)) {
            at_end_ = true;
            out_ << "(end of input: continuing)\n";
            return resume({});
        }
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        const size_t space = line.find(' ');
        const std::string command = line.substr(0, space);
        std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
        arg.erase(0, arg.find_first_not_of(' '));
        if (command.empty()) continue;
        if (command == "c" || command == "continue") return resume({});
        if (command == "s" || command == "step") {
            engine::Resume r;
            r.step = true;
            return resume(r);
        }
        if (command == "q" || command == "quit") return std::nullopt;
        if (command == "h" || command == "help" || command == "?") {
            out_ << kHelp;
        } else if (command == "p" || command == "print") {
            try {
                out_ << json::pretty(engine::evaluate_in_pause(pause, arg)) << "\n";
            } catch (const std::exception& e) {
                out_ << "error: " << e.what() << "\n";
            }
        } else if (command == "input") {
            out_ << json::pretty(pause.input) << "\n";
        } else if (command == "context") {
            out_ << json::pretty(pause.context) << "\n";
        } else if (command == "vars") {
            out_ << json::pretty(pause.variables) << "\n";
        } else if (command == "set-input") {
            std::optional<json::Value> input = json::try_parse(arg);
            if (!input) {
                out_ << "error: set-input needs a JSON value\n";
                continue;
            }
            engine::Resume r;
            r.input = std::move(*input);
            return resume(r);
        } else if ((command == "b" || command == "break") && arg.empty()) {
            if (breakpoints_.empty()) out_ << "no breakpoints\n";
            for (const auto& b : breakpoints_) out_ << "breakpoint " << describe(b) << "\n";
        } else if (command == "b" || command == "break") {
            edit_breakpoint(arg, true);
        } else if (command == "delete" || command == "d") {
            edit_breakpoint(arg, false);
        } else {
            out_ << "unknown command '" << command << "' (h for help)\n";
        }
    }
}

}  // namespace stepwise::cli
