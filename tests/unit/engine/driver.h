// Test driver for the deterministic core: feeds an Execution its events on a
// virtual timeline, answering task invocations from a script.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asl/compile.h"
#include "engine/execution.h"
#include "engine/map_run_request.h"
#include "json/parse.h"

namespace stepwise::enginetest {

struct Reply {
    enum Kind { Ok, Fail, Timeout } kind = Ok;
    json::Value value;
    std::string error, cause;
    static Reply ok(json::Value v) { return {Ok, std::move(v), {}, {}}; }
    static Reply fail(std::string e, std::string c = "") { return {Fail, {}, std::move(e), std::move(c)}; }
    // error "" = the shell's default (States.Timeout); "States.HeartbeatTimeout" elapses after HeartbeatSeconds.
    static Reply timeout(std::string error = "") { return {Timeout, {}, std::move(error), {}}; }
};

struct Invocation {
    std::string state;
    json::Value parameters;
    int64_t retry_count;
    int64_t time_ms;
};

// (state name, call number for that state) -> reply
using Script = std::function<Reply(const std::string&, int, const json::Value&)>;

struct Run {
    std::unique_ptr<engine::Execution> exec;
    std::vector<Invocation> calls;
    std::vector<std::string> tokens;  // Command::task_token of each call
    std::vector<uint64_t> task_ids;   // Command::id of each call
    std::map<std::string, int> counts;
    std::vector<std::shared_ptr<const engine::MapRunRequest>> map_runs;  // the Map Runs it asked for
    int64_t now = 0;
    std::vector<std::string> types() const {
        std::vector<std::string> t;
        for (const auto& e : exec->history()) t.push_back(e.type_name());
        return t;
    }
    engine::Status status() const { return exec->status(); }
    std::string error() const { return exec->error().value_or("(none)"); }
    std::string cause() const { return exec->cause().value_or("(none)"); }
    const json::Value& output() const { return exec->output(); }
};

inline std::shared_ptr<const asl::Machine> compile(const std::string& text) {
    auto r = asl::compile(std::string_view(text));
    if (!r.ok()) {
        std::string msg;
        for (const auto& d : r.errors) msg += d.to_string() + "\n";
        ADD_FAILURE() << msg;
        return nullptr;
    }
    return r.machine;
}

inline constexpr int64_t kStart = 1700000000000;

// Feeds `commands` and everything they lead to until the execution ends or
// nothing is pending; tasks are answered by `script` (echo when null).
inline void drive(Run& r, std::vector<engine::Command> commands, const Script& script) {
    struct Pending {
        int64_t time;
        uint64_t seq;
        engine::InputEvent e;
    };
    std::vector<Pending> queue;
    uint64_t seq = 0;
    for (int guard = 0; guard < 1000000; ++guard) {
        for (auto& c : commands) {
            if (c.kind == engine::Command::Kind::InvokeTask) {
                // A DISTRIBUTED Map's Map Run: the script answers for the whole run.
                std::string name = c.map_run ? c.map_run->state_name : c.state->name;
                if (c.map_run) {
                    r.map_runs.push_back(c.map_run);
                    c.parameters = c.map_run->items ? *c.map_run->items : c.map_run->reader_parameters;
                }
                int n = r.counts[name]++;
                r.calls.push_back({name, c.parameters, c.retry_count, r.now});
                r.tokens.push_back(c.task_token);
                r.task_ids.push_back(c.id);
                Reply reply = script ? script(name, n, c.parameters) : Reply::ok(c.parameters);
                engine::InputEvent e;
                e.ref = c.id;
                int64_t at = r.now;
                if (reply.kind == Reply::Ok) {
                    e.kind = engine::InputEvent::Kind::TaskSucceeded;
                    e.value = reply.value;
                } else if (reply.kind == Reply::Fail) {
                    e.kind = engine::InputEvent::Kind::TaskFailed;
                    e.error = reply.error;
                    if (!reply.cause.empty()) e.cause = reply.cause;
                } else {
                    e.kind = engine::InputEvent::Kind::TaskTimedOut;
                    bool heartbeat = reply.error == "States.HeartbeatTimeout";
                    if (!reply.error.empty()) e.error = reply.error;
                    std::optional<double> seconds = heartbeat ? c.heartbeat_seconds : c.timeout_seconds;
                    at += static_cast<int64_t>(seconds.value_or(99999999) * 1000);
                }
                queue.push_back({at, seq++, std::move(e)});
            } else if (c.kind == engine::Command::Kind::StartTimer) {
                engine::InputEvent e;
                e.kind = engine::InputEvent::Kind::TimerFired;
                e.ref = c.id;
                queue.push_back({c.due_ms, seq++, std::move(e)});
            }
        }
        commands.clear();
        if (r.exec->status() != engine::Status::Running || queue.empty()) break;
        auto it = std::min_element(queue.begin(), queue.end(), [](const Pending& a, const Pending& b) {
            return a.time != b.time ? a.time < b.time : a.seq < b.seq;
        });
        Pending p = std::move(*it);
        queue.erase(it);
        r.now = std::max(r.now, p.time);
        p.e.time_ms = r.now;
        r.exec->handle(p.e, commands);
    }
}

inline Run run(const std::string& definition, json::Value input, Script script = nullptr,
               engine::ExecutionConfig config = {}) {
    Run r;
    auto machine = compile(definition);
    if (!machine) return r;
    if (config.execution_name.empty()) config.execution_name = "test";
    r.exec = std::make_unique<engine::Execution>(machine, config);
    std::vector<engine::Command> commands;
    engine::InputEvent start;
    start.kind = engine::InputEvent::Kind::Start;
    start.time_ms = kStart;
    start.value = std::move(input);
    r.now = kStart;
    r.exec->handle(start, commands);
    drive(r, std::move(commands), script);
    return r;
}

// Step by step, for tests that leave tasks running: each helper feeds one
// input event and leaves what the engine asked for in `commands`.
inline Run start(const std::string& definition, json::Value input, std::vector<engine::Command>& commands) {
    Run r;
    r.exec = std::make_unique<engine::Execution>(compile(definition), engine::ExecutionConfig{});
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::Start;
    e.time_ms = kStart;
    e.value = std::move(input);
    commands.clear();
    r.exec->handle(e, commands);
    return r;
}

inline void succeed_task(Run& r, uint64_t task, int64_t at, json::Value output, std::vector<engine::Command>& commands) {
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::TaskSucceeded;
    e.ref = task;
    e.time_ms = at;
    e.value = std::move(output);
    commands.clear();
    r.exec->handle(e, commands);
}

// StopExecution at `at`.
inline void stop(Run& r, int64_t at, std::string error = "", std::string cause = "") {
    std::vector<engine::Command> commands;
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::Stop;
    e.time_ms = at;
    e.error = std::move(error);
    e.cause = std::move(cause);
    r.exec->handle(e, commands);
}

}  // namespace stepwise::enginetest
