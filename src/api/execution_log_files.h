// Where `stepwise serve` puts what AWS would send to CloudWatch Logs for the
// executions of a state machine with a loggingConfiguration
// (runtime/execution_log.h): DATA_DIR/logs/<log group name>.jsonl, one record a
// line, beside the EventBridge log-group targets' files. A write that fails (a
// full disk) loses those records and is told on stderr once; executions go on.
#pragma once

#include <atomic>
#include <string>

namespace stepwise::api {

class ExecutionLogFiles {
public:
    explicit ExecutionLogFiles(std::string data_dir) : data_dir_(std::move(data_dir)) {}
    // `lines`: records, one a line (runtime::HostOptions::write_log).
    void write(const std::string& log_group, const std::string& lines);

private:
    std::string data_dir_;
    std::atomic<bool> told_failure_{false};
};

}  // namespace stepwise::api
