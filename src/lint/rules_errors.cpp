// Errors rules: Retry and Catch entries that cannot do what they say, and
// Lambda Tasks that leave Lambda's transient service errors unhandled.
// Retriers, then Catchers, are tried in order and the first whose ErrorEquals
// matches decides: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
#include <algorithm>
#include <array>
#include <unordered_map>

#include "asl/state_graph.h"
#include "json/pointer.h"
#include "lint/error_matching.h"
#include "lint/rule.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

// "Retry/1" for the pointer /States/X/Retry/1: how a message names an entry.
std::string entry_name(const std::string& pointer, const std::string& state_pointer) {
    return pointer.substr(state_pointer.size() + 1);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

// The entries before `entries[index]` that match first each error it lists;
// empty when one of its errors may get past them all.
template <class Entry>
std::vector<std::string> earlier_entries_matching_all(const asl::State& state, const std::vector<Entry>& entries,
                                                      size_t index) {
    std::vector<std::string> matching;
    for (const std::string& error : entries[index].error_equals) {
        size_t i = 0;
        while (i < index && !certainly_matches(entries[i].error_equals, error, state.type == asl::StateType::Task)) ++i;
        if (i == index) return {};
        std::string name = entry_name(entries[i].pointer, state.pointer);
        if (std::find(matching.begin(), matching.end(), name) == matching.end()) matching.push_back(name);
    }
    return matching;
}

// Reports each entry of a Retry or Catch list that earlier entries always match first.
template <class Entry>
void report_shadowed(const asl::State& state, const std::vector<Entry>& entries, std::string_view kind,
                     FindingSink& out) {
    for (size_t index = 1; index < entries.size(); ++index) {
        std::vector<std::string> first = earlier_entries_matching_all(state, entries, index);
        if (first.empty()) continue;
        const std::string& pointer = entries[index].pointer;
        out.add(json::pointer_child(pointer, "ErrorEquals"),
                "State " + quoted(state.name) + ": " + entry_name(pointer, state.pointer) + " never " +
                    std::string(kind) + ": every error it lists is matched first by " + join(first),
                "remove it, or move it before " + first.front() + " if it should win");
    }
}

// States.Runtime is never retried and States.ALL does not catch it; recorded on
// AWS, a Catcher naming it does not catch it either (the execution fails).
// States.DataLimitExceeded is not reported, though the error-handling page says
// States.ALL cannot catch it: AWS was recorded catching it, by name and through
// States.ALL (conformance: task_lambda_*data_limit_exceeded_on_large_utf8_response).
void check_runtime_listed(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        auto report = [&](const std::vector<std::string>& error_equals, const std::string& pointer,
                          std::string_view what) {
            for (size_t i = 0; i < error_equals.size(); ++i)
                if (error_equals[i] == kStatesRuntime)
                    out.add(json::pointer_child(json::pointer_child(pointer, "ErrorEquals"), i),
                            "State " + quoted(state.name) + ": " + entry_name(pointer, state.pointer) +
                                " lists States.Runtime, which is never " + std::string(what) +
                                ": a States.Runtime error always fails the execution",
                            "remove \"States.Runtime\" and fix what raises it (a path or template that does not "
                            "fit the data)");
        };
        for (const asl::Retrier& retrier : state.retry) report(retrier.error_equals, retrier.pointer, "retried");
        for (const asl::Catcher& catcher : state.catch_) report(catcher.error_equals, catcher.pointer, "caught");
    });
}

void check_shadowed_catchers(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root,
                        [&](const asl::State& state) { report_shadowed(state, state.catch_, "catches", out); });
}

// A Retrier with MaxAttempts 0 is how a definition keeps an error away from a
// later Retrier (States.ALL after it); with no later Retrier that may match
// its errors, it changes nothing.
void report_retrying_nothing(const asl::State& state, FindingSink& out) {
    for (size_t i = 0; i < state.retry.size(); ++i) {
        const asl::Retrier& retrier = state.retry[i];
        if (retrier.max_attempts != 0 || !earlier_entries_matching_all(state, state.retry, i).empty()) continue;
        bool keeps_from_later = false;
        for (size_t j = i + 1; j < state.retry.size(); ++j)
            for (const std::string& error : retrier.error_equals)
                if (may_match(state.retry[j].error_equals, error)) keeps_from_later = true;
        if (!keeps_from_later)
            out.add(json::pointer_child(retrier.pointer, "MaxAttempts"),
                    "State " + quoted(state.name) + ": " + entry_name(retrier.pointer, state.pointer) +
                        " has MaxAttempts 0 and no later Retrier matches its errors, so it retries nothing",
                    "set MaxAttempts to the number of retries wanted, or remove this Retrier");
    }
}

void check_retriers_never_firing(const Subject& subject, FindingSink& out) {
    asl::for_each_state(subject.machine.root, [&](const asl::State& state) {
        report_shadowed(state, state.retry, "retries", out);
        report_retrying_nothing(state, out);
    });
}

// AWS's recommended Retrier for a Lambda Task: these are Lambda's transient
// service errors. https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
constexpr std::array<std::string_view, 4> kTransientLambdaErrors = {
    "Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
    "Lambda.SdkClientException"};

bool invokes_lambda(const asl::State& state) {
    if (state.type != asl::StateType::Task) return false;
    const asl::Resource& resource = state.as<asl::TaskState>().resource;
    return resource.is_lambda_function() || resource.is_service("lambda", "invoke");
}

// Whether `state` retries `error` (the first Retrier that surely matches it
// decides) or catches it. What may match counts, so no finding rests on a guess.
bool handles(const asl::State& state, std::string_view error) {
    for (const asl::Retrier& retrier : state.retry) {
        if (retrier.max_attempts > 0 && may_match(retrier.error_equals, error)) return true;
        if (certainly_matches(retrier.error_equals, error, true)) break;
    }
    for (const asl::Catcher& catcher : state.catch_)
        if (may_match(catcher.error_equals, error)) return true;
    return false;
}

// AWS's best practice is to retry these errors or to catch them: by a Retrier
// or Catcher of the Task, or of a Parallel or Map around it (a branch's error
// fails it).
void check_lambda_retry(const Subject& subject, FindingSink& out) {
    auto holders = asl::enclosing_states(subject.machine.root);
    asl::for_each_state(subject.machine.root, [&](const asl::State& task) {
        if (!invokes_lambda(task)) return;
        std::vector<std::string> unhandled;
        for (std::string_view error : kTransientLambdaErrors) {
            bool handled = false;
            for (const asl::State* state = &task; state && !handled;) {
                handled = handles(*state, error);
                auto holder = holders.find(state->owner);
                state = holder == holders.end() ? nullptr : holder->second;
            }
            if (!handled) unhandled.emplace_back(error);
        }
        if (unhandled.empty()) return;
        std::string pointer = task.retry.empty() ? task.pointer : json::pointer_child(task.pointer, "Retry");
        out.add(pointer,
                "Lambda Task " + quoted(task.name) + " neither retries nor catches " + join(unhandled) +
                    ": a transient Lambda service error fails the execution",
                "add a Retrier for Lambda.ClientExecutionTimeoutException, Lambda.ServiceException, "
                "Lambda.AWSLambdaException and Lambda.SdkClientException");
    });
}

constexpr Rule kRules[] = {
    {"error-never-handled", "errors", Severity::Warning,
     "a Retrier or Catcher lists States.Runtime, which is never retried nor caught",
     "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html", check_runtime_listed},
    {"catcher-shadowed", "errors", Severity::Warning,
     "a Catcher never catches: an earlier Catcher matches every error it lists",
     "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html", check_shadowed_catchers},
    {"retrier-never-fires", "errors", Severity::Warning,
     "a Retrier never retries: an earlier Retrier matches every error it lists, or it has MaxAttempts 0 and "
     "guards no later Retrier",
     "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
     check_retriers_never_firing},
    {"lambda-retry-missing", "errors", Severity::Warning,
     "a Lambda Task neither retries nor catches Lambda's transient service errors",
     "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html", check_lambda_retry},
};

}  // namespace

std::span<const Rule> error_rules() { return kRules; }

}  // namespace stepwise::lint
