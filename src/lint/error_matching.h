// Which errors a Retrier's or Catcher's ErrorEquals matches, as far as the
// definition tells, for the error rules (rules_errors.cpp). A rule that reports
// what cannot match asks `certainly_matches`; one that reports what is left
// unhandled asks `may_match`; so neither reports on what AWS leaves unsaid.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stepwise::lint {

inline constexpr std::string_view kStatesAll = "States.ALL";
inline constexpr std::string_view kStatesTaskFailed = "States.TaskFailed";
inline constexpr std::string_view kStatesTimeout = "States.Timeout";
inline constexpr std::string_view kStatesRuntime = "States.Runtime";

// By name; through States.ALL (every error but States.Runtime); through
// States.TaskFailed when `raised_by_task`, for errors not named `States.*`.
bool certainly_matches(const std::vector<std::string>& error_equals, std::string_view error, bool raised_by_task);

// As above, and also every error States.TaskFailed or States.Timeout might
// stand for (a missed heartbeat is a timeout).
bool may_match(const std::vector<std::string>& error_equals, std::string_view error);

}  // namespace stepwise::lint
