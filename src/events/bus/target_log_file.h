// A local stand-in for a CloudWatch Logs target: target ARN
// arn:aws:logs:<region>:<account>:log-group:<name> appends each event, one JSON
// line, to <data dir>/logs/<name>.jsonl, flushed after every line.
#pragma once

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

// Appends `line` and a newline to `path`, creating directories; one writer at a time
// per process. Returns "" or the error.
std::string append_line(const std::string& path, const std::string& line);

class LogFileDelivery final : public TargetDelivery {
public:
    explicit LogFileDelivery(std::string path) : path_(std::move(path)) {}
    void deliver(const DeliveryRequest& request, DeliveryDone done) override;

private:
    std::string path_;
};

}  // namespace stepwise::events
