// runtime::run with breakpoints: RunOptions::on_pause answers the root
// execution's pauses on the run loop's thread.
#include <gtest/gtest.h>

#include "asl/compile.h"
#include "json/parse.h"
#include "runtime/run.h"

using namespace stepwise;

namespace {

class Echo : public tasks::Executor {
public:
    std::vector<json::Value> seen;
    tasks::TaskOutcome invoke(const tasks::TaskRequest& r) override {
        seen.push_back(r.parameters);
        return tasks::TaskOutcome::success(r.parameters);
    }
};

constexpr const char* kMachine = R"({"StartAt": "W", "States": {
    "W": {"Type": "Wait", "Seconds": 60, "Next": "T"},
    "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";

std::shared_ptr<const asl::Machine> machine() {
    auto r = asl::compile(std::string_view(kMachine));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

}  // namespace

TEST(RunDebug, StepsAndEditsTheInputOnTheVirtualClock) {
    Echo echo;
    runtime::RunOptions o;
    o.start_time_ms = 1700000000000;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->pause_at_start = true;
    o.debug = debug;
    std::vector<std::string> paused;
    o.on_pause = [&](const engine::Pause& p) -> std::optional<engine::Resume> {
        paused.push_back(p.state->name);
        engine::Resume r;
        r.step = true;
        if (p.state->name == "T") r.input = json::parse(R"({"edited": true})");
        return r;
    };
    auto r = runtime::run(machine(), json::parse(R"({"x": 1})"), echo, o);
    ASSERT_EQ(r.status, engine::Status::Succeeded);
    EXPECT_EQ(paused, (std::vector<std::string>{"W", "T"}));
    ASSERT_EQ(echo.seen.size(), 1u);
    EXPECT_EQ(echo.seen[0], json::parse(R"({"edited": true})"));
    EXPECT_EQ(r.elapsed_ms(), 60 * 1000);  // pauses take no virtual time
}

TEST(RunDebug, QuittingAbortsTheExecution) {
    Echo echo;
    runtime::RunOptions o;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints.push_back({"T", false});
    o.debug = debug;
    o.on_pause = [](const engine::Pause&) -> std::optional<engine::Resume> { return std::nullopt; };
    auto r = runtime::run(machine(), json::parse("{}"), echo, o);
    EXPECT_EQ(r.status, engine::Status::Aborted);
    EXPECT_TRUE(echo.seen.empty());
}
