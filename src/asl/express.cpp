#include "asl/express.h"

#include <algorithm>

namespace stepwise::asl {

std::vector<Diagnostic> express_problems(const Machine& machine) {
    std::vector<Diagnostic> out;
    for (const auto& [name, state] : machine.all_states) {
        if (state->type != StateType::Task) continue;
        const Resource& resource = state->as<TaskState>().resource;
        std::string what;
        if (resource.is_activity())
            what = "activities";
        else if (resource.pattern != IntegrationPattern::RequestResponse)
            what = "the '" + std::string(pattern_suffix(resource.pattern)) + "' integration pattern";
        else
            continue;
        out.push_back(Diagnostic{state->pointer + "/Resource", "SCHEMA_VALIDATION_FAILED",
                                 "Express state machines do not support " + what});
    }
    std::sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.pointer < b.pointer; });
    return out;
}

}  // namespace stepwise::asl
