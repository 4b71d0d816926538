// --watch: notice when any of a set of files (or files below folders) changes.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace stepwise::cli {

class FileWatch {
public:
    // Files, and folders whose files (recursively, at most a few thousand) count.
    explicit FileWatch(std::vector<std::string> paths);
    // Blocks, polling, until something changed since the last call (or since
    // construction); returns the first changed path.
    std::string wait_for_change(int poll_ms = 250);

private:
    std::map<std::string, std::filesystem::file_time_type> snapshot() const;
    std::vector<std::string> paths_;
    std::map<std::string, std::filesystem::file_time_type> last_;
};

}  // namespace stepwise::cli
