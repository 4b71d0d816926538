#include "aws/arn.h"

namespace stepwise::aws {

namespace {

std::string join(std::initializer_list<std::string_view> parts) {
    std::string text;
    for (std::string_view part : parts) text += part;
    return text;
}

}  // namespace

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

std::string lambda_function_arn(const Scope& scope, std::string_view function, std::string_view qualifier) {
    std::string resource = join({"function:", function});
    if (!qualifier.empty()) resource += join({":", qualifier});
    return arn(scope, "lambda", resource);
}

std::string s3_bucket_arn(std::string_view bucket) { return join({"arn:aws:s3:::", bucket}); }

}  // namespace stepwise::aws
