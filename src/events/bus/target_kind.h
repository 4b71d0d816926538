// What a target ARN names, and the checks PutTargets makes on a target
// before the bus accepts it: the members stepwise applies, a kind it
// delivers to, and the parameters its kind requires.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
#pragma once

#include <string>
#include <string_view>

#include "events/bus/model.h"

namespace stepwise::events {

enum class TargetKind { StateMachine, Lambda, EventBus, ApiDestination, LogGroup, Sqs, Sns, Kinesis, Firehose, Http, Other };

TargetKind target_kind(std::string_view arn);

// The queue, topic, stream or delivery stream an SQS/SNS/Kinesis/Firehose ARN
// names ("orders.fifo" of arn:aws:sqs:us-east-1:123456789012:orders.fifo).
std::string target_resource_name(std::string_view arn);

// A FIFO queue or topic: its name ends in ".fifo".
bool is_fifo(std::string_view arn);

// Throws BusError(ValidationException) naming what is wrong: a member of the
// Target stepwise does not apply (EcsParameters, ...), an ARN of a kind it
// does not deliver to, a FIFO queue without SqsParameters.MessageGroupId, a
// DeadLetterConfig that is not an SQS queue, parameters of another kind
// (HttpParameters are an API destination's).
void check_target(const TargetSpec& target);

}  // namespace stepwise::events
