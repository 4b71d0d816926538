// Hybrid runs: unmocked Task calls sent to a real HTTP endpoint the user
// configured, signed with SigV4 from the usual credentials chain.
//
//   - AWS SDK and optimized integrations (aws-sdk:dynamodb:putItem,
//     dynamodb:putItem, sqs:sendMessage, ...) go to the service's endpoint:
//     AWS_ENDPOINT_URL_<SERVICE> (the AWS SDKs' convention), else
//     AWS_ENDPOINT_URL, else the project file's "endpoints": {"dynamodb": URL}.
//     Requests and responses are the service's own wire protocol; service
//     errors fail the task as Step Functions names them (DynamoDB.ConditionalCheckFailedException).
//   - http:invoke (the HTTP Task) calls its ApiEndpoint when the host is
//     loopback or allowed (--allow-http-host / "httpHosts"), in AWS's request
//     and response shapes; the connection ARN's authentication is not applied locally.
//
// invoke() blocks; thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asl/resource.h"
#include "tasks/task.h"

namespace stepwise::tasks {

struct EndpointOptions {
    // service id (as in AWS_ENDPOINT_URL_<SERVICE>, lower case: "dynamodb", "sqs") -> base URL
    std::map<std::string, std::string> service_urls;
    std::string default_url;                  // AWS_ENDPOINT_URL ("" = none)
    std::vector<std::string> http_hosts;      // http:invoke hosts allowed beside loopback
    std::string region = "us-east-1";         // signing region when the environment names none
    // The environment to read credentials and endpoints from (tests inject one); empty = the process's.
    std::map<std::string, std::string> environment;
    bool use_process_environment = true;
};

class EndpointInvoker {
public:
    // Reads AWS_ENDPOINT_URL*, AWS_REGION and the credentials chain
    // (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then
    // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials with AWS_PROFILE).
    explicit EndpointInvoker(EndpointOptions options);
    ~EndpointInvoker();

    // True when this invoker would send the call (an endpoint is configured
    // for its service, or it is an http:invoke to an allowed host).
    bool serves(const TaskRequest& request) const;
    TaskOutcome invoke(const TaskRequest& request);

    // What would make an unserved resource served, for the router's error:
    // "set AWS_ENDPOINT_URL_DYNAMODB (or \"endpoints\": {\"dynamodb\": URL} in stepwise.json)".
    std::string setting_for(const asl::Resource& resource) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace stepwise::tasks
