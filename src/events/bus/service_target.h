// SQS, SNS, Kinesis and Firehose targets: the API call EventBridge makes for
// each delivery, sent to the endpoint the user configured for the service
// (TargetCallbacks::call_service) or else appended, one JSON line per call,
// to its local outbox <data dir>/outbox/<service>/<queue, topic or stream>.jsonl.
// A line is the request's members as the service receives them:
//   sqs       SendMessage  {"QueueUrl", "MessageBody"(, "MessageGroupId")}
//   sns       Publish      {"TopicArn", "Message"(, "MessageGroupId")}
//   kinesis   PutRecord    {"StreamName", "Data" (base64), "PartitionKey"}
//   firehose  PutRecord    {"DeliveryStreamName", "Record": {"Data" (base64)}}
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Target.html
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "events/bus/model.h"
#include "events/bus/target_delivery.h"
#include "query/path.h"

namespace stepwise::events {

// The members of a target's request that depend on the event, fixed when it
// is routed: a FIFO queue's or topic's MessageGroupId (SqsParameters), a
// stream's PartitionKey (KinesisParameters.PartitionKeyPath, else the event's
// id, as AWS: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html).
// No MessageDeduplicationId: AWS sends none, a FIFO queue target needs
// content-based deduplication (API_Target.html, SqsParameters).
class ServiceTargetParameters {
public:
    static ServiceTargetParameters compile(const TargetSpec& target);  // throws BusError
    // {"MessageGroupId": ...} / {"PartitionKey": ...}; null for other targets.
    json::Value render(const json::Value& event) const;

private:
    std::optional<std::string> message_group_id_;
    bool kinesis_ = false;
    std::optional<query::Path> partition_key_path_;
};

// The call a delivery to an SQS/SNS/Kinesis/Firehose target makes; throws
// std::runtime_error when it cannot be built (a partition key path that
// selects nothing), nullopt for other targets.
std::optional<ServiceCall> service_call_for(const DeliveryRequest& request);

// The URL SQS gives the queue of an ARN (https://sqs.<region>.amazonaws.com/<account>/<name>).
std::string queue_url(const std::string& queue_arn);

// <data dir>/outbox/<service>/<name>.jsonl, the name kept to safe characters.
std::string outbox_file(const std::string& data_dir, const ServiceCall& call);

// Sends `call` to its configured endpoint, else appends it to its outbox
// file, and waits for the outcome: "" or the error. `written_to` gets the
// outbox file when it went there.
std::string send_service_call_now(const ServiceCall& call, const TargetCallbacks& callbacks,
                                  const std::string& data_dir, std::string* written_to = nullptr);

class ServiceDelivery final : public TargetDelivery {
public:
    ServiceDelivery(TargetCallbacks callbacks, std::string data_dir)
        : callbacks_(std::move(callbacks)), data_dir_(std::move(data_dir)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override;

private:
    TargetCallbacks callbacks_;
    std::string data_dir_;
};

}  // namespace stepwise::events
