// ASL errors as the engine carries them: an error name and an optional cause.
// Names and rules: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::engine::errors {
inline constexpr std::string_view ALL = "States.ALL";
inline constexpr std::string_view TaskFailed = "States.TaskFailed";
inline constexpr std::string_view Timeout = "States.Timeout";
inline constexpr std::string_view HeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr std::string_view Runtime = "States.Runtime";
inline constexpr std::string_view DataLimitExceeded = "States.DataLimitExceeded";
inline constexpr std::string_view ResultPathMatchFailure = "States.ResultPathMatchFailure";
inline constexpr std::string_view ParameterPathFailure = "States.ParameterPathFailure";
inline constexpr std::string_view IntrinsicFailure = "States.IntrinsicFailure";
inline constexpr std::string_view BranchFailed = "States.BranchFailed";
inline constexpr std::string_view NoChoiceMatched = "States.NoChoiceMatched";
inline constexpr std::string_view ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
inline constexpr std::string_view ItemReaderFailed = "States.ItemReaderFailed";
inline constexpr std::string_view QueryEvaluationError = "States.QueryEvaluationError";
}  // namespace stepwise::engine::errors

namespace stepwise::engine {

struct StateError {
    std::optional<std::string> error;
    std::optional<std::string> cause;
    // Raised by the engine itself for a limit (States.DataLimitExceeded) or a
    // runtime problem (States.Runtime): neither Retry nor Catch applies.
    bool terminal = false;
    // Raised because a Parallel branch / Map iteration failed (the state then
    // writes ParallelStateFailed / MapStateFailed when it is not retried).
    bool from_children = false;
    // A JSONata expression of the state failed (States.QueryEvaluationError):
    // AWS records an EvaluationFailed event first.
    bool evaluation = false;
    // With `evaluation`: the field that failed and the place below it ("Arguments/FunctionName"),
    // the EvaluationFailed event's `location`.
    std::optional<std::string> location = std::nullopt;

    static StateError make(std::string_view error, std::string cause, bool terminal = false) {
        return StateError{std::string(error), std::move(cause), terminal, false};
    }
    const std::string& name() const {
        static const std::string empty;
        return error ? *error : empty;
    }
};

// Whether a Retrier/Catcher `ErrorEquals` list matches `error`:
// exact names, States.ALL (everything but terminal errors) and
// States.Timeout (also a States.HeartbeatTimeout) and States.TaskFailed
// (everything but the two timeouts).
bool error_matches(const std::vector<std::string>& error_equals, const StateError& error);

}  // namespace stepwise::engine
