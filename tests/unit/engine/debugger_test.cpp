// Breakpoints and stepping in the core (engine/debugger.h), and evaluating
// expressions against a paused frame (engine/debug_eval.h).
#include <gtest/gtest.h>

#include "asl/compile.h"
#include "engine/debug_eval.h"
#include "engine/execution.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::engine {
namespace {

constexpr const char* kMachine = R"({
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Result": {"n": 1, "name": "order-7"}, "Assign": {"who": "alice"}, "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"m.$": "$.n"}, "Next": "C"},
    "C": {"Type": "Pass", "End": true}
  }
})";

std::shared_ptr<const asl::Machine> compile(const char* text) {
    auto r = asl::compile(std::string_view(text));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

ExecutionConfig config_with(std::vector<Breakpoint> breakpoints, bool at_start = false) {
    ExecutionConfig c;
    auto d = std::make_shared<DebugConfig>();
    d->breakpoints = std::move(breakpoints);
    d->pause_at_start = at_start;
    c.debug = d;
    return c;
}

InputEvent start_event(const char* input = "{}") {
    InputEvent e;
    e.kind = InputEvent::Kind::Start;
    e.time_ms = 1700000000000;
    e.value = json::parse(input);
    return e;
}

InputEvent resume_event(const Pause& p, Resume r = {}) {
    InputEvent e;
    e.kind = InputEvent::Kind::Resume;
    e.time_ms = 1700000000000;
    e.ref = p.id;
    e.value = resume_value(r);
    return e;
}

std::vector<std::shared_ptr<const Pause>> pauses(const std::vector<Command>& commands) {
    std::vector<std::shared_ptr<const Pause>> out;
    for (const Command& c : commands)
        if (c.kind == Command::Kind::Paused) out.push_back(c.pause);
    return out;
}

std::vector<std::string> types(const Execution& e) {
    std::vector<std::string> t;
    for (const auto& ev : e.history()) t.push_back(ev.type_name());
    return t;
}

TEST(Debugger, PausesBeforeAStateAndResumesWithReplacedInput) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"B", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0]->state->name, "B");
    EXPECT_FALSE(p[0]->after);
    EXPECT_EQ(json::dump(p[0]->input), R"({"n":1,"name":"order-7"})");
    EXPECT_EQ(json::dump(*p[0]->context.find("State")->find("Name")), "\"B\"");
    EXPECT_EQ(json::dump(p[0]->variables), R"({"who":"alice"})");
    EXPECT_EQ(e.status(), Status::Running);
    // No pause in the history: A entered and exited, B not yet entered.
    EXPECT_EQ(types(e), (std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "PassStateExited"}));

    commands.clear();
    Resume r;
    r.input = json::parse(R"({"n": 42})");
    e.handle(resume_event(*p[0], r), commands);
    EXPECT_TRUE(pauses(commands).empty());
    ASSERT_EQ(e.status(), Status::Succeeded);
    EXPECT_EQ(json::dump(e.output()), R"({"m":42})");
}

// The web page's routes and the host's notices hold pauses after the
// execution and its machine (a re-run's edited definition) are gone.
TEST(Debugger, APauseKeepsItsStateAlive) {
    std::shared_ptr<const Pause> kept;
    std::weak_ptr<const asl::Machine> machine_seen;
    {
        auto machine = compile(kMachine);
        machine_seen = machine;
        Execution e(machine, config_with({{"B", false}}));
        std::vector<Command> commands;
        e.handle(start_event(), commands);
        auto p = pauses(commands);
        ASSERT_EQ(p.size(), 1u);
        kept = p[0];
    }
    EXPECT_FALSE(machine_seen.expired());
    EXPECT_EQ(kept->state->name, "B");
    kept.reset();
    EXPECT_TRUE(machine_seen.expired());
}

TEST(Debugger, HistoryIsTheSameAsWithoutBreakpoints) {
    auto machine = compile(kMachine);
    Execution plain(machine, ExecutionConfig{});
    std::vector<Command> commands;
    plain.handle(start_event(), commands);
    Execution debugged(machine, config_with({{"A", false}, {"B", true}, {"C", false}}));
    commands.clear();
    debugged.handle(start_event(), commands);
    for (int i = 0; i < 10 && debugged.status() == Status::Running; ++i) {
        auto p = pauses(commands);
        ASSERT_EQ(p.size(), 1u);
        commands.clear();
        debugged.handle(resume_event(*p[0]), commands);
    }
    EXPECT_EQ(json::dump(plain.output()), json::dump(debugged.output()));
    ASSERT_EQ(plain.history().size(), debugged.history().size());
    for (size_t i = 0; i < plain.history().size(); ++i)
        EXPECT_EQ(json::dump(plain.history()[i].to_json(plain.history_context())),
                  json::dump(debugged.history()[i].to_json(debugged.history_context())));
}

TEST(Debugger, StepsFromTheFirstStateAndPausesAfterTheLast) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"C", true}}, true));
    std::vector<Command> commands;
    e.handle(start_event(R"({"x": 1})"), commands);
    std::vector<std::string> seen;
    for (int i = 0; i < 10 && e.status() == Status::Running; ++i) {
        auto p = pauses(commands);
        ASSERT_EQ(p.size(), 1u);
        seen.push_back(p[0]->state->name + (p[0]->after ? ":after" : ""));
        commands.clear();
        Resume r;
        r.step = true;
        e.handle(resume_event(*p[0], r), commands);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C", "C:after"}));
    EXPECT_EQ(json::dump(e.output()), R"({"m":1})");
}

TEST(Debugger, PauseAfterShowsTheOutputAndItsReplacementIsTheNextInput) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"A", true}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_TRUE(p[0]->after);
    EXPECT_EQ(p[0]->state->name, "A");
    EXPECT_EQ(json::dump(p[0]->input), R"({"n":1,"name":"order-7"})");
    commands.clear();
    Resume r;
    r.input = json::parse(R"({"n": 5})");
    e.handle(resume_event(*p[0], r), commands);
    EXPECT_EQ(json::dump(e.output()), R"({"m":5})");
}

TEST(Debugger, ResumeReplacesTheBreakpoints) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"A", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    commands.clear();
    Resume r;
    r.breakpoints = std::vector<Breakpoint>{{"C", false}};
    e.handle(resume_event(*p[0], r), commands);
    p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0]->state->name, "C");
    EXPECT_EQ(p[0]->breakpoints, (std::vector<Breakpoint>{{"C", false}}));
    commands.clear();
    r.breakpoints = std::vector<Breakpoint>{};
    e.handle(resume_event(*p[0], r), commands);
    EXPECT_EQ(e.status(), Status::Succeeded);
}

TEST(Debugger, ReplayOfTheJournalPausesAndResumesTheSameWay) {
    auto machine = compile(kMachine);
    ExecutionConfig config = config_with({{"B", false}});
    Execution e(machine, config);
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    Resume r;
    r.input = json::parse(R"({"n": 9})");
    r.step = true;
    commands.clear();
    e.handle(resume_event(*p[0], r), commands);
    p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0]->state->name, "C");

    // Through the journal's JSON form, as a store keeps it.
    std::vector<InputEvent> journal;
    for (const InputEvent& ev : e.journal()) journal.push_back(InputEvent::from_json(ev.to_json()));
    std::vector<Command> pending;
    auto again = Execution::replay(machine, config, journal, &pending);
    auto q = pauses(pending);  // every command the journal led to: the pause at B, then the one at C
    ASSERT_EQ(q.size(), 2u);
    q.erase(q.begin());
    EXPECT_EQ(q[0]->state->name, "C");
    EXPECT_EQ(q[0]->id, p[0]->id);
    EXPECT_EQ(json::dump(q[0]->input), R"({"m":9})");
    ASSERT_EQ(again->history().size(), e.history().size());

    commands.clear();
    e.handle(resume_event(*p[0]), commands);
    pending.clear();
    again->handle(resume_event(*q[0]), pending);
    EXPECT_EQ(json::dump(e.output()), json::dump(again->output()));
    EXPECT_EQ(json::dump(again->output()), R"({"m":9})");
}

TEST(Debugger, EachParallelBranchPausesOnItsOwn) {
    auto machine = compile(R"({
      "StartAt": "P",
      "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Pass", "Result": 1, "End": true}}},
        {"StartAt": "Y", "States": {"Y": {"Type": "Pass", "Result": 2, "End": true}}}]}}
    })");
    Execution e(machine, config_with({{"X", false}, {"Y", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 2u);
    commands.clear();
    e.handle(resume_event(*p[1]), commands);
    EXPECT_EQ(e.status(), Status::Running);  // the other branch still waits
    e.handle(resume_event(*p[0]), commands);
    ASSERT_EQ(e.status(), Status::Succeeded);
    EXPECT_EQ(json::dump(e.output()), "[1,2]");
}

TEST(Debugger, StopWhilePausedAbortsTheExecution) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"B", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    InputEvent stop;
    stop.kind = InputEvent::Kind::Stop;
    stop.time_ms = 1700000000000;
    e.handle(stop, commands);
    EXPECT_EQ(e.status(), Status::Aborted);
}

TEST(Debugger, SetBreakpointsReplacesThemWhileRunningAndIsJournalled) {
    auto machine = compile(R"({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 10, "Next": "B"},
        "B": {"Type": "Pass", "End": true}}})");
    ExecutionConfig plain;
    Execution e(machine, plain);  // started without breakpoints
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    ASSERT_EQ(commands.size(), 1u);
    const uint64_t timer = commands[0].id;
    InputEvent set;
    set.kind = InputEvent::Kind::SetBreakpoints;
    set.time_ms = 1700000000001;
    set.value = breakpoints_json({{"B", false}});
    commands.clear();
    e.handle(set, commands);
    EXPECT_EQ(e.breakpoints(), (std::vector<Breakpoint>{{"B", false}}));
    InputEvent fired;
    fired.kind = InputEvent::Kind::TimerFired;
    fired.ref = timer;
    fired.time_ms = 1700000010000;
    e.handle(fired, commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0]->state->name, "B");
    ASSERT_EQ(e.open_pauses().size(), 1u);

    // The journal keeps the change: a replay pauses at B too.
    auto journal = e.journal();
    EXPECT_EQ(InputEvent::from_json(journal[1].to_json()).kind, InputEvent::Kind::SetBreakpoints);
    auto again = Execution::replay(machine, plain, journal);
    ASSERT_EQ(again->open_pauses().size(), 1u);
    EXPECT_EQ(again->open_pauses()[0]->state->name, "B");
}

TEST(Debugger, StayPausedShowsTheEditedInputAsANewPause) {
    auto machine = compile(kMachine);
    Execution e(machine, config_with({{"B", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 1u);
    commands.clear();
    Resume r;
    r.input = json::parse(R"({"n": 5})");
    r.stay_paused = true;
    r.breakpoints = std::vector<Breakpoint>{};
    e.handle(resume_event(*p[0], r), commands);
    auto q = pauses(commands);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_NE(q[0]->id, p[0]->id);
    EXPECT_EQ(q[0]->state->name, "B");
    EXPECT_EQ(json::dump(q[0]->input), R"({"n":5})");
    EXPECT_TRUE(q[0]->breakpoints.empty());
    ASSERT_EQ(e.open_pauses().size(), 1u);
    EXPECT_EQ(e.open_pauses()[0]->id, q[0]->id);
    // The old pause is answered: resuming it again changes nothing.
    e.handle(resume_event(*p[0]), commands);
    EXPECT_EQ(e.status(), Status::Running);
    e.handle(resume_event(*q[0]), commands);
    ASSERT_EQ(e.status(), Status::Succeeded);
    EXPECT_EQ(json::dump(e.output()), R"({"m":5})");
}

TEST(Debugger, APauseOfACancelledBranchIsNoLongerOpen) {
    auto machine = compile(R"({
      "StartAt": "P",
      "States": {"P": {"Type": "Parallel", "Next": "W",
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "W"}], "Branches": [
        {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}},
        {"StartAt": "Y", "States": {"Y": {"Type": "Fail", "Error": "Boom"}}}]},
        "W": {"Type": "Wait", "Seconds": 100, "End": true}}
    })");
    Execution e(machine, config_with({{"X", false}, {"Y", false}}));
    std::vector<Command> commands;
    e.handle(start_event(), commands);
    auto p = pauses(commands);
    ASSERT_EQ(p.size(), 2u);
    ASSERT_EQ(e.open_pauses().size(), 2u);
    e.handle(resume_event(*p[1]), commands);  // Y fails: X's branch is cancelled, the Catch goes on to W
    EXPECT_EQ(e.status(), Status::Running);
    EXPECT_TRUE(e.open_pauses().empty());
}

Pause sample_pause() {
    Pause p;
    p.input = json::parse(R"({"orderId": "o-1", "items": [1, 2, 3]})");
    p.context = json::parse(R"({"State": {"Name": "B"}, "Execution": {"Name": "run-1"}})");
    p.variables = json::parse(R"({"who": "alice"})");
    return p;
}

TEST(DebugEval, JsonPathIntrinsicAndJsonata) {
    Pause p = sample_pause();
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$.orderId")), "\"o-1\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$$.State.Name")), "\"B\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$who")), "\"alice\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$.items[1]")), "2");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "States.Format('{} by {}', $.orderId, $who)")), "\"o-1 by alice\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "{% $states.input.orderId & '/' & $who %}")), "\"o-1/alice\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "{% $states.context.Execution.Name %}")), "\"run-1\"");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$sum(items)")), "6");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$states.input.orderId")), "\"o-1\"");
    p.time_ms = 1700000000000;
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "$millis()")), "1700000000000");
}

TEST(DebugEval, ErrorsAreExceptionsWithAMessage) {
    Pause p = sample_pause();
    EXPECT_THROW(evaluate_in_pause(p, "$.missing"), std::runtime_error);
    EXPECT_THROW(evaluate_in_pause(p, "{% $nope( %}"), std::runtime_error);
    EXPECT_THROW(evaluate_in_pause(p, "States.Nope(1)"), std::runtime_error);
}

std::string evaluate_error(const Pause& p, std::string_view text) {
    try {
        evaluate_in_pause(p, text);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(no error)";
}

// The debugger reads JSONata as a state does, in the 2.0.6 AWS runs
// (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): no `??`, no $eval.
TEST(DebugEval, JsonataIsAwsJsonata) {
    Pause p = sample_pause();
    EXPECT_EQ(evaluate_error(p, "{% $states.input.missing ?? 1 %}").substr(0, 6), "S0211:");
    EXPECT_EQ(evaluate_error(p, "{% $eval('1') %}").substr(0, 6), "T1006:");
    EXPECT_EQ(json::dump(evaluate_in_pause(p, "{% $random(42) %}")), "0.7275636800328681");
}

// The evaluate runs on the server's workers: it gets a state's output budget,
// so one expression cannot take all memory, and fewer steps than a state.
TEST(DebugEval, IsBoundedInMemoryAndSteps) {
    Pause p = sample_pause();
    const std::string huge = evaluate_error(p, "{% $pad('x', 2000000000) %}");
    EXPECT_TRUE(huge.starts_with("U1001: ")) << huge;
    EXPECT_NE(huge.find("output budget"), std::string::npos) << huge;
    const std::string long_run = evaluate_error(p, "$sum([1..1500000])");
    EXPECT_TRUE(long_run.starts_with("U1001: ")) << long_run;
}

}  // namespace
}  // namespace stepwise::engine
