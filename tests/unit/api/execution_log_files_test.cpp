// Execution log files under serve: DATA_DIR/logs/<group>.jsonl, appended; a
// write that fails is told on stderr once, and nothing throws.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/execution_log_files.h"

namespace stepwise::api {
namespace {

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ExecutionLogFiles, AppendsToTheLogGroupsFile) {
    auto dir = std::filesystem::temp_directory_path() / ("stepwise-logs-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    ExecutionLogFiles files(dir.string());
    files.write("aws/vendedlogs/states/orders", R"({"id":"1"})" "\n" R"({"id":"2"})");
    files.write("aws/vendedlogs/states/orders", R"({"id":"3"})");
    EXPECT_EQ(read(dir / "logs/aws/vendedlogs/states/orders.jsonl"), "{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\":\"3\"}\n");
    std::filesystem::remove_all(dir);
}

TEST(ExecutionLogFiles, AFailedWriteIsToldOnceAndGoesOn) {
    ExecutionLogFiles files("/dev/null/not-a-directory");
    ::testing::internal::CaptureStderr();
    files.write("orders", R"({"id":"1"})");
    files.write("orders", R"({"id":"2"})");
    std::string told = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(told.find("execution logs are not being written"), std::string::npos) << told;
    EXPECT_EQ(told.find("execution logs", told.find("execution logs") + 1), std::string::npos) << told;
}

}  // namespace
}  // namespace stepwise::api
