// Sending one event's input to one target. Each kind of target ARN has its
// own TargetDelivery; the ones that reach other parts of stepwise (Step
// Functions, Lambda, HTTP) call functions the server injects.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "json/value.h"

namespace stepwise::events {

// Called once when a delivery attempt ends: "" on success, else the error.
using DeliveryDone = std::function<void(std::string error)>;

// One API call to an AWS service, as EventBridge makes it for a target:
// `service` is the endpoint key (sqs, sns, kinesis, firehose,
// cloudwatch_logs), `operation`
// the API's name (SendMessage), `parameters` the request's members.
struct ServiceCall {
    std::string service;
    std::string operation;
    json::Value parameters;
};

// An error that retrying cannot cure (an API destination's 400): the
// dispatcher dead-letters it at once. The mark stays in the dead letter's
// message, where it tells the reader why there were no retries.
std::string not_retryable(const std::string& error);
bool is_not_retryable(const std::string& error);

// One HTTP request for TargetCallbacks::http_request (http:// targets, API
// destinations and their OAuth token endpoints).
struct HttpCall {
    std::string method;
    std::string url;  // http://host[:port]/path?query
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
struct HttpAnswer {
    int status = 0;     // 0 when no answer came
    std::string body;
    std::string error;  // why there is no answer (refused, timed out, ...)
};

struct DeliveryRequest;

// The hooks the server wires. Each may answer from any thread; an unset hook
// fails the delivery (then it is retried and dead-lettered like any failure).
struct TargetCallbacks {
    // arn:aws:states:<region>:<account>:stateMachine:<name>: start an execution with `input`.
    std::function<void(std::string state_machine_arn, std::string input, DeliveryDone done)> start_execution;
    // arn:aws:lambda:<region>:<account>:function:<name>: invoke asynchronously with `input`.
    std::function<void(std::string function_arn, std::string input, DeliveryDone done)> invoke_lambda;
    // Sends `call` to the endpoint the user configured for its service and
    // returns true (then calls `done`), or returns false at once when none is
    // configured: the call then goes to its local outbox file.
    std::function<bool(const ServiceCall& call, DeliveryDone done)> call_service;
    // Any HTTP request; answers once, from any thread. http://... targets
    // POST their input with it (application/json; a status >= 400 is an
    // error), and API destinations make their requests with it.
    std::function<void(HttpCall call, std::function<void(HttpAnswer)> done)> http_request;
    // arn:aws:events:<region>:<account>:api-destination/<name>/<id>: the
    // request the destination and its connection make of the delivery.
    std::function<void(const DeliveryRequest& request, DeliveryDone done)> invoke_api_destination;
};

// What is being delivered: the event (for the log file and dead letters) and
// the input rendered for the target.
struct DeliveryRequest {
    std::string target_arn;
    std::string target_id;
    std::string rule_arn;
    json::Value event;
    std::string input;
    // Event bus targets the event already went through (AWS forwards an event
    // from bus to bus once: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-bus.html).
    int bus_hops = 0;
    // Members of the target's request fixed when the event was routed
    // (MessageGroupId, PartitionKey: ServiceTargetParameters); null when none.
    json::Value parameters;
    // The target's HttpParameters (API destinations); null when it has none.
    json::Value http_parameters;
};

class TargetDelivery {
public:
    virtual ~TargetDelivery() = default;
    virtual void deliver(const DeliveryRequest& request, DeliveryDone done) = 0;
};

// Puts an event on a bus (the EventBus wires this to itself); `bus_hops`
// counts this hop; `rule_arn` is the rule whose target forwards it.
using ForwardToBus = std::function<void(const std::string& bus_arn, const json::Value& event, int bus_hops,
                                        const std::string& rule_arn, DeliveryDone done)>;

// The delivery for a target ARN; one that reports an error for kinds
// stepwise does not deliver to (target_kind Other).
std::shared_ptr<TargetDelivery> make_target_delivery(const std::string& target_arn, const TargetCallbacks& callbacks,
                                                     const ForwardToBus& forward, const std::string& data_dir);

}  // namespace stepwise::events
