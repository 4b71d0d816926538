// Hybrid runs: unmocked Task calls sent to a real HTTP endpoint the user
// configured, signed with SigV4 from the usual credentials chain.
//
//   - AWS SDK and optimized integrations (aws-sdk:dynamodb:putItem,
//     dynamodb:putItem, sqs:sendMessage, ...) go to the service's endpoint:
//     AWS_ENDPOINT_URL_<SERVICE> (the AWS SDKs' convention), else
//     AWS_ENDPOINT_URL, else the project file's "endpoints": {"dynamodb": URL},
//     else EndpointOptions::default_url; read at each call. Requests and
//     responses are the service's own wire protocol (the JSON protocol; others
//     fail naming theirs: tasks/aws_protocols.h); service errors fail the task
//     as Step Functions names them (DynamoDB.ConditionalCheckFailedException).
//   - What the user must fix (an unsupported service or protocol, missing
//     credentials, an https URL, a host not allowed) fails with States.Runtime,
//     which no Retry or States.ALL Catch hides; an endpoint that cannot be
//     reached fails with States.TaskFailed naming its URL.
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
    // service id (as in AWS_ENDPOINT_URL_<SERVICE>, lower case: "dynamodb", "sqs",
    // "secrets_manager") -> base URL: the project file's "endpoints"
    std::map<std::string, std::string> service_urls;
    std::string default_url;                  // every service's URL when nothing above names one ("" = none)
    std::vector<std::string> http_hosts;      // http:invoke hosts allowed beside loopback
    std::string region = "us-east-1";         // signing region when the environment names none
    // Variables read before the process's environment (tests inject credentials
    // and endpoints here); with use_process_environment false, the only ones.
    std::map<std::string, std::string> environment;
    bool use_process_environment = true;
};

class ProjectConfig;

// The options `run` and `serve` use: the project file's "endpoints",
// "httpHosts" and region (project may be null), and the --allow-http-host hosts.
EndpointOptions endpoint_options(const ProjectConfig* project, const std::vector<std::string>& allowed_http_hosts);

class EndpointInvoker {
public:
    // Each call reads AWS_ENDPOINT_URL*, AWS_REGION/AWS_DEFAULT_REGION and
    // the credentials chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
    // AWS_SESSION_TOKEN, then AWS_SHARED_CREDENTIALS_FILE or
    // ~/.aws/credentials with AWS_PROFILE): tasks/aws_settings.h.
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
