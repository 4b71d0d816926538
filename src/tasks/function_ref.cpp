#include "tasks/function_ref.h"

#include <vector>

namespace stepwise::tasks {
namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool valid_name(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!name_char(c)) return false;
    return true;
}

bool valid_qualifier(std::string_view s) {
    if (s == "$LATEST") return true;
    if (s.empty() || s.size() > 128) return false;
    for (char c : s)
        if (!name_char(c)) return false;
    return true;
}

bool all_digits(std::string_view s, size_t n) {
    if (s.size() != n) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool valid_region(std::string_view s) {
    // us-east-1, us-gov-west-1, eu-central-2, ...
    if (s.size() < 6) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return s.find('-') != std::string_view::npos;
}

std::vector<std::string_view> split_colon(std::string_view s) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(':', start);
        if (pos == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

const char* kPattern =
    "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)"
    "(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

}  // namespace

std::optional<FunctionRef> parse_function_name(std::string_view text, std::string* error) {
    auto fail = [&]() -> std::optional<FunctionRef> {
        if (error) {
            *error = "1 validation error detected: Value '" + std::string(text) +
                     "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
                     kPattern;
        }
        return std::nullopt;
    };
    auto parts = split_colon(text);
    FunctionRef ref;
    size_t i = 0;
    if (parts.size() >= 6 && parts[0] == "arn") {
        if (parts[1].empty() || parts[1].substr(0, 3) != "aws" || parts[2] != "lambda" || !valid_region(parts[3]) ||
            !all_digits(parts[4], 12) || parts[5] != "function") {
            return fail();
        }
        ref.partition = std::string(parts[1]);
        ref.region = std::string(parts[3]);
        ref.account = std::string(parts[4]);
        i = 6;
    } else if (parts.size() >= 3 && all_digits(parts[0], 12) && parts[1] == "function") {
        ref.account = std::string(parts[0]);
        i = 2;
    }
    size_t rest = parts.size() - i;
    if (rest < 1 || rest > 2) return fail();
    if (!valid_name(parts[i])) return fail();
    ref.name = std::string(parts[i]);
    if (rest == 2) {
        if (!valid_qualifier(parts[i + 1])) return fail();
        ref.qualifier = std::string(parts[i + 1]);
    }
    return ref;
}

}  // namespace stepwise::tasks
