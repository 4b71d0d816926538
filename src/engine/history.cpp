#include "engine/history.h"

#include <cstdio>

#include "engine/timestamp.h"
#include "json/write.h"
#include "query/random.h"
#include "query/uuid.h"

namespace stepwise::engine {

uint64_t map_run_seed(std::string_view execution_arn, int64_t event_id) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : execution_arn) h = (h ^ c) * 1099511628211ULL;
    return h ^ (static_cast<uint64_t>(event_id) * 0x9E3779B97F4A7C15ULL);
}

std::string map_run_arn(const HistoryContext& context, const asl::State& map_state, int64_t started_event_id) {
    const auto& map = map_state.as<asl::MapState>();
    uint64_t state = map_run_seed(context.execution_arn, started_event_id);
    uint64_t high = query::splitmix64(state);
    uint64_t low = query::splitmix64(state);
    return context.map_run_arn_prefix + (map.label.empty() ? map.name : map.label) + ":" +
           query::format_uuid_v4(high, low);
}

std::string format_timestamp(int64_t ms) { return format_iso8601_ms(ms); }

std::string_view HistoryEvent::state_name() const {
    return state ? std::string_view(state->name) : std::string_view();
}

std::string HistoryEvent::type_name() const {
    switch (type) {
        case EventType::ExecutionStarted: return "ExecutionStarted";
        case EventType::ExecutionSucceeded: return "ExecutionSucceeded";
        case EventType::ExecutionFailed: return "ExecutionFailed";
        case EventType::ExecutionAborted: return "ExecutionAborted";
        case EventType::ExecutionTimedOut: return "ExecutionTimedOut";
        case EventType::StateEntered:
            return std::string(state ? asl::state_type_name(state->type) : "") + "StateEntered";
        case EventType::StateExited:
            return std::string(state ? asl::state_type_name(state->type) : "") + "StateExited";
        case EventType::TaskScheduled: return "TaskScheduled";
        case EventType::TaskStarted: return "TaskStarted";
        case EventType::TaskSubmitted: return "TaskSubmitted";
        case EventType::TaskSucceeded: return "TaskSucceeded";
        case EventType::TaskFailed: return "TaskFailed";
        case EventType::TaskTimedOut: return "TaskTimedOut";
        case EventType::TaskStateAborted: return "TaskStateAborted";
        case EventType::WaitStateAborted: return "WaitStateAborted";
        case EventType::LambdaFunctionScheduled: return "LambdaFunctionScheduled";
        case EventType::LambdaFunctionStarted: return "LambdaFunctionStarted";
        case EventType::LambdaFunctionSucceeded: return "LambdaFunctionSucceeded";
        case EventType::LambdaFunctionFailed: return "LambdaFunctionFailed";
        case EventType::LambdaFunctionTimedOut: return "LambdaFunctionTimedOut";
        case EventType::ParallelStateStarted: return "ParallelStateStarted";
        case EventType::ParallelStateSucceeded: return "ParallelStateSucceeded";
        case EventType::ParallelStateFailed: return "ParallelStateFailed";
        case EventType::ParallelStateAborted: return "ParallelStateAborted";
        case EventType::MapStateStarted: return "MapStateStarted";
        case EventType::MapStateSucceeded: return "MapStateSucceeded";
        case EventType::MapStateFailed: return "MapStateFailed";
        case EventType::MapStateAborted: return "MapStateAborted";
        case EventType::MapIterationStarted: return "MapIterationStarted";
        case EventType::MapIterationSucceeded: return "MapIterationSucceeded";
        case EventType::MapIterationFailed: return "MapIterationFailed";
        case EventType::MapIterationAborted: return "MapIterationAborted";
        case EventType::MapRunStarted: return "MapRunStarted";
        case EventType::MapRunSucceeded: return "MapRunSucceeded";
        case EventType::MapRunFailed: return "MapRunFailed";
        case EventType::MapRunAborted: return "MapRunAborted";
        case EventType::MapRunRedriven: return "MapRunRedriven";
        case EventType::EvaluationFailed: return "EvaluationFailed";
        case EventType::ExecutionRedriven: return "ExecutionRedriven";
        case EventType::ActivityScheduled: return "ActivityScheduled";
        case EventType::ActivityScheduleFailed: return "ActivityScheduleFailed";
        case EventType::ActivityStarted: return "ActivityStarted";
        case EventType::ActivitySucceeded: return "ActivitySucceeded";
        case EventType::ActivityFailed: return "ActivityFailed";
        case EventType::ActivityTimedOut: return "ActivityTimedOut";
    }
    return "Unknown";
}

namespace {

json::Value payload_string(const json::Value& v) { return json::Value(json::dump(v)); }

json::Value not_truncated() { return json::Object{{"truncated", false}}; }

void put_error(json::Object& details, const HistoryEvent& e) {
    if (e.error) details.set("error", *e.error);
    if (e.cause) details.set("cause", *e.cause);
}

}  // namespace

json::Value HistoryEvent::to_json(const HistoryContext& context) const {
    json::Object out;
    out.set("timestamp", json::Value(static_cast<double>(timestamp_ms) / 1000.0));
    out.set("type", type_name());
    out.set("id", json::Value(static_cast<long long>(id)));
    if (previous_id > 0 || type != EventType::ExecutionStarted)
        out.set("previousEventId", json::Value(static_cast<long long>(previous_id)));
    else
        out.set("previousEventId", json::Value(0));

    json::Object details;
    std::string key;
    const asl::Resource* resource =
        state && state->type == asl::StateType::Task ? &state->as<asl::TaskState>().resource : nullptr;
    auto task_common = [&](json::Object& d) {
        d.set("resourceType", resource ? resource->history_type() : std::string());
        d.set("resource", resource ? resource->history_name() : std::string());
    };
    switch (type) {
        case EventType::ExecutionStarted:
            key = "executionStartedEventDetails";
            details.set("input", payload_string(input));
            details.set("inputDetails", not_truncated());
            details.set("roleArn", context.role_arn);
            if (!context.alias_arn.empty()) details.set("stateMachineAliasArn", context.alias_arn);
            if (!context.version_arn.empty()) details.set("stateMachineVersionArn", context.version_arn);
            break;
        case EventType::ExecutionSucceeded:
            key = "executionSucceededEventDetails";
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            break;
        case EventType::ExecutionFailed:
            key = "executionFailedEventDetails";
            put_error(details, *this);
            break;
        case EventType::ExecutionAborted:
            key = "executionAbortedEventDetails";
            put_error(details, *this);
            break;
        case EventType::ExecutionTimedOut:
            key = "executionTimedOutEventDetails";
            put_error(details, *this);
            break;
        case EventType::ExecutionRedriven:
            key = "executionRedrivenEventDetails";
            details.set("redriveCount", json::Value(static_cast<long long>(redrive_count)));
            break;
        case EventType::StateEntered:
            key = "stateEnteredEventDetails";
            details.set("name", std::string(state_name()));
            details.set("input", payload_string(input));
            details.set("inputDetails", not_truncated());
            break;
        case EventType::StateExited:
            key = "stateExitedEventDetails";
            details.set("name", std::string(state_name()));
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            if (assigned.is_object()) {
                json::Object vars;
                for (const auto& m : assigned.as_object()) vars.set(m.name(), payload_string(m.value));
                details.set("assignedVariables", json::Value(std::move(vars)));
                details.set("assignedVariablesDetails", not_truncated());
            }
            break;
        case EventType::TaskScheduled:
            key = "taskScheduledEventDetails";
            task_common(details);
            details.set("region", context.region);
            details.set("parameters", payload_string(input));
            if (timeout_seconds) details.set("timeoutInSeconds", json::Value(static_cast<long long>(*timeout_seconds)));
            if (heartbeat_seconds)
                details.set("heartbeatInSeconds", json::Value(static_cast<long long>(*heartbeat_seconds)));
            break;
        case EventType::TaskStarted:
            key = "taskStartedEventDetails";
            task_common(details);
            break;
        case EventType::TaskSubmitted:
            key = "taskSubmittedEventDetails";
            task_common(details);
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            break;
        case EventType::TaskSucceeded:
            key = "taskSucceededEventDetails";
            task_common(details);
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            break;
        case EventType::TaskFailed:
            key = "taskFailedEventDetails";
            task_common(details);
            put_error(details, *this);
            break;
        case EventType::TaskTimedOut:
            key = "taskTimedOutEventDetails";
            task_common(details);
            put_error(details, *this);
            break;
        case EventType::LambdaFunctionScheduled:
            key = "lambdaFunctionScheduledEventDetails";
            details.set("resource", resource ? resource->arn : std::string());
            details.set("input", payload_string(input));
            details.set("inputDetails", not_truncated());
            if (timeout_seconds) details.set("timeoutInSeconds", json::Value(static_cast<long long>(*timeout_seconds)));
            break;
        case EventType::LambdaFunctionStarted:
            break;
        case EventType::LambdaFunctionSucceeded:
            key = "lambdaFunctionSucceededEventDetails";
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            break;
        case EventType::LambdaFunctionFailed:
            key = "lambdaFunctionFailedEventDetails";
            put_error(details, *this);
            break;
        case EventType::LambdaFunctionTimedOut:
            key = "lambdaFunctionTimedOutEventDetails";
            put_error(details, *this);
            break;
        case EventType::ActivityScheduled:
            key = "activityScheduledEventDetails";
            details.set("resource", resource ? resource->arn : std::string());
            details.set("input", payload_string(input));
            details.set("inputDetails", not_truncated());
            if (timeout_seconds) details.set("timeoutInSeconds", json::Value(static_cast<long long>(*timeout_seconds)));
            if (heartbeat_seconds)
                details.set("heartbeatInSeconds", json::Value(static_cast<long long>(*heartbeat_seconds)));
            break;
        case EventType::ActivityStarted:
            key = "activityStartedEventDetails";
            if (input.is_string()) details.set("workerName", input);
            break;
        case EventType::ActivitySucceeded:
            key = "activitySucceededEventDetails";
            details.set("output", payload_string(output));
            details.set("outputDetails", not_truncated());
            break;
        case EventType::ActivityScheduleFailed:
        case EventType::ActivityFailed:
        case EventType::ActivityTimedOut:
            key = type == EventType::ActivityScheduleFailed ? "activityScheduleFailedEventDetails"
                  : type == EventType::ActivityFailed       ? "activityFailedEventDetails"
                                                            : "activityTimedOutEventDetails";
            put_error(details, *this);
            break;
        case EventType::MapStateStarted:
            key = "mapStateStartedEventDetails";
            details.set("length", json::Value(static_cast<long long>(index < 0 ? 0 : index)));
            break;
        case EventType::MapIterationStarted:
        case EventType::MapIterationSucceeded:
        case EventType::MapIterationFailed:
        case EventType::MapIterationAborted:
            key = type == EventType::MapIterationStarted     ? "mapIterationStartedEventDetails"
                  : type == EventType::MapIterationSucceeded ? "mapIterationSucceededEventDetails"
                  : type == EventType::MapIterationFailed    ? "mapIterationFailedEventDetails"
                                                             : "mapIterationAbortedEventDetails";
            details.set("name", std::string(state_name()));
            details.set("index", json::Value(static_cast<long long>(index)));
            break;
        case EventType::MapRunStarted:
            key = "mapRunStartedEventDetails";
            details.set("mapRunArn", map_run_arn(context, *state, index));
            break;
        case EventType::MapRunRedriven:
            key = "mapRunRedrivenEventDetails";
            details.set("mapRunArn", map_run_arn(context, *state, index));
            details.set("redriveCount", json::Value(static_cast<long long>(redrive_count)));
            break;
        case EventType::MapRunFailed:
            key = "mapRunFailedEventDetails";
            put_error(details, *this);
            break;
        case EventType::EvaluationFailed:
            key = "evaluationFailedEventDetails";
            put_error(details, *this);
            if (location) details.set("location", *location);
            details.set("state", std::string(state_name()));
            break;
        default:
            break;
    }
    if (!key.empty()) out.set(key, json::Value(std::move(details)));
    return json::Value(std::move(out));
}

}  // namespace stepwise::engine
