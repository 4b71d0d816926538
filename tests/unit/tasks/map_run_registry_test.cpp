// The Map Run registry: records, settings, the control, the listener, and the
// DescribeMapRun shape its records are written in.
#include "tasks/map_run/map_run_registry.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::tasks::map_run {
namespace {

constexpr const char* kParent = "arn:aws:states:us-east-1:123456789012:execution:orders:run-1";
constexpr const char* kRunA = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:11111111";
constexpr const char* kRunB = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:22222222";

MapRunInfo running(const std::string& arn) {
    MapRunInfo info;
    info.map_run_arn = arn;
    info.execution_arn = kParent;
    info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    info.start_ms = 1700000000123;
    info.max_concurrency = 5;
    info.tolerated_failure_percentage = 10;
    info.tolerated_failure_count = 2;
    info.item_counts.total = 3;
    info.item_counts.pending = 3;
    info.execution_counts.total = 3;
    info.execution_counts.pending = 3;
    return info;
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
// (response syntax; MapRunItemCounts / MapRunExecutionCounts members)
TEST(MapRunInfo, ToJsonIsDescribeMapRunsAnswer) {
    MapRunInfo info = running(kRunA);
    info.status = "SUCCEEDED";
    info.stop_ms = 1700000001500;
    info.tolerated_failure_percentage = 12.5;
    info.item_counts = {0, 0, 3, 0, 0, 0, 3, 3, 0, 0};
    json::Value v = info.to_json();
    EXPECT_EQ(json::dump(v),
              std::string(R"({"mapRunArn":")") + kRunA + R"(","executionArn":")" + kParent +
                  R"(","status":"SUCCEEDED","startDate":1700000000.123,"stopDate":1700000001.5,)"
                  R"("maxConcurrency":5,"toleratedFailurePercentage":12.5,"toleratedFailureCount":2,)"
                  R"("itemCounts":{"pending":0,"running":0,"succeeded":3,"failed":0,"timedOut":0,"aborted":0,)"
                  R"("total":3,"resultsWritten":3,"failuresNotRedrivable":0,"pendingRedrive":0},)"
                  R"("executionCounts":{"pending":3,"running":0,"succeeded":0,"failed":0,"timedOut":0,"aborted":0,)"
                  R"("total":3,"resultsWritten":0,"failuresNotRedrivable":0,"pendingRedrive":0},)"
                  R"("redriveCount":0})");
}

TEST(MapRunInfo, RoundTripsThroughJson) {
    MapRunInfo info = running(kRunA);
    info.status = "FAILED";
    info.stop_ms = 1700000009999;
    info.redrive_count = 1;
    info.redrive_ms = 1700000005001;
    info.item_counts.failed = 1;
    info.execution_counts.failures_not_redrivable = 2;
    auto back = MapRunInfo::from_json(json::parse(json::dump(info.to_json())));
    ASSERT_TRUE(back);
    EXPECT_EQ(json::dump(back->to_json()), json::dump(info.to_json()));
    // Not in DescribeMapRun's answer: read from the parent's execution ARN.
    EXPECT_EQ(back->state_machine_arn, info.state_machine_arn);
    EXPECT_EQ(back->stop_ms, info.stop_ms);
    EXPECT_EQ(back->redrive_ms, info.redrive_ms);
}

TEST(MapRunInfo, FromJsonRefusesWhatIsNoRecord) {
    EXPECT_FALSE(MapRunInfo::from_json(json::parse("[]")));
    EXPECT_FALSE(MapRunInfo::from_json(json::parse(R"({"mapRunArn":"x"})")));
    EXPECT_FALSE(MapRunInfo::from_json(
        json::parse(R"({"mapRunArn":"x","executionArn":"not an arn","status":"RUNNING","startDate":1})")));
}

TEST(MapRunRegistry, DescribesAndListsOldestFirst) {
    MapRunRegistry registry;
    registry.started(running(kRunB), {});
    registry.started(running(kRunA), {});
    MapRunInfo other = running("arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:3");
    other.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:orders:run-2";
    registry.started(other, {});

    ASSERT_TRUE(registry.describe(kRunA));
    EXPECT_EQ(registry.describe(kRunA)->max_concurrency, 5);
    EXPECT_FALSE(registry.describe("arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:none"));
    auto runs = registry.list(kParent);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].map_run_arn, kRunB);
    EXPECT_EQ(runs[1].map_run_arn, kRunA);
    EXPECT_TRUE(registry.list("arn:aws:states:us-east-1:123456789012:execution:orders:none").empty());
}

TEST(MapRunRegistry, ARedriveReplacesTheRecordAndKeepsItsPlace) {
    MapRunRegistry registry;
    registry.started(running(kRunA), {});
    registry.started(running(kRunB), {});
    MapRunInfo redriven = running(kRunA);
    redriven.redrive_count = 1;
    registry.started(redriven, {});
    auto runs = registry.list(kParent);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].map_run_arn, kRunA);
    EXPECT_EQ(runs[0].redrive_count, 1);
}

TEST(MapRunRegistry, UpdateAppliesToTheRecordAndCallsTheControl) {
    MapRunRegistry registry;
    std::vector<MapRunUpdate> seen;
    registry.started(running(kRunA), [&](const MapRunUpdate& u) { seen.push_back(u); });
    MapRunUpdate update;
    update.max_concurrency = 2;
    update.tolerated_failure_count = 0;
    EXPECT_EQ(registry.update(kRunA, update), "");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].max_concurrency, 2);
    EXPECT_FALSE(seen[0].tolerated_failure_percentage);
    auto info = registry.describe(kRunA);
    EXPECT_EQ(info->max_concurrency, 2);
    EXPECT_EQ(info->tolerated_failure_count, 0);
    EXPECT_EQ(info->tolerated_failure_percentage, 10);  // not given: unchanged
}

TEST(MapRunRegistry, ChangedKeepsTheUpdatedSettings) {
    MapRunRegistry registry;
    registry.started(running(kRunA), {});
    MapRunUpdate update;
    update.max_concurrency = 1;
    ASSERT_EQ(registry.update(kRunA, update), "");
    MapRunInfo progress = running(kRunA);  // the coordinator's copy, from before the update
    progress.item_counts.pending = 2;
    progress.item_counts.running = 1;
    registry.changed(progress);
    auto info = registry.describe(kRunA);
    EXPECT_EQ(info->max_concurrency, 1);
    EXPECT_EQ(info->item_counts.running, 1);
}

TEST(MapRunRegistry, UpdateOfUnknownOrEndedRunsIsRefused) {
    MapRunRegistry registry;
    int calls = 0;
    registry.started(running(kRunA), [&](const MapRunUpdate&) { ++calls; });
    MapRunUpdate update;
    update.max_concurrency = 1;
    EXPECT_EQ(registry.update(kRunB, update), "ResourceNotFound");
    MapRunInfo ended = running(kRunA);
    ended.status = "SUCCEEDED";
    ended.stop_ms = ended.start_ms + 10;
    registry.changed(ended);
    EXPECT_EQ(registry.update(kRunA, update),
              std::string("ValidationException: ") + MapRunRegistry::kEndedMessage);
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(registry.describe(kRunA)->max_concurrency, 5);
}

TEST(MapRunRegistry, TheControlMayReportBackAtOnce) {
    MapRunRegistry registry;
    registry.started(running(kRunA), [&](const MapRunUpdate&) {
        MapRunInfo failed = running(kRunA);
        failed.status = "FAILED";
        failed.stop_ms = failed.start_ms + 1;
        registry.changed(failed);  // a lower tolerance failed it: no lock may be held here
    });
    MapRunUpdate update;
    update.tolerated_failure_count = 0;
    EXPECT_EQ(registry.update(kRunA, update), "");
    EXPECT_EQ(registry.describe(kRunA)->status, "FAILED");
}

TEST(MapRunRegistry, TheListenerSeesEveryChangeInOrder) {
    MapRunRegistry registry;
    std::vector<std::string> seen;
    registry.on_change([&](const MapRunInfo& info) {
        seen.push_back(info.status + "/" + std::to_string(info.max_concurrency) + "/" +
                       std::to_string(info.item_counts.succeeded));
    });
    registry.started(running(kRunA), {});
    MapRunUpdate update;
    update.max_concurrency = 7;
    registry.update(kRunA, update);
    MapRunInfo done = running(kRunA);
    done.status = "SUCCEEDED";
    done.item_counts.succeeded = 3;
    registry.changed(done);
    EXPECT_EQ(seen, (std::vector<std::string>{"RUNNING/5/0", "RUNNING/7/0", "SUCCEEDED/7/3"}));
}

TEST(MapRunRegistry, RestoreNeverOverwritesALiveRun) {
    MapRunRegistry registry;
    int notified = 0;
    registry.on_change([&](const MapRunInfo&) { ++notified; });
    MapRunInfo live = running(kRunA);
    live.item_counts.succeeded = 2;
    registry.started(live, {});
    registry.restore(running(kRunA));
    registry.restore(running(kRunB));
    EXPECT_EQ(registry.describe(kRunA)->item_counts.succeeded, 2);
    ASSERT_TRUE(registry.describe(kRunB));
    EXPECT_EQ(registry.describe(kRunB)->status, "RUNNING");
    EXPECT_EQ(notified, 1);
}

TEST(MapRunRegistry, ARunRegisteredAgainAfterARestartKeepsItsUpdatedSettings) {
    MapRunRegistry registry;
    MapRunInfo stored = running(kRunA);
    stored.max_concurrency = 2;  // UpdateMapRun before the restart
    registry.restore(stored);
    // A restored RUNNING run has no control yet: an update still changes its settings.
    MapRunUpdate update;
    update.tolerated_failure_count = 4;
    EXPECT_EQ(registry.update(kRunA, update), "");

    std::vector<MapRunUpdate> told;
    registry.started(running(kRunA), [&](const MapRunUpdate& u) { told.push_back(u); });  // the definition's settings
    auto info = registry.describe(kRunA);
    EXPECT_EQ(info->max_concurrency, 2);
    EXPECT_EQ(info->tolerated_failure_count, 4);
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].max_concurrency, 2);
    EXPECT_EQ(told[0].tolerated_failure_count, 4);
    EXPECT_FALSE(told[0].tolerated_failure_percentage);

    MapRunInfo redriven = running(kRunA);  // a redrive starts from the definition's settings
    redriven.redrive_count = 1;
    registry.started(redriven, {});
    EXPECT_EQ(registry.describe(kRunA)->max_concurrency, 5);
}

TEST(MapRunRegistry, EndedRunsCanBeForgottenRunningOnesNot) {
    MapRunRegistry registry;
    MapRunInfo ended = running(kRunA);
    ended.status = "FAILED";
    ended.stop_ms = ended.start_ms + 1;
    registry.started(ended, {});
    registry.started(running(kRunB), {});
    std::vector<MapRunInfo> listed = registry.ended();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].map_run_arn, kRunA);
    registry.forget(kRunA);
    registry.forget(kRunB);  // running: stays
    EXPECT_FALSE(registry.describe(kRunA));
    EXPECT_TRUE(registry.describe(kRunB));
    EXPECT_TRUE(registry.ended().empty());
}

}  // namespace
}  // namespace stepwise::tasks::map_run
