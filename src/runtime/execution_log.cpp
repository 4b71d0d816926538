#include "runtime/execution_log.h"

#include <algorithm>
#include <array>

namespace stepwise::runtime {

namespace {

// The table of https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
constexpr std::array<std::string_view, 3> kFatalEvents = {"ExecutionAborted", "ExecutionFailed", "ExecutionTimedOut"};
constexpr std::array<std::string_view, 20> kErrorEvents = {
    "ExecutionAborted",     "ExecutionFailed",      "ExecutionTimedOut",
    "FailStateEntered",     "LambdaFunctionFailed", "LambdaFunctionScheduleFailed",
    "LambdaFunctionStartFailed", "LambdaFunctionTimedOut", "MapIterationAborted",
    "MapIterationFailed",   "MapStateAborted",      "MapStateFailed",
    "ParallelStateAborted", "ParallelStateFailed",  "TaskFailed",
    "TaskStartFailed",      "TaskStateAborted",     "TaskSubmitFailed",
    "TaskTimedOut",         "WaitStateAborted"};

template <size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view type) {
    return std::find(list.begin(), list.end(), type) != list.end();
}

// What includeExecutionData: false leaves out of a record's details.
constexpr std::array<std::string_view, 4> kExecutionData = {"input", "inputDetails", "output", "outputDetails"};

}  // namespace

std::optional<LogLevel> log_level_named(std::string_view name) {
    if (name == "ALL") return LogLevel::All;
    if (name == "ERROR") return LogLevel::Error;
    if (name == "FATAL") return LogLevel::Fatal;
    if (name == "OFF") return LogLevel::Off;
    return std::nullopt;
}

std::string_view log_level_name(LogLevel level) {
    switch (level) {
        case LogLevel::All: return "ALL";
        case LogLevel::Error: return "ERROR";
        case LogLevel::Fatal: return "FATAL";
        case LogLevel::Off: break;
    }
    return "OFF";
}

bool logged_at(LogLevel level, std::string_view event_type) {
    switch (level) {
        case LogLevel::All: return true;
        case LogLevel::Error: return listed(kErrorEvents, event_type);
        case LogLevel::Fatal: return listed(kFatalEvents, event_type);
        case LogLevel::Off: break;
    }
    return false;
}

json::Value log_record(const engine::HistoryEvent& event, const engine::HistoryContext& context,
                       int64_t redrive_count, bool include_execution_data) {
    json::Value history = event.to_json(context);
    json::Object record;
    record.set("id", std::to_string(event.id));
    record.set("type", event.type_name());
    for (const json::Member& member : history.as_object()) {
        if (!std::string_view(member.name()).ends_with("EventDetails") || !member.value.is_object()) continue;
        json::Object details = member.value.as_object();
        if (!include_execution_data)
            for (std::string_view key : kExecutionData) details.erase(key);
        record.set("details", json::Value(std::move(details)));
    }
    record.set("previous_event_id", std::to_string(event.previous_id));
    record.set("event_timestamp", std::to_string(event.timestamp_ms));
    record.set("execution_arn", context.execution_arn);
    record.set("redrive_count", std::to_string(redrive_count));
    return json::Value(std::move(record));
}

}  // namespace stepwise::runtime
