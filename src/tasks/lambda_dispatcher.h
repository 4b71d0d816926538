// Serves Lambda Task states with local code: the task router's LocalFunction
// route (tasks/task_router.h).
//
//   auto project = std::make_shared<tasks::ProjectConfig>(tasks::ProjectConfig::load("stepwise.json"));
//   auto lambdas = std::make_shared<tasks::LambdaDispatcher>(project);  // one per process: workers stay warm
//   router_options.functions = lambdas;
//
// Resources served:
//   arn:aws:states:::lambda:invoke                   Parameters {FunctionName, Payload, Qualifier?}
//                                                    -> {ExecutedVersion, Payload, SdkHttpMetadata, ...}
//   arn:aws:states:::lambda:invoke.waitForTaskToken  invokes the same way; a successful invocation
//                                                    returns a Submitted outcome (the result comes by the token)
//   InvocationType (lambda:invoke): RequestResponse (the default) waits for the function;
//     Event starts it on a thread of its own and answers at once (StatusCode 202, Payload ""),
//     an Event invocation that fails prints its error and logs to stderr (the Task already
//     succeeded, so no trace holds it); DryRun does not run the function (StatusCode 204).
//   arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
//                                                    the effective input is the event; the result is
//                                                    the function's response itself
// FunctionName may be a name, name:qualifier, 123456789012:function:name[:q]
// or a full ARN. Errors are AWS's (see docs/stepwise-json.md for the table).
// Thread-safe; invoke() blocks until the function answers or times out (an Event
// invocation returns at once).
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "tasks/function_runner.h"
#include "tasks/project_config.h"
#include "tasks/task.h"

namespace stepwise::tasks {

struct DispatcherOptions {
    // Hooks for reproducible output (tests, golden traces); defaults are random / the clock.
    std::function<std::string()> request_id;  // Lambda request ids
    std::function<std::string()> http_date;   // the Date header of lambda:invoke results
    std::function<std::string()> trace_id;    // the X-Amzn-Trace-Id header
};

class LambdaDispatcher : public Executor {
public:
    explicit LambdaDispatcher(std::shared_ptr<const ProjectConfig> project, DispatcherOptions options = {});
    ~LambdaDispatcher() override;

    TaskOutcome invoke(const TaskRequest& request) override;

    // True when the call names a function the project defines (the task
    // router sends the others to a configured Lambda endpoint, if any).
    bool defines(const TaskRequest& request) const;

    // Invokes a configured function directly (the Lambda Invoke API's view):
    // `payload` is the event JSON text. For tests, benchmarks and `stepwise
    // invoke`-style tools.
    InvokeResult invoke_function(const std::string& function_name, const std::string& payload,
                                 const std::string& qualifier = {});

    // Waits for the Event (asynchronous) invocations still running; the destructor does too.
    void wait_async();

    // Starts the named functions' workers at once, so their cold starts
    // overlap instead of adding up one Task after another. Unknown names are skipped.
    void prewarm(const std::vector<std::string>& function_names);

    // The runner of a function (created on first use); nullptr when unknown.
    FunctionRunner* runner(const std::string& function_name);

    const ProjectConfig& project() const { return *project_; }

private:
    TaskOutcome invoke_unguarded(const TaskRequest& request);
    InvokeResult run(const FunctionConfig& function, const std::string& payload, const std::string& qualifier,
                     const std::string& request_id, std::optional<double> state_timeout);
    void invoke_async(const FunctionConfig& function, std::string payload, std::string qualifier,
                      std::string request_id, std::string state_name);

    std::shared_ptr<const ProjectConfig> project_;
    DispatcherOptions options_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<FunctionRunner>> runners_;
    std::mutex async_mutex_;
    std::condition_variable async_done_;
    int async_running_ = 0;
};

}  // namespace stepwise::tasks
