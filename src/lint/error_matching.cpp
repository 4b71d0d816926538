#include "lint/error_matching.h"

namespace stepwise::lint {

bool certainly_matches(const std::vector<std::string>& error_equals, std::string_view error, bool raised_by_task) {
    for (const std::string& name : error_equals) {
        if (name == error) return true;
        if (name == kStatesAll && error != kStatesRuntime) return true;
        // Recorded on AWS: a Catcher of States.TaskFailed catches a Lambda
        // function's own "Exception". It does not match States.Timeout, and
        // what it does with the other States.* errors is not written down.
        if (name == kStatesTaskFailed && raised_by_task && !error.starts_with("States.")) return true;
    }
    return false;
}

bool may_match(const std::vector<std::string>& error_equals, std::string_view error) {
    if (error == kStatesRuntime) return false;
    for (const std::string& name : error_equals) {
        if (name == error || name == kStatesAll || name == kStatesTaskFailed) return true;
        if (name == kStatesTimeout && error == "States.HeartbeatTimeout") return true;
    }
    return false;
}

}  // namespace stepwise::lint
