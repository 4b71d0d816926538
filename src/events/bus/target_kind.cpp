#include "events/bus/target_kind.h"

#include <array>
#include <cctype>

#include "aws/arn.h"
#include "events/bus/target_log_file.h"

namespace stepwise::events {
namespace {

// The Target members stepwise applies; any other is refused by name.
constexpr std::array<std::string_view, 11> kAppliedMembers{
    "Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "KinesisParameters", "SqsParameters",
    "HttpParameters", "DeadLetterConfig", "RetryPolicy"};

[[noreturn]] void refuse(const std::string& message) { throw BusError("ValidationException", message); }

// The names each service allows its queues, topics and streams, so that an
// outbox file is the resource's alone and an ARN AWS would refuse is refused.
bool is_resource_name(std::string_view name, size_t max, bool dots) {
    if (name.empty() || name.size() > max) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && !(dots && c == '.')) return false;
    return true;
}

// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (80, ".fifo" included)
// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (256)
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (128)
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html (64)
bool is_valid_resource_name(TargetKind kind, std::string_view arn) {
    std::string name = target_resource_name(arn);
    std::string_view base = name;
    if (is_fifo(base)) base.remove_suffix(5);
    switch (kind) {
        case TargetKind::Sqs: return name.size() <= 80 && is_resource_name(base, 80, false);
        case TargetKind::Sns: return name.size() <= 256 && is_resource_name(base, 256, false);
        case TargetKind::Kinesis: return is_resource_name(name, 128, true);
        case TargetKind::Firehose: return is_resource_name(name, 64, true);
        default: return true;
    }
}

}  // namespace

TargetKind target_kind(std::string_view arn) {
    if (arn.substr(0, 7) == "http://" || arn.substr(0, 8) == "https://") return TargetKind::Http;
    std::string_view service = aws::arn_field(arn, 2), resource = aws::arn_field(arn, 5);
    if (service.empty() || resource.empty()) return TargetKind::Other;
    if (service == "states" && resource.substr(0, 13) == "stateMachine:") return TargetKind::StateMachine;
    if (service == "lambda" && resource.substr(0, 9) == "function:") return TargetKind::Lambda;
    if (service == "events" && resource.substr(0, 10) == "event-bus/") return TargetKind::EventBus;
    if (service == "events" && resource.substr(0, 16) == "api-destination/") return TargetKind::ApiDestination;
    if (service == "logs" && resource.substr(0, 10) == "log-group:") return TargetKind::LogGroup;
    if (service == "sqs" && resource.find(':') == std::string_view::npos) return TargetKind::Sqs;
    if (service == "sns" && resource.find(':') == std::string_view::npos) return TargetKind::Sns;
    if (service == "kinesis" && resource.substr(0, 7) == "stream/") return TargetKind::Kinesis;
    if (service == "firehose" && resource.substr(0, 15) == "deliverystream/") return TargetKind::Firehose;
    return TargetKind::Other;
}

std::string target_resource_name(std::string_view arn) {
    std::string_view resource = aws::arn_field(arn, 5);
    size_t slash = resource.find('/');
    return std::string(slash == std::string_view::npos ? resource : resource.substr(slash + 1));
}


bool is_fifo(std::string_view arn) { return arn.size() > 5 && arn.substr(arn.size() - 5) == ".fifo"; }

void check_target(const TargetSpec& target) {
    if (target.api.is_object()) {
        for (const json::Member& m : target.api.as_object()) {
            bool applied = false;
            for (std::string_view name : kAppliedMembers) applied = applied || m.name() == name;
            if (!applied && !m.value.is_null())
                refuse("Target " + target.id + ": stepwise does not support the target member " +
                       std::string(m.name()) + " (it applies " +
                       "Input, InputPath, InputTransformer, RetryPolicy, DeadLetterConfig, SqsParameters, "
                       "KinesisParameters and HttpParameters)");
        }
    }
    TargetKind kind = target_kind(target.arn);
    if (kind == TargetKind::Other)
        refuse("Target " + target.id + ": stepwise does not deliver to " + target.arn +
               " (it delivers to state machines, Lambda functions, event buses, API destinations, SQS queues, SNS "
               "topics, Kinesis streams, Firehose delivery streams, CloudWatch Logs log groups and http:// "
               "endpoints)");
    if (!is_valid_resource_name(kind, target.arn))
        refuse("Target " + target.id + ": " + target.arn + " names no queue, topic or stream AWS allows (letters, "
               "digits, '-' and '_', '.' in stream names; at most 80 characters for a queue, 256 for a topic, 128 for "
               "a Kinesis stream, 64 for a Firehose delivery stream)");
    // SNS FIFO topics take a message group too.
    if (kind == TargetKind::LogGroup && !log_group_name(target.arn))
        refuse("Target " + target.id + ": " + target.arn + " names no log group stepwise can write (an empty name, "
               "or one with '..')");
    if (target.sqs_message_group_id && kind != TargetKind::Sqs && !(kind == TargetKind::Sns && is_fifo(target.arn)))
        refuse("Target " + target.id + ": SqsParameters apply to SQS queues and SNS FIFO topics only.");
    const json::Value* http_parameters = target.api.is_object() ? target.api.find("HttpParameters") : nullptr;
    if (http_parameters && !http_parameters->is_null() && kind != TargetKind::ApiDestination)
        refuse("Target " + target.id + ": HttpParameters apply to API destination targets only.");
    if (target.kinesis_partition_key_path && kind != TargetKind::Kinesis)
        refuse("Target " + target.id + ": KinesisParameters apply to Kinesis stream targets only.");
    // A FIFO queue needs a message group; AWS refuses the target without one.
    if (kind == TargetKind::Sqs && is_fifo(target.arn) &&
        (!target.sqs_message_group_id || target.sqs_message_group_id->empty()))
        refuse("Parameter(s) SqsParameters must be specified for target: " + target.id + ".");
    if (target.sqs_message_group_id && target.sqs_message_group_id->size() > 100)
        refuse("Target " + target.id + ": SqsParameters.MessageGroupId is longer than 100 characters.");
    if (target.kinesis_partition_key_path && target.kinesis_partition_key_path->size() > 256)
        refuse("Target " + target.id + ": KinesisParameters.PartitionKeyPath is longer than 256 characters.");
    if (!target.dead_letter_arn.empty() && (target_kind(target.dead_letter_arn) != TargetKind::Sqs ||
                                            !is_valid_resource_name(TargetKind::Sqs, target.dead_letter_arn)))
        refuse("Target " + target.id + ": DeadLetterConfig.Arn must be an SQS queue ARN, not " +
               target.dead_letter_arn + ".");
}

}  // namespace stepwise::events
