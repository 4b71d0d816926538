#include "api/sfn/definition_check.h"

#include "api/sfn/arn.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "asl/compile.h"
#include "asl/express.h"
#include "events/bus/target_log_file.h"

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

namespace {

// The log group ARN of a destination ("" when it names none).
std::string log_group_arn(const json::Value& destination) {
    const json::Value* group = destination.is_object() ? destination.find("cloudWatchLogsLogGroup") : nullptr;
    const json::Value* arn = group && group->is_object() ? group->find("logGroupArn") : nullptr;
    return arn && arn->is_string() ? std::string(arn->as_string()) : std::string();
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CloudWatchLogsLogGroup.html: "The ARN must
// end with :*". The first message is AWS's; the second, for an ARN of something else, is ours.
void check_log_destination(const json::Value& destination) {
    std::string arn = log_group_arn(destination);
    if (arn.size() < 2 || arn.compare(arn.size() - 2, 2, ":*") != 0)
        throw SfnError("InvalidLoggingConfiguration",
                       "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.");
    if (!events::log_group_name(arn))
        throw SfnError("InvalidLoggingConfiguration",
                       "Invalid Logging Configuration: '" + arn +
                           "' is not a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>:*)");
}

}  // namespace

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
    const size_t destination_count = destinations && destinations->is_array() ? destinations->size() : 0;
    if ((level_text != "OFF" && destination_count == 0) || destination_count > 1)
        throw SfnError("InvalidLoggingConfiguration",
                       "Invalid Logging Configuration: Must specify exactly one Log Destination if logging level "
                       "is not OFF.");
    if (destination_count == 1) check_log_destination(destinations->as_array()[0]);
    return json::Value(std::move(logging));
}

runtime::ExecutionLogging execution_logging(const json::Value* logging_configuration) {
    runtime::ExecutionLogging logging;
    if (!logging_configuration || !logging_configuration->is_object()) return logging;
    const json::Value* level = logging_configuration->find("level");
    logging.level = runtime::log_level_named(level && level->is_string() ? level->as_string() : "OFF")
                        .value_or(runtime::LogLevel::Off);
    const json::Value* data = logging_configuration->find("includeExecutionData");
    logging.include_execution_data = data && data->is_bool() && data->as_bool();
    const json::Value* destinations = logging_configuration->find("destinations");
    if (destinations && destinations->is_array() && destinations->size() == 1)
        logging.log_group = events::log_group_name(log_group_arn(destinations->as_array()[0])).value_or("");
    return logging;
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
