#include "events/bus/model.h"

#include <cmath>

#include "json/write.h"

namespace stepwise::events {
namespace {

std::string string_member(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

void set_if(json::Object& object, std::string_view key, const std::string& value) {
    if (!value.empty()) object.set(key, json::Value(value));
}

[[noreturn]] void invalid_target(std::string_view what) {
    throw BusError("ValidationException", "Parameter " + std::string(what) + " is not valid.");
}

std::optional<std::string> optional_string(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string()) invalid_target(key);
    return std::string(v->as_string());
}

}  // namespace

std::string bus_name_of(std::string_view name_or_arn) {
    if (name_or_arn.empty()) return std::string(kDefaultBus);
    if (name_or_arn.substr(0, 4) == "arn:") {
        size_t slash = name_or_arn.find(":event-bus/");
        if (slash != std::string_view::npos) return std::string(name_or_arn.substr(slash + 11));
    }
    return std::string(name_or_arn);
}

json::Value rule_to_json(const RuleSpec& rule) {
    json::Object out;
    out.set("Name", json::Value(rule.name));
    out.set("Arn", json::Value(rule.arn));
    set_if(out, "EventPattern", rule.event_pattern);
    set_if(out, "ScheduleExpression", rule.schedule_expression);
    out.set("State", json::Value(rule.state));
    set_if(out, "Description", rule.description);
    set_if(out, "RoleArn", rule.role_arn);
    out.set("EventBusName", json::Value(rule.bus_name));
    return json::Value(std::move(out));
}

RuleSpec rule_from_json(const json::Value& value) {
    RuleSpec rule;
    rule.name = string_member(value, "Name");
    rule.arn = string_member(value, "Arn");
    rule.event_pattern = string_member(value, "EventPattern");
    rule.schedule_expression = string_member(value, "ScheduleExpression");
    if (auto state = string_member(value, "State"); !state.empty()) rule.state = state;
    rule.description = string_member(value, "Description");
    rule.role_arn = string_member(value, "RoleArn");
    rule.bus_name = bus_name_of(string_member(value, "EventBusName"));
    return rule;
}

namespace {

// The JSON protocol's timestamps: epoch seconds, with milliseconds as a fraction.
json::Value epoch_seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

int64_t epoch_ms(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_number() ? static_cast<int64_t>(std::llround(v->as_double() * 1000)) : 0;
}

}  // namespace

json::Value bus_to_json(const BusSpec& bus) {
    json::Object out{{"Name", json::Value(bus.name)}, {"Arn", json::Value(bus.arn)}};
    set_if(out, "Description", bus.description);
    set_if(out, "Policy", bus.policy);
    out.set("CreationTime", epoch_seconds(bus.created_ms));
    out.set("LastModifiedTime", epoch_seconds(bus.modified_ms));
    return json::Value(std::move(out));
}

json::Value bus_description(const BusSpec& bus) {
    json::Object out{{"Name", json::Value(bus.name)}, {"Arn", json::Value(bus.arn)}};
    set_if(out, "Description", bus.description);
    set_if(out, "KmsKeyIdentifier", bus.kms_key_identifier);
    if (!bus.dead_letter_arn.empty())
        out.set("DeadLetterConfig", json::Value(json::Object{{"Arn", json::Value(bus.dead_letter_arn)}}));
    set_if(out, "Policy", bus.policy);
    out.set("CreationTime", epoch_seconds(bus.created_ms));
    out.set("LastModifiedTime", epoch_seconds(bus.modified_ms));
    return json::Value(std::move(out));
}

BusSpec bus_from_json(const json::Value& value) {
    BusSpec bus;
    bus.name = string_member(value, "Name");
    bus.arn = string_member(value, "Arn");
    bus.description = string_member(value, "Description");
    bus.kms_key_identifier = string_member(value, "KmsKeyIdentifier");
    if (const json::Value* dlq = value.find("DeadLetterConfig"); dlq && dlq->is_object())
        bus.dead_letter_arn = string_member(*dlq, "Arn");
    bus.policy = string_member(value, "Policy");
    bus.created_ms = epoch_ms(value, "CreationTime");
    bus.modified_ms = epoch_ms(value, "LastModifiedTime");
    return bus;
}

TargetSpec target_from_json(const json::Value& value) {
    if (!value.is_object()) invalid_target("Targets");
    TargetSpec target;
    target.api = value;
    target.id = optional_string(value, "Id").value_or("");
    target.arn = optional_string(value, "Arn").value_or("");
    target.role_arn = optional_string(value, "RoleArn").value_or("");
    target.input = optional_string(value, "Input");
    target.input_path = optional_string(value, "InputPath");
    if (const json::Value* transformer = value.find("InputTransformer"); transformer && !transformer->is_null()) {
        if (!transformer->is_object()) invalid_target("InputTransformer");
        InputTransformerSpec spec;
        spec.input_template = optional_string(*transformer, "InputTemplate").value_or("");
        if (const json::Value* paths = transformer->find("InputPathsMap"); paths && !paths->is_null()) {
            if (!paths->is_object()) invalid_target("InputPathsMap");
            for (const json::Member& m : paths->as_object()) {
                if (!m.value.is_string()) invalid_target("InputPathsMap");
                spec.input_paths_map.emplace_back(std::string(m.name()), std::string(m.value.as_string()));
            }
        }
        target.input_transformer = std::move(spec);
    }
    if (const json::Value* dlq = value.find("DeadLetterConfig"); dlq && !dlq->is_null()) {
        if (!dlq->is_object()) invalid_target("DeadLetterConfig");
        target.dead_letter_arn = optional_string(*dlq, "Arn").value_or("");
    }
    if (const json::Value* sqs = value.find("SqsParameters"); sqs && !sqs->is_null()) {
        if (!sqs->is_object()) invalid_target("SqsParameters");
        target.sqs_message_group_id = optional_string(*sqs, "MessageGroupId");
    }
    if (const json::Value* kinesis = value.find("KinesisParameters"); kinesis && !kinesis->is_null()) {
        if (!kinesis->is_object()) invalid_target("KinesisParameters");
        target.kinesis_partition_key_path = optional_string(*kinesis, "PartitionKeyPath");
        if (!target.kinesis_partition_key_path) invalid_target("KinesisParameters.PartitionKeyPath");
    }
    if (const json::Value* retry = value.find("RetryPolicy"); retry && !retry->is_null()) {
        if (!retry->is_object()) invalid_target("RetryPolicy");
        // AWS's ranges: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
        auto bounded = [&](std::string_view key, std::string_view field, int64_t low, int64_t high, int64_t& out) {
            const json::Value* n = retry->find(key);
            if (!n || n->is_null()) return;
            if (!n->is_integer() || n->as_int() < low || n->as_int() > high)
                throw BusError("ValidationException",
                               "1 validation error detected: Value '" + json::dump(*n) + "' at 'targets.member.retryPolicy." +
                                   std::string(field) + "' failed to satisfy constraint: Member must have value between " +
                                   std::to_string(low) + " and " + std::to_string(high));
            out = n->as_int();
        };
        bounded("MaximumRetryAttempts", "maximumRetryAttempts", 0, 185, target.retry_policy.maximum_retry_attempts);
        bounded("MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 86'400,
                target.retry_policy.maximum_event_age_seconds);
    }
    return target;
}

}  // namespace stepwise::events
