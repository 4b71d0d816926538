// Operations rules: what runs fine in a test but stalls or floods in production.
#include "asl/state_graph.h"
#include "json/pointer.h"
#include "lint/rule.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

// An activity or callback Task without TimeoutSeconds leaves the execution
// stuck when no answer comes; for .waitForTaskToken AWS recommends
// HeartbeatSeconds: https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html
// Only a Task that waits for someone else to answer (an activity, a task
// token) is reported: a .sync Task waits for a job Step Functions itself
// watches, which ends when the job does.
void check_task_token_timeouts(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        if (state.type != asl::StateType::Task) return;
        const auto& task = state.as<asl::TaskState>();
        if (!task.resource.takes_task_token() || task.timeout_seconds.is_set() || task.heartbeat_seconds.is_set())
            return;
        std::string waits_for = task.resource.is_activity() ? "an activity worker" : "SendTaskSuccess or SendTaskFailure";
        out.add(state.pointer,
                "Task " + quoted(state.name) + " waits for " + waits_for +
                    " with neither HeartbeatSeconds nor TimeoutSeconds: if no answer comes, the execution waits "
                    "until its own time limit (a year for a Standard workflow)",
                "add \"HeartbeatSeconds\" (and have the worker send heartbeats) or \"TimeoutSeconds\"");
    });
}

bool literal_zero_or_unset(const asl::DynamicNumber& number) {
    return !number.is_set() || (number.literal && *number.literal == 0);
}

// A literal `Items` array: as many children as it has items, no more.
bool items_written_out(const asl::MapState& map) {
    return map.items && map.items->compiled.kind == asl::JsonataNode::Kind::Array;
}

bool calls_something(const asl::StateMachine& scope) {
    bool found = false;
    asl::for_each_state(scope, [&](const asl::State& state) { found = found || state.type == asl::StateType::Task; });
    return found;
}

// A Distributed Map without MaxConcurrency runs up to 10,000 child executions
// at once: reported when they call something (a Task), which that many at once
// may overwhelm. An Inline Map is not reported: AWS runs at most 40 of its
// iterations at once whatever MaxConcurrency says.
void check_map_concurrency(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        if (state.type != asl::StateType::Map) return;
        const auto& map = state.as<asl::MapState>();
        if (map.mode != asl::MapState::Mode::Distributed || !literal_zero_or_unset(map.max_concurrency) ||
            items_written_out(map) || !map.processor || !calls_something(*map.processor))
            return;
        std::string pointer = map.max_concurrency.is_set() ? json::pointer_child(state.pointer, "MaxConcurrency") : state.pointer;
        out.add(pointer,
                "Distributed Map " + quoted(state.name) +
                    " sets no MaxConcurrency: it may run up to 10,000 child executions at once, and their Tasks "
                    "may overwhelm what they call",
                "set \"MaxConcurrency\" to what the services its children call can take");
    });
}

constexpr Rule kRules[] = {
    {"task-token-without-timeout", "operations", Severity::Warning,
     "a Task waiting for a task token or an activity worker has neither HeartbeatSeconds nor TimeoutSeconds",
     "https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html", check_task_token_timeouts},
    {"map-unbounded-concurrency", "operations", Severity::Warning,
     "a Distributed Map whose children call Tasks sets no MaxConcurrency, so up to 10,000 run at once",
     "https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html", check_map_concurrency},
};

}  // namespace

std::span<const Rule> operation_rules() { return kRules; }

}  // namespace stepwise::lint
