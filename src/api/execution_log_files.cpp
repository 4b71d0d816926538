#include "api/execution_log_files.h"

#include <iostream>

#include "events/bus/target_log_file.h"

namespace stepwise::api {

void ExecutionLogFiles::write(const std::string& log_group, const std::string& lines) {
    std::string error = events::append_line(events::log_group_file(data_dir_, log_group), lines);
    if (error.empty() || told_failure_.exchange(true)) return;
    std::cerr << "stepwise serve: execution logs are not being written (" << error
              << "); executions go on without them\n";
}

}  // namespace stepwise::api
