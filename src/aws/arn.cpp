#include "aws/arn.h"

#include <vector>

namespace stepwise::aws {

namespace {

std::string join(std::initializer_list<std::string_view> parts) {
    std::string text;
    for (std::string_view part : parts) text += part;
    return text;
}

// "arn:<partition>:states:<region>:<account>:<kind>:<rest...>" split at ':'.
std::optional<std::vector<std::string_view>> states_arn_parts(std::string_view arn) {
    std::vector<std::string_view> parts;
    size_t at = 0;
    while (true) {
        size_t colon = arn.find(':', at);
        parts.push_back(arn.substr(at, colon == std::string_view::npos ? std::string_view::npos : colon - at));
        if (colon == std::string_view::npos) break;
        at = colon + 1;
    }
    if (parts.size() < 7 || parts[0] != "arn" || parts[2] != "states") return std::nullopt;
    return parts;
}

}  // namespace

std::string arn_account(std::string_view arn) {
    if (arn.substr(0, 4) != "arn:") return "";
    size_t start = 0;
    for (int field = 0; field < 4; ++field) {
        start = arn.find(':', start);
        if (start == std::string_view::npos) return "";
        ++start;
    }
    size_t end = arn.find(':', start);
    return end == std::string_view::npos ? "" : std::string(arn.substr(start, end - start));
}

std::string_view arn_field(std::string_view arn, int n) {
    if (arn.substr(0, 4) != "arn:") return {};
    for (int i = 0; i < n; ++i) {
        size_t colon = arn.find(':');
        if (colon == std::string_view::npos) return {};
        arn.remove_prefix(colon + 1);
    }
    return n >= 5 ? arn : arn.substr(0, arn.find(':'));
}

std::string arn(const Scope& scope, std::string_view service, std::string_view resource) {
    return join({"arn:aws:", service, ":", scope.region, ":", scope.account, ":", resource});
}

std::string state_machine_arn(const Scope& scope, std::string_view machine) {
    return arn(scope, "states", join({"stateMachine:", machine}));
}

std::string activity_arn(const Scope& scope, std::string_view activity) {
    return arn(scope, "states", join({"activity:", activity}));
}

std::string execution_arn(const Scope& scope, std::string_view machine, std::string_view execution) {
    return arn(scope, "states", join({"execution:", machine, ":", execution}));
}

std::string express_execution_arn(const Scope& scope, std::string_view machine, std::string_view execution,
                                  std::string_view id) {
    return arn(scope, "states", join({"express:", machine, ":", execution, ":", id}));
}

std::optional<StateMachineArnParts> parse_state_machine_arn(std::string_view arn) {
    auto parts = states_arn_parts(arn);
    if (!parts || (*parts)[5] != "stateMachine" || parts->size() > 8 || (*parts)[6].empty()) return std::nullopt;
    StateMachineArnParts out{{std::string((*parts)[4]), std::string((*parts)[3])}, std::string((*parts)[6]), ""};
    if (parts->size() == 8) out.qualifier = std::string((*parts)[7]);
    return out;
}

std::optional<ExecutionArnParts> parse_execution_arn(std::string_view arn) {
    auto parts = states_arn_parts(arn);
    if (!parts) return std::nullopt;
    const bool express = (*parts)[5] == "express";
    if ((!express && (*parts)[5] != "execution") || parts->size() != (express ? 9u : 8u)) return std::nullopt;
    return ExecutionArnParts{{std::string((*parts)[4]), std::string((*parts)[3])}, std::string((*parts)[6]),
                             std::string((*parts)[7]), express};
}

std::string map_run_arn_prefix(const Scope& scope, std::string_view machine) {
    return arn(scope, "states", join({"mapRun:", machine, "/"}));
}

std::string default_state_machine_role_arn(std::string_view account, std::string_view machine) {
    return join({"arn:aws:iam::", account, ":role/StepFunctions-", machine, "-role"});
}

std::string event_bus_arn(const Scope& scope, std::string_view bus) {
    return arn(scope, "events", join({"event-bus/", bus}));
}

std::string event_rule_arn(const Scope& scope, std::string_view bus, std::string_view rule) {
    if (bus == "default") return arn(scope, "events", join({"rule/", rule}));
    return arn(scope, "events", join({"rule/", bus, "/", rule}));
}

std::string schema_registry_arn(const Scope& scope, std::string_view registry) {
    return arn(scope, "schemas", join({"registry/", registry}));
}

std::string schema_arn(const Scope& scope, std::string_view registry, std::string_view schema) {
    return arn(scope, "schemas", join({"schema/", registry, "/", schema}));
}

std::string schema_discoverer_arn(const Scope& scope, std::string_view discoverer_id) {
    return arn(scope, "schemas", join({"discoverer/", discoverer_id}));
}

std::string lambda_function_arn(const Scope& scope, std::string_view function, std::string_view qualifier) {
    std::string resource = join({"function:", function});
    if (!qualifier.empty()) resource += join({":", qualifier});
    return arn(scope, "lambda", resource);
}

std::string s3_bucket_arn(std::string_view bucket) { return join({"arn:aws:s3:::", bucket}); }

}  // namespace stepwise::aws
