// A Lambda function as a Task names it: FunctionName of lambda:invoke
// (`name`, `name:alias`, `123456789012:function:name`, a full ARN with or
// without a version or alias) or the Resource of a plain Lambda Task
// (`arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stepwise::tasks {

struct FunctionRef {
    std::string name;       // the function name, e.g. ValidateOrder
    std::string qualifier;  // "" when none; "$LATEST", "3", "live"
    std::string region;     // "" when the reference did not say
    std::string account;    // "" when the reference did not say
    std::string partition;  // "" when the reference did not say
};

// Parses a FunctionName value. On failure returns nullopt and sets `error` to
// Lambda's validation message for it.
std::optional<FunctionRef> parse_function_name(std::string_view text, std::string* error = nullptr);

}  // namespace stepwise::tasks
