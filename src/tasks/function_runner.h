// How a local Lambda function is run: the request a runner gets (the raw
// event JSON and deadlines) and what it reports back, before any shaping for
// Step Functions (see lambda_dispatcher.h for that).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tasks/process.h"

namespace stepwise::tasks {

struct InvokeRequest {
    std::string request_id;          // the Lambda request id (context.awsRequestId)
    std::string invoked_arn;         // context.invokedFunctionArn (with the qualifier when one was given)
    std::string qualifier;           // "" | "$LATEST" | version | alias
    std::string payload;             // the event as JSON text
    Clock::time_point function_deadline;                // the function's own timeout
    std::optional<Clock::time_point> state_deadline;    // the Task state's TimeoutSeconds, when sooner
};

struct InvokeResult {
    enum class Status {
        Ok,             // `payload` is the function's response (JSON text)
        FunctionError,  // `payload` is the error document (X-Amz-Function-Error: Unhandled)
        ServiceError,   // the Invoke call itself failed: `error`, `cause` as Step Functions reports them
        StateTimedOut,  // the state's TimeoutSeconds passed first (the runner was stopped)
    };
    Status status = Status::Ok;
    std::string payload;
    std::string error;
    std::string cause;
    std::string executed_version = "$LATEST";
    std::vector<std::string> logs;  // what the handler printed during this invocation

    static InvokeResult ok(std::string payload) {
        InvokeResult r;
        r.payload = std::move(payload);
        return r;
    }
    static InvokeResult function_error(std::string document) {
        InvokeResult r;
        r.status = Status::FunctionError;
        r.payload = std::move(document);
        return r;
    }
    static InvokeResult service_error(std::string error, std::string cause) {
        InvokeResult r;
        r.status = Status::ServiceError;
        r.error = std::move(error);
        r.cause = std::move(cause);
        return r;
    }
    static InvokeResult state_timed_out() {
        InvokeResult r;
        r.status = Status::StateTimedOut;
        return r;
    }
};

// Runs one configured function. Implementations are thread-safe: parallel
// branches may invoke the same function at once (each call gets its own
// worker, as Lambda gives each concurrent request its own environment).
class FunctionRunner {
public:
    virtual ~FunctionRunner() = default;
    virtual InvokeResult invoke(const InvokeRequest& request) = 0;
    // Starts what a first invocation would otherwise wait for (a language
    // worker's cold start), without waiting for it. No-op by default.
    virtual void prewarm() {}
};

}  // namespace stepwise::tasks
