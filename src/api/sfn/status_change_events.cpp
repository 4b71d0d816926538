#include "api/sfn/status_change_events.h"

#include "events/bus/event.h"

namespace stepwise::api {

namespace {

json::Value optional_text(const std::optional<std::string>& text) {
    return text ? json::Value(*text) : json::Value();
}

json::Value optional_ms(const std::optional<int64_t>& ms) {
    return ms ? json::Value(static_cast<long long>(*ms)) : json::Value();
}

json::Value included() {
    json::Object o;
    o.set("included", json::Value(true));
    return json::Value(std::move(o));
}

}  // namespace

json::Value execution_status_change_event(const store::ExecutionRecord& r, const aws::Scope& scope,
                                          const std::string& event_id, int64_t now_ms) {
    json::Object detail;
    detail.set("executionArn", r.arn);
    detail.set("stateMachineArn", r.state_machine_arn);
    detail.set("name", r.name);
    detail.set("status", r.status);
    detail.set("startDate", json::Value(static_cast<long long>(r.start_ms)));
    detail.set("stopDate", optional_ms(r.stop_ms));
    detail.set("input", r.input);
    detail.set("output", optional_text(r.output));
    detail.set("inputDetails", included());
    detail.set("outputDetails", r.output ? included() : json::Value());
    detail.set("error", optional_text(r.error));
    detail.set("cause", optional_text(r.cause));
    detail.set("redriveCount", json::Value(static_cast<long long>(r.redrive_count)));
    detail.set("redriveDate", optional_ms(r.redrive_ms));
    if (!r.version_arn.empty()) detail.set("stateMachineVersionArn", r.version_arn);
    if (!r.alias_arn.empty()) detail.set("stateMachineAliasArn", r.alias_arn);
    return events::make_event(event_id, "Step Functions Execution Status Change", "aws.states", scope.account, scope.region, now_ms,
                              {r.arn}, json::Value(std::move(detail)));
}

}  // namespace stepwise::api
