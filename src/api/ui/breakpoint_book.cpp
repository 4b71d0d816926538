#include "api/ui/breakpoint_book.h"

#include <algorithm>

namespace stepwise::api {

std::vector<engine::Breakpoint> BreakpointBook::for_machine(const std::string& machine_arn,
                                                            const std::string& machine_name,
                                                            const asl::Machine& machine) const {
    {
        std::lock_guard lock(mutex_);
        if (auto it = page_set_.find(machine_arn); it != page_set_.end()) return it->second;
    }
    std::vector<engine::Breakpoint> out;
    for (const BreakRule& rule : rules_) {
        // A rule naming its machine applies to it whole (an unknown state then fails its starts, naming it);
        // one naming no machine applies where the state is.
        const bool applies = rule.machine.empty() ? machine.all_states.count(rule.breakpoint.state) > 0
                                                  : rule.machine == machine_name;
        if (applies && std::find(out.begin(), out.end(), rule.breakpoint) == out.end()) out.push_back(rule.breakpoint);
    }
    return out;
}

void BreakpointBook::set(const std::string& machine_arn, std::vector<engine::Breakpoint> breakpoints) {
    std::lock_guard lock(mutex_);
    page_set_[machine_arn] = std::move(breakpoints);
}

std::shared_ptr<const engine::DebugConfig> BreakpointBook::debug_for(const runtime::StartRequest& request) const {
    auto breakpoints = for_machine(request.state_machine_arn, request.state_machine_name, *request.machine);
    if (breakpoints.empty()) return nullptr;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints = std::move(breakpoints);
    return debug;
}

}  // namespace stepwise::api
