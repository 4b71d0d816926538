// Sending one event's input to one target. Each kind of target ARN has its
// own TargetDelivery; the ones that reach other parts of stepwise (Step
// Functions, Lambda, HTTP) call functions the server injects.
#pragma once

#include <functional>
#include <memory>
#include <string>

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

// The hooks the server wires. Each may answer from any thread; an unset hook
// fails the delivery (then it is retried and dead-lettered like any failure).
struct TargetCallbacks {
    // arn:aws:states:<region>:<account>:stateMachine:<name>: start an execution with `input`.
    std::function<void(std::string state_machine_arn, std::string input, DeliveryDone done)> start_execution;
    // arn:aws:lambda:<region>:<account>:function:<name>: invoke asynchronously with `input`.
    std::function<void(std::string function_arn, std::string input, DeliveryDone done)> invoke_lambda;
    // http://... : POST `body` (Content-Type application/json); a status >= 400 is an error.
    std::function<void(std::string url, std::string body, DeliveryDone done)> http_post;
    // Sends `call` to the endpoint the user configured for its service and
    // returns true (then calls `done`), or returns false at once when none is
    // configured: the call then goes to its local outbox file.
    std::function<bool(const ServiceCall& call, DeliveryDone done)> call_service;
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
