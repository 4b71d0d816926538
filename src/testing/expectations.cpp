#include "testing/expectations.h"

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>

#include "events/pattern/pattern.h"
#include "json/write.h"
#include "jsonata/error.h"
#include "jsonata/expression.h"
#include "query/path.h"
#include "testing/json_match.h"

namespace stepwise::testing {
namespace {

using engine::EventType;

bool is_task_scheduled(EventType type) {
    return type == EventType::TaskScheduled || type == EventType::LambdaFunctionScheduled ||
           type == EventType::ActivityScheduled;
}

// One entry of a state: what it received, what it sent, what it produced.
struct StateEntry {
    json::Value input;
    const json::Value* payload = nullptr;
    const json::Value* output = nullptr;
    const engine::HistoryEvent* exited = nullptr;  // its StateExited, when it exited
};

// The history read state by state. An event belongs to the entry its frame's
// previous_id chain leads back to, so concurrent Map iterations and Parallel
// branches, whose events interleave, are not mixed up.
struct History {
    std::vector<std::string> path;  // what the history holds (Distributed Map iterations write none)
    std::map<std::string, std::vector<StateEntry>> entries;
    // Where a failed run ended: the last state entered that never exited (a
    // Fail state, a state whose error nothing caught), else the last state an
    // error was recorded on.
    std::string failed_state;

    const std::vector<engine::HistoryEvent>& events;
    // Each Parallel branch's and Map processor's enclosing scope.
    std::unordered_map<const asl::StateMachine*, const asl::StateMachine*> parent_scope;

    const engine::HistoryEvent* find(int64_t id) const {
        auto it = std::lower_bound(events.begin(), events.end(), id,
                                   [](const engine::HistoryEvent& e, int64_t want) { return e.id < want; });
        return it != events.end() && it->id == id ? &*it : nullptr;
    }

    // The variables visible after `exited` (a StateExited): every assignment on
    // its frame's chain of events back to the start, by states of its own
    // scope or an enclosing one (a branch's or iteration's assignments stay in it).
    json::Value variables_after(const engine::HistoryEvent& exited) const {
        auto encloses = [&](const asl::StateMachine* outer, const asl::StateMachine* inner) {
            while (inner && inner != outer) {
                auto up = parent_scope.find(inner);
                inner = up == parent_scope.end() ? nullptr : up->second;
            }
            return inner == outer;
        };
        std::vector<const json::Value*> assignments;  // latest first
        for (const engine::HistoryEvent* at = &exited; at; at = find(at->previous_id))
            if (at->type == EventType::StateExited && at->state && at->assigned.is_object() &&
                encloses(at->state->owner, exited.state->owner))
                assignments.push_back(&at->assigned);
        json::Object variables;
        for (auto it = assignments.rbegin(); it != assignments.rend(); ++it)
            for (const json::Member& m : (*it)->as_object()) variables.set(m.name(), m.value);
        return json::Value(std::move(variables));
    }

    explicit History(const runtime::RunResult& result) : events(result.history) {
        if (result.machine)
            for (const auto& [name, state] : result.machine->all_states) {
                if (state->type == asl::StateType::Parallel)
                    for (const auto& branch : state->as<asl::ParallelState>().branches) parent_scope[branch.get()] = state->owner;
                if (state->type == asl::StateType::Map) parent_scope[state->as<asl::MapState>().processor.get()] = state->owner;
            }
        std::map<int64_t, std::pair<std::string, size_t>> by_entered_id;  // StateEntered id -> its entry
        std::map<std::string, size_t> exits;
        for (const engine::HistoryEvent& e : events)
            if (e.state && e.type == EventType::StateEntered) {
                path.emplace_back(e.state_name());
                std::vector<StateEntry>& list = entries[path.back()];
                by_entered_id[e.id] = {path.back(), list.size()};
                list.push_back(StateEntry{e.input});
            }
        // The entry of the state `e` belongs to: back along its frame's events to the state's StateEntered.
        auto entry_of = [&](const engine::HistoryEvent& e) -> StateEntry* {
            const engine::HistoryEvent* at = &e;
            for (int steps = 0; at && steps < 100'000; ++steps) {
                if (at->type == EventType::StateEntered && at->state == e.state) {
                    auto it = by_entered_id.find(at->id);
                    return it == by_entered_id.end() ? nullptr : &entries[it->second.first][it->second.second];
                }
                at = find(at->previous_id);
            }
            return nullptr;
        };
        for (const engine::HistoryEvent& e : events) {
            if (!e.state) continue;
            std::string name(e.state_name());
            if (e.type == EventType::StateExited) {
                ++exits[name];
                if (StateEntry* entry = entry_of(e)) {
                    entry->output = &e.output;
                    entry->exited = &e;
                }
            } else if (is_task_scheduled(e.type)) {
                if (StateEntry* entry = entry_of(e); entry && !entry->payload) entry->payload = &e.input;
            }
            if (e.error) failed_state = name;
        }
        for (auto it = path.rbegin(); it != path.rend(); ++it)
            if (exits[*it] < entries[*it].size()) {
                failed_state = *it;
                break;
            }
    }
};

class Checker {
public:
    Checker(const TestCaseSpec& spec, const SourceFile& source, const CaseOutcome& outcome)
        : spec_(spec), source_(source), result_(*outcome.result), outcome_(outcome), history_(result_),
          path_(outcome.entered.empty() ? history_.path : outcome.entered) {
        // A Distributed Map's children's calls are already among their parent's (runtime/run.h).
        for (const runtime::TaskCallRecord& call : result_.calls) ++calls_[call.state_name];
        add_map_children(result_);
    }

    std::vector<Failure> run() {
        const Expectations& e = spec_.expect;
        std::string expect = spec_.pointer + "/expect";
        auto at = [&](const char* key) { return expect + "/" + key; };
        std::string status(result_.status_name());
        if (e.status && *e.status != status) {
            std::string message = "expected " + *e.status + ", got " + status;
            if (result_.error) message += " (" + *result_.error + (result_.cause ? ": " + brief(json::Value(*result_.cause), 160) : "") + ")";
            fail("expect.status", at("status"), message, history_.failed_state);
        }
        if (e.output) compare("expect.output", at("output"), *e.output, result_.output, false, "the output");
        if (e.output_includes) compare("expect.outputIncludes", at("outputIncludes"), *e.output_includes, result_.output, true, "the output");
        for (const OutputPredicate& p : e.output_satisfies) check_predicate(p);
        if (e.error && e.error != result_.error)
            fail("expect.error", at("error"), "expected " + *e.error + ", got " + result_.error.value_or("no error"), history_.failed_state);
        if (e.cause && e.cause != result_.cause)
            fail("expect.cause", at("cause"), "expected " + brief(json::Value(*e.cause), 200) + ", got " +
                                                 (result_.cause ? brief(json::Value(*result_.cause), 200) : "no cause"), history_.failed_state);
        if (e.cause_includes && (!result_.cause || result_.cause->find(*e.cause_includes) == std::string::npos))
            fail("expect.causeIncludes", at("causeIncludes"),
                 "expected a cause including " + brief(json::Value(*e.cause_includes)) + ", got " +
                     (result_.cause ? brief(json::Value(*result_.cause), 200) : "no cause"), history_.failed_state);
        if (e.path) check_path(*e.path, at("path"));
        check_entered(e.entered, at("entered"), true);
        check_entered(e.not_entered, at("notEntered"), false);
        for (const StateExpectation& s : e.states) check_state(s);
        if (e.duration_ms && *e.duration_ms != result_.elapsed_ms())
            fail("expect.duration", at("duration"),
                 "expected " + format_ms(*e.duration_ms) + " of virtual time, took " + format_ms(result_.elapsed_ms()), "");
        check_events(e.events);
        check_children(e.children);
        return std::move(failures_);
    }

private:
    void fail(std::string what, const std::string& pointer, std::string message, std::string state) {
        failures_.push_back(Failure{std::move(what), source_.where(pointer), std::move(message), std::move(state)});
    }

    void compare(const char* what, const std::string& pointer, const json::Value& expected, const json::Value& actual,
                 bool include, const std::string& subject, const std::string& state = "") {
        auto differences = include ? json_exclusions(expected, actual) : json_differences(expected, actual);
        if (differences.empty()) return;
        fail(what, pointer, subject + (include ? " does not include what was expected:\n" : " differs:\n") + format_differences(differences),
             state.empty() ? history_.failed_state : state);
    }

    static std::string format_ms(int64_t ms) {
        if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
        return std::to_string(ms) + "ms";
    }

    void check_predicate(const OutputPredicate& p) {
        if (!p.jsonata.empty()) {
            try {
                auto value = jsonata::Expression::compile(p.jsonata).evaluate(&result_.output);
                if (!value || !value->is_bool())
                    fail("expect.outputSatisfies", p.pointer, "{% " + p.jsonata + " %} is " +
                         (value ? brief(*value) : std::string("undefined")) + ", not a boolean", history_.failed_state);
                else if (!value->as_bool())
                    fail("expect.outputSatisfies", p.pointer, "{% " + p.jsonata + " %} is false for the output " + brief(result_.output), history_.failed_state);
            } catch (const jsonata::Error& e) {
                fail("expect.outputSatisfies", p.pointer, "{% " + p.jsonata + " %} failed: " + e.code() + " " + e.message(), history_.failed_state);
            }
            return;
        }
        std::optional<json::Value> selected;
        try {
            query::Path path = query::Path::compile(p.path);
            json::Value context = json::Object{};
            selected = path.select(query::Scope{result_.output, context});
            if (selected && !path.is_definite() && selected->is_array() && selected->size() == 0) selected.reset();
        } catch (const std::exception& e) {
            fail("expect.outputSatisfies", p.pointer, p.path + " failed: " + e.what(), history_.failed_state);
            return;
        }
        if (p.exists && *p.exists != selected.has_value())
            fail("expect.outputSatisfies", p.pointer, p.path + (selected ? " exists: " + brief(*selected) : std::string(" selects nothing")) +
                 " in the output", history_.failed_state);
        if (p.equals) {
            if (!selected) fail("expect.outputSatisfies", p.pointer, p.path + " selects nothing in the output " + brief(result_.output), history_.failed_state);
            else compare("expect.outputSatisfies", p.pointer, *p.equals, *selected, false, p.path);
        }
    }

    void check_path(const std::vector<std::string>& expected, const std::string& pointer) {
        const auto& actual = path_;
        if (expected == actual) return;
        size_t i = 0;
        while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
        std::string message;
        if (i == actual.size()) message = "the run ended after " + std::to_string(i) + " states; expected next: " + expected[i];
        else if (i == expected.size()) message = "the run went on after the expected path, into " + actual[i];
        else message = "state " + std::to_string(i + 1) + " was " + actual[i] + ", expected " + expected[i];
        std::string taken;
        for (size_t k = 0; k < actual.size(); ++k) taken += (k ? " → " : "") + actual[k];
        fail("expect.path", pointer, message + "\n  the run: " + taken, i > 0 ? actual[i - 1] : "");
    }

    void check_entered(const std::vector<std::string>& names, const std::string& pointer, bool must) {
        for (const std::string& name : names) {
            if (!result_.machine || !result_.machine->all_states.count(name)) {
                fail(must ? "expect.entered" : "expect.notEntered", pointer, name + " is not a state of the definition", "");
                continue;
            }
            bool entered = std::find(path_.begin(), path_.end(), name) != path_.end();
            if (entered == must) continue;
            fail(must ? "expect.entered" : "expect.notEntered", pointer,
                 name + (must ? " was never entered" : " was entered"), must ? history_.failed_state : name);
        }
    }

    void check_state(const StateExpectation& s) {
        if (!result_.machine || !result_.machine->all_states.count(s.state)) {
            fail("expect.states", s.pointer, s.state + " is not a state of the definition", "");
            return;
        }
        auto count = [](const std::map<std::string, int64_t>& m, const std::string& k) {
            auto it = m.find(k);
            return it == m.end() ? int64_t{0} : it->second;
        };
        if (s.calls && *s.calls != count(calls_, s.state))
            fail("expect.states.calls", s.pointer + "/calls",
                 s.state + ": expected " + std::to_string(*s.calls) + " calls, got " + std::to_string(count(calls_, s.state)), s.state);
        if (s.retries && *s.retries != count(outcome_.retries, s.state))
            fail("expect.states.retries", s.pointer + "/retries",
                 s.state + ": expected " + std::to_string(*s.retries) + " retries, got " + std::to_string(count(outcome_.retries, s.state)), s.state);
        bool looks_at_entry = s.input || s.input_includes || s.output || s.output_includes || s.payload || s.payload_includes ||
                              s.variables || s.variables_includes;
        if (!looks_at_entry) return;
        // A state inside a Distributed Map: its entries are its children's, in the order they started.
        const History* where = &history_;
        auto it = history_.entries.find(s.state);
        std::vector<std::pair<const History*, const StateEntry*>> child_entries;
        if (it == history_.entries.end())
            for (const History& child : child_histories_)
                if (auto found = child.entries.find(s.state); found != child.entries.end())
                    for (const StateEntry& e : found->second) child_entries.push_back({&child, &e});
        size_t entered = it != history_.entries.end() ? it->second.size() : child_entries.size();
        if (static_cast<size_t>(s.entry) >= entered) {
            fail("expect.states", s.pointer, s.state + " was entered " + std::to_string(entered) + " times; entry " +
                 std::to_string(s.entry) + " does not exist", history_.failed_state);
            return;
        }
        const StateEntry* chosen = &it->second[0];
        if (it != history_.entries.end()) {
            chosen = &it->second[s.entry];
        } else {
            where = child_entries[s.entry].first;
            chosen = child_entries[s.entry].second;
        }
        const StateEntry& entry = *chosen;
        std::string subject = s.state + (s.entry ? " (entry " + std::to_string(s.entry) + ")" : "");
        auto check = [&](const char* key, const std::optional<json::Value>& expected, const json::Value* actual, bool include,
                         const char* what) {
            if (!expected) return;
            std::string pointer = s.pointer + "/" + key;
            if (!actual) {
                fail(std::string("expect.states.") + key, pointer, subject + " has no " + what, s.state);
                return;
            }
            compare(("expect.states." + std::string(key)).c_str(), pointer, *expected, *actual, include, subject + "'s " + what, s.state);
        };
        json::Value variables;
        if (entry.exited) variables = where->variables_after(*entry.exited);
        const json::Value* after = entry.exited ? &variables : nullptr;
        check("input", s.input, &entry.input, false, "input");
        check("inputIncludes", s.input_includes, &entry.input, true, "input");
        check("output", s.output, entry.output, false, "output");
        check("outputIncludes", s.output_includes, entry.output, true, "output");
        check("payload", s.payload, entry.payload, false, "payload");
        check("payloadIncludes", s.payload_includes, entry.payload, true, "payload");
        check("variables", s.variables, after, false, "variables after it");
        check("variablesIncludes", s.variables_includes, after, true, "variables after it");
    }

    void add_map_children(const runtime::RunResult& run) {
        for (const runtime::RunResult& child : run.map_children) {
            child_histories_.emplace_back(child);
            add_map_children(child);
        }
    }

    void check_events(const std::vector<EventExpectation>& expected) {
        for (const json::Value& put : result_.events) {
            const json::Value* event = put.find("event");
            std::string label = event && event->find("detail-type") ? std::string(event->find("detail-type")->as_string()) : "an event";
            if (const json::Value* problem = put.find("schemaProblem"); problem && problem->is_string())
                fail("events", spec_.pointer, label + " put by the run: " + std::string(problem->as_string()), "");
            else if (const json::Value* rejected = put.find("rejected"); rejected && rejected->is_bool() && rejected->as_bool())
                fail("events", spec_.pointer, label + " was rejected by the bus", "");
        }
        for (const EventExpectation& e : expected) {
            int64_t matching = 0;
            try {
                events::Pattern pattern = events::Pattern::compile(e.pattern);
                for (const json::Value& put : result_.events)
                    if (const json::Value* event = put.find("event"); event && events::matches(pattern, *event)) ++matching;
            } catch (const std::exception& error) {
                fail("expect.events", e.pointer + "/pattern", std::string("not a valid event pattern: ") + error.what(), "");
                continue;
            }
            bool holds = e.count ? matching == *e.count : matching > 0;
            if (holds) continue;
            std::string put;
            for (const json::Value& p : result_.events)
                if (const json::Value* event = p.find("event")) put += "\n  put: " + brief(*event, 160);
            fail("expect.events", e.pointer,
                 std::to_string(matching) + " of " + std::to_string(result_.events.size()) + " events put match " + brief(e.pattern) +
                     ", expected " + (e.count ? std::to_string(*e.count) : std::string("at least one")) + put, "");
        }
    }

    void check_children(const std::vector<ChildExpectation>& expected) {
        for (const ChildExpectation& c : expected) {
            int64_t matching = 0;
            std::string started;
            for (const runtime::RunResult& child : result_.children) {
                std::string machine = child.state_machine_arn.substr(child.state_machine_arn.rfind(':') + 1);
                started += "\n  started: " + machine + " (" + std::string(child.status_name()) + ")";
                if (machine == c.state_machine && (!c.status || *c.status == child.status_name())) ++matching;
            }
            bool holds = c.count ? matching == *c.count : matching > 0;
            if (!holds)
                fail("expect.children", c.pointer,
                     std::to_string(matching) + " executions of " + c.state_machine + (c.status ? " ended " + *c.status : "") + ", expected " +
                         (c.count ? std::to_string(*c.count) : std::string("at least one")) + (started.empty() ? "\n  no child was started" : started),
                     "");
        }
    }

    const TestCaseSpec& spec_;
    const SourceFile& source_;
    const runtime::RunResult& result_;
    const CaseOutcome& outcome_;
    History history_;
    std::deque<History> child_histories_;  // the Distributed Map children kept (RunOptions::keep_map_children)
    const std::vector<std::string>& path_;     // every state entered, Distributed Map iterations too when observed
    std::map<std::string, int64_t> calls_;     // Task calls by state
    std::vector<Failure> failures_;
};

}  // namespace

std::vector<Failure> check_expectations(const TestCaseSpec& spec, const SourceFile& source, const CaseOutcome& outcome) {
    return Checker(spec, source, outcome).run();
}



json::Value snapshot_of(const runtime::RunResult& result) {
    json::Object o;
    o.set("status", std::string(result.status_name()));
    if (result.status == engine::Status::Succeeded) o.set("output", result.output);
    if (result.error) o.set("error", *result.error);
    if (result.cause) o.set("cause", *result.cause);
    json::Array path;
    for (const std::string& name : History(result).path) path.push_back(name);
    o.set("path", json::Value(std::move(path)));
    json::Array events;
    for (const json::Value& put : result.events)
        if (const json::Value* event = put.find("event")) {
            // The id is a generated UUID; the rest (the virtual time included) is the run's.
            json::Value kept = *event;
            kept.mutable_object().erase("id");
            events.push_back(std::move(kept));
        }
    if (!events.empty()) o.set("events", json::Value(std::move(events)));
    json::Array children;
    for (const runtime::RunResult& child : result.children)
        children.push_back(json::Object{{"stateMachine", child.state_machine_arn.substr(child.state_machine_arn.rfind(':') + 1)},
                                        {"status", std::string(child.status_name())}});
    if (!children.empty()) o.set("children", json::Value(std::move(children)));
    return json::Value(std::move(o));
}

}  // namespace stepwise::testing
