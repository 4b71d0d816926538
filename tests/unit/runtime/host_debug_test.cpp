// The ExecutionHost's debugger (runtime/host_debug.cpp) and re-runs
// (runtime/host_rerun.cpp): pauses listed and announced, resumed, kept over a
// restart; breakpoints replaced while running; re-runs stored with their origin.
#include <gtest/gtest.h>

#include "host_fixture.h"
#include "json/write.h"

using namespace stepwise;
using host_test::Fixture;

namespace {

constexpr const char* kMachine = R"({"StartAt": "P", "States": {
    "P": {"Type": "Pass", "Result": {"orderId": "o-7", "n": 1}, "Next": "V"},
    "V": {"Type": "Pass", "Parameters": {"checked.$": "$.orderId"}, "Next": "W"},
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "Q"},
    "Q": {"Type": "Pass", "End": true}}})";

std::shared_ptr<const engine::DebugConfig> break_before(const std::string& state) {
    auto d = std::make_shared<engine::DebugConfig>();
    d->breakpoints.push_back({state, false});
    return d;
}

std::vector<std::shared_ptr<const engine::Pause>> wait_pauses(runtime::ExecutionHost& host, const std::string& arn,
                                                              size_t count = 1) {
    std::vector<std::shared_ptr<const engine::Pause>> out;
    for (int i = 0; i < 2000; ++i) {
        EXPECT_FALSE(host.pauses(arn, out));
        if (out.size() == count) return out;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ADD_FAILURE() << arn << " has " << out.size() << " pauses, not " << count;
    return out;
}

runtime::HostError answer(std::function<void(std::function<void(runtime::HostError)>)> call) {
    std::promise<runtime::HostError> p;
    call([&](runtime::HostError e) { p.set_value(e); });
    return p.get_future().get();
}

std::vector<json::Value> history(runtime::ExecutionHost& host, const std::string& arn) {
    std::vector<json::Value> out;
    for (const auto& row : host.history(arn, 0, INT64_MAX, 1000, false).value_or(std::vector<runtime::HistoryRow>{}))
        out.push_back(json::parse(row.event));
    return out;
}

// The input of the last `type` event of the history, as a JSON value.
std::string entered_input(const std::vector<json::Value>& events, const std::string& state) {
    std::string input;
    for (const auto& e : events)
        if (const json::Value* d = e.find("stateEnteredEventDetails"))
            if (d->find("name")->as_string() == state) input = std::string(d->find("input")->as_string());
    return input;
}

}  // namespace

// Shared with the web page's PUT /ui/debug/breakpoints.
TEST(HostDebug, UnknownStateNamesTheFirstBreakpointTheDefinitionLacks) {
    auto machine = host_test::compile(kMachine);
    EXPECT_EQ(runtime::unknown_state(*machine, {{"V", false}, {"Q", true}}), "");
    EXPECT_EQ(runtime::unknown_state(*machine, {{"V", false}, {"Nope", true}, {"Gone", false}}),
              "Breakpoint on an unknown state: the definition has no state named 'Nope'");
}

TEST(HostDebug, PausesAreListedAnnouncedEvaluatedAndResumedWithAnEditedInput) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    std::mutex mutex;
    std::vector<runtime::DebugNotice> notices;
    host.on_debug([&](const runtime::DebugNotice& n) {
        std::lock_guard lock(mutex);
        notices.push_back(n);
    });
    auto r = f.request("d1", kMachine, "dbg-1");
    r.debug = break_before("V");
    auto started = f.start(host, std::move(r));
    ASSERT_FALSE(started.error) << started.error.message;
    auto pauses = wait_pauses(host, started.execution_arn);
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "V");
    EXPECT_EQ(json::dump(pauses[0]->input), R"({"orderId":"o-7","n":1})");
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->status, "RUNNING");

    std::promise<std::pair<runtime::HostError, json::Value>> evaluated;
    host.evaluate(started.execution_arn, pauses[0]->id, "$.orderId",
                  [&](runtime::HostError e, json::Value v) { evaluated.set_value({e, v}); });
    auto [eval_error, value] = evaluated.get_future().get();
    EXPECT_FALSE(eval_error);
    EXPECT_EQ(json::dump(value), "\"o-7\"");
    std::promise<runtime::HostError> bad;
    host.evaluate(started.execution_arn, pauses[0]->id, "$.[", [&](runtime::HostError e, json::Value) { bad.set_value(e); });
    EXPECT_EQ(bad.get_future().get().type, "EvaluationError");

    EXPECT_EQ(answer([&](auto done) { host.resume(started.execution_arn, 999, {}, done); }).type, "ValidationException");
    engine::Resume edit;
    edit.input = json::parse(R"({"orderId": "edited"})");
    auto resumed = answer([&](auto done) { host.resume(started.execution_arn, pauses[0]->id, edit, done); });
    ASSERT_FALSE(resumed) << resumed.message;
    EXPECT_TRUE(wait_pauses(host, started.execution_arn, 0).empty());
    EXPECT_EQ(entered_input(history(host, started.execution_arn), "V"), R"({"orderId":"edited"})");
    auto notice_count = [&] {
        std::lock_guard lock(mutex);
        return notices.size();
    };
    for (int i = 0; i < 2000 && notice_count() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::lock_guard lock(mutex);
    ASSERT_EQ(notices.size(), 2u);
    ASSERT_EQ(notices[0].paused.size(), 1u);
    EXPECT_EQ(notices[0].paused[0]->id, pauses[0]->id);
    EXPECT_EQ(notices[1].resumed, std::vector<uint64_t>{pauses[0]->id});
}

TEST(HostDebug, AWaitingPauseIsWaitingAgainAfterARestart) {
    Fixture f;
    std::string arn;
    uint64_t pause_id = 0;
    {
        runtime::ExecutionHost host(*f.store, f.resolver(), {});
        auto r = f.request("d1", kMachine, "dbg-restart");
        r.debug = break_before("V");
        arn = f.start(host, std::move(r)).execution_arn;
        pause_id = wait_pauses(host, arn).at(0)->id;
    }
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    EXPECT_EQ(host.recover(), 1u);
    auto pauses = wait_pauses(host, arn);
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->id, pause_id);
    EXPECT_EQ(pauses[0]->state->name, "V");
    // Stopped while paused: ABORTED.
    std::promise<runtime::HostError> stopped;
    host.stop(arn, std::nullopt, std::nullopt, [&](runtime::HostError e, int64_t) { stopped.set_value(e); });
    EXPECT_FALSE(stopped.get_future().get());
    EXPECT_EQ(f.wait_end(arn).status, "ABORTED");
    EXPECT_TRUE(wait_pauses(host, arn, 0).empty());
}

TEST(HostDebug, BreakpointsOfARunningExecutionAreReplacedAndKeptOverARestart) {
    Fixture f;
    std::string arn;
    {
        runtime::ExecutionHost host(*f.store, f.resolver(), {});
        arn = f.start(host, f.request("d1", kMachine, "dbg-set")).execution_arn;  // no breakpoints
        auto unknown = answer([&](auto done) { host.set_breakpoints(arn, {{"Nope", false}}, done); });
        EXPECT_EQ(unknown.type, "ValidationException");
        EXPECT_NE(unknown.message.find("'Nope'"), std::string::npos);
        auto set = answer([&](auto done) { host.set_breakpoints(arn, {{"Q", false}}, done); });
        ASSERT_FALSE(set) << set.message;
    }
    // The Wait is due in an hour; a restarted host under virtual time fires it and pauses before Q.
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    host.recover();
    auto pauses = wait_pauses(host, arn);
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "Q");
}

TEST(HostDebug, NewExecutionsStartWithTheBreakpointsTheHostIsGiven) {
    Fixture f;
    runtime::HostOptions o;
    o.debug_for = [](const runtime::StartRequest& r) {
        return r.machine->all_states.count("W") ? break_before("W") : nullptr;
    };
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto arn = f.start(host, f.request("d1", kMachine, "dbg-book")).execution_arn;
    EXPECT_EQ(wait_pauses(host, arn).at(0)->state->name, "W");
    auto r = f.request("d1", kMachine, "dbg-unknown");
    r.debug = break_before("Nope");
    EXPECT_EQ(f.start(host, std::move(r)).error.type, "ValidationException");
}

TEST(HostDebug, ARerunRepeatsTheOriginalUpToTheEntryAndIsStoredWithItsOrigin) {
    Fixture f;
    runtime::ExecutionHost host(*f.store, f.resolver(), {});
    auto original = f.start(host, f.request("d1", kMachine, "orig")).execution_arn;
    std::vector<json::Value> events;
    for (int i = 0; i < 2000 && entered_input(events, "W").empty(); ++i) {
        events = history(host, original);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    int64_t v_entry = 0;
    for (const auto& e : events)
        if (const json::Value* d = e.find("stateEnteredEventDetails"))
            if (d->find("name")->as_string() == "V") v_entry = e.find("id")->as_int();
    ASSERT_GT(v_entry, 0);

    runtime::RerunRequest rerun;
    rerun.execution_arn = original;
    rerun.event_id = v_entry;
    rerun.name = "orig-rerun";
    rerun.input = json::parse(R"({"orderId": "again"})");
    rerun.pause = true;
    std::promise<runtime::StartResult> p;
    host.rerun(rerun, [&](runtime::StartResult r) { p.set_value(r); });
    auto started = p.get_future().get();
    ASSERT_FALSE(started.error) << started.error.message;
    auto pauses = wait_pauses(host, started.execution_arn);
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "V");
    EXPECT_EQ(json::dump(pauses[0]->input), R"({"orderId":"again"})");
    auto record = f.store->get_execution(started.execution_arn);
    ASSERT_TRUE(record);
    auto of = runtime::ExecutionHost::rerun_of(*record);
    ASSERT_TRUE(of);
    EXPECT_EQ(of->execution_arn, original);
    EXPECT_EQ(of->event_id, v_entry);
    auto rerun_events = history(host, started.execution_arn);
    ASSERT_EQ(rerun_events.size(), static_cast<size_t>(v_entry - 1));  // P entered and exited; V not yet
    auto go = answer([&](auto done) { host.resume(started.execution_arn, pauses[0]->id, {}, done); });
    ASSERT_FALSE(go) << go.message;
    for (int i = 0; i < 2000 && entered_input(rerun_events, "V").empty(); ++i) {
        rerun_events = history(host, started.execution_arn);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(entered_input(rerun_events, "V"), R"({"orderId":"again"})");

    rerun.name = "orig-rerun-2";
    rerun.event_id = 1;  // ExecutionStarted: not a state entry
    std::promise<runtime::StartResult> refused;
    host.rerun(rerun, [&](runtime::StartResult r) { refused.set_value(r); });
    EXPECT_EQ(refused.get_future().get().error.type, "ValidationException");
}

// All-stop: under virtual time nothing fires while the execution is paused,
// not its timeout (there are no tasks to wait for, only timers).
TEST(HostDebug, VirtualTimeStandsStillWhileTheExecutionIsPaused) {
    Fixture f;
    runtime::HostOptions o;
    o.virtual_time = true;
    runtime::ExecutionHost host(*f.store, f.resolver(), o);
    auto r = f.request("d1", R"({"TimeoutSeconds": 60, "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "V"},
        "V": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 3600, "End": true}}})",
                       "dbg-timeout");
    r.debug = break_before("V");
    auto started = f.start(host, std::move(r));
    ASSERT_FALSE(started.error) << started.error.message;
    auto pauses = wait_pauses(host, started.execution_arn);
    ASSERT_EQ(pauses.size(), 1u);
    // Fed on the execution's strand, after a timer the pausing step may have set firing.
    auto set = answer([&](auto done) { host.set_breakpoints(started.execution_arn, {{"V", false}}, done); });
    EXPECT_FALSE(set) << set.type << ": " << set.message;
    EXPECT_EQ(wait_pauses(host, started.execution_arn).size(), 1u);
    EXPECT_EQ(f.store->get_execution(started.execution_arn)->status, "RUNNING");

    auto go = answer([&](auto done) { host.resume(started.execution_arn, pauses[0]->id, {}, done); });
    ASSERT_FALSE(go) << go.message;
    EXPECT_EQ(f.wait_end(started.execution_arn).status, "TIMED_OUT");  // time goes on once resumed
}
