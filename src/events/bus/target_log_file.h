// A CloudWatch Logs target, arn:aws:logs:<region>:<account>:log-group:<name>:
// each delivery's log message, one line, appended to <data dir>/logs/<name>.jsonl
// (flushed after every line); or, with an endpoint configured for CloudWatch
// Logs (TargetCallbacks::call_service), CreateLogStream (the event's id names
// the stream) then PutLogEvents of the message and its timestamp.
// The message is the input, unless the input is an object of "timestamp" and
// "message" (what an InputTransformer for a log group makes): then those.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "events/bus/target_delivery.h"

namespace stepwise::events {

// "<name>" of a log-group ARN (a trailing ":*" dropped; '/' kept as
// subdirectories), nullopt for other ARNs.
std::optional<std::string> log_group_name(const std::string& arn);
// <data dir>/logs/<name>.jsonl
std::string log_group_file(const std::string& data_dir, const std::string& group_name);

// Appends `line` and a newline to `path` in one write (O_APPEND), creating
// directories; one writer at a time per process. Returns "" or the error.
std::string append_line(const std::string& path, const std::string& line);

// The log event a delivery makes: its message and timestamp (Unix ms).
struct LogEvent {
    std::string message;
    int64_t timestamp_ms = 0;
};
LogEvent log_event_of(const DeliveryRequest& request);

class LogFileDelivery final : public TargetDelivery {
public:
    LogFileDelivery(std::string path, TargetCallbacks callbacks)
        : path_(std::move(path)), callbacks_(std::move(callbacks)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override;

private:
    std::string path_;
    TargetCallbacks callbacks_;
};

}  // namespace stepwise::events
