// StartExecution, StartSyncExecution, DescribeExecution, ListExecutions,
// StopExecution, RedriveExecution.
#include <algorithm>

#include "api/sfn/definition_check.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/execution_json.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/mock_test_case.h"
#include "api/sfn/names.h"
#include "api/sfn/operations.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

namespace {

const TextRule kArnRule = rule::required(1, 256);

// Everything StartExecution and StartSyncExecution check before the host runs
// the execution.
struct StartPlan {
    runtime::StartRequest request;
    std::string machine_type;
};

constexpr size_t kMaxInput = 262144;

// The checks after the request's fields: the machine (and mock test case) the
// ARN names, the name, the input (parsed here, once).
StartPlan plan_start(SfnShared& shared, const std::string& arn_text, const std::optional<std::string>& name,
                     std::string input_text, std::string trace_header = "") {
    // "<machine>#<TestCase>" selects a mock test case, as AWS Step Functions
    // Local does; a bare trailing '#' runs unmocked.
    std::string machine_text = arn_text;
    std::string test_case;
    if (auto hash = machine_text.find('#'); hash != std::string::npos) {
        test_case = machine_text.substr(hash + 1);
        machine_text.resize(hash);
    }
    ResolvedMachine resolved = resolve_machine(shared, machine_text);
    if (!test_case.empty()) check_mock_test_case(shared.host, resolved.arn.name, test_case);
    if (name && !valid_resource_name(*name)) throw invalid_name(*name);
    std::string parse_error;
    auto input = json::try_parse(input_text, &parse_error);
    if (!input)
        throw SfnError("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + parse_error + "'");
    auto machine = shared.definitions.machine(resolved.definition_id);
    if (!machine) throw state_machine_does_not_exist(machine_text);

    StartPlan plan;
    plan.machine_type = text_of(resolved.machine, "type");
    auto& request = plan.request;
    request.machine = std::move(machine);
    request.definition_id = resolved.definition_id;
    request.state_machine_arn = resolved.arn.machine_arn;
    if (auto arn = parse_arn(resolved.arn.machine_arn)) request.scope = {arn->account, arn->region};
    request.state_machine_name = resolved.arn.name;
    request.version_arn = resolved.version_arn;
    request.alias_arn = resolved.alias_arn;
    request.name = name ? *name : random_uuid();
    request.input = runtime::ExecutionInput{std::move(*input), std::move(input_text)};
    request.role_arn = text_of(resolved.machine, "roleArn");
    request.trace_header = std::move(trace_header);
    request.express = plan.machine_type == "EXPRESS";
    request.test_case = std::move(test_case);
    request.logging = execution_logging(resolved.machine.find("loggingConfiguration"));
    return plan;
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html#StepFunctions-StartExecution-request-traceHeader
// (0 to 256 characters of \p{ASCII}*)
std::optional<std::string> trace_header_of(Fields& fields) {
    auto header = fields.text("traceHeader", rule::optional(0, 256));
    if (header && std::any_of(header->begin(), header->end(), [](char c) { return static_cast<unsigned char>(c) > 0x7f; }))
        fields.violation("traceHeader", "'" + *header + "'",
                         "Member must satisfy regular expression pattern: \\p{ASCII}*");
    return header;
}

// StartExecution and StartSyncExecution (`included`: StartSyncExecution's includedData).
StartPlan plan_start(SfnCall& call, IncludedData* included = nullptr) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", kArnRule);
    auto name = fields.text("name", rule::optional(1, 80));
    auto input = fields.text("input", rule::optional(0, kMaxInput));
    auto trace_header = trace_header_of(fields);
    if (included) *included = included_data_of(fields);
    fields.check();
    return plan_start(call.shared, *arn_text, name, input.value_or("{}"), trace_header.value_or(""));
}

std::string checked_execution_arn(Fields& fields) {
    auto arn = fields.text("executionArn", kArnRule);
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    return *arn;
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
void start_execution(SfnCall& call) {
    StartPlan plan = plan_start(call);
    call.shared.host.start(std::move(plan.request), [respond = call.responder](runtime::StartResult result) {
        if (result.error) return respond(sfn_error(result.error.type, result.error.message));
        respond(sfn_ok(json::Object{{"executionArn", result.execution_arn},
                                    {"startDate", epoch_seconds(result.start_ms)}}));
    });
}

void start_execution_in_process(SfnShared& shared, const std::string& state_machine_arn,
                                const std::optional<std::string>& name, std::string input,
                                std::function<void(runtime::StartResult)> done,
                                std::function<void(const store::ExecutionRecord&)> on_end,
                                std::function<void(runtime::StartRequest&)> adjust) {
    if (input.size() > kMaxInput)
        throw SfnError("ValidationException", "the input is longer than " + std::to_string(kMaxInput) + " bytes");
    StartPlan plan = plan_start(shared, state_machine_arn, name, std::move(input));
    plan.request.on_end = std::move(on_end);
    if (adjust) adjust(plan.request);
    shared.host.start(std::move(plan.request), std::move(done));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
void start_sync_execution(SfnCall& call) {
    IncludedData included = IncludedData::All;
    StartPlan plan = plan_start(call, &included);
    if (plan.machine_type != "EXPRESS")
        throw SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
    call.shared.host.start_sync(std::move(plan.request), [respond = call.responder, included](runtime::SyncResult result) {
        if (result.error) return respond(sfn_error(result.error.type, result.error.message));
        respond(sfn_ok(sync_execution_json(result.record, result.billed_duration_ms, included)));
    });
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
void describe_execution(SfnCall& call) {
    Fields fields(call.body);
    IncludedData included = included_data_of(fields);
    std::string arn = checked_execution_arn(fields);
    auto record = call.shared.store.get_execution(arn);
    if (!record) throw execution_does_not_exist(arn);
    call.answer(describe_execution_json(*record, wall_clock_ms(), included));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
void list_executions(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", rule::optional(1, 256));
    auto status = fields.text("statusFilter", rule::one_of({"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"}));
    auto max_results = fields.integer("maxResults", 0, 1000);
    auto token = fields.text("nextToken", rule::optional(1, 3096));
    auto map_run = fields.text("mapRunArn", rule::optional(1, 2000));
    auto redrive = fields.text("redriveFilter", rule::one_of({"REDRIVEN", "NOT_REDRIVEN"}));
    fields.check();
    if (!arn_text && !map_run)
        throw SfnError("ValidationException", "Must provide a StateMachine ARN or MapRun ARN");
    if (arn_text && map_run)
        throw SfnError("ValidationException", "Only one of StateMachine ARN or MapRun ARN can be provided");
    store::ExecutionFilter filter;
    if (map_run) {
        // A Distributed Map's children; the run may have ended, but its record stays.
        if (auto problem = resource_arn_problem(*map_run, "mapRun"); !problem.empty()) throw invalid_arn(problem);
        if (!call.shared.map_runs->describe(*map_run)) throw resource_not_found(*map_run);
        filter.map_run_arn = *map_run;
    } else {
        auto arn = parse_state_machine_arn(*arn_text);
        json::Value machine = load_state_machine(call.shared, arn.machine_arn, *arn_text);
        if (text_of(machine, "type") == "EXPRESS")
            throw SfnError("StateMachineTypeNotSupported",
                           "This operation is not supported by this type of state machine");
        filter.state_machine_arn = arn.machine_arn;
        if (arn.is_version()) filter.version_arn = *arn_text;
        if (arn.is_alias()) filter.alias_arn = *arn_text;
    }
    filter.status = status.value_or("");
    std::string cursor = token ? read_page_token("executions", *token) : "";
    store::ExecutionPage page;
    try {
        page = call.shared.store.list_executions(filter, page_size(max_results), cursor);
    } catch (const store::InvalidCursor&) {
        throw SfnError("InvalidToken", "Invalid Token: '" + *token + "'");
    }

    json::Array executions;
    for (const auto& record : page.executions) {
        if (redrive && (*redrive == "REDRIVEN") != (record.redrive_count > 0)) continue;
        executions.push_back(execution_list_item(record));
    }
    json::Object answer{{"executions", json::Value(std::move(executions))}};
    if (!page.next_cursor.empty()) answer.set("nextToken", make_page_token("executions", page.next_cursor));
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html
void stop_execution(SfnCall& call) {
    Fields fields(call.body);
    auto error = fields.text("error", rule::optional(0, 256));
    auto cause = fields.text("cause", rule::optional(0, 32768));
    std::string arn = checked_execution_arn(fields);
    if (!call.shared.store.get_execution(arn)) throw execution_does_not_exist(arn);
    call.shared.host.stop(arn, error, cause, [respond = call.responder](runtime::HostError failure, int64_t stop_ms) {
        if (failure) return respond(sfn_error(failure.type, failure.message));
        respond(sfn_ok(json::Object{{"stopDate", epoch_seconds(stop_ms)}}));
    });
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html
void redrive_execution(SfnCall& call) {
    Fields fields(call.body);
    fields.text("clientToken", rule::optional(1, 64));
    std::string arn = checked_execution_arn(fields);
    if (!call.shared.store.get_execution(arn)) throw execution_does_not_exist(arn);
    call.shared.host.redrive(arn, [respond = call.responder](runtime::HostError failure, int64_t redrive_ms) {
        if (failure) return respond(sfn_error(failure.type, failure.message));
        respond(sfn_ok(json::Object{{"redriveDate", epoch_seconds(redrive_ms)}}));
    });
}

}  // namespace stepwise::api::sfn
