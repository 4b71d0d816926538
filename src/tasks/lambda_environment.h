// The environment variables Lambda sets for a function (AWS_LAMBDA_FUNCTION_NAME,
// AWS_REGION, LAMBDA_TASK_ROOT, _HANDLER, ...), then the function's own.
// With STEPWISE_ENDPOINT_URL set (stepwise serve sets it), also
// AWS_ENDPOINT_URL, so AWS SDKs in handlers call the local server.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tasks/project_config.h"

namespace stepwise::tasks {

std::vector<std::pair<std::string, std::string>> lambda_environment(const FunctionConfig& function,
                                                                    const std::string& region,
                                                                    const std::string& execution_env);

// "2026/11/21/[$LATEST]<32 hex digits>", a new log stream name.
std::string new_log_stream_name();

// Splits handler output into lines (without the line ends); a final line
// without a newline counts. Keeps at most `max_bytes`, noting what was cut.
std::vector<std::string> split_log_lines(std::string_view text, size_t max_bytes = 256 * 1024);

}  // namespace stepwise::tasks
