// A dead letter as EventBridge sends it to a target's dead-letter queue:
// SendMessage with the event as the body and the attributes RULE_ARN,
// TARGET_ARN, ERROR_CODE, ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION (when
// retries ran out) and RETRY_ATTEMPTS.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "events/bus/target_delivery.h"

namespace stepwise::events {

using DeadLetterAttributes = std::vector<std::pair<std::string, std::string>>;

// AWS's ERROR_CODE for a delivery error: the code an error starts with
// ("THIRD_ACCOUNT_HOP_DETECTED: ...", "CONNECTION_FAILURE: ..."), else UNKNOWN.
std::string dead_letter_error_code(const std::string& error);

DeadLetterAttributes dead_letter_attributes(const DeliveryRequest& request, const std::string& error,
                                            const std::string& exhausted, int64_t retry_attempts);

// SendMessage to the queue `queue_arn` (RETRY_ATTEMPTS a Number attribute, the rest Strings).
ServiceCall dead_letter_message(const std::string& queue_arn, const json::Value& event,
                                const DeadLetterAttributes& attributes);

}  // namespace stepwise::events
