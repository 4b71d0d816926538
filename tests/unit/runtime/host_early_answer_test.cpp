// A SendTaskSuccess that reaches a task before its integration's call has
// answered waits for that answer (so TaskSubmitted comes first); if the task
// ends meanwhile, the held SendTaskSuccess is still answered.
#include <future>
#include <mutex>

#include "host_fixture.h"

namespace stepwise::host_test {
namespace {

struct Held : tasks::Integration {
    std::mutex m;
    std::vector<tasks::TaskDone> dones;
    bool serves(const asl::Resource& r) const override { return r.arn.find("sqs:sendMessage") != std::string::npos; }
    tasks::TaskCancel start(const tasks::TaskRequest&, tasks::TaskDone done) override {
        std::lock_guard l(m);
        dones.push_back(std::move(done));
        return {};
    }
};

const char* kTimed = R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "TimeoutSeconds": 1,
          "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}}, "End": true}}})";

TEST(HostEarlyAnswer, AHeldAnswerIsAnsweredWhenTheTaskTimesOut) {
    Fixture f;
    auto held = std::make_shared<Held>();
    runtime::HostOptions o;
    o.router.integrations.push_back(held);
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto started = f.start(host, f.request("d", kTimed, "e1"));
    ASSERT_FALSE(started.error);
    std::string token = f.wait_token(host, started.execution_arn);
    ASSERT_FALSE(token.empty());
    auto answered = std::make_shared<std::promise<runtime::HostError>>();
    host.send_task_success(token, "{}", [answered](runtime::HostError e) { answered->set_value(e); });
    auto end = f.wait_end(started.execution_arn);
    EXPECT_EQ(end.status, "FAILED");
    auto fut = answered->get_future();
    EXPECT_EQ(fut.wait_for(std::chrono::seconds(3)), std::future_status::ready)
        << "SendTaskSuccess held in early_answer was never answered";
}


}  // namespace
}  // namespace stepwise::host_test
