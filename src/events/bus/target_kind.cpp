#include "events/bus/target_kind.h"

#include <array>

#include "aws/arn.h"
#include "events/bus/target_log_file.h"

namespace stepwise::events {
namespace {

// The Target members stepwise applies; any other is refused by name.
constexpr std::array<std::string_view, 11> kAppliedMembers{
    "Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "KinesisParameters", "SqsParameters",
    "HttpParameters", "DeadLetterConfig", "RetryPolicy"};

[[noreturn]] void refuse(const std::string& message) { throw BusError("ValidationException", message); }

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
    if (!target.dead_letter_arn.empty() && target_kind(target.dead_letter_arn) != TargetKind::Sqs)
        refuse("Target " + target.id + ": DeadLetterConfig.Arn must be an SQS queue ARN, not " +
               target.dead_letter_arn + ".");
}

}  // namespace stepwise::events
