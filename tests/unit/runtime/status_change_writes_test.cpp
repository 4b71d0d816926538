// HostOptions::stage_status_change: what a status change adds (the bus's
// stored deliveries of the "Execution Status Change" event) commits in the
// step that made the change, so a crash cannot keep the step and lose the
// event (issue 11 item 5: 20 status events lost across kill -9 runs).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "asl/compile.h"
#include "runtime/execution_host.h"
#include "store/store.h"

using namespace stepwise;

TEST(StatusChangeWrites, CommitWithTheStepThatChangedTheStatus) {
    auto store = store::open_sqlite(":memory:");
    auto machine = asl::compile(std::string_view(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})")).machine;
    ASSERT_TRUE(machine);
    runtime::HostOptions options;
    options.virtual_time = true;
    std::mutex mutex;
    std::vector<std::string> durable;  // status changes whose writes were found in the store once durable
    options.stage_status_change = [&](const runtime::StatusChange& change) {
        std::string id = change.record.arn + "/" + change.record.status;
        runtime::StatusChangeWrites out;
        out.writes.push_back(store::PutDocument{{"status_event", id, "{}", 0}});
        out.durable = [&, id] {
            std::lock_guard lock(mutex);
            if (store->get_document("status_event", id)) durable.push_back(id);
        };
        return out;
    };
    runtime::ExecutionHost host(*store, [&](const std::string&) { return machine; }, options);
    runtime::StartRequest request;
    request.machine = machine;
    request.definition_id = "d";
    request.state_machine_name = "M";
    request.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
    request.name = "one";
    std::promise<runtime::StartResult> started;
    host.start(request, [&](runtime::StartResult r) { started.set_value(std::move(r)); });
    std::string arn = started.get_future().get().execution_arn;
    for (int i = 0; i < 2000; ++i) {
        {
            std::lock_guard lock(mutex);
            if (durable.size() >= 2) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(mutex);
    EXPECT_EQ(durable, (std::vector<std::string>{arn + "/RUNNING", arn + "/SUCCEEDED"}));
}
