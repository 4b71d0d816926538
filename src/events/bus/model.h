// The resources of the event bus as EventBridge's API shapes them: buses,
// rules and their targets, with conversion to and from the API's JSON.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/value.h"

namespace stepwise::events {

// An API error: code (the `__type`, e.g. ResourceNotFoundException) and AWS's message.
class BusError : public std::runtime_error {
public:
    BusError(std::string code, std::string message) : std::runtime_error(std::move(message)), code_(std::move(code)) {}
    const std::string& code() const noexcept { return code_; }

private:
    std::string code_;
};

inline constexpr std::string_view kDefaultBus = "default";

// A bus and the settings CreateEventBus / UpdateEventBus / PutPermission keep.
// No encryption happens locally: the KMS key is kept and returned; the bus's
// dead-letter queue is where AWS sends events its KMS key failed on, which
// cannot happen here, so it is kept and returned too.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-dlq.html
struct BusSpec {
    std::string name;
    std::string arn;
    std::string description;
    std::string kms_key_identifier;
    std::string dead_letter_arn;
    std::string policy;       // the resource policy, JSON text; "" when none
    int64_t created_ms = 0;
    int64_t modified_ms = 0;
    // No key identifier: an AWS owned key.
    bool has_customer_key() const noexcept { return !kms_key_identifier.empty(); }
};

struct RuleSpec {
    std::string name;
    std::string bus_name = std::string(kDefaultBus);
    std::string arn;
    std::string event_pattern;        // JSON text, "" when none
    std::string schedule_expression;  // "" when none
    std::string state = "ENABLED";    // ENABLED | DISABLED
    std::string description;
    std::string role_arn;
    int64_t created_ms = 0;  // the origin of a rate() schedule
    bool enabled() const noexcept { return state != "DISABLED"; }
};

struct RetryPolicy {
    // AWS's defaults: 185 attempts over at most 24 hours.
    int64_t maximum_retry_attempts = 185;
    int64_t maximum_event_age_seconds = 86'400;
};

struct InputTransformerSpec {
    std::vector<std::pair<std::string, std::string>> input_paths_map;  // name -> JSONPath
    std::string input_template;
};

struct TargetSpec {
    std::string id;
    std::string arn;
    std::string role_arn;
    std::optional<std::string> input;       // JSON text sent as is
    std::optional<std::string> input_path;  // JSONPath into the event
    std::optional<InputTransformerSpec> input_transformer;
    std::string dead_letter_arn;
    RetryPolicy retry_policy;
    std::optional<std::string> sqs_message_group_id;        // SqsParameters.MessageGroupId
    std::optional<std::string> kinesis_partition_key_path;  // KinesisParameters.PartitionKeyPath
    json::Value api;  // the Target object as the client gave it (returned by ListTargetsByRule)
};

// "orders" or "arn:aws:events:...:event-bus/orders" -> "orders"; "" -> "default".
std::string bus_name_of(std::string_view name_or_arn);

// --- JSON (the API's shapes) ---

json::Value rule_to_json(const RuleSpec& rule);  // the Rule / DescribeRule shape
RuleSpec rule_from_json(const json::Value& value);
json::Value bus_to_json(const BusSpec& bus);     // the EventBus shape (ListEventBuses)
json::Value bus_description(const BusSpec& bus);  // the DescribeEventBus shape (and the stored document)
BusSpec bus_from_json(const json::Value& value);  // from bus_description

// A Target object from PutTargets; throws BusError(ValidationException) on a
// wrong shape.
TargetSpec target_from_json(const json::Value& value);

}  // namespace stepwise::events
