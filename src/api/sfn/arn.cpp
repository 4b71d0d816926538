#include "api/sfn/arn.h"

#include <algorithm>

namespace stepwise::api {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<Arn> parse_arn(std::string_view text) {
    auto parts = split(text, ':');
    if (parts.size() < 6 || parts[0] != "arn" || parts[1].empty() || parts[2].empty()) return std::nullopt;
    Arn arn;
    arn.partition = parts[1];
    arn.service = parts[2];
    arn.region = parts[3];
    arn.account = parts[4];
    arn.resource_type = parts[5];
    arn.resource_parts.assign(parts.begin() + 6, parts.end());
    return arn;
}

bool StateMachineArn::is_version() const { return all_digits(qualifier); }

std::string invalid_arn_message(std::string_view reason) {
    return "Invalid Arn: '" + std::string(reason) + "'";
}

namespace {

// The reason an ARN is no Step Functions ARN of the wanted types, "" when it is one.
std::string arn_problem(std::string_view text, const std::optional<Arn>& arn,
                        std::initializer_list<std::string_view> types) {
    if (!arn) return invalid_arn_message("Invalid ARN prefix: " + std::string(text));
    if (arn->service != "states") return invalid_arn_message("Invalid ARN service: " + arn->service);
    if (std::find(types.begin(), types.end(), arn->resource_type) == types.end())
        return invalid_arn_message("Resource type not valid in this context: " + arn->resource_type);
    for (const auto& part : arn->resource_parts)
        if (part.empty()) return invalid_arn_message("Invalid resource name: " + std::string(text));
    if (arn->resource_parts.empty())
        return invalid_arn_message("Resource name missing: " + std::string(text));
    return "";
}

}  // namespace

std::string state_machine_arn_problem(std::string_view text, std::optional<StateMachineArn>* parsed) {
    auto arn = parse_arn(text);
    if (auto problem = arn_problem(text, arn, {"stateMachine"}); !problem.empty()) return problem;
    if (arn->resource_parts.size() > 2)
        return invalid_arn_message("Invalid resource name: " + std::string(text));
    if (parsed) {
        StateMachineArn result;
        result.name = arn->resource_parts[0];
        result.machine_arn = "arn:" + arn->partition + ":states:" + arn->region + ":" + arn->account +
                             ":stateMachine:" + result.name;
        if (arn->resource_parts.size() == 2) result.qualifier = arn->resource_parts[1];
        *parsed = std::move(result);
    }
    return "";
}

std::string resource_arn_problem(std::string_view text, std::string_view resource_type) {
    auto arn = parse_arn(text);
    if (resource_type == "execution") {
        if (auto problem = arn_problem(text, arn, {"execution", "express"}); !problem.empty()) return problem;
        if (arn->resource_parts.size() < 2)
            return invalid_arn_message("Invalid resource name: " + std::string(text));
        return "";
    }
    if (auto problem = arn_problem(text, arn, {resource_type}); !problem.empty()) return problem;
    size_t parts = resource_type == "mapRun" ? 2 : 1;  // mapRun:<machine>/<label>:<id>
    if (arn->resource_parts.size() != parts) return invalid_arn_message("Invalid resource name: " + std::string(text));
    return "";
}

std::string map_run_label(std::string_view map_run_arn) {
    auto arn = parse_arn(map_run_arn);
    if (!arn || arn->resource_parts.empty()) return "";
    const std::string& machine_and_label = arn->resource_parts[0];
    size_t slash = machine_and_label.rfind('/');  // a nested Map's run: <machine>/<outer label>/<label>
    return slash == std::string::npos ? "" : machine_and_label.substr(slash + 1);
}

std::string qualified_arn(std::string_view machine_arn, std::string_view qualifier) {
    return std::string(machine_arn) + ":" + std::string(qualifier);
}

}  // namespace stepwise::api
