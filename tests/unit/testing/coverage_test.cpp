// State-machine coverage: the items of a machine, what runs of it exercised,
// and the terminal, lcov and Cobertura reports.
#include <gtest/gtest.h>

#include <deque>
#include <sstream>
#include <thread>

#include "asl/compile.h"
#include "json/parse.h"
#include "json/source_map.h"
#include "runtime/run.h"
#include "testing/coverage.h"
#include "testing/coverage_report.h"

using namespace stepwise;
// gtest owns ::testing: the layer is `cov` here.
namespace cov = stepwise::testing;

namespace {

// Answers each Task call with the next outcome of its script (success with {} when it runs out).
class Script : public tasks::Executor {
public:
    std::deque<tasks::TaskOutcome> outcomes;
    tasks::TaskOutcome invoke(const tasks::TaskRequest&) override {
        if (outcomes.empty()) return tasks::TaskOutcome::success(json::Object{});
        tasks::TaskOutcome next = outcomes.front();
        outcomes.pop_front();
        return next;
    }
};

std::shared_ptr<const asl::Machine> compile(std::string_view text) {
    auto r = asl::compile(text);
    EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].to_string());
    return r.machine;
}

// Runs `machine` once with a recorder and returns what it counted.
cov::CoverageHits run(const cov::CoverageMap& map, const std::shared_ptr<const asl::Machine>& machine,
                          std::string_view input, Script* script = nullptr, engine::Status expect = engine::Status::Succeeded) {
    cov::CoverageRecorder recorder(map);
    runtime::RunOptions options;
    options.start_time_ms = 1700000000000;
    options.observer = &recorder;
    Script none;
    runtime::RunResult result = runtime::run(machine, json::parse(input), script ? *script : none, options);
    EXPECT_EQ(result.status, expect) << result.error.value_or("") << " " << result.cause.value_or("");
    recorder.finish(result);
    return recorder.hits();
}

// The hits of the item at `pointer`.
uint64_t hits(const cov::CoverageMap& map, const cov::CoverageHits& hits, std::string_view pointer) {
    for (size_t i = 0; i < map.size(); ++i)
        if (map.items()[i].pointer == pointer) return hits[i];
    ADD_FAILURE() << "no item at " << pointer;
    return 0;
}

std::string count(const cov::CoverageCount& c) { return std::to_string(c.covered) + "/" + std::to_string(c.total); }

// Lines 4 (IsEligible), 7 and 8 (its rules' Next), 10 (Default), 12, 13 (Hold and its Next), 14.
constexpr const char* kChoice = R"({
  "StartAt": "IsEligible",
  "States": {
    "IsEligible": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.kind", "StringEquals": "a", "Next": "Release"},
        {"Variable": "$.kind", "StringEquals": "b", "Next": "Hold"}
      ],
      "Default": "Reject"
    },
    "Release": {"Type": "Pass", "End": true},
    "Hold": {"Type": "Pass", "Next": "Release"},
    "Reject": {"Type": "Fail", "Error": "No"}
  }
})";

}  // namespace

TEST(CoverageMap, ItemsInDefinitionOrderWithPointersAndLabels) {
    auto machine = compile(kChoice);
    cov::CoverageMap map(*machine);
    std::vector<std::string> rows;
    for (const auto& item : map.items())
        rows.push_back(std::string(cov::coverage_kind_name(item.kind)) + " " + item.pointer + " " + item.label +
                       (item.branch ? " (branch of " + map.items()[item.state].label + ")" : ""));
    EXPECT_EQ(rows, (std::vector<std::string>{
                        "states /States/IsEligible IsEligible",
                        "transitions /States/IsEligible/Choices/0/Next IsEligible rule 0 → Release (branch of IsEligible)",
                        "transitions /States/IsEligible/Choices/1/Next IsEligible rule 1 → Hold (branch of IsEligible)",
                        "transitions /States/IsEligible/Default IsEligible Default → Reject (branch of IsEligible)",
                        "states /States/Release Release",
                        "states /States/Hold Hold",
                        "transitions /States/Hold/Next Hold → Release",
                        "states /States/Reject Reject",
                    }));
    const asl::State* choice = machine->all_states.at("IsEligible");
    EXPECT_EQ(map.choice_item(choice, 0), 1u);
    EXPECT_EQ(map.choice_item(choice, 2), 3u);  // Default
    EXPECT_EQ(map.choice_item(choice, 3), cov::CoverageMap::npos);
    EXPECT_EQ(map.next_item(choice), cov::CoverageMap::npos);
    EXPECT_EQ(map.next_item(machine->all_states.at("Hold")), 6u);
    EXPECT_EQ(map.state_item(nullptr), cov::CoverageMap::npos);
}

TEST(CoverageMap, RetriersCatchersAndNestedStates) {
    auto machine = compile(R"({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Retry": [{"ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]}],
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}], "Next": "Fan"},
        "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "P1", "States": {"P1": {"Type": "Pass", "End": true}}}]},
        "Each": {"Type": "Map", "End": true,
                 "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                   "StartAt": "D1", "States": {"D1": {"Type": "Pass", "End": true}}}},
        "Handle": {"Type": "Pass", "End": true}}})");
    cov::CoverageMap map(*machine);
    std::vector<std::string> rows;
    for (const auto& item : map.items()) rows.push_back(item.pointer + " " + item.label);
    EXPECT_EQ(rows, (std::vector<std::string>{
                        "/States/Charge Charge",
                        "/States/Charge/Next Charge → Fan",
                        "/States/Charge/Retry/0 Charge Retry 0 [Lambda.ServiceException, Lambda.TooManyRequestsException]",
                        "/States/Charge/Catch/0 Charge Catch 0 [States.ALL]",
                        "/States/Charge/Catch/0/Next Charge Catch 0 → Handle",
                        "/States/Fan Fan",
                        "/States/Fan/Next Fan → Each",
                        "/States/Fan/Branches/0/States/P1 P1",
                        "/States/Each Each",
                        "/States/Each/ItemProcessor/States/D1 D1",
                        "/States/Handle Handle",
                    }));
    cov::CoverageSummary s = cov::summarize(map, cov::CoverageHits(map));
    EXPECT_EQ(count(s.states), "0/6");
    EXPECT_EQ(count(s.transitions), "0/3");
    EXPECT_EQ(count(s.retriers), "0/1");
    EXPECT_EQ(count(s.catchers), "0/1");
    EXPECT_EQ(count(s.total), "0/11");
}

TEST(Coverage, ChoiceRulesAndDefault) {
    auto machine = compile(kChoice);
    cov::CoverageMap map(*machine);
    cov::CoverageHits total = run(map, machine, R"({"kind": "a"})");
    cov::CoverageSummary one = cov::summarize(map, total);
    EXPECT_EQ(count(one.states), "2/4");
    EXPECT_EQ(count(one.transitions), "1/4");
    EXPECT_EQ(count(one.total), "3/8");
    EXPECT_DOUBLE_EQ(one.total.percent(), 37.5);
    EXPECT_DOUBLE_EQ(one.retriers.percent(), 100.0);  // none to cover

    total += run(map, machine, R"({"kind": "b"})");
    cov::CoverageSummary two = cov::summarize(map, total);
    EXPECT_EQ(count(two.states), "3/4");
    EXPECT_EQ(count(two.transitions), "3/4");
    EXPECT_EQ(hits(map, total, "/States/Release"), 2u);
    EXPECT_EQ(hits(map, total, "/States/Hold/Next"), 1u);
    std::vector<std::string> missing;
    for (const auto* item : cov::uncovered(map, total)) missing.push_back(item->pointer + " " + item->label);
    EXPECT_EQ(missing, (std::vector<std::string>{"/States/IsEligible/Default IsEligible Default → Reject",
                                                 "/States/Reject Reject"}));

    total += run(map, machine, R"({"kind": "c"})", nullptr, engine::Status::Failed);
    EXPECT_EQ(count(cov::summarize(map, total).total), "8/8");
    EXPECT_TRUE(cov::uncovered(map, total).empty());
}

TEST(Coverage, RetryAndCatch) {
    auto machine = compile(R"({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 2},
                             {"ErrorEquals": ["Throttled"]}],
                   "Catch": [{"ErrorEquals": ["Fatal"], "Next": "Done"},
                             {"ErrorEquals": ["States.ALL"], "Next": "Handle"}],
                   "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Handle": {"Type": "Pass", "End": true}}})");
    cov::CoverageMap map(*machine);

    Script flaky;  // fails twice, then succeeds
    flaky.outcomes = {tasks::TaskOutcome::failure("Lambda.ServiceException", "busy"),
                      tasks::TaskOutcome::failure("Lambda.ServiceException", "busy")};
    cov::CoverageHits total = run(map, machine, "{}", &flaky);
    EXPECT_EQ(hits(map, total, "/States/Charge/Retry/0"), 2u);
    EXPECT_EQ(hits(map, total, "/States/Charge/Retry/1"), 0u);
    EXPECT_EQ(hits(map, total, "/States/Charge"), 1u);  // a retry enters no state
    EXPECT_EQ(hits(map, total, "/States/Charge/Next"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Done"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Charge/Catch/0"), 0u);

    // Caught into the state Next also names: the Catch edge is taken, not Next.
    Script fatal;
    fatal.outcomes = {tasks::TaskOutcome::failure("Fatal", "no")};
    cov::CoverageHits caught = run(map, machine, "{}", &fatal);
    EXPECT_EQ(hits(map, caught, "/States/Charge/Catch/0"), 1u);
    EXPECT_EQ(hits(map, caught, "/States/Charge/Catch/0/Next"), 1u);
    EXPECT_EQ(hits(map, caught, "/States/Charge/Next"), 0u);
    EXPECT_EQ(hits(map, caught, "/States/Done"), 1u);

    // Retried once, then caught by the second catcher.
    Script doomed;
    doomed.outcomes = {tasks::TaskOutcome::failure("Throttled", ""), tasks::TaskOutcome::failure("Other", "")};
    total += caught;
    total += run(map, machine, "{}", &doomed);
    EXPECT_EQ(hits(map, total, "/States/Charge/Retry/1"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Charge/Catch/1/Next"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Handle"), 1u);
    cov::CoverageSummary s = cov::summarize(map, total);
    EXPECT_EQ(count(s.retriers), "2/2");
    EXPECT_EQ(count(s.catchers), "2/2");
    EXPECT_EQ(count(s.transitions), "3/3");
    EXPECT_EQ(count(s.states), "3/3");
}

// Iterations run side by side, and an iteration's Parallel leaves it queued
// between its StateExited and the next StateEntered, with other iterations'
// events in between: each iteration follows its own chain of events.
TEST(Coverage, MapWithAnInnerChoice) {
    auto machine = compile(R"({"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "Next": "After", "ItemProcessor": {
            "StartAt": "Big", "States": {
                "Big": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 10, "Next": "Large"}],
                        "Default": "Small"},
                "Large": {"Type": "Pass", "End": true},
                "Small": {"Type": "Parallel", "Next": "Tag", "Branches": [
                    {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}]},
                "Tag": {"Type": "Pass", "End": true}}}},
        "After": {"Type": "Succeed"}}})");
    cov::CoverageMap map(*machine);
    EXPECT_EQ(map.size(), 11u);

    cov::CoverageHits small = run(map, machine, R"({"items": [1, 2]})");
    EXPECT_EQ(count(cov::summarize(map, small).total), "9/11");  // not Large nor its rule

    cov::CoverageHits total = run(map, machine, R"({"items": [1, 20, 3, 30, 5]})");
    EXPECT_EQ(hits(map, total, "/States/Each"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Each/Next"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Big"), 5u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Big/Choices/0/Next"), 2u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Big/Default"), 3u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Large"), 2u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Small/Next"), 3u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Tag"), 3u);
    EXPECT_EQ(hits(map, total, "/States/After"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Each/ItemProcessor/States/Small/Branches/0/States/Inner"), 3u);
    EXPECT_EQ(count(cov::summarize(map, total).total), "11/11");
}

// Distributed Map children are executions of their own: their states and Next
// edges are counted as they are entered (CoverageRecorder::map_child).
TEST(Coverage, DistributedMapIterations) {
    auto machine = compile(R"({"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Big", "States": {
                "Big": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 10, "Next": "Large"}],
                        "Default": "Small"},
                "Large": {"Type": "Pass", "Next": "Tag"},
                "Small": {"Type": "Fail", "Error": "TooSmall"},
                "Tag": {"Type": "Pass", "End": true}}}}}})");
    cov::CoverageMap map(*machine);
    cov::CoverageHits hits_ = run(map, machine, R"({"items": [20, 30]})");
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Big"), 2u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Big/Choices/0/Next"), 2u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Large"), 2u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Large/Next"), 2u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Tag"), 2u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Small"), 0u);
    EXPECT_EQ(hits(map, hits_, "/States/Each/ItemProcessor/States/Big/Default"), 0u);
}

TEST(Coverage, ParallelBranches) {
    auto machine = compile(R"({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "A1", "States": {"A1": {"Type": "Wait", "Seconds": 2, "Next": "A2"},
                                         "A2": {"Type": "Pass", "End": true}}},
            {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"},
                                         "B2": {"Type": "Wait", "Seconds": 1, "Next": "B3"},
                                         "B3": {"Type": "Pass", "End": true}}}]},
        "Done": {"Type": "Succeed"}}})");
    cov::CoverageMap map(*machine);
    cov::CoverageHits total = run(map, machine, "{}");
    cov::CoverageSummary s = cov::summarize(map, total);
    EXPECT_EQ(count(s.states), "7/7");
    EXPECT_EQ(count(s.transitions), "4/4");
    for (uint64_t n : total.counts) EXPECT_EQ(n, 1u);
}

TEST(Coverage, LoopsCountEveryPass) {
    auto machine = compile(R"json({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.n", "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "More"},
        "More": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Inc"}],
                 "Default": "Done"},
        "Done": {"Type": "Succeed"}}})json");
    cov::CoverageMap map(*machine);
    cov::CoverageHits total = run(map, machine, "{}");
    EXPECT_EQ(hits(map, total, "/States/Init/Next"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Inc"), 3u);
    EXPECT_EQ(hits(map, total, "/States/Inc/Next"), 3u);
    EXPECT_EQ(hits(map, total, "/States/More/Choices/0/Next"), 2u);
    EXPECT_EQ(hits(map, total, "/States/More/Default"), 1u);
    EXPECT_EQ(hits(map, total, "/States/Done"), 1u);
}

// A suite runs its cases in threads, a recorder each, and merges afterwards.
TEST(Coverage, RecordersOfParallelCasesMerge) {
    auto machine = compile(kChoice);
    cov::CoverageMap map(*machine);
    std::vector<cov::CoverageHits> each(3);
    std::vector<std::thread> threads;
    const char* inputs[] = {R"({"kind": "a"})", R"({"kind": "b"})", R"({"kind": "a"})"};
    for (size_t i = 0; i < 3; ++i)
        threads.emplace_back([&, i] { each[i] = run(map, machine, inputs[i]); });
    for (auto& t : threads) t.join();
    cov::CoverageHits total;
    for (const auto& h : each) total += h;
    EXPECT_EQ(hits(map, total, "/States/IsEligible"), 3u);
    EXPECT_EQ(hits(map, total, "/States/IsEligible/Choices/0/Next"), 2u);
    EXPECT_EQ(hits(map, total, "/States/Release"), 3u);
    EXPECT_EQ(count(cov::summarize(map, total).total), "6/8");
}

// ---- reports ----

namespace {

std::vector<cov::FileCoverage> choice_report(std::string_view input) {
    auto machine = compile(kChoice);
    cov::CoverageMap map(*machine);
    cov::CoverageHits hits = run(map, machine, input);
    std::vector<cov::FileCoverage> files;
    files.push_back({"machines/order.asl.json", json::map_source(kChoice), std::move(map), std::move(hits)});
    return files;
}

}  // namespace

TEST(CoverageReport, Lcov) {
    std::ostringstream out;
    cov::write_lcov(out, choice_report(R"({"kind": "a"})"));
    EXPECT_EQ(out.str(),
              "TN:\n"
              "SF:machines/order.asl.json\n"
              "BRDA:4,0,0,1\n"
              "BRDA:4,0,1,0\n"
              "BRDA:4,0,2,0\n"
              "BRF:3\n"
              "BRH:1\n"
              "DA:4,1\n"
              "DA:7,1\n"
              "DA:8,0\n"
              "DA:10,0\n"
              "DA:12,1\n"
              "DA:13,0\n"
              "DA:14,0\n"
              "LF:7\n"
              "LH:3\n"
              "end_of_record\n");
}

TEST(CoverageReport, LcovMarksTheBranchesOfAStateNeverEntered) {
    auto machine = compile(R"({"StartAt": "S", "States": {
        "S": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Choice",
        "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "S"}], "Default": "E"}, "E": {"Type": "Succeed"}}})");
    cov::CoverageMap map(*machine);
    std::vector<cov::FileCoverage> files;
    files.push_back({"one.asl.json", json::SourceMap(), std::move(map), cov::CoverageHits()});
    std::ostringstream out;
    cov::write_lcov(out, files);
    // No source map: everything is on line 1.
    EXPECT_EQ(out.str(), "TN:\nSF:one.asl.json\nBRDA:1,0,0,-\nBRDA:1,0,1,-\nBRF:2\nBRH:0\nDA:1,0\nLF:1\nLH:0\nend_of_record\n");
}

TEST(CoverageReport, Cobertura) {
    std::vector<cov::FileCoverage> files = choice_report(R"({"kind": "a"})");
    auto machine = compile(kChoice);
    files.push_back({"other & co.asl.json", json::map_source(kChoice), cov::CoverageMap(*machine), {}});
    files.back().hits = run(files.back().map, machine, R"({"kind": "c"})", nullptr, engine::Status::Failed);
    std::ostringstream out;
    cov::write_cobertura(out, files);
    std::string xml = out.str();
    auto has = [&](const std::string& text) { EXPECT_NE(xml.find(text), std::string::npos) << text << "\n" << xml; };
    has("<?xml version=\"1.0\" ?>\n");
    // Lines 4, 10 and 14 of the second file; branches: Default.
    has("<coverage line-rate=\"0.4286\" branch-rate=\"0.3333\" lines-covered=\"6\" lines-valid=\"14\" "
        "branches-covered=\"2\" branches-valid=\"6\" complexity=\"0\" version=\"stepwise\" timestamp=\"0\">");
    has("<package name=\".\" line-rate=\"0.4286\" branch-rate=\"0.3333\" complexity=\"0\">");
    has("<class name=\"other &amp; co.asl.json\" filename=\"other &amp; co.asl.json\" line-rate=\"0.4286\" "
        "branch-rate=\"0.3333\" complexity=\"0\">");
    has("<package name=\"machines\" line-rate=\"0.4286\" branch-rate=\"0.3333\" complexity=\"0\">");
    has("<class name=\"order.asl.json\" filename=\"machines/order.asl.json\" line-rate=\"0.4286\" "
        "branch-rate=\"0.3333\" complexity=\"0\">");
    has("<line number=\"4\" hits=\"1\" branch=\"true\" condition-coverage=\"33% (1/3)\"/>");
    has("<line number=\"7\" hits=\"1\" branch=\"false\"/>");
    has("<line number=\"8\" hits=\"0\" branch=\"false\"/>");
    has("<line number=\"13\" hits=\"0\" branch=\"false\"/>");
    has("<line number=\"14\" hits=\"1\" branch=\"false\"/>");
    EXPECT_EQ(xml.find("<package name=\".\""), xml.rfind("<package name=\".\""));  // one package a folder
    EXPECT_LT(xml.find("<package name=\".\""), xml.find("<package name=\"machines\""));
    std::string end = "    </package>\n  </packages>\n</coverage>\n";
    EXPECT_EQ(xml.substr(xml.size() - end.size()), end);
}

TEST(CoverageReport, TerminalTable) {
    std::vector<cov::FileCoverage> files = choice_report(R"({"kind": "a"})");
    std::ostringstream out;
    cov::print_coverage(out, files, false);
    EXPECT_EQ(out.str(),
              "Coverage                 states   transitions  retriers  catchers  total\n"
              "machines/order.asl.json  2/4 50%  1/4 25%      -         -         3/8 37.5%\n"
              "Uncovered\n"
              "  machines/order.asl.json:8  /States/IsEligible/Choices/1/Next  IsEligible rule 1 → Hold\n"
              "  machines/order.asl.json:10  /States/IsEligible/Default  IsEligible Default → Reject\n"
              "  machines/order.asl.json:13  /States/Hold  Hold\n"
              "  machines/order.asl.json:13  /States/Hold/Next  Hold → Release\n"
              "  machines/order.asl.json:14  /States/Reject  Reject\n");

    std::vector<cov::FileCoverage> two = choice_report(R"({"kind": "b"})");
    two.push_back(std::move(files[0]));
    std::ostringstream both;
    cov::print_coverage(both, two, true);
    EXPECT_NE(both.str().find("all files"), std::string::npos);
    EXPECT_NE(both.str().find("\x1b[33m5/8 62.5%"), std::string::npos) << both.str();
    EXPECT_EQ(both.str().rfind("\x1b[1mCoverage", 0), 0u) << both.str();
}
