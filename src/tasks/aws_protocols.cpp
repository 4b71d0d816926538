#include "tasks/aws_protocols.h"

#include <array>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::tasks {
namespace {

// sdk name, optimized service, its plain-API actions, endpoint key, protocol,
// JSON version, target prefix, signing name, aws-sdk error prefix, optimized
// error prefix, camelCase members.
constexpr std::array kServices{
    AwsService{"dynamodb", "dynamodb", "getItem putItem updateItem deleteItem", "dynamodb", WireProtocol::Json, "1.0",
               "DynamoDB_20120810", "dynamodb", "DynamoDb", "DynamoDB", false},
    // SQS answers the JSON protocol since 2023 (older botocore models still say query).
    AwsService{"sqs", "sqs", "sendMessage", "sqs", WireProtocol::Json, "1.0", "AmazonSQS", "sqs", "Sqs", "SQS", false},
    AwsService{"sns", "sns", "publish", "sns", WireProtocol::Query, "", "", "sns", "Sns", "SNS", false},
    AwsService{"eventbridge", "events", "putEvents", "eventbridge", WireProtocol::Json, "1.1", "AWSEvents", "events",
               "EventBridge", "EventBridge", false},
    AwsService{"sfn", "states", "startExecution", "sfn", WireProtocol::Json, "1.0", "AWSStepFunctions", "states", "Sfn",
               "StepFunctions", true},
    AwsService{"kinesis", "", "", "kinesis", WireProtocol::Json, "1.1", "Kinesis_20131202", "kinesis", "Kinesis", "",
               false},
    AwsService{"firehose", "", "", "firehose", WireProtocol::Json, "1.1", "Firehose_20150804", "firehose", "Firehose",
               "", false},
    AwsService{"secretsmanager", "", "", "secrets_manager", WireProtocol::Json, "1.1", "secretsmanager",
               "secretsmanager", "SecretsManager", "", false},
    AwsService{"ssm", "", "", "ssm", WireProtocol::Json, "1.1", "AmazonSSM", "ssm", "Ssm", "", false},
    AwsService{"cloudwatchlogs", "", "", "cloudwatch_logs", WireProtocol::Json, "1.1", "Logs_20140328", "logs",
               "CloudWatchLogs", "", true},
    AwsService{"lambda", "lambda", "", "lambda", WireProtocol::RestJson, "", "", "lambda", "Lambda", "Lambda", false},
    AwsService{"s3", "s3", "", "s3", WireProtocol::RestXml, "", "", "s3", "S3", "S3", false},
};

bool has_word(std::string_view words, std::string_view word) {
    while (!words.empty()) {
        auto space = words.find(' ');
        if (words.substr(0, space) == word) return true;
        if (space == std::string_view::npos) break;
        words.remove_prefix(space + 1);
    }
    return false;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Every object key's first letter through `change`: Step Functions writes
// members PascalCase even where the API's are camelCase. (A map member's
// own keys change too; no model tells them apart here.)
json::Value recase_keys(const json::Value& value, char (*change)(char)) {
    if (value.is_array()) {
        json::Array out;
        for (const auto& item : value.as_array()) out.push_back(recase_keys(item, change));
        return json::Value(std::move(out));
    }
    if (!value.is_object()) return value;
    json::Object out;
    for (const auto& member : value.as_object()) {
        std::string key(member.name());
        if (!key.empty()) key[0] = change(key[0]);
        out.set(key, recase_keys(member.value, change));
    }
    return json::Value(std::move(out));
}

std::string string_member(const json::Value& object, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        if (const json::Value* v = object.find(key); v && v->is_string()) return std::string(v->as_string());
    return {};
}

}  // namespace

std::string_view protocol_name(WireProtocol protocol) {
    switch (protocol) {
        case WireProtocol::Json: return "json";
        case WireProtocol::Query: return "query";
        case WireProtocol::RestJson: return "rest-json";
        case WireProtocol::RestXml: return "rest-xml";
    }
    return "?";
}

std::span<const AwsService> aws_services() { return kServices; }

const AwsService* find_aws_service(const asl::Resource& resource) {
    if (resource.kind != asl::Resource::Kind::Service) return nullptr;
    for (const AwsService& service : kServices) {
        if (resource.aws_sdk ? service.sdk_name == resource.service : service.optimized_name == resource.service)
            return &service;
    }
    return nullptr;
}

const AwsService* find_aws_service_by_key(std::string_view key) {
    for (const AwsService& service : kServices)
        if (service.endpoint_key == key || service.sdk_name == key) return &service;
    return nullptr;
}

std::string endpoint_variable(std::string_view endpoint_key) {
    std::string name = "AWS_ENDPOINT_URL_";
    for (char c : endpoint_key) name += c == ' ' ? '_' : upper(c);
    return name;
}

std::optional<AwsCall> aws_call_for(const asl::Resource& resource, std::string* why) {
    auto refuse = [&](std::string text) {
        if (why) *why = std::move(text);
        return std::nullopt;
    };
    std::string integration = resource.integration() + std::string(asl::pattern_suffix(resource.pattern));
    const AwsService* service = find_aws_service(resource);
    if (!service) {
        std::string known;
        for (const AwsService& s : kServices) {
            if (s.protocol != WireProtocol::Json) continue;
            known += known.empty() ? "" : ", ";
            known += s.sdk_name;
        }
        return refuse(integration + " is not supported for endpoint calls: stepwise does not know the wire protocol of " +
                      (resource.aws_sdk ? "the service " : "the optimized integration ") + resource.service +
                      " (services it can call: aws-sdk:" + known + ")");
    }
    if (!resource.aws_sdk && !has_word(service->optimized_actions, resource.action)) {
        return refuse(integration + " is not supported for endpoint calls: the optimized integration is more than the " +
                      std::string(service->sdk_name) + " API call; call it as arn:aws:states:::aws-sdk:" +
                      std::string(service->sdk_name) + ":" + resource.action + " or mock it");
    }
    if (service->protocol != WireProtocol::Json) {
        return refuse(integration + " is not supported for endpoint calls yet: " + std::string(service->sdk_name) +
                      " uses the " + std::string(protocol_name(service->protocol)) +
                      " protocol, and stepwise speaks only the JSON protocol to endpoints");
    }
    if (resource.pattern == asl::IntegrationPattern::Sync || resource.pattern == asl::IntegrationPattern::Sync2) {
        return refuse(integration + " is not supported for endpoint calls: stepwise does not poll a job's end (" +
                      std::string(asl::pattern_suffix(resource.pattern)) + "); use the request-response or .waitForTaskToken form");
    }
    AwsCall call;
    call.service = service;
    call.operation = resource.action;
    if (!call.operation.empty()) call.operation[0] = upper(call.operation[0]);
    call.error_prefix = resource.aws_sdk ? service->sdk_error_prefix : service->optimized_error_prefix;
    return call;
}

aws::SignedRequest signed_request(const HttpUrl& url, WireRequest wire, const aws::Credentials& credentials,
                                  std::string_view region, std::string_view signing_name, int64_t unix_seconds) {
    aws::SignedRequest request;
    request.method = std::move(wire.method);
    request.path = url.path + wire.path;
    request.headers.emplace_back("Host", url.port == 80 ? url.host : url.host + ":" + std::to_string(url.port));
    for (auto& header : wire.headers) request.headers.push_back(std::move(header));
    request.body = std::move(wire.body);
    aws::sigv4_sign(request, credentials, region, signing_name, unix_seconds);
    return request;
}

WireRequest encode_json_request(const AwsCall& call, const json::Value& parameters) {
    WireRequest request;
    request.headers = {{"Content-Type", "application/x-amz-json-" + std::string(call.service->json_version)},
                       {"X-Amz-Target", std::string(call.service->target_prefix) + "." + call.operation}};
    json::Value body = parameters.is_null() ? json::Value(json::Object{}) : parameters;
    if (call.service->camel_case_members) body = recase_keys(body, lower);
    request.body = json::dump(body);
    return request;
}

TaskOutcome decode_json_response(const AwsCall& call, const HttpResponse& response) {
    std::optional<json::Value> body = json::try_parse(response.body.empty() ? std::string_view("{}") : response.body);
    if (response.status >= 200 && response.status < 300) {
        if (!body) {
            return TaskOutcome::failure("States.TaskFailed", "The " + std::string(call.service->sdk_name) + " endpoint answered " +
                                                                 call.operation + " with a body that is not JSON: " +
                                                                 response.body.substr(0, 200));
        }
        if (call.service->camel_case_members) return TaskOutcome::success(recase_keys(*body, upper));
        return TaskOutcome::success(std::move(*body));
    }
    std::string code;
    if (const std::string* type = response.header("x-amzn-ErrorType")) code = type->substr(0, type->find(':'));
    std::string message = response.body;
    if (body && body->is_object()) {
        if (code.empty()) code = string_member(*body, {"__type", "code"});
        if (std::string m = string_member(*body, {"message", "Message", "errorMessage"}); !m.empty()) message = m;
    }
    if (auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
    std::string prefix = call.error_prefix;
    if (code.empty()) code = prefix;
    // Step Functions names every SDK error with its Exception suffix, even
    // where the service's code lacks it (S3.BucketAlreadyExistsException).
    if (!code.ends_with("Exception")) code += "Exception";
    const std::string* request_id = response.header("x-amzn-RequestId");
    return TaskOutcome::failure(prefix + "." + code, message + " (Service: " + prefix + ", Status Code: " +
                                                         std::to_string(response.status) + ", Request ID: " +
                                                         (request_id ? *request_id : std::string()) + ")");
}

}  // namespace stepwise::tasks
