#include "api/sfn/execution_json.h"

#include <string_view>

#include "api/sfn/ids.h"
#include "json/parse.h"

namespace stepwise::api {

namespace {

constexpr int64_t kRedrivablePeriodMs = 14LL * 24 * 3600 * 1000;

json::Value included() { return json::Object{{"included", true}}; }

bool is_express(const store::ExecutionRecord& record) {
    return record.arn.find(":express:") != std::string::npos;
}

// The identifying members every execution view starts with.
json::Object identity(const store::ExecutionRecord& record) {
    return json::Object{{"executionArn", record.arn},
                        {"stateMachineArn", record.state_machine_arn},
                        {"name", record.name},
                        {"status", record.status},
                        {"startDate", epoch_seconds(record.start_ms)}};
}

void add_qualifiers(json::Object& out, const store::ExecutionRecord& record) {
    if (!record.version_arn.empty()) out.set("stateMachineVersionArn", record.version_arn);
    if (!record.alias_arn.empty()) out.set("stateMachineAliasArn", record.alias_arn);
}

// A Distributed Map's child names its Map Run. Only ListExecutions by
// mapRunArn lists children, so its items have mapRunArn and itemCount exactly then.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionListItem.html
void add_map_run(json::Object& out, const store::ExecutionRecord& record, bool with_item_count) {
    if (record.map_run_arn.empty()) return;
    out.set("mapRunArn", record.map_run_arn);
    if (with_item_count) out.set("itemCount", record.item_count);
}

void add_outcome(json::Object& out, const store::ExecutionRecord& record, IncludedData data) {
    if (record.stop_ms) out.set("stopDate", epoch_seconds(*record.stop_ms));
    if (data == IncludedData::All) {
        out.set("input", record.input);
        out.set("inputDetails", included());
        if (record.output) {
            out.set("output", *record.output);
            out.set("outputDetails", included());
        }
    }
    if (record.error) out.set("error", *record.error);
    if (record.cause) out.set("cause", *record.cause);
}

// StartExecution's traceHeader, kept in the record's config by the host.
void add_trace_header(json::Object& out, const store::ExecutionRecord& record) {
    auto config = json::try_parse(record.config);
    if (!config || !config->is_object()) return;
    if (const json::Value* header = config->find("traceHeader"); header && header->is_string())
        out.set("traceHeader", *header);
}

}  // namespace

json::Value describe_execution_json(const store::ExecutionRecord& record, int64_t now_ms, IncludedData data) {
    json::Object out = identity(record);
    add_outcome(out, record, data);
    add_trace_header(out, record);
    add_qualifiers(out, record);
    add_map_run(out, record, false);
    if (is_express(record)) return json::Value(std::move(out));
    out.set("redriveCount", record.redrive_count);
    if (record.redrive_ms) out.set("redriveDate", epoch_seconds(*record.redrive_ms));
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html#StepFunctions-DescribeExecution-response-redriveStatusReason
    std::string reason;
    if (record.status == "RUNNING" || record.status == "SUCCEEDED")
        reason = "Execution is " + record.status + " and cannot be redriven";
    else if (record.stop_ms && now_ms - *record.stop_ms > kRedrivablePeriodMs)
        reason = "Execution redrivable period exceeded";
    out.set("redriveStatus", reason.empty() ? "REDRIVABLE" : "NOT_REDRIVABLE");
    if (!reason.empty()) out.set("redriveStatusReason", reason);
    return json::Value(std::move(out));
}

json::Value execution_list_item(const store::ExecutionRecord& record) {
    json::Object out = identity(record);
    if (record.stop_ms) out.set("stopDate", epoch_seconds(*record.stop_ms));
    add_qualifiers(out, record);
    add_map_run(out, record, true);
    if (!is_express(record)) {
        out.set("redriveCount", record.redrive_count);
        if (record.redrive_ms) out.set("redriveDate", epoch_seconds(*record.redrive_ms));
    }
    return json::Value(std::move(out));
}

json::Value sync_execution_json(const store::ExecutionRecord& record, int64_t billed_duration_ms, IncludedData data) {
    json::Object out = identity(record);
    add_outcome(out, record, data);
    add_trace_header(out, record);
    // Express executions are billed in 64 MB steps of memory.
    out.set("billingDetails", json::Object{{"billedMemoryUsedInMB", 64},
                                           {"billedDurationInMilliseconds", billed_duration_ms}});
    return json::Value(std::move(out));
}

}  // namespace stepwise::api
