// The breakpoints every new stored execution of a state machine starts with,
// whoever starts it (the page, an SDK client, a rule, a parent execution):
// `serve --break [MACHINE/]STATE[:after]` rules, and the lists the web page
// sets per state machine (PUT /ui/debug/breakpoints), which replace the rules
// for that machine. The page's lists are stored (documents of kind
// "ui_breakpoints", id = the machine's ARN), so a restarted server keeps them;
// running executions keep theirs in their own stored config.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "engine/debugger.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

struct BreakRule {
    std::string machine;  // a state machine's name; "" = every machine with the state
    engine::Breakpoint breakpoint;
};

class BreakpointBook {
public:
    static constexpr std::string_view kKind = "ui_breakpoints";

    // Without a store, the page's lists live in memory only.
    explicit BreakpointBook(std::vector<BreakRule> rules = {}, store::Store* store = nullptr);

    // What a new execution of the machine starts with: the page's list when
    // it set one (those of its states the machine has), else the --break
    // rules naming the machine or its states.
    std::vector<engine::Breakpoint> for_machine(const std::string& machine_arn, const std::string& machine_name,
                                                const asl::Machine& machine) const;
    // Stored before it is kept (throws store::StoreError when it cannot be).
    void set(const std::string& machine_arn, std::vector<engine::Breakpoint> breakpoints);

    // The machine was deleted (its stored list with it, by DeleteStateMachine):
    // one created again with its name starts without the page's list.
    void forget(const std::string& machine_arn);

    // runtime::HostOptions::debug_for: null when the machine has none.
    std::shared_ptr<const engine::DebugConfig> debug_for(const runtime::StartRequest& request) const;

private:
    std::vector<BreakRule> rules_;
    store::Store* store_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<engine::Breakpoint>> page_set_;  // by state machine ARN
};

}  // namespace stepwise::api
