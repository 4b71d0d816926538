#include "tasks/lambda_dispatcher.h"

#include <chrono>
#include <iostream>
#include <thread>

#include "aws/arn.h"
#include "json/parse.h"
#include "json/write.h"
#include "tasks/command_runner.h"
#include "tasks/function_ref.h"
#include "tasks/http_runner.h"
#include "tasks/lambda_errors.h"
#include "tasks/lambda_invoke_result.h"
#include "tasks/language_worker_pool.h"

namespace stepwise::tasks {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out.empty() ? "none" : out;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Lambda's Invoke API: RequestResponse answers 200 with the function's
// response; Event (asynchronous) 202 and DryRun 204, both with an empty body
// and no executed version (that header belongs to synchronous calls).
enum class InvocationType { RequestResponse, Event, DryRun };

json::Value bodiless_invoke_result(int status, const LambdaInvokeMetadata& meta) {
    json::Object result = lambda_invoke_result("", meta).as_object();
    result.erase("ExecutedVersion");
    result.set("StatusCode", status);
    json::Object http = result.find("SdkHttpMetadata")->as_object();
    for (const char* key : {"AllHttpHeaders", "HttpHeaders"}) {
        json::Object headers = http.find(key)->as_object();
        headers.erase("X-Amz-Executed-Version");
        http.set(key, json::Value(std::move(headers)));
    }
    http.set("HttpStatusCode", status);
    result.set("SdkHttpMetadata", json::Value(std::move(http)));
    return json::Value(std::move(result));
}

TaskOutcome runtime_failure(const TaskRequest& request, const std::string& message) {
    return TaskOutcome::failure("States.Runtime", "An error occurred while executing the state '" + request.state_name +
                                                      "' (resource " + request.resource_arn() + "): " + message);
}

}  // namespace

LambdaDispatcher::LambdaDispatcher(std::shared_ptr<const ProjectConfig> project, DispatcherOptions options)
    : project_(std::move(project)), options_(std::move(options)) {
    if (!options_.request_id) options_.request_id = new_request_id;
    if (!options_.http_date) options_.http_date = http_date_now;
    if (!options_.trace_id) options_.trace_id = new_trace_id;
}

LambdaDispatcher::~LambdaDispatcher() { wait_async(); }

void LambdaDispatcher::wait_async() {
    std::unique_lock lock(async_mutex_);
    async_done_.wait(lock, [&] { return async_running_ == 0; });
}

bool LambdaDispatcher::defines(const TaskRequest& request) const {
    if (!request.resource) return false;
    std::string text;
    if (request.resource->is_lambda_function()) {
        text = request.resource->arn;
    } else if (const json::Value* name = request.parameters.find("FunctionName"); name && name->is_string()) {
        text = std::string(name->as_string());
    }
    std::optional<FunctionRef> ref = parse_function_name(text);
    return ref && project_->find(ref->name);
}

void LambdaDispatcher::prewarm(const std::vector<std::string>& function_names) {
    for (const std::string& name : function_names)
        if (FunctionRunner* r = runner(name)) r->prewarm();
}

FunctionRunner* LambdaDispatcher::runner(const std::string& function_name) {
    const FunctionConfig* function = project_->find(function_name);
    if (!function) return nullptr;
    std::lock_guard lock(mutex_);
    auto& slot = runners_[function_name];
    if (!slot) {
        switch (function->runtime) {
            case FunctionRuntime::NodeJs: slot = make_node_runner(*function, *project_); break;
            case FunctionRuntime::Python: slot = make_python_runner(*function, *project_); break;
            case FunctionRuntime::Command: slot = std::make_unique<CommandRunner>(*function, project_->region()); break;
            case FunctionRuntime::Http: slot = std::make_unique<HttpRunner>(*function); break;
        }
    }
    return slot.get();
}

InvokeResult LambdaDispatcher::run(const FunctionConfig& function, const std::string& payload, const std::string& qualifier,
                                   const std::string& request_id, std::optional<double> state_timeout) {
    FunctionRunner* r = runner(function.name);
    InvokeRequest call;
    call.request_id = request_id;
    call.qualifier = qualifier;
    call.invoked_arn = aws::lambda_function_arn(project_->scope(), function.name, qualifier == "$LATEST" ? "" : qualifier);
    call.payload = payload;
    auto now = Clock::now();
    call.function_deadline = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(function.timeout_seconds));
    if (state_timeout && *state_timeout > 0) {
        call.state_deadline = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*state_timeout));
    }
    InvokeResult result = r->invoke(call);
    // Lambda's limit on a synchronous response (6 MB); Step Functions' own
    // 256 KiB limit on state output is the engine's to enforce.
    constexpr size_t kMaxResponseBytes = 6291556;
    if (result.status == InvokeResult::Status::Ok && result.payload.size() > kMaxResponseBytes) {
        std::vector<std::string> logs = std::move(result.logs);
        result = InvokeResult::function_error(error_document(
            "Function.ResponseSizeTooLarge",
            "Response payload size exceeded maximum allowed payload size (6291556 bytes)."));
        result.logs = std::move(logs);
    }
    if (result.executed_version == "$LATEST" && all_digits(qualifier)) result.executed_version = qualifier;
    return result;
}

InvokeResult LambdaDispatcher::invoke_function(const std::string& function_name, const std::string& payload,
                                               const std::string& qualifier) {
    const FunctionConfig* function = project_->find(function_name);
    std::string id = options_.request_id();
    if (!function) {
        TaskOutcome o = function_not_found(project_->function_arn(function_name) + ":" + (qualifier.empty() ? "$LATEST" : qualifier), id);
        return InvokeResult::service_error(o.error, o.cause);
    }
    return run(*function, payload, qualifier, id, std::nullopt);
}

void LambdaDispatcher::invoke_async(const FunctionConfig& function, std::string payload, std::string qualifier,
                                    std::string request_id, std::string state_name) {
    {
        std::lock_guard lock(async_mutex_);
        ++async_running_;
    }
    auto body = [this, &function, payload = std::move(payload), qualifier = std::move(qualifier),
                 request_id = std::move(request_id), state_name = std::move(state_name)] {
        std::string failure;
        std::vector<std::string> logs;
        try {
            InvokeResult result = run(function, payload, qualifier, request_id, std::nullopt);
            logs = std::move(result.logs);
            switch (result.status) {
                case InvokeResult::Status::Ok: break;
                case InvokeResult::Status::FunctionError: failure = result.payload; break;
                case InvokeResult::Status::ServiceError: failure = result.error + ": " + result.cause; break;
                case InvokeResult::Status::StateTimedOut: failure = "timed out"; break;
            }
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!failure.empty()) {
            std::string text = "stepwise: state '" + state_name + "': the asynchronous (Event) invocation " + request_id +
                               " of function '" + function.name + "' failed: " + failure + "\n";
            for (const std::string& line : logs) text += "  " + line + "\n";
            std::cerr << text << std::flush;
        }
        std::lock_guard lock(async_mutex_);
        --async_running_;
        async_done_.notify_all();
    };
    try {
        std::thread(std::move(body)).detach();
    } catch (...) {  // no thread: nothing will count this invocation down
        std::lock_guard lock(async_mutex_);
        --async_running_;
        throw;
    }
}

TaskOutcome LambdaDispatcher::invoke(const TaskRequest& request) {
    // Errors are values: nothing a handler or an endpoint does may escape as an exception.
    try {
        return invoke_unguarded(request);
    } catch (const std::exception& e) {
        return runtime_failure(request, std::string("stepwise's local Lambda runner failed: ") + e.what());
    }
}

TaskOutcome LambdaDispatcher::invoke_unguarded(const TaskRequest& request) {
    if (!request.resource) return runtime_failure(request, "the task has no resource");
    const asl::Resource& resource = *request.resource;
    bool service = resource.is_service("lambda", "invoke");
    std::string function_text;
    std::string payload;
    std::string qualifier;
    InvocationType invocation = InvocationType::RequestResponse;
    if (service) {
        if (!request.parameters.is_object()) {
            return runtime_failure(request, "the parameters of lambda:invoke must be an object with \"FunctionName\" and \"Payload\"");
        }
        const json::Value* name = request.parameters.find("FunctionName");
        if (!name || !name->is_string()) {
            return runtime_failure(request, "the parameters have no \"FunctionName\" string (got " +
                                                (name ? json::dump(*name) : std::string("nothing")) + ")");
        }
        function_text = std::string(name->as_string());
        const json::Value* body = request.parameters.find("Payload");
        payload = body ? json::dump(*body) : "{}";
        if (const json::Value* q = request.parameters.find("Qualifier")) {
            if (!q->is_string()) return runtime_failure(request, "\"Qualifier\" must be a string");
            qualifier = std::string(q->as_string());
        }
        if (const json::Value* type = request.parameters.find("InvocationType")) {
            std::string_view text = type->is_string() ? type->as_string() : std::string_view();
            if (text == "Event") invocation = InvocationType::Event;
            else if (text == "DryRun") invocation = InvocationType::DryRun;
            else if (text != "RequestResponse") {
                std::string value = type->is_string() ? std::string(text) : json::dump(*type);
                return TaskOutcome::failure(
                    "Lambda.AWSLambdaException",
                    "1 validation error detected: Value '" + value +
                        "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                        "[DryRun, RequestResponse, Event] (Service: AWSLambda; Status Code: 400; Error Code: "
                        "ValidationException; Request ID: " + options_.request_id() + "; Proxy: null)");
            }
        }
    } else if (resource.is_lambda_function()) {
        function_text = resource.arn;
        payload = json::dump(request.parameters);
    } else {
        return runtime_failure(request,
                               "stepwise cannot run this resource locally. Local code serves arn:aws:states:::lambda:invoke"
                               "[.waitForTaskToken] and arn:aws:lambda:REGION:ACCOUNT:function:NAME; mock this state in a "
                               "mock config test case instead");
    }

    std::string request_id = options_.request_id();
    std::string validation;
    auto ref = parse_function_name(function_text, &validation);
    if (!ref) {
        TaskOutcome o = TaskOutcome::failure(
            "Lambda.AWSLambdaException", validation + " (Service: AWSLambda; Status Code: 400; Error Code: ValidationException; Request ID: " +
                                             request_id + "; Proxy: null)");
        o.logs.push_back("stepwise: state '" + request.state_name + "': FunctionName '" + function_text + "' is not a Lambda function name or ARN");
        return o;
    }
    if (!qualifier.empty() && !ref->qualifier.empty() && qualifier != ref->qualifier) {
        return TaskOutcome::failure(
            "Lambda.InvalidParameterValueException",
            "The derived qualifier from the function name does not match the specified qualifier. (Service: AWSLambda; "
            "Status Code: 400; Error Code: InvalidParameterValueException; Request ID: " + request_id + "; Proxy: null)");
    }
    if (qualifier.empty()) qualifier = ref->qualifier;

    const FunctionConfig* function = project_->find(ref->name);
    if (!function) {
        aws::Scope scope = project_->scope();  // where the reference does not say
        if (!ref->region.empty()) scope.region = ref->region;
        if (!ref->account.empty()) scope.account = ref->account;
        std::string arn = aws::lambda_function_arn(scope, ref->name, qualifier.empty() ? "$LATEST" : qualifier);
        TaskOutcome o = function_not_found(arn, request_id);
        o.logs.push_back("stepwise: state '" + request.state_name + "' calls function '" + ref->name +
                         "', which the project does not define (functions: " + join(project_->function_names()) +
                         "). Add it under \"functions\" in stepwise.json, or fix the FunctionName / substitution.");
        return o;
    }

    if (invocation != InvocationType::RequestResponse) {
        if (invocation == InvocationType::Event) invoke_async(*function, payload, qualifier, request_id, request.state_name);
        LambdaInvokeMetadata meta;
        meta.request_id = request_id;
        meta.date = options_.http_date();
        meta.trace_id = options_.trace_id();
        TaskOutcome outcome = TaskOutcome::success(bodiless_invoke_result(invocation == InvocationType::Event ? 202 : 204, meta));
        if (resource.pattern == asl::IntegrationPattern::WaitForTaskToken) outcome.kind = TaskOutcome::Kind::Submitted;
        return outcome;
    }

    InvokeResult result = run(*function, payload, qualifier, request_id, request.timeout_seconds);
    TaskOutcome outcome;
    switch (result.status) {
        case InvokeResult::Status::Ok:
            if (service) {
                LambdaInvokeMetadata meta;
                meta.request_id = request_id;
                meta.executed_version = result.executed_version;
                meta.date = options_.http_date();
                meta.trace_id = options_.trace_id();
                outcome = TaskOutcome::success(lambda_invoke_result(result.payload, meta));
            } else if (auto parsed = json::try_parse(result.payload)) {
                outcome = TaskOutcome::success(std::move(*parsed));
            } else {
                outcome = TaskOutcome::success(json::Value(result.payload));
            }
            if (resource.pattern == asl::IntegrationPattern::WaitForTaskToken) outcome.kind = TaskOutcome::Kind::Submitted;
            break;
        case InvokeResult::Status::FunctionError:
            outcome = function_error_outcome(result.payload, service);
            break;
        case InvokeResult::Status::ServiceError:
            outcome = TaskOutcome::failure(result.error, result.cause);
            break;
        case InvokeResult::Status::StateTimedOut:
            outcome = TaskOutcome::timeout();
            break;
    }
    outcome.logs = std::move(result.logs);
    return outcome;
}

}  // namespace stepwise::tasks
