// The API calls EventBridge targets make (SQS SendMessage, SNS Publish,
// Kinesis and Firehose PutRecord), sent to the endpoint the user configured
// for the service, the same setting as the endpoint invoker's
// (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the project file's
// "endpoints"), in the service's wire protocol (JSON; SNS's query protocol),
// signed with SigV4 from the usual credentials chain.
//
//   tasks::ServiceSender sender(endpoint_options);
//   if (sender.serves("sqs")) error = sender.send("sqs", "SendMessage", parameters);  // "" when sent
//
// send() blocks (at most 60 s); thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "json/value.h"
#include "tasks/aws_settings.h"
#include "tasks/endpoint_invoker.h"

namespace stepwise::tasks {

class ServiceSender {
public:
    explicit ServiceSender(EndpointOptions options);

    // The endpoint configured for the service's endpoint key ("" when none).
    std::string endpoint_url(std::string_view service) const;
    bool serves(std::string_view service) const { return !endpoint_url(service).empty(); }

    // "" when the service answered 2xx; else the error, starting with the
    // dead-letter ERROR_CODE EventBridge would give it: "CONNECTION_FAILURE: ..."
    // when the endpoint could not be reached, "SDK_CLIENT_ERROR: ..." when it
    // answered an error (its code and message), "INVALID_PARAMETER: ..." for
    // what stepwise cannot send (no credentials, an https URL, a service it
    // does not know).
    std::string send(std::string_view service, const std::string& operation, const json::Value& parameters) const;

private:
    EndpointOptions options_;
    Environment env_;
};

}  // namespace stepwise::tasks
