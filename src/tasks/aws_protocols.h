// How a Task's AWS service integration becomes an HTTP request to the
// service's endpoint, and its response a task outcome: the services stepwise
// knows (their names in Step Functions, in AWS_ENDPOINT_URL_<SERVICE>, in
// SigV4, their wire protocol) and the JSON protocols (awsJson1_0/1_1).
//
// Names and protocols are botocore's service models (metadata: protocol,
// jsonVersion, targetPrefix, signingName, serviceId); the endpoint keys follow
// https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html; the
// error names https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "asl/resource.h"
#include "aws/sigv4.h"
#include "json/value.h"
#include "tasks/http_client.h"
#include "tasks/task.h"

namespace stepwise::tasks {

enum class WireProtocol { Json, Query, RestJson, RestXml };
std::string_view protocol_name(WireProtocol protocol);  // "json", "query", "rest-json", "rest-xml"

struct AwsService {
    std::string_view sdk_name;        // arn:aws:states:::aws-sdk:<sdk_name>:<action>
    std::string_view optimized_name;  // the optimized integrations' service ("" none): dynamodb, sqs, events, states
    // The optimized integrations that are this API's call as is (space-separated actions).
    std::string_view optimized_actions;
    std::string_view endpoint_key;    // AWS_ENDPOINT_URL_<upper case>, and the project file's "endpoints" key
    WireProtocol protocol;
    std::string_view json_version;    // "1.0", "1.1" (Json)
    std::string_view target_prefix;   // X-Amz-Target: <prefix>.<Operation> (Json)
    std::string_view signing_name;    // SigV4's service
    std::string_view sdk_error_prefix;        // aws-sdk errors: DynamoDb.ConditionalCheckFailedException
    std::string_view optimized_error_prefix;  // optimized errors: DynamoDB.ConditionalCheckFailedException
    bool camel_case_members;          // the API's members are camelCase (Step Functions writes them PascalCase)
};

std::span<const AwsService> aws_services();
// The service a Service resource calls; nullptr when stepwise does not know it.
const AwsService* find_aws_service(const asl::Resource& resource);
// By endpoint key ("secrets_manager") or aws-sdk name ("secretsmanager").
const AwsService* find_aws_service_by_key(std::string_view key);
// "AWS_ENDPOINT_URL_SECRETS_MANAGER" for "secrets_manager".
std::string endpoint_variable(std::string_view endpoint_key);

struct AwsCall {
    const AwsService* service = nullptr;
    std::string operation;     // PutItem
    std::string error_prefix;  // DynamoDb (aws-sdk) or DynamoDB (optimized)
};

// The API call `resource` makes; nullopt with `why` when it cannot be sent:
// an unknown service, a protocol not supported yet, an optimized
// integration that is more than one API call, a .sync pattern.
std::optional<AwsCall> aws_call_for(const asl::Resource& resource, std::string* why);

struct WireRequest {
    std::string method = "POST";
    std::string path = "/";
    aws::HeaderList headers;
    std::string body;
};

// `wire` as a request to the endpoint at `url` (its path under the URL's,
// its Host), signed with SigV4 at `unix_seconds`.
aws::SignedRequest signed_request(const HttpUrl& url, WireRequest wire, const aws::Credentials& credentials,
                                  std::string_view region, std::string_view signing_name, int64_t unix_seconds);

// The JSON protocol's request: POST /, Content-Type application/x-amz-json-1.x,
// X-Amz-Target, the parameters as the body.
WireRequest encode_json_request(const AwsCall& call, const json::Value& parameters);
// 2xx: the body is the result. Else the service's error code (x-amzn-ErrorType
// or __type, without its "namespace#") as <prefix>.<Code>Exception, the cause its message.
TaskOutcome decode_json_response(const AwsCall& call, const HttpResponse& response);

}  // namespace stepwise::tasks
