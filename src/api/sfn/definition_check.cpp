#include "api/sfn/definition_check.h"

#include "api/sfn/arn.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "asl/compile.h"
#include "asl/express.h"

namespace stepwise::api {

namespace {

[[noreturn]] void throw_invalid_definition(const std::vector<asl::Diagnostic>& errors) {
    std::string problems;
    for (const auto& error : errors) problems += (problems.empty() ? "" : ", ") + error.to_string();
    throw SfnError("InvalidDefinition", "Invalid State Machine Definition: '" + problems + "'");
}

}  // namespace

std::shared_ptr<const asl::Machine> compile_or_throw(const std::string& definition) {
    auto compiled = asl::compile(definition);
    if (!compiled.ok()) throw_invalid_definition(compiled.errors);
    return compiled.machine;
}

void check_express_or_throw(const asl::Machine& machine) {
    auto problems = asl::express_problems(machine);
    if (!problems.empty()) throw_invalid_definition(problems);
}

void check_role_arn(const std::string& role_arn) {
    if (!parse_arn(role_arn)) throw invalid_arn(invalid_arn_message("Invalid ARN prefix: " + role_arn));
}

json::Value logging_configuration(const json::Value* requested) {
    json::Object logging{{"level", "OFF"}, {"includeExecutionData", false}};
    if (!requested) return json::Value(std::move(logging));
    if (!requested->is_object())
        throw SfnError("SerializationException", "'loggingConfiguration' can not be converted to a Structure");
    for (const auto& member : requested->as_object()) logging.set(member.name(), member.value);
    const json::Value* level = logging.find("level");
    std::string_view level_text = level && level->is_string() ? level->as_string() : "";
    if (level_text != "ALL" && level_text != "ERROR" && level_text != "FATAL" && level_text != "OFF")
        throw SfnError("ValidationException",
                       "1 validation error detected: Value '" + std::string(level_text) +
                           "' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy "
                           "enum value set: [ALL, ERROR, FATAL, OFF]");
    const json::Value* destinations = logging.find("destinations");
    bool has_destination = destinations && destinations->is_array() && destinations->size() > 0;
    if (level_text != "OFF" && !has_destination)
        throw SfnError("InvalidLoggingConfiguration",
                       "Invalid Logging Configuration: Must specify exactly one Log Destination if logging level "
                       "is not OFF.");
    return json::Value(std::move(logging));
}

json::Value tracing_configuration(const json::Value* requested) {
    json::Object tracing{{"enabled", false}};
    if (!requested) return json::Value(std::move(tracing));
    if (!requested->is_object())
        throw SfnError("SerializationException", "'tracingConfiguration' can not be converted to a Structure");
    for (const auto& member : requested->as_object()) tracing.set(member.name(), member.value);
    return json::Value(std::move(tracing));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_EncryptionConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html (InvalidEncryptionConfiguration:
// "if type is set to CUSTOMER_MANAGED_KMS_KEY, but kmsKeyId is null")
// The error type is AWS's; the wording of its message is ours (AWS documents none).
json::Value encryption_configuration(const json::Value* requested) {
    if (!requested) return json::Value();
    Fields fields(*requested, "encryptionConfiguration");
    auto type = fields.text("type", rule::one_of({"AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"}, true));
    auto key = fields.text("kmsKeyId", rule::optional(1, 2048));
    auto period = fields.integer("kmsDataKeyReusePeriodSeconds", 60, 900);
    fields.check();
    if (*type == "CUSTOMER_MANAGED_KMS_KEY" && !key)
        throw SfnError("InvalidEncryptionConfiguration",
                       "Invalid Encryption Configuration: kmsKeyId is required when type is CUSTOMER_MANAGED_KMS_KEY");
    json::Object encryption{{"type", *type}};
    if (key) encryption.set("kmsKeyId", *key);
    if (period) encryption.set("kmsDataKeyReusePeriodSeconds", *period);
    return json::Value(std::move(encryption));
}

}  // namespace stepwise::api
