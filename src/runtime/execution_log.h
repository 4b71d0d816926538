// Execution logging: what AWS sends to CloudWatch Logs for an execution whose
// state machine has a loggingConfiguration. Each history event that the
// level lets through becomes one record, as
//   {"id": "3", "type": "TaskFailed", "details": {...}, "previous_event_id": "2",
//    "event_timestamp": "1700000000123", "execution_arn": "...", "redrive_count": "0"}
// where `details` is the event's "<x>EventDetails" object, less its input and
// output unless includeExecutionData is true.
// https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
// https://docs.aws.amazon.com/step-functions/latest/dg/cloudwatch-log-level.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/history.h"
#include "json/value.h"

namespace stepwise::runtime {

enum class LogLevel { Off, All, Error, Fatal };

// "ALL", "ERROR", "FATAL", "OFF"; nullopt for anything else.
std::optional<LogLevel> log_level_named(std::string_view name);
std::string_view log_level_name(LogLevel level);

// An execution's logging, from its state machine's loggingConfiguration.
struct ExecutionLogging {
    LogLevel level = LogLevel::Off;
    bool include_execution_data = false;
    std::string log_group;  // the name in the destination's log-group ARN

    bool on() const { return level != LogLevel::Off && !log_group.empty(); }
};

// Whether `level` logs history events of type `event_type` ("TaskFailed", ...).
bool logged_at(LogLevel level, std::string_view event_type);

// The record of one history event of the execution `context` names, whose
// redrive count was `redrive_count` when the event happened.
json::Value log_record(const engine::HistoryEvent& event, const engine::HistoryContext& context,
                       int64_t redrive_count, bool include_execution_data);

}  // namespace stepwise::runtime
