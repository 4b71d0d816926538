#include "events/bus/target_delivery.h"

#include "events/bus/service_target.h"
#include "events/bus/target_kind.h"
#include "events/bus/target_log_file.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

// Hands the input to an injected function; fails when the server wired none.
class CallbackDelivery final : public TargetDelivery {
public:
    using Call = std::function<void(std::string, std::string, DeliveryDone)>;
    CallbackDelivery(Call call, std::string missing) : call_(std::move(call)), missing_(std::move(missing)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override {
        if (!call_) return done(missing_);
        call_(request.target_arn, request.input, std::move(done));
    }

private:
    Call call_;
    std::string missing_;
};

// An http:// target: the input POSTed as application/json.
class HttpPostDelivery final : public TargetDelivery {
public:
    using Request = std::function<void(HttpCall, std::function<void(HttpAnswer)>)>;
    explicit HttpPostDelivery(Request request) : request_(std::move(request)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override {
        if (!request_) return done("No HTTP client is configured");
        std::string url = request.target_arn;
        request_({"POST", url, {{"Content-Type", "application/json"}}, request.input},
                 [url, done = std::move(done)](HttpAnswer answer) {
                     if (answer.status == 0) return done("POST " + url + " failed: " + answer.error);
                     if (answer.status >= 400)
                         return done("HTTP " + std::to_string(answer.status) + " from " + url + ": " +
                                     answer.body.substr(0, 512));
                     done("");
                 });
    }

private:
    Request request_;
};

class BusDelivery final : public TargetDelivery {
public:
    explicit BusDelivery(ForwardToBus forward) : forward_(std::move(forward)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override {
        if (!forward_) return done("No event bus to forward to");
        // Another bus receives the event itself, not a transformed input, unless
        // an Input/InputTransformer produced a different JSON object.
        auto input = json::try_parse(request.input);
        forward_(request.target_arn, input && input->is_object() ? *input : request.event, request.bus_hops + 1,
                 request.rule_arn, std::move(done));
    }

private:
    ForwardToBus forward_;
};

class UnsupportedDelivery final : public TargetDelivery {
public:
    explicit UnsupportedDelivery(std::string arn) : arn_(std::move(arn)) {}
    void deliver(const DeliveryRequest&, DeliveryDone done) override {
        done("Target " + arn_ + " is not a kind stepwise delivers to (state machine, Lambda function, event bus, "
             "log group, SQS queue, SNS topic, Kinesis stream, Firehose delivery stream, API destination or http:// endpoint)");
    }

private:
    std::string arn_;
};

// Hands the whole request to an injected function (API destinations need its parameters).
class RequestCallbackDelivery final : public TargetDelivery {
public:
    using Call = std::function<void(const DeliveryRequest&, DeliveryDone)>;
    RequestCallbackDelivery(Call call, std::string missing) : call_(std::move(call)), missing_(std::move(missing)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override {
        if (!call_) return done(missing_);
        call_(request, std::move(done));
    }

private:
    Call call_;
    std::string missing_;
};

constexpr std::string_view kNotRetryable = "(not retried) ";

}  // namespace

std::string not_retryable(const std::string& error) { return std::string(kNotRetryable) + error; }
bool is_not_retryable(const std::string& error) { return error.rfind(kNotRetryable, 0) == 0; }

std::shared_ptr<TargetDelivery> make_target_delivery(const std::string& arn, const TargetCallbacks& callbacks,
                                                     const ForwardToBus& forward, const std::string& data_dir) {
    switch (target_kind(arn)) {
        case TargetKind::Http:
            return std::make_shared<HttpPostDelivery>(callbacks.http_request);
        case TargetKind::StateMachine:
            return std::make_shared<CallbackDelivery>(callbacks.start_execution,
                                                      "No Step Functions service is configured to start " + arn);
        case TargetKind::Lambda:
            return std::make_shared<CallbackDelivery>(callbacks.invoke_lambda,
                                                      "No Lambda functions are configured to invoke " + arn);
        case TargetKind::EventBus: return std::make_shared<BusDelivery>(forward);
        case TargetKind::ApiDestination:
            return std::make_shared<RequestCallbackDelivery>(callbacks.invoke_api_destination,
                                                             "No API destinations are configured to invoke " + arn);
        case TargetKind::LogGroup:
            if (auto group = log_group_name(arn))
                return std::make_shared<LogFileDelivery>(log_group_file(data_dir, *group), callbacks);
            break;
        case TargetKind::Sqs:
        case TargetKind::Sns:
        case TargetKind::Kinesis:
        case TargetKind::Firehose: return std::make_shared<ServiceDelivery>(callbacks, data_dir);
        case TargetKind::Other: break;
    }
    return std::make_shared<UnsupportedDelivery>(arn);
}

}  // namespace stepwise::events
