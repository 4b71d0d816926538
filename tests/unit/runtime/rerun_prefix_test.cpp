// "Re-run from here" (runtime/rerun_prefix.h): the prefix replayed from the
// original's journal, the chosen entry reached, divergence refused.
#include <gtest/gtest.h>

#include "asl/compile.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/rerun_prefix.h"

using namespace stepwise;

namespace {

constexpr int64_t kStart = 1700000000000;
constexpr int64_t kShift = 86400000;  // a day later

std::shared_ptr<const asl::Machine> compile(const char* text) {
    auto r = asl::compile(std::string_view(text));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

// An original execution run to its end: each task answers {"from": <state>} a second after it was called.
std::unique_ptr<engine::Execution> run_original(std::shared_ptr<const asl::Machine> machine, const char* input) {
    auto e = std::make_unique<engine::Execution>(machine, engine::ExecutionConfig{});
    std::vector<engine::Command> commands;
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.time_ms = kStart;
    start.value = json::parse(input);
    e->handle(start, commands);
    int64_t now = kStart;
    while (!commands.empty()) {
        std::vector<engine::Command> issued = std::move(commands);
        commands.clear();
        for (const engine::Command& c : issued) {
            if (c.kind != engine::Command::Kind::InvokeTask) continue;
            engine::InputEvent done;
            done.kind = engine::InputEvent::Kind::TaskSucceeded;
            done.ref = c.id;
            done.time_ms = now += 1000;
            done.value = json::Value(json::Object{{"from", c.state->name}});
            e->handle(done, commands);
        }
    }
    return e;
}

// The id of the `n`-th StateEntered event of `state`.
int64_t entry_id(const engine::Execution& e, const std::string& state, int n) {
    for (const auto& ev : e.history())
        if (ev.type == engine::EventType::StateEntered && ev.state_name() == state && --n == 0) return ev.id;
    ADD_FAILURE() << "no entry " << n << " of " << state;
    return 0;
}

std::unique_ptr<engine::Execution> replay(std::shared_ptr<const asl::Machine> machine, const runtime::RerunPrefix& p) {
    engine::ExecutionConfig c;
    c.debug = p.debug;
    return engine::Execution::replay(std::move(machine), c, p.journal);
}

constexpr const char* kTasks = R"({"StartAt": "A", "States": {
    "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B"},
    "B": {"Type": "Pass", "Next": "C"},
    "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})";

}  // namespace

TEST(RerunPrefix, ReachesTheEntryFromTheJournalAndGoesOnWithTheNewInput) {
    auto machine = compile(kTasks);
    auto original = run_original(machine, R"({"order": 1})");
    ASSERT_EQ(original->status(), engine::Status::Succeeded);
    const int64_t b = entry_id(*original, "B", 1);

    runtime::RerunContinuation go_on;
    go_on.input = json::parse(R"({"edited": true})");
    auto prefix = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original, b, go_on, kShift);
    std::vector<engine::Command> pending;
    engine::ExecutionConfig c;
    c.debug = prefix.debug;
    auto rerun = engine::Execution::replay(machine, c, prefix.journal, &pending);
    // A's result came from the journal; C is called for real (its call is the last command), not answered.
    ASSERT_EQ(rerun->status(), engine::Status::Running);
    ASSERT_FALSE(pending.empty());
    EXPECT_EQ(pending.back().kind, engine::Command::Kind::InvokeTask);
    EXPECT_EQ(pending.back().state->name, "C");
    for (const auto& e : prefix.journal) EXPECT_NE(e.ref, pending.back().id) << "C's call was answered";
    const auto& h = rerun->history();
    for (int64_t i = 0; i < b - 1; ++i) {
        EXPECT_EQ(h[i].type, original->history()[i].type);
        EXPECT_EQ(h[i].timestamp_ms, original->history()[i].timestamp_ms + kShift);
    }
    ASSERT_GE(h.size(), static_cast<size_t>(b));
    EXPECT_EQ(h[b - 1].state_name(), "B");
    EXPECT_EQ(json::dump(h[b - 1].input), R"({"edited":true})");
    EXPECT_TRUE(rerun->open_pauses().empty());
}

TEST(RerunPrefix, EarlierEntriesOfALoopingStateAreSkipped) {
    auto machine = compile(R"json({"StartAt": "Inc", "States": {
        "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Inc"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}})json");
    auto original = run_original(machine, R"({"n": 0})");
    ASSERT_EQ(original->status(), engine::Status::Succeeded);
    const int64_t second = entry_id(*original, "Inc", 2);

    runtime::RerunContinuation stay;
    stay.pause = true;
    auto prefix = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original, second, stay, kShift);
    auto rerun = replay(machine, prefix);
    auto pauses = rerun->open_pauses();
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "Inc");
    EXPECT_EQ(json::dump(pauses[0]->input), R"({"n":1})");
    EXPECT_TRUE(pauses[0]->breakpoints.empty());  // the target's breakpoint is gone once there
    EXPECT_EQ(rerun->history().size(), static_cast<size_t>(second - 1));
}

TEST(RerunPrefix, AnEditedDefinitionThatTakesAnotherWayIsRefusedNamingWhere) {
    auto machine = compile(kTasks);
    auto original = run_original(machine, "{}");
    auto edited = compile(R"({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "X"},
        "X": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})");
    try {
        runtime::build_rerun_prefix(edited, engine::ExecutionConfig{}, *original,
                                    entry_id(*original, "B", 1), {}, kShift);
        FAIL() << "a diverging prefix was accepted";
    } catch (const runtime::RerunError& e) {
        EXPECT_NE(std::string(e.what()).find("diverges from the original at event"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("'X'"), std::string::npos) << e.what();
    }
}

TEST(RerunPrefix, AnEditedDefinitionThatKeepsThePathIsAccepted) {
    auto machine = compile(kTasks);
    auto original = run_original(machine, "{}");
    auto edited = compile(R"({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B"},
        "B": {"Type": "Pass", "Result": "changed", "Next": "C"},
        "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}})");
    auto prefix = runtime::build_rerun_prefix(edited, engine::ExecutionConfig{}, *original,
                                              entry_id(*original, "B", 1), {}, kShift);
    auto rerun = replay(edited, prefix);
    EXPECT_EQ(rerun->status(), engine::Status::Running);  // waiting for C, called for real
}

TEST(RerunPrefix, AMapIterationsInnerStateCanBeTheTarget) {
    auto machine = compile(R"({"StartAt": "M", "States": {
        "M": {"Type": "Map", "MaxConcurrency": 1, "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item", "States": {
                "Item": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}}}})");
    auto original = run_original(machine, "[10, 20, 30]");
    ASSERT_EQ(original->status(), engine::Status::Succeeded);
    const int64_t second = entry_id(*original, "Item", 2);

    runtime::RerunContinuation stay;
    stay.pause = true;
    auto prefix = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original, second, stay, kShift);
    auto rerun = replay(machine, prefix);
    auto pauses = rerun->open_pauses();
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "Item");
    EXPECT_EQ(json::dump(pauses[0]->input), "20");
    for (int64_t i = 0; i < second - 1; ++i) EXPECT_EQ(rerun->history()[i].type, original->history()[i].type);
}

TEST(RerunPrefix, AnEventThatIsNoStateEntryIsRefused) {
    auto machine = compile(kTasks);
    auto original = run_original(machine, "{}");
    EXPECT_THROW(runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original, 1, {}, kShift),
                 runtime::RerunError);
    EXPECT_THROW(runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original, 999, {}, kShift),
                 runtime::RerunError);
}

TEST(RerunPrefix, AnInputEditedAtAPauseOfTheOriginalIsRefused) {
    auto machine = compile(kTasks);
    engine::ExecutionConfig debugged;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints.push_back({"B", false});
    debugged.debug = debug;
    engine::Execution original(machine, debugged);
    std::vector<engine::Command> commands;
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.time_ms = kStart;
    start.value = json::parse("{}");
    original.handle(start, commands);
    engine::InputEvent done;
    done.kind = engine::InputEvent::Kind::TaskSucceeded;
    done.ref = commands.at(0).id;
    done.time_ms = kStart + 1000;
    done.value = json::parse("{}");
    commands.clear();
    original.handle(done, commands);
    ASSERT_EQ(original.open_pauses().size(), 1u);
    engine::InputEvent resume;
    resume.kind = engine::InputEvent::Kind::Resume;
    resume.ref = original.open_pauses()[0]->id;
    resume.time_ms = kStart + 2000;
    engine::Resume edit;
    edit.input = json::parse(R"({"edited": 1})");
    resume.value = engine::resume_value(edit);
    original.handle(resume, commands);
    try {
        runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, original,
                                    entry_id(original, "C", 1), {}, kShift);
        FAIL() << "the original's edit would have been lost";
    } catch (const runtime::RerunError& e) {
        EXPECT_NE(std::string(e.what()).find("edited at a pause"), std::string::npos) << e.what();
    }
    // From the paused entry itself, the re-run enters it as the original did: with the edited input.
    const int64_t b = entry_id(original, "B", 1);
    auto prefix = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, original, b, {}, kShift);
    auto rerun = replay(machine, prefix);
    ASSERT_GE(rerun->history().size(), static_cast<size_t>(b));
    EXPECT_EQ(json::dump(rerun->history()[b - 1].input), R"({"edited":1})");
}

// The original held both Map iterations at a pause and the user let
// iteration 1 go first: its task was called first. A re-run that does not
// pause there calls iteration 0's first, and the journal's results would
// reach the other iterations: refused as divergence, not run with them swapped.
TEST(RerunPrefix, ResultsThatWouldReachAnotherMapIterationAreRefused) {
    auto machine = compile(R"({"StartAt": "M", "States": {
        "M": {"Type": "Map", "Next": "After", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Item", "States": {
                "Item": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}},
        "After": {"Type": "Pass", "End": true}}})");
    engine::ExecutionConfig debugged;
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints.push_back({"Item", false});
    debugged.debug = debug;
    engine::Execution original(machine, debugged);
    std::vector<engine::Command> commands;
    int64_t now = kStart;
    auto feed = [&](engine::InputEvent e) {
        e.time_ms = now += 1000;
        commands.clear();
        original.handle(e, commands);
    };
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.value = json::parse("[10, 20]");
    feed(start);
    auto pauses = original.open_pauses();
    ASSERT_EQ(pauses.size(), 2u);
    std::vector<engine::Command> calls;
    for (int index : {1, 0}) {  // iteration 1 resumed first
        engine::InputEvent resume;
        resume.kind = engine::InputEvent::Kind::Resume;
        resume.ref = pauses[static_cast<size_t>(index)]->id;
        resume.value = engine::resume_value({});
        feed(resume);
        for (const auto& c : commands)
            if (c.kind == engine::Command::Kind::InvokeTask) calls.push_back(c);
    }
    ASSERT_EQ(calls.size(), 2u);
    for (const auto& c : calls) {
        engine::InputEvent done;
        done.kind = engine::InputEvent::Kind::TaskSucceeded;
        done.ref = c.id;
        done.value = json::Value(json::Object{{"item", c.parameters}});
        feed(done);
    }
    ASSERT_EQ(original.status(), engine::Status::Succeeded);
    ASSERT_EQ(json::dump(original.history()[entry_id(original, "After", 1) - 1].input),
              R"([{"item":10},{"item":20}])");

    try {
        runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, original, entry_id(original, "After", 1), {},
                                    kShift);
        FAIL() << "a re-run whose Map iterations get each other's results was accepted";
    } catch (const runtime::RerunError& e) {
        EXPECT_NE(std::string(e.what()).find("diverges from the original"), std::string::npos) << e.what();
    }
}

// The execution's ARN and name, times and task tokens differ by right.
TEST(RerunPrefix, TheExecutionsOwnNameAndTimesAreNoDivergence) {
    auto machine = compile(R"({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
                                             "at.$": "$$.State.EnteredTime"}, "Next": "B"},
        "B": {"Type": "Pass", "End": true}}})");
    engine::ExecutionConfig first;
    first.execution_name = "first-run";
    engine::Execution original(machine, first);
    std::vector<engine::Command> commands;
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.time_ms = kStart;
    start.value = json::parse("{}");
    original.handle(start, commands);
    ASSERT_EQ(original.status(), engine::Status::Succeeded);
    engine::ExecutionConfig again;
    again.execution_name = "second-run";
    auto prefix = runtime::build_rerun_prefix(machine, again, original, entry_id(original, "B", 1), {}, kShift);
    EXPECT_FALSE(prefix.journal.empty());
}

// A re-run's journal goes on from its entry with a Resume that has an input:
// that is no edit at a pause, and a re-run of the re-run may start after it.
TEST(RerunPrefix, AReRunCanBeReRunFromALaterEntry) {
    auto machine = compile(kTasks);
    auto original = run_original(machine, R"({"order": 1})");
    auto first = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *original,
                                             entry_id(*original, "B", 1), {}, kShift);
    engine::ExecutionConfig c;
    c.debug = first.debug;
    c.keep_journal = true;
    std::vector<engine::Command> pending;
    auto rerun = engine::Execution::replay(machine, c, first.journal, &pending);
    ASSERT_FALSE(pending.empty());
    ASSERT_EQ(pending.back().state->name, "C");
    engine::InputEvent done;
    done.kind = engine::InputEvent::Kind::TaskSucceeded;
    done.ref = pending.back().id;
    done.time_ms = first.journal.back().time_ms + 1000;
    done.value = json::parse(R"({"from": "C"})");
    std::vector<engine::Command> commands;
    rerun->handle(done, commands);
    ASSERT_EQ(rerun->status(), engine::Status::Succeeded);

    runtime::RerunContinuation stay;
    stay.pause = true;
    auto second = runtime::build_rerun_prefix(machine, engine::ExecutionConfig{}, *rerun, entry_id(*rerun, "C", 1),
                                              stay, kShift);
    auto again = replay(machine, second);
    auto pauses = again->open_pauses();
    ASSERT_EQ(pauses.size(), 1u);
    EXPECT_EQ(pauses[0]->state->name, "C");
}
