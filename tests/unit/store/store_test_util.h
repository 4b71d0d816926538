// Shared by the store tests: a fresh temporary directory, execution records.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "store/store.h"

namespace stepwise::store::testing {

// A directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("stepwise-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

inline ExecutionRecord execution(const std::string& name, int64_t start_ms,
                                 const std::string& machine = "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                                 const std::string& status = "RUNNING") {
    ExecutionRecord record;
    record.state_machine_arn = machine;
    record.name = name;
    record.arn = machine + ":" + name;
    record.arn.replace(record.arn.find(":stateMachine:"), 14, ":execution:");
    record.status = status;
    record.input = R"({"name":")" + name + R"("})";
    record.start_ms = start_ms;
    record.config = "{}";
    return record;
}

// The record with `entries` journal entries from `first_journal_seq` on.
inline AppendExecutionStep step(const ExecutionRecord& record, int64_t first_journal_seq = 0, int entries = 0) {
    AppendExecutionStep step{record, first_journal_seq, {}};
    for (int i = 0; i < entries; ++i)
        step.journal.push_back(R"({"seq":)" + std::to_string(first_journal_seq + i) + "}");
    return step;
}

}  // namespace stepwise::store::testing
