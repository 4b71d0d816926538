#include "events/bus/dead_letter.h"

#include <array>

#include "events/bus/service_target.h"
#include "json/write.h"

namespace stepwise::events {

std::string dead_letter_error_code(const std::string& error) {
    static constexpr std::array<std::string_view, 15> kCodes{
        "CONNECTION_FAILURE", "CROSS_ACCOUNT_INGESTION_FAILED", "INVALID_JSON", "INVALID_PARAMETER",
        "NO_PERMISSIONS", "NO_RESOURCE", "RESOURCE_ALREADY_EXISTS", "RESOURCE_LIMIT_EXCEEDED",
        "RESOURCE_MODIFICATION_COLLISION", "RULE_NOT_FOUND", "SDK_CLIENT_ERROR", "THIRD_ACCOUNT_HOP_DETECTED",
        "THROTTLING", "TIMEOUT", "UNKNOWN"};
    for (std::string_view code : kCodes)
        if (error.size() > code.size() && error.compare(0, code.size(), code) == 0 && error[code.size()] == ':')
            return std::string(code);
    return "UNKNOWN";
}

DeadLetterAttributes dead_letter_attributes(const DeliveryRequest& request, const std::string& error,
                                            const std::string& exhausted, int64_t retry_attempts) {
    DeadLetterAttributes attributes{{"RULE_ARN", request.rule_arn},
                                    {"TARGET_ARN", request.target_arn},
                                    {"ERROR_CODE", dead_letter_error_code(error)},
                                    {"ERROR_MESSAGE", error}};
    if (!exhausted.empty()) attributes.emplace_back("EXHAUSTED_RETRY_CONDITION", exhausted);
    attributes.emplace_back("RETRY_ATTEMPTS", std::to_string(retry_attempts));
    return attributes;
}

ServiceCall dead_letter_message(const std::string& queue_arn, const json::Value& event,
                                const DeadLetterAttributes& attributes) {
    json::Object message_attributes;
    for (const auto& [name, value] : attributes) {
        bool number = name == "RETRY_ATTEMPTS";
        message_attributes.set(name, json::Value(json::Object{{"DataType", json::Value(number ? "Number" : "String")},
                                                              {"StringValue", json::Value(value)}}));
    }
    json::Object p;
    p.set("QueueUrl", json::Value(queue_url(queue_arn)));
    p.set("MessageBody", json::Value(json::dump(event)));
    p.set("MessageAttributes", json::Value(std::move(message_attributes)));
    return {"sqs", "SendMessage", json::Value(std::move(p))};
}

}  // namespace stepwise::events
