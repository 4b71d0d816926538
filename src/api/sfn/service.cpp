#include "api/sfn/service.h"

#include <string_view>
#include <unordered_map>

#include "api/sfn/call.h"
#include "api/sfn/error.h"
#include "api/sfn/operations.h"
#include "json/parse.h"

namespace stepwise::api {

namespace {

const std::unordered_map<std::string_view, SfnOperation>& operations() {
    static const std::unordered_map<std::string_view, SfnOperation> table{
        {"CreateStateMachine", sfn::create_state_machine},
        {"DescribeStateMachine", sfn::describe_state_machine},
        {"UpdateStateMachine", sfn::update_state_machine},
        {"DeleteStateMachine", sfn::delete_state_machine},
        {"ListStateMachines", sfn::list_state_machines},
        {"DescribeStateMachineForExecution", sfn::describe_state_machine_for_execution},
        {"PublishStateMachineVersion", sfn::publish_state_machine_version},
        {"ListStateMachineVersions", sfn::list_state_machine_versions},
        {"DeleteStateMachineVersion", sfn::delete_state_machine_version},
        {"CreateStateMachineAlias", sfn::create_state_machine_alias},
        {"DescribeStateMachineAlias", sfn::describe_state_machine_alias},
        {"UpdateStateMachineAlias", sfn::update_state_machine_alias},
        {"DeleteStateMachineAlias", sfn::delete_state_machine_alias},
        {"ListStateMachineAliases", sfn::list_state_machine_aliases},
        {"StartExecution", sfn::start_execution},
        {"StartSyncExecution", sfn::start_sync_execution},
        {"DescribeExecution", sfn::describe_execution},
        {"ListExecutions", sfn::list_executions},
        {"StopExecution", sfn::stop_execution},
        {"RedriveExecution", sfn::redrive_execution},
        {"GetExecutionHistory", sfn::get_execution_history},
        {"SendTaskSuccess", sfn::send_task_success},
        {"SendTaskFailure", sfn::send_task_failure},
        {"SendTaskHeartbeat", sfn::send_task_heartbeat},
        {"CreateActivity", sfn::create_activity},
        {"DescribeActivity", sfn::describe_activity},
        {"DeleteActivity", sfn::delete_activity},
        {"ListActivities", sfn::list_activities},
        {"GetActivityTask", sfn::get_activity_task},
        {"ValidateStateMachineDefinition", sfn::validate_state_machine_definition},
        {"TestState", sfn::test_state},
        {"TagResource", sfn::tag_resource},
        {"UntagResource", sfn::untag_resource},
        {"ListTagsForResource", sfn::list_tags_for_resource},
        {"DescribeMapRun", sfn::describe_map_run},
        {"ListMapRuns", sfn::list_map_runs},
        {"UpdateMapRun", sfn::update_map_run},
    };
    return table;
}

// The request body as JSON; an empty body is an empty request ({}).
json::Value parse_body(const std::string& body) {
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) return json::Value(json::Object{});
    std::string error;
    auto value = json::try_parse(body, &error);
    if (!value) throw SfnError("SerializationException", error);
    return std::move(*value);
}

}  // namespace

StepFunctionsService::StepFunctionsService(store::Store& store, runtime::ExecutionHost& host, SfnOptions options)
    : shared_(std::make_unique<SfnShared>(store, host, std::move(options))) {}

StepFunctionsService::~StepFunctionsService() = default;

void StepFunctionsService::handle(Request request, Responder respond) {
    auto operation = operations().find(request.operation);
    if (operation == operations().end()) {
        respond(aws_error(400, "UnknownOperationException",
                          "The operation " + request.operation + " is not supported by stepwise"));
        return;
    }
    // An operation throws only before it answers (or hands `respond` to a
    // callback), so an error caught here is always the one answer.
    try {
        SfnCall call{*shared_, request, parse_body(request.body), respond};
        operation->second(call);
    } catch (const SfnError& error) {
        respond(aws_error(error.status(), error.type(), error.what()));
    } catch (const store::StoreError& error) {
        // Nothing was stored (a full disk, say): AWS's retryable 503.
        respond(aws_error(503, "ServiceUnavailable", error.what()));
    } catch (const std::exception& error) {
        respond(aws_error(500, "InternalFailure", error.what()));
    }
}

void StepFunctionsService::start_execution(const std::string& state_machine_arn, std::string input,
                                           std::function<void(std::string error)> done) {
    // Errors found before the host has `done` are thrown; the host's come to `done`.
    start_execution(state_machine_arn, std::nullopt, std::move(input), [done](runtime::StartResult result) {
        done(result.error ? result.error.type + ": " + result.error.message : "");
    });
}

void StepFunctionsService::start_execution(const std::string& state_machine_arn, const std::optional<std::string>& name,
                                           std::string input, std::function<void(runtime::StartResult)> done,
                                           std::function<void(const store::ExecutionRecord&)> on_end) {
    start_execution(state_machine_arn, name, std::move(input), std::move(done), std::move(on_end), {});
}

void StepFunctionsService::start_execution(const std::string& state_machine_arn, const std::optional<std::string>& name,
                                           std::string input, std::function<void(runtime::StartResult)> done,
                                           std::function<void(const store::ExecutionRecord&)> on_end,
                                           std::function<void(runtime::StartRequest&)> adjust) {
    // Errors found before the host has `done` are thrown; the host's come to `done`.
    try {
        sfn::start_execution_in_process(*shared_, state_machine_arn, name, std::move(input), done, std::move(on_end),
                                        std::move(adjust));
    } catch (const SfnError& error) {
        runtime::StartResult result;
        result.error = {error.type(), error.what()};
        done(std::move(result));
    } catch (const std::exception& error) {
        runtime::StartResult result;
        result.error = {"InternalFailure", error.what()};
        done(std::move(result));
    }
}

runtime::MachineResolver StepFunctionsService::resolver() {
    SfnShared* shared = shared_.get();
    return [shared](const std::string& definition_id) { return shared->definitions.machine(definition_id); };
}

tasks::map_run::MapRunRegistry& StepFunctionsService::map_runs() { return *shared_->map_runs; }

}  // namespace stepwise::api
