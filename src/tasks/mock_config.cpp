#include "tasks/mock_config.h"

#include <algorithm>
#include <charconv>

#include "json/parse.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::tasks {

namespace {

std::string join(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool parse_index(std::string_view text, int64_t& out) {
    if (text.empty() || text.size() > 9) return false;
    auto r = std::from_chars(text.data(), text.data() + text.size(), out);
    return r.ec == std::errc() && r.ptr == text.data() + text.size() && out >= 0;
}

// "N" or "A-B" with A < B.
bool parse_range(std::string_view key, int64_t& first, int64_t& last) {
    size_t dash = key.find('-');
    if (dash == std::string_view::npos) {
        if (!parse_index(key, first)) return false;
        last = first;
        return true;
    }
    return parse_index(key.substr(0, dash), first) && parse_index(key.substr(dash + 1), last) && first < last;
}

}  // namespace

const MockedInvocation* MockedResponse::find(int64_t index) const {
    for (const auto& invocation : invocations)
        if (index >= invocation.first && index <= invocation.last) return &invocation;
    return nullptr;
}

MockConfig MockConfig::from_json(const json::Value& document, const std::string& source) {
    MockConfig config;
    config.source_ = source;
    auto error = [&](const std::string& pointer, const std::string& message) {
        return MockConfigError(source + ": " + message + " at " + (pointer.empty() ? "/" : pointer));
    };
    if (!document.is_object()) throw error("", "a mock config must be a JSON object");
    const json::Value* machines = document.find("StateMachines");
    const json::Value* responses = document.find("MockedResponses");
    if (!machines || !machines->is_object()) throw error("/StateMachines", "missing object \"StateMachines\"");
    if (!responses || !responses->is_object()) throw error("/MockedResponses", "missing object \"MockedResponses\"");

    for (const auto& [name_value, response] : responses->as_object()) {
        std::string name(name_value.as_string());
        std::string pointer = json::pointer_child("/MockedResponses", name);
        if (!response.is_object()) throw error(pointer, "a mocked response must be an object of invocation indexes");
        MockedResponse parsed;
        for (const auto& [key, entry] : response.as_object()) {
            std::string entry_pointer = json::pointer_child(pointer, key.as_string());
            MockedInvocation invocation;
            if (!parse_range(key.as_string(), invocation.first, invocation.last))
                throw error(entry_pointer, "bad invocation index \"" + std::string(key.as_string()) +
                                               "\" (use \"0\", \"1\", ... or a range like \"1-3\")");
            if (!entry.is_object()) throw error(entry_pointer, "an invocation must be {\"Return\": ...} or {\"Throw\": ...}");
            invocation.key = std::string(key.as_string());
            invocation.entry = entry;
            parsed.invocations.push_back(std::move(invocation));
        }
        std::sort(parsed.invocations.begin(), parsed.invocations.end(),
                  [](const MockedInvocation& a, const MockedInvocation& b) { return a.first < b.first; });
        for (size_t i = 1; i < parsed.invocations.size(); ++i)
            if (parsed.invocations[i].first <= parsed.invocations[i - 1].last)
                throw error(pointer, "invocation index ranges overlap");
        config.responses_[name] = std::move(parsed);
    }

    for (const auto& [machine_value, machine] : machines->as_object()) {
        std::string machine_name(machine_value.as_string());
        std::string pointer = json::pointer_child("/StateMachines", machine_name);
        const json::Value* cases = machine.find("TestCases");
        if (!cases || !cases->is_object()) throw error(pointer + "/TestCases", "missing object \"TestCases\"");
        auto& parsed_cases = config.state_machines_[machine_name];
        for (const auto& [case_value, mapping] : cases->as_object()) {
            std::string case_name(case_value.as_string());
            std::string case_pointer = json::pointer_child(pointer + "/TestCases", case_name);
            if (!mapping.is_object()) throw error(case_pointer, "a test case must map state names to mocked responses");
            MockTestCase test_case;
            for (const auto& [state, response_name] : mapping.as_object()) {
                std::string state_pointer = json::pointer_child(case_pointer, state.as_string());
                if (!response_name.is_string()) throw error(state_pointer, "the mocked response name must be a string");
                std::string response(response_name.as_string());
                if (!config.responses_.count(response))
                    throw error(state_pointer, "test case names the mocked response \"" + response +
                                                   "\", which MockedResponses does not define");
                test_case[std::string(state.as_string())] = response;
            }
            parsed_cases[case_name] = std::move(test_case);
        }
    }
    return config;
}

MockConfig MockConfig::load(const std::string& path) {
    json::Value document;
    try {
        document = json::parse_file(path);
    } catch (const std::exception& e) {
        throw MockConfigError(e.what());
    }
    return from_json(document, path);
}

const MockTestCase& MockConfig::test_case(const std::string& state_machine, const std::string& test_case) const {
    if (std::string problem = missing_test_case(state_machine, test_case); !problem.empty())
        throw MockConfigError(source_ + ": " + problem);
    return state_machines_.at(state_machine).at(test_case);
}

std::string MockConfig::missing_test_case(const std::string& state_machine, const std::string& test_case) const {
    auto machine = state_machines_.find(state_machine);
    if (machine == state_machines_.end())
        return "no state machine \"" + state_machine + "\" under StateMachines (it has: " + join(state_machines()) + ")";
    if (!machine->second.count(test_case))
        return "state machine \"" + state_machine + "\" has no test case \"" + test_case + "\" (it has: " +
               join(test_cases(state_machine)) + ")";
    return "";
}

const MockedResponse& MockConfig::response(const std::string& name) const { return responses_.at(name); }

std::vector<std::string> MockConfig::state_machines() const {
    std::vector<std::string> names;
    for (const auto& [name, _] : state_machines_) names.push_back(name);
    return names;
}

std::vector<std::string> MockConfig::test_cases(const std::string& state_machine) const {
    std::vector<std::string> names;
    auto machine = state_machines_.find(state_machine);
    if (machine != state_machines_.end())
        for (const auto& [name, _] : machine->second) names.push_back(name);
    return names;
}

MockExecutor::MockExecutor(std::shared_ptr<const MockConfig> config, const MockTestCase* test_case)
    : config_(std::move(config)), test_case_(test_case) {}

bool MockExecutor::mocks(const std::string& state_name) const {
    return test_case_ && test_case_->count(state_name) > 0;
}

TaskOutcome MockExecutor::invoke(const TaskRequest& request) {
    auto mapped = test_case_ ? test_case_->find(request.state_name) : MockTestCase::const_iterator{};
    if (!test_case_ || mapped == test_case_->end()) {
        return TaskOutcome::failure("States.Runtime", "No mocked response for Task state '" + request.state_name +
                                                          "' (resource " + request.resource_arn() +
                                                          ") in the selected test case, and no local handler serves it");
    }
    int64_t index = counters_[request.state_name]++;
    const MockedResponse& response = config_->response(mapped->second);
    const MockedInvocation* invocation = response.find(index);
    if (!invocation)
        return TaskOutcome::failure("States.Runtime", "Mocked response '" + mapped->second + "' for state '" +
                                                          request.state_name + "' has no entry for invocation " +
                                                          std::to_string(index) + " (invocations count from 0)");
    const json::Value* returned = invocation->entry.find("Return");
    const json::Value* thrown = invocation->entry.find("Throw");
    if (returned && thrown)
        return TaskOutcome::failure("States.Runtime", "Mocked response '" + mapped->second + "' invocation " +
                                                          std::to_string(index) + " has both Return and Throw");
    if (returned) return TaskOutcome::success(*returned);
    if (thrown) {
        const json::Value* error = thrown->find("Error");
        const json::Value* cause = thrown->find("Cause");
        if (!thrown->is_object() || !error || !error->is_string())
            return TaskOutcome::failure("States.Runtime", "Mocked response '" + mapped->second + "' invocation " +
                                                              std::to_string(index) + " has a Throw without an Error string");
        std::string cause_text;
        if (cause) cause_text = cause->is_string() ? std::string(cause->as_string()) : json::dump(*cause);
        return TaskOutcome::failure(std::string(error->as_string()), cause_text);
    }
    return TaskOutcome::failure("States.Runtime", "Mocked response '" + mapped->second + "' invocation " +
                                                      std::to_string(index) + " has neither Return nor Throw");
}

}  // namespace stepwise::tasks
