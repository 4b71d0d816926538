// The breakpoints every new stored execution of a state machine starts with,
// whoever starts it (the page, an SDK client, a rule, a parent execution):
// `serve --break [MACHINE/]STATE[:after]` rules, and the lists the web page
// sets per state machine (PUT /ui/debug/breakpoints), which replace the rules
// for that machine. Kept in memory: a restarted server starts from --break
// again (running executions keep theirs: they are in their stored config).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "asl/machine.h"
#include "engine/debugger.h"
#include "runtime/execution_host.h"

namespace stepwise::api {

struct BreakRule {
    std::string machine;  // a state machine's name; "" = every machine with the state
    engine::Breakpoint breakpoint;
};

class BreakpointBook {
public:
    explicit BreakpointBook(std::vector<BreakRule> rules = {}) : rules_(std::move(rules)) {}

    // What a new execution of the machine starts with: the page's list when
    // it set one, else the --break rules naming the machine or its states.
    std::vector<engine::Breakpoint> for_machine(const std::string& machine_arn, const std::string& machine_name,
                                                const asl::Machine& machine) const;
    void set(const std::string& machine_arn, std::vector<engine::Breakpoint> breakpoints);

    // runtime::HostOptions::debug_for: null when the machine has none.
    std::shared_ptr<const engine::DebugConfig> debug_for(const runtime::StartRequest& request) const;

private:
    std::vector<BreakRule> rules_;
    mutable std::mutex mutex_;
    std::map<std::string, std::vector<engine::Breakpoint>> page_set_;  // by state machine ARN
};

}  // namespace stepwise::api
