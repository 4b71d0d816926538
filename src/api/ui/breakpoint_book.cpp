#include "api/ui/breakpoint_book.h"

#include <algorithm>

#include "api/sfn/documents.h"
#include "api/sfn/ids.h"
#include "json/parse.h"

namespace stepwise::api {

BreakpointBook::BreakpointBook(std::vector<BreakRule> rules, store::Store* store)
    : rules_(std::move(rules)), store_(store) {
    if (!store_) return;
    for (const store::Document& d : store_->list_documents(std::string(kKind))) {
        auto body = json::try_parse(d.body);
        const json::Value* list = body ? body->find("breakpoints") : nullptr;
        if (list) page_set_[d.id] = engine::breakpoints_from_json(*list);
    }
}

std::vector<engine::Breakpoint> BreakpointBook::for_machine(const std::string& machine_arn,
                                                            const std::string& machine_name,
                                                            const asl::Machine& machine) const {
    {
        std::lock_guard lock(mutex_);
        if (auto it = page_set_.find(machine_arn); it != page_set_.end()) {
            // The page set the list for the machine as it was then: states an
            // update (or a version, an alias) lacks are not there to pause at,
            // and must not fail every start of the machine.
            std::vector<engine::Breakpoint> out;
            for (const engine::Breakpoint& b : it->second)
                if (machine.all_states.count(b.state)) out.push_back(b);
            return out;
        }
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
    if (store_)
        store_->apply({put_document(kKind, machine_arn,
                                    json::Value(json::Object{{"breakpoints", engine::breakpoints_json(breakpoints)}}),
                                    wall_clock_ms())});
    std::lock_guard lock(mutex_);
    page_set_[machine_arn] = std::move(breakpoints);
}

void BreakpointBook::forget(const std::string& machine_arn) {
    std::lock_guard lock(mutex_);
    page_set_.erase(machine_arn);
}

std::shared_ptr<const engine::DebugConfig> BreakpointBook::debug_for(const runtime::StartRequest& request) const {
    auto breakpoints = for_machine(request.state_machine_arn, request.state_machine_name, *request.machine);
    if (breakpoints.empty()) return nullptr;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints = std::move(breakpoints);
    return debug;
}

}  // namespace stepwise::api
