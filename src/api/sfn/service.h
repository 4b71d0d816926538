// The AWS Step Functions API (`X-Amz-Target: AWSStepFunctions.<Operation>`)
// over the store and the execution host: what `stepwise serve` answers.
//
//   store::Store& store = ...;
//   runtime::ExecutionHost host(store, api::make_machine_resolver(store), host_options);
//   api::StepFunctionsService sfn(store, host, {.scope = {"123456789012", "us-east-1"}});
//   sfn.handle(request, [](api::Response response) { ... });   // request.service == "AWSStepFunctions"
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/request.h"
#include "aws/scope.h"
#include "runtime/execution_host.h"
#include "store/store.h"
#include "tasks/map_run/map_run_registry.h"

namespace stepwise::api {

struct SfnOptions {
    aws::Scope scope;  // used where a request names no region or account
    // Once DeleteStateMachine is stored (with the documents it deletes,
    // `machine_documents`): what else keeps the machine's ARN forgets it.
    std::vector<std::string_view> machine_documents;  // kinds of documents with id = the machine's ARN
    std::function<void(const std::string& machine_arn)> machine_deleted;
    // What DescribeMapRun, ListMapRuns and UpdateMapRun answer from: the
    // shell's registry, which its Map Run coordinator reports to (null: the
    // service makes one of its own).
    std::shared_ptr<tasks::map_run::MapRunRegistry> map_runs;
};

struct SfnShared;

class StepFunctionsService {
public:
    StepFunctionsService(store::Store& store, runtime::ExecutionHost& host, SfnOptions options);
    ~StepFunctionsService();
    StepFunctionsService(const StepFunctionsService&) = delete;
    StepFunctionsService& operator=(const StepFunctionsService&) = delete;

    // Answers one call (exactly once, possibly later from a host thread):
    // the operation's result, or an AWS error document.
    void handle(Request request, Responder respond);

    // StartExecution for a caller in this process (an EventBridge rule's
    // state machine target): the API's checks on the ARN and the input, with
    // a generated name. `done` gets "" once the start is stored, else
    // "<AWS error type>: <message>" (possibly on a host thread).
    void start_execution(const std::string& state_machine_arn, std::string input,
                         std::function<void(std::string error)> done);
    // The same with a name, for a Task (states:startExecution): `done` gets
    // the host's answer, or the API's error in `result.error`.
    // `on_end` (optional) gets the execution's record when it ends.
    void start_execution(const std::string& state_machine_arn, const std::optional<std::string>& name,
                         std::string input, std::function<void(runtime::StartResult)> done,
                         std::function<void(const store::ExecutionRecord&)> on_end = {});
    // The same, for the web page's debugger: `adjust` sees the checked
    // request (its machine resolved) before the host starts it (breakpoints).
    void start_execution(const std::string& state_machine_arn, const std::optional<std::string>& name,
                         std::string input, std::function<void(runtime::StartResult)> done,
                         std::function<void(const store::ExecutionRecord&)> on_end,
                         std::function<void(runtime::StartRequest&)> adjust);

    // Definition id -> compiled machine, cached (thread-safe); the same ids
    // this service passes in runtime::StartRequest::definition_id.
    runtime::MachineResolver resolver();

    // The Map Runs this service answers about (SfnOptions::map_runs, or its own).
    tasks::map_run::MapRunRegistry& map_runs();

private:
    std::unique_ptr<SfnShared> shared_;
};

}  // namespace stepwise::api
