#include "testing/mock_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "json/pointer.h"
#include "testing/closest_name.h"
#include "testing/task_output.h"

namespace stepwise::testing {

namespace {

std::string test_case_pointer(const std::string& state_machine, const std::string& test_case) {
    return json::pointer_child(json::pointer_child("/StateMachines", state_machine) + "/TestCases", test_case);
}

std::string entry_pointer(const std::string& response, const tasks::MockedInvocation& invocation) {
    return json::pointer_child(json::pointer_child("/MockedResponses", response), invocation.key);
}

std::vector<std::string> task_names(const asl::Machine& machine) {
    std::vector<std::string> names;
    for (const auto& [name, state] : machine.all_states)
        if (state->type == asl::StateType::Task) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

std::string range_text(int64_t first, int64_t last) {
    return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

// What is wrong with an entry whatever state uses it: it must hold one of
// Return and Throw, and a Throw needs an Error string.
void check_entry(const tasks::MockedInvocation& invocation, const MockProblem& base, std::vector<MockProblem>& out) {
    auto problem = [&](Severity severity, const std::string& suffix, const std::string& message) {
        MockProblem p = base;
        p.severity = severity;
        p.pointer += suffix;
        p.message = message;
        out.push_back(std::move(p));
    };
    const json::Value* returned = invocation.entry.find("Return");
    const json::Value* thrown = invocation.entry.find("Throw");
    for (const json::Member& m : invocation.entry.as_object()) {
        if (m.name() == "Return" || m.name() == "Throw") continue;
        std::string suggestion = closest_name(m.name(), {"Return", "Throw"});
        problem(returned || thrown ? Severity::Warning : Severity::Error, "/" + json::pointer_escape(m.name()),
                "\"" + std::string(m.name()) + "\" is not part of an invocation entry" +
                    (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?") +
                    " An entry is {\"Return\": ...} or {\"Throw\": {\"Error\": ..., \"Cause\": ...}}");
    }
    if (returned && thrown)
        problem(Severity::Error, "", "has both \"Return\" and \"Throw\": the call fails with States.Runtime");
    if (!returned && !thrown && invocation.entry.size() == 0)
        problem(Severity::Error, "", "has neither \"Return\" nor \"Throw\": the call fails with States.Runtime");
    if (!thrown) return;
    const json::Value* error = thrown->is_object() ? thrown->find("Error") : nullptr;
    if (!error || !error->is_string())
        problem(Severity::Error, error ? "/Throw/Error" : "/Throw",
                "a Throw needs an \"Error\" string (the error a Retry or Catch matches); without one the call fails "
                "with States.Runtime");
    const json::Value* cause = thrown->is_object() ? thrown->find("Cause") : nullptr;
    if (cause && !cause->is_string())
        problem(Severity::Warning, "/Throw/Cause", "\"Cause\" should be a string, as a failed task's cause is");
}

// Invocations count from 0 and a call without an entry fails: holes in the keys are mistakes.
void check_holes(const std::string& response, const tasks::MockedResponse& mocked, const MockProblem& base,
                 std::vector<MockProblem>& out) {
    int64_t next = 0;
    for (const tasks::MockedInvocation& invocation : mocked.invocations) {
        if (invocation.first > next) {
            MockProblem p = base;
            p.severity = Severity::Warning;
            p.pointer = json::pointer_child("/MockedResponses", response);
            p.message = "no entry for invocation " + range_text(next, invocation.first - 1) +
                        " (invocations count from 0): such a call fails with States.Runtime";
            out.push_back(std::move(p));
        }
        next = invocation.last + 1;
    }
}

void check_return(const TaskOutput& output, const json::Value& returned, const MockProblem& base,
                  std::vector<MockProblem>& out) {
    for (const OutputMisfit& misfit : output.misfits(returned)) {
        MockProblem p = base;
        p.severity = misfit.error ? Severity::Error : Severity::Warning;
        p.pointer += "/Return" + misfit.pointer;
        p.message = misfit.message;
        out.push_back(std::move(p));
    }
}

}  // namespace

std::vector<MockProblem> check_mock_test_case(const asl::Machine& machine, const tasks::MockConfig& config,
                                              const std::string& state_machine, const std::string& test_case) {
    const tasks::MockTestCase& mapping = config.test_case(state_machine, test_case);
    const std::string case_pointer = test_case_pointer(state_machine, test_case);
    std::vector<MockProblem> out;
    std::set<std::string> responses_checked;
    std::set<std::pair<std::string, std::string>> returns_checked;  // (response, operation): once for states sharing it
    for (const auto& [state_name, response] : mapping) {
        MockProblem base{Severity::Error, state_name, response, "", json::pointer_child(case_pointer, state_name), ""};
        auto problem = [&](Severity severity, std::string message) {
            MockProblem p = base;
            p.severity = severity;
            p.message = std::move(message);
            out.push_back(std::move(p));
        };
        const tasks::MockedResponse& mocked = config.response(response);
        if (responses_checked.insert(response).second) {
            check_holes(response, mocked, base, out);
            for (const tasks::MockedInvocation& invocation : mocked.invocations) {
                MockProblem at_entry = base;
                at_entry.invocation = invocation.key;
                at_entry.pointer = entry_pointer(response, invocation);
                check_entry(invocation, at_entry, out);
            }
        }

        auto found = machine.all_states.find(state_name);
        if (found == machine.all_states.end()) {
            std::vector<std::string> tasks = task_names(machine);
            std::string suggestion = closest_name(state_name, tasks);
            problem(Severity::Error, "the state machine has no state \"" + state_name + "\"" +
                                         (suggestion.empty() ? "; its Task states: " + name_list(tasks)
                                                             : "; did you mean \"" + suggestion + "\"?"));
            continue;
        }
        const asl::State& state = *found->second;
        if (state.type == asl::StateType::Map) {
            // A Distributed Map's mock stands in for what its ItemReader reads:
            // each Return is the object's text (a string) or the items (an array).
            const auto& map = state.as<asl::MapState>();
            if (map.mode != asl::MapState::Mode::Distributed || !map.item_reader)
                problem(Severity::Error, "\"" + state_name + "\" is a Map state without an ItemReader: only a "
                                         "Distributed Map's ItemReader reads data a mock can stand in for");
            for (const tasks::MockedInvocation& invocation : mocked.invocations) {
                const json::Value* returned = invocation.entry.find("Return");
                if (!returned || returned->is_string() || returned->is_array()) continue;
                MockProblem at_entry = base;
                at_entry.invocation = invocation.key;
                at_entry.pointer = json::pointer_child(entry_pointer(response, invocation), "Return");
                at_entry.message = "the Return of a mock for the Distributed Map \"" + state_name +
                                   "\" stands in for its ItemReader's data: the object's text (a string) or "
                                   "the items (an array)";
                out.push_back(std::move(at_entry));
            }
            continue;
        }
        if (state.type != asl::StateType::Task) {
            problem(Severity::Error, "\"" + state_name + "\" is a " + std::string(asl::state_type_name(state.type)) +
                                         " state: only Task states call a service, so no call can use this mock");
            continue;
        }
        const asl::Resource& resource = state.as<asl::TaskState>().resource;
        if (resource.is_activity())
            problem(Severity::Warning, "\"" + state_name + "\" runs an activity: Step Functions Local fails an "
                                       "execution whose test case mocks an activity state");
        std::optional<TaskOutput> output = TaskOutput::of(resource);
        if (!output || !returns_checked.insert({response, output->operation()}).second) continue;
        for (const tasks::MockedInvocation& invocation : mocked.invocations) {
            const json::Value* returned = invocation.entry.find("Return");
            if (!returned) continue;
            MockProblem at_entry = base;
            at_entry.invocation = invocation.key;
            at_entry.pointer = entry_pointer(response, invocation);
            check_return(*output, *returned, at_entry, out);
        }
    }
    return out;
}

MockedCalls mocked_calls(const runtime::RunResult& execution) {
    MockedCalls calls;
    for (const runtime::TaskCallRecord& call : execution.calls)
        if (call.route == tasks::TaskRoute::Mock) ++calls[call.state_name];
    return calls;
}

std::vector<MockProblem> unused_mocks(const tasks::MockConfig& config, const std::string& state_machine,
                                      const std::string& test_case, const MockedCalls& calls) {
    const tasks::MockTestCase& mapping = config.test_case(state_machine, test_case);
    const std::string case_pointer = test_case_pointer(state_machine, test_case);
    std::vector<MockProblem> out;
    for (const auto& [state_name, response] : mapping) {
        auto called_at = calls.find(state_name);
        const int64_t count = called_at == calls.end() ? 0 : called_at->second;
        if (count == 0) {
            out.push_back({Severity::Error, state_name, response, "", json::pointer_child(case_pointer, state_name),
                           "\"" + state_name + "\" is mocked, but the run never called it"});
            continue;
        }
        const std::string called =
            count == 1 ? "once (invocation 0)"
                       : std::to_string(count) + " times (invocations " + range_text(0, count - 1) + ")";
        for (const tasks::MockedInvocation& invocation : config.response(response).invocations)
            if (invocation.first >= count)
                out.push_back({Severity::Warning, state_name, response, invocation.key,
                               entry_pointer(response, invocation),
                               "never reached: the run called \"" + state_name + "\" " + called});
    }
    return out;
}

std::string to_string(const MockProblem& problem) {
    return (problem.pointer.empty() ? "/" : problem.pointer) + ": " +
           (problem.severity == Severity::Warning ? "warning: " : "") + problem.message;
}

}  // namespace stepwise::testing
