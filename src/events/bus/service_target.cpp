#include "events/bus/service_target.h"

#include <filesystem>
#include <future>

#include "aws/arn.h"
#include "events/bus/target_kind.h"
#include "events/bus/target_log_file.h"
#include "json/base64.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

std::string safe_file_name(std::string name) {
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
    if (name.empty() || name == "." || name == "..") name = "_";
    return name;
}

std::string member_text(const json::Value& object, std::string_view key) {
    const json::Value* v = object.is_object() ? object.find(key) : nullptr;
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The file a call's outbox line goes to: named after its queue, topic or stream.
std::string outbox_name(const ServiceCall& call) {
    const json::Value& p = call.parameters;
    if (call.service == "sqs") {
        std::string url = member_text(p, "QueueUrl");
        return url.substr(url.rfind('/') + 1);
    }
    if (call.service == "sns") return target_resource_name(member_text(p, "TopicArn"));
    if (call.service == "kinesis") return member_text(p, "StreamName");
    if (call.service == "firehose") return member_text(p, "DeliveryStreamName");
    return call.operation;
}

}  // namespace

std::string queue_url(const std::string& queue_arn) {
    return "https://sqs." + std::string(aws::arn_field(queue_arn, 3)) + ".amazonaws.com/" + aws::arn_account(queue_arn) + "/" +
           target_resource_name(queue_arn);
}

ServiceTargetParameters ServiceTargetParameters::compile(const TargetSpec& target) {
    ServiceTargetParameters parameters;
    parameters.message_group_id_ = target.sqs_message_group_id;
    parameters.kinesis_ = target_kind(target.arn) == TargetKind::Kinesis;
    if (target.kinesis_partition_key_path) {
        try {
            query::Path path = query::Path::compile(*target.kinesis_partition_key_path);
            if (path.root() != query::PathRoot::Input) throw std::runtime_error("not a path into the event");
            parameters.partition_key_path_ = std::move(path);
        } catch (const std::exception&) {
            throw BusError("ValidationException", "Parameter KinesisParameters.PartitionKeyPath is not valid.");
        }
    }
    return parameters;
}

json::Value ServiceTargetParameters::render(const json::Value& event) const {
    json::Object out;
    if (message_group_id_) out.set("MessageGroupId", json::Value(*message_group_id_));
    if (kinesis_) {
        std::optional<json::Value> key;
        if (partition_key_path_) {
            json::Value context;
            try {
                key = partition_key_path_->select(query::Scope{event, context});
            } catch (const std::exception&) {
            }
        } else if (const json::Value* id = event.find("id")) {
            key = *id;
        }
        // A path that selects nothing leaves no key: the delivery then fails, naming the path.
        if (key && !key->is_null())
            out.set("PartitionKey", json::Value(key->is_string() ? std::string(key->as_string()) : json::dump(*key)));
    }
    if (out.empty()) return json::Value();
    return json::Value(std::move(out));
}

std::optional<ServiceCall> service_call_for(const DeliveryRequest& request) {
    const std::string& arn = request.target_arn;
    const json::Value& fixed = request.parameters;
    std::string group = member_text(fixed, "MessageGroupId");
    ServiceCall call;
    json::Object p;
    switch (target_kind(arn)) {
        case TargetKind::Sqs:
            call = {"sqs", "SendMessage", {}};
            p.set("QueueUrl", json::Value(queue_url(arn)));
            p.set("MessageBody", json::Value(request.input));
            if (!group.empty()) p.set("MessageGroupId", json::Value(group));
            break;
        case TargetKind::Sns:
            call = {"sns", "Publish", {}};
            p.set("TopicArn", json::Value(arn));
            p.set("Message", json::Value(request.input));
            if (!group.empty()) p.set("MessageGroupId", json::Value(group));
            break;
        case TargetKind::Kinesis: {
            std::string key = member_text(fixed, "PartitionKey");
            if (key.empty())
                throw std::runtime_error("the target's KinesisParameters.PartitionKeyPath selects no value in the event, "
                                         "so it has no partition key");
            // https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html: 1 to 256 characters.
            if (utf8::count_code_points(key) > 256)
                throw std::runtime_error("the partition key the target's KinesisParameters.PartitionKeyPath selects is "
                                         "longer than the 256 characters Kinesis allows");
            call = {"kinesis", "PutRecord", {}};
            p.set("StreamName", json::Value(target_resource_name(arn)));
            p.set("Data", json::Value(json::base64_encode(request.input)));
            p.set("PartitionKey", json::Value(key));
            break;
        }
        case TargetKind::Firehose:
            call = {"firehose", "PutRecord", {}};
            p.set("DeliveryStreamName", json::Value(target_resource_name(arn)));
            p.set("Record", json::Value(json::Object{{"Data", json::Value(json::base64_encode(request.input))}}));
            break;
        default: return std::nullopt;
    }
    call.parameters = json::Value(std::move(p));
    return call;
}

std::string outbox_file(const std::string& data_dir, const ServiceCall& call) {
    return (std::filesystem::path(data_dir) / "outbox" / safe_file_name(call.service) /
            (safe_file_name(outbox_name(call)) + ".jsonl"))
        .string();
}

std::string send_service_call_now(const ServiceCall& call, const TargetCallbacks& callbacks,
                                  const std::string& data_dir, std::string* written_to) {
    if (callbacks.call_service) {
        auto outcome = std::make_shared<std::promise<std::string>>();
        std::future<std::string> answer = outcome->get_future();
        if (callbacks.call_service(call, [outcome](std::string error) { outcome->set_value(std::move(error)); }))
            return answer.get();  // the endpoint call has a deadline of its own
    }
    std::string path = outbox_file(data_dir, call);
    std::string error = append_line(path, json::dump(call.parameters));
    if (error.empty() && written_to) *written_to = path;
    return error;
}

void ServiceDelivery::deliver(const DeliveryRequest& request, DeliveryDone done) {
    std::optional<ServiceCall> call;
    try {
        call = service_call_for(request);
    } catch (const std::exception& e) {
        return done(e.what());
    }
    if (!call) return done("Target " + request.target_arn + " is not an SQS, SNS, Kinesis or Firehose target");
    if (callbacks_.call_service && callbacks_.call_service(*call, done)) return;
    done(append_line(outbox_file(data_dir_, *call), json::dump(call->parameters)));
}

}  // namespace stepwise::events
