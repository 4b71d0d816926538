// DescribeMapRun, ListMapRuns, UpdateMapRun, and the Map Run members of
// ListExecutions, DescribeExecution and DescribeStateMachineForExecution,
// over a registry filled by hand and child records written to the store.
#include <string>
#include <vector>

#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using tasks::map_run::MapRunInfo;
using tasks::map_run::MapRunUpdate;

constexpr const char* kArnPrefix = "arn:aws:states:us-east-1:123456789012:";

std::string parent_arn() { return std::string(kArnPrefix) + "execution:orders:parent"; }
std::string run_arn(const std::string& id) { return std::string(kArnPrefix) + "mapRun:orders/Fan:" + id; }

class SfnMapRunsTest : public SfnTest {
protected:
    void SetUp() override {
        ASSERT_EQ(create_machine("orders").status, 200);
        store::ExecutionRecord parent;
        parent.arn = parent_arn();
        parent.state_machine_arn = std::string(kMachinePrefix) + "orders";
        parent.name = "parent";
        parent.status = "RUNNING";
        parent.input = "{}";
        parent.start_ms = 1700000000000;
        parent.config = "{}";
        store_->apply({store::AppendExecutionStep{parent, 0, {}}});
    }

    MapRunInfo run(const std::string& id, int64_t start_ms) {
        MapRunInfo info;
        info.map_run_arn = run_arn(id);
        info.execution_arn = parent_arn();
        info.state_machine_arn = std::string(kMachinePrefix) + "orders";
        info.start_ms = start_ms;
        info.max_concurrency = 10;
        info.item_counts.total = info.execution_counts.total = 4;
        info.item_counts.pending = info.execution_counts.pending = 4;
        return info;
    }

    // A child of run `id`, as the Map Run coordinator stores it.
    store::ExecutionRecord child(const std::string& id, const std::string& name, int64_t start_ms,
                                 const std::string& status = "SUCCEEDED") {
        store::ExecutionRecord record;
        record.arn = std::string(kArnPrefix) + "execution:orders/Fan:" + name;
        record.state_machine_arn = std::string(kMachinePrefix) + "orders/Fan";
        record.name = name;
        record.status = status;
        record.input = "{}";
        record.start_ms = start_ms;
        if (status != "RUNNING") record.stop_ms = start_ms + 5;
        record.config = "{}";
        record.map_run_arn = run_arn(id);
        record.item_count = 2;
        store_->apply({store::AppendExecutionStep{record, 0, {}}});
        return record;
    }

    tasks::map_run::MapRunRegistry& registry() { return service_.map_runs(); }
};

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
TEST_F(SfnMapRunsTest, DescribeMapRunAnswersTheRecord) {
    MapRunInfo info = run("a", 1700000000250);
    registry().started(info, {});
    Answer a = call("DescribeMapRun", json::Object{{"mapRunArn", run_arn("a")}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(json::dump(a.body), json::dump(info.to_json()));
    EXPECT_EQ(a.text("status"), "RUNNING");
    EXPECT_EQ(a.body.find("startDate")->as_double(), 1700000000.25);
    EXPECT_FALSE(a.body.find("stopDate"));
    EXPECT_EQ(a.body.find("itemCounts")->find("pending")->as_int(), 4);
    EXPECT_EQ(a.body.find("executionCounts")->find("total")->as_int(), 4);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html#API_DescribeMapRun_Errors
TEST_F(SfnMapRunsTest, DescribeMapRunErrors) {
    Answer unknown = call("DescribeMapRun", json::Object{{"mapRunArn", run_arn("none")}});
    EXPECT_AWS_ERROR(unknown, "ResourceNotFound");
    EXPECT_NE(unknown.message().find(run_arn("none")), std::string::npos);
    EXPECT_AWS_ERROR(call("DescribeMapRun", json::Object{{"mapRunArn", parent_arn()}}), "InvalidArn");
    EXPECT_AWS_ERROR(call("DescribeMapRun", json::Object{{"mapRunArn", "mapRun"}}), "InvalidArn");
    Answer missing = call("DescribeMapRun", json::Object{});
    EXPECT_AWS_ERROR(missing, "ValidationException");
    EXPECT_NE(missing.message().find("'mapRunArn'"), std::string::npos) << missing.message();
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_MapRunListItem.html
TEST_F(SfnMapRunsTest, ListMapRunsPagesThroughAnExecutionsRuns) {
    registry().started(run("a", 1700000000100), {});
    MapRunInfo b = run("b", 1700000000200);
    b.status = "SUCCEEDED";
    b.stop_ms = 1700000000900;
    registry().started(b, {});
    registry().started(run("c", 1700000000300), {});
    MapRunInfo elsewhere = run("d", 1700000000400);
    elsewhere.execution_arn = std::string(kArnPrefix) + "execution:orders:other";
    registry().started(elsewhere, {});

    Answer first = call("ListMapRuns", json::Object{{"executionArn", parent_arn()}, {"maxResults", 2}});
    ASSERT_EQ(first.status, 200) << json::dump(first.body);
    const json::Value& runs = *first.body.find("mapRuns");
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(json::dump(runs.as_array()[0]),
              json::dump(json::Object{{"executionArn", parent_arn()},
                                      {"mapRunArn", run_arn("a")},
                                      {"stateMachineArn", std::string(kMachinePrefix) + "orders"},
                                      {"startDate", 1700000000.1}}));
    EXPECT_EQ(runs.as_array()[1].find("stopDate")->as_double(), 1700000000.9);
    ASSERT_FALSE(first.text("nextToken").empty());

    Answer second = call("ListMapRuns", json::Object{{"executionArn", parent_arn()},
                                                     {"maxResults", 2},
                                                     {"nextToken", first.text("nextToken")}});
    ASSERT_EQ(second.status, 200) << json::dump(second.body);
    ASSERT_EQ(second.body.find("mapRuns")->size(), 1u);
    EXPECT_EQ(second.body.find("mapRuns")->as_array()[0].find("mapRunArn")->as_string(), run_arn("c"));
    EXPECT_FALSE(second.body.find("nextToken"));

    Answer all = call("ListMapRuns", json::Object{{"executionArn", parent_arn()}});
    EXPECT_EQ(all.body.find("mapRuns")->size(), 3u);
}

TEST_F(SfnMapRunsTest, ListMapRunsOfAnExecutionWithoutRunsIsEmpty) {
    Answer a = call("ListMapRuns", json::Object{{"executionArn", parent_arn()}});
    ASSERT_EQ(a.status, 200);
    EXPECT_EQ(json::dump(a.body), R"({"mapRuns":[]})");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListMapRuns.html#API_ListMapRuns_Errors
TEST_F(SfnMapRunsTest, ListMapRunsErrors) {
    std::string unknown = std::string(kArnPrefix) + "execution:orders:none";
    Answer missing = call("ListMapRuns", json::Object{{"executionArn", unknown}});
    EXPECT_AWS_ERROR(missing, "ExecutionDoesNotExist");
    EXPECT_EQ(missing.message(), "Execution Does Not Exist: '" + unknown + "'");
    EXPECT_AWS_ERROR(call("ListMapRuns", json::Object{{"executionArn", run_arn("a")}}), "InvalidArn");
    EXPECT_AWS_ERROR(call("ListMapRuns", json::Object{{"executionArn", parent_arn()}, {"nextToken", "bogus"}}),
                     "InvalidToken");
    EXPECT_AWS_ERROR(call("ListMapRuns", json::Object{{"executionArn", parent_arn()}, {"maxResults", 1001}}),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("ListMapRuns", json::Object{}), "ValidationException");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html
TEST_F(SfnMapRunsTest, UpdateMapRunChangesTheRunsSettings) {
    std::vector<MapRunUpdate> told;
    registry().started(run("a", 1700000000100), [&](const MapRunUpdate& u) { told.push_back(u); });
    Answer a = call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")},
                                                 {"maxConcurrency", 3},
                                                 {"toleratedFailurePercentage", 12.5},
                                                 {"toleratedFailureCount", 7}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(json::dump(a.body), "{}");
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].max_concurrency, 3);
    EXPECT_EQ(told[0].tolerated_failure_percentage, 12.5);
    EXPECT_EQ(told[0].tolerated_failure_count, 7);

    Answer d = call("DescribeMapRun", json::Object{{"mapRunArn", run_arn("a")}});
    EXPECT_EQ(d.body.find("maxConcurrency")->as_int(), 3);
    EXPECT_EQ(d.body.find("toleratedFailurePercentage")->as_double(), 12.5);
    EXPECT_EQ(d.body.find("toleratedFailureCount")->as_int(), 7);

    ASSERT_EQ(call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"maxConcurrency", 0}}).status, 200);
    ASSERT_EQ(told.size(), 2u);
    EXPECT_EQ(told[1].max_concurrency, 0);
    EXPECT_FALSE(told[1].tolerated_failure_count);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateMapRun.html#API_UpdateMapRun_Errors
TEST_F(SfnMapRunsTest, UpdateMapRunErrors) {
    registry().started(run("a", 1700000000100), {});
    Answer nothing = call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}});
    EXPECT_AWS_ERROR(nothing, "ValidationException");

    Answer percentage =
        call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"toleratedFailurePercentage", 100.5}});
    EXPECT_AWS_ERROR(percentage, "ValidationException");
    EXPECT_EQ(percentage.message(),
              "1 validation error detected: Value '100.5' at 'toleratedFailurePercentage' failed to satisfy "
              "constraint: Member must have value less than or equal to 100");
    EXPECT_AWS_ERROR(call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"maxConcurrency", -1}}),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"toleratedFailureCount", -1}}),
                     "ValidationException");
    EXPECT_AWS_ERROR(call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"maxConcurrency", "3"}}),
                     "SerializationException");

    EXPECT_AWS_ERROR(call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("none")}, {"maxConcurrency", 1}}),
                     "ResourceNotFound");
    EXPECT_AWS_ERROR(call("UpdateMapRun", json::Object{{"mapRunArn", parent_arn()}, {"maxConcurrency", 1}}),
                     "InvalidArn");

    MapRunInfo ended = run("a", 1700000000100);
    ended.status = "SUCCEEDED";
    ended.stop_ms = 1700000000500;
    registry().changed(ended);
    Answer late = call("UpdateMapRun", json::Object{{"mapRunArn", run_arn("a")}, {"maxConcurrency", 1}});
    EXPECT_AWS_ERROR(late, "ValidationException");
    EXPECT_EQ(late.message(), tasks::map_run::MapRunRegistry::kEndedMessage);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionListItem.html
// (mapRunArn and itemCount only when ListExecutions was given a mapRunArn)
TEST_F(SfnMapRunsTest, ListExecutionsByMapRunListsItsChildren) {
    registry().started(run("a", 1700000000100), {});
    registry().started(run("b", 1700000000200), {});
    child("a", "c1", 1700000000300);
    child("a", "c2", 1700000000400, "FAILED");
    child("b", "c3", 1700000000500);

    Answer a = call("ListExecutions", json::Object{{"mapRunArn", run_arn("a")}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    const json::Array& items = a.body.find("executions")->as_array();
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].find("name")->as_string(), "c2");  // newest first
    EXPECT_EQ(items[0].find("mapRunArn")->as_string(), run_arn("a"));
    EXPECT_EQ(items[0].find("itemCount")->as_int(), 2);
    EXPECT_EQ(items[0].find("stateMachineArn")->as_string(), std::string(kMachinePrefix) + "orders/Fan");
    EXPECT_EQ(items[1].find("name")->as_string(), "c1");

    Answer failed = call("ListExecutions", json::Object{{"mapRunArn", run_arn("a")}, {"statusFilter", "FAILED"}});
    ASSERT_EQ(failed.body.find("executions")->size(), 1u);

    Answer paged = call("ListExecutions", json::Object{{"mapRunArn", run_arn("a")}, {"maxResults", 1}});
    ASSERT_FALSE(paged.text("nextToken").empty());
    Answer rest = call("ListExecutions", json::Object{{"mapRunArn", run_arn("a")},
                                                     {"maxResults", 1},
                                                     {"nextToken", paged.text("nextToken")}});
    ASSERT_EQ(rest.body.find("executions")->size(), 1u);
    EXPECT_EQ(rest.body.find("executions")->as_array()[0].find("name")->as_string(), "c1");

    // The parent machine's executions: the parent only, without Map Run members.
    Answer parents = call("ListExecutions", json::Object{{"stateMachineArn", std::string(kMachinePrefix) + "orders"}});
    ASSERT_EQ(parents.body.find("executions")->size(), 1u);
    const json::Value& parent = parents.body.find("executions")->as_array()[0];
    EXPECT_EQ(parent.find("name")->as_string(), "parent");
    EXPECT_FALSE(parent.find("mapRunArn"));
    EXPECT_FALSE(parent.find("itemCount"));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html#API_ListExecutions_Errors
TEST_F(SfnMapRunsTest, ListExecutionsByMapRunErrors) {
    Answer both = call("ListExecutions", json::Object{{"mapRunArn", run_arn("a")},
                                                      {"stateMachineArn", std::string(kMachinePrefix) + "orders"}});
    EXPECT_AWS_ERROR(both, "ValidationException");
    EXPECT_EQ(both.message(), "Only one of StateMachine ARN or MapRun ARN can be provided");
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"mapRunArn", run_arn("none")}}), "ResourceNotFound");
    EXPECT_AWS_ERROR(call("ListExecutions", json::Object{{"mapRunArn", parent_arn()}}), "InvalidArn");
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
// (mapRunArn: the Map Run that dispatched the execution)
TEST_F(SfnMapRunsTest, DescribeExecutionOfAChildNamesItsMapRun) {
    registry().started(run("a", 1700000000100), {});
    store::ExecutionRecord c = child("a", "c1", 1700000000300);
    Answer a = call("DescribeExecution", json::Object{{"executionArn", c.arn}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("mapRunArn"), run_arn("a"));
    EXPECT_FALSE(a.body.find("itemCount"));

    Answer parent = call("DescribeExecution", json::Object{{"executionArn", parent_arn()}});
    ASSERT_EQ(parent.status, 200);
    EXPECT_FALSE(parent.body.find("mapRunArn"));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
// (mapRunArn and label: only for a child of a Distributed Map)
TEST_F(SfnMapRunsTest, DescribeStateMachineForAChildNamesItsMapRunAndLabel) {
    registry().started(run("a", 1700000000100), {});
    store::ExecutionRecord c = child("a", "c1", 1700000000300);
    Answer a = call("DescribeStateMachineForExecution", json::Object{{"executionArn", c.arn}});
    ASSERT_EQ(a.status, 200) << json::dump(a.body);
    EXPECT_EQ(a.text("stateMachineArn"), std::string(kMachinePrefix) + "orders/Fan");
    EXPECT_EQ(a.text("name"), "orders/Fan");
    EXPECT_EQ(a.text("mapRunArn"), run_arn("a"));
    EXPECT_EQ(a.text("label"), "Fan");
    EXPECT_EQ(a.text("roleArn"), kRole);

    Answer parent = call("DescribeStateMachineForExecution", json::Object{{"executionArn", parent_arn()}});
    ASSERT_EQ(parent.status, 200);
    EXPECT_EQ(parent.text("name"), "orders");
    EXPECT_FALSE(parent.body.find("mapRunArn"));
    EXPECT_FALSE(parent.body.find("label"));
}

}  // namespace
}  // namespace stepwise::api::testing
