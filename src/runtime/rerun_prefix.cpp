#include "runtime/rerun_prefix.h"

#include <cctype>
#include <deque>
#include <optional>

#include "engine/task_token.h"
#include "json/write.h"

namespace stepwise::runtime {

namespace {

// Marks the Resume a re-run's journal goes on from its entry with (the engine reads no such field).
constexpr std::string_view kRerunEntry = "rerunEntry";

std::string describe(const engine::HistoryEvent& e) {
    std::string name(e.state_name());
    return name.empty() ? e.type_name() : e.type_name() + " of '" + name + "'";
}

std::string clip(const std::string& text) { return text.size() <= 400 ? text : text.substr(0, 400) + "..."; }

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }
bool digits(const std::string& s, size_t at, size_t n) {
    for (size_t i = at; i < at + n; ++i)
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

// An event as the re-run must repeat it (inputs, outputs, parameters, results,
// Map indexes: all its JSON), less what differs between two executions by
// right: times ($$.State.EnteredTime too), the execution's ARN and name
// ($$.Execution.Id, .Name), and task tokens' nonces (their task ids must agree:
// a result reaching another task would not).
std::string essence(const engine::HistoryEvent& e, const engine::Execution& of) {
    json::Value v = e.to_json(of.history_context());
    v.mutable_object().erase("timestamp");
    const std::string text = json::dump(v);
    const std::string& arn = of.execution_arn();
    const std::string name = arn.substr(arn.rfind(':') + 1);
    std::string out;
    for (size_t i = 0; i < text.size();) {
        // YYYY-MM-DDTHH:MM:SS[.fff]
        if (digits(text, i, 4) && text.compare(i + 4, 1, "-") == 0 && digits(text, i + 5, 2) &&
            text.compare(i + 7, 1, "-") == 0 && digits(text, i + 8, 2) && text.compare(i + 10, 1, "T") == 0 &&
            digits(text, i + 11, 2) && text.compare(i + 13, 1, ":") == 0 && digits(text, i + 14, 2) &&
            text.compare(i + 16, 1, ":") == 0 && digits(text, i + 17, 2)) {
            i += 19;
            if (i < text.size() && text[i] == '.')
                for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));) ++i;
            out += "<time>";
        } else if (!arn.empty() && text.compare(i, arn.size(), arn) == 0) {
            i += arn.size();
            out += "<execution>";
        } else if (word_char(text[i])) {
            size_t end = i;
            while (end < text.size() && word_char(text[end])) ++end;
            const std::string word = text.substr(i, end - i);
            if (word == name)
                out += "<name>";
            else if (auto token = engine::parse_task_token(word))
                out += "<token of task " + std::to_string(token->task_id) + ">";
            else
                out += word;
            i = end;
        } else {
            out += text[i++];
        }
    }
    return out;
}

struct Compared {
    const std::vector<engine::HistoryEvent>& events;
    const engine::Execution& of;
    std::vector<std::optional<std::string>> essences = std::vector<std::optional<std::string>>(events.size());
    const std::string& operator[](size_t i) {
        if (!essences[i]) essences[i] = essence(events[i], of);
        return *essences[i];
    }
};

// The events before the entry must be the original's, one for one. Those
// after it (other branches or iterations that went on in the step the entry
// paused in) must be among the original's later events, in their order.
void check_same_way(const engine::Execution& original_execution, const engine::Execution& rerun_execution,
                    int64_t event_id) {
    const std::vector<engine::HistoryEvent>& original = original_execution.history();
    const std::vector<engine::HistoryEvent>& rerun = rerun_execution.history();
    Compared was{original, original_execution};
    Compared is{rerun, rerun_execution};
    auto same = [&](size_t o, size_t r) {
        return original[o].type == rerun[r].type && original[o].state_name() == rerun[r].state_name() &&
               was[o] == is[r];
    };
    const size_t before = static_cast<size_t>(event_id - 1);
    auto diverges = [&](size_t i) {
        std::string message = "the re-run diverges from the original at event " + std::to_string(i + 1) + ": ";
        if (i < original.size() && describe(original[i]) == describe(rerun[i]))
            return RerunError(message + "the original has " + clip(was[i]) + ", the re-run " + clip(is[i]));
        const std::string had = i < original.size() ? describe(original[i]) : "no event";
        return RerunError(message + "the original has " + had + ", the re-run " + describe(rerun[i]));
    };
    for (size_t i = 0; i < before && i < rerun.size(); ++i)
        if (!same(i, i)) throw diverges(i);
    size_t later = before + 1;  // past the entry itself
    for (size_t i = before; i < rerun.size(); ++i, ++later) {
        while (later < original.size() && !same(later, i)) ++later;
        if (later == original.size()) throw diverges(i);
    }
    if (rerun.size() < before)
        throw RerunError("the re-run diverges from the original after event " + std::to_string(rerun.size()) +
                         ": the original has " + describe(original[rerun.size()]) + " next, the re-run nothing");
}

engine::InputEvent resume_event(uint64_t pause_id, int64_t time_ms, const engine::Resume& how) {
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::Resume;
    e.ref = pause_id;
    e.time_ms = time_ms;
    e.value = engine::resume_value(how);
    return e;
}

}  // namespace

StateEntry state_entry_of(const std::vector<engine::HistoryEvent>& history, int64_t event_id) {
    if (event_id < 1 || static_cast<size_t>(event_id) > history.size())
        throw RerunError("the execution has no event " + std::to_string(event_id) + " (its events are 1 to " +
                         std::to_string(history.size()) + ")");
    const engine::HistoryEvent& target = history[static_cast<size_t>(event_id - 1)];
    if (target.type != engine::EventType::StateEntered)
        throw RerunError("event " + std::to_string(event_id) + " is " + target.type_name() +
                         ", not a state entry (a ...StateEntered event)");
    StateEntry entry{std::string(target.state_name()), 0};
    for (size_t i = 0; i < static_cast<size_t>(event_id); ++i)
        if (history[i].type == engine::EventType::StateEntered && history[i].state_name() == entry.state) ++entry.entry;
    return entry;
}

// The original's journal entry whose step wrote history event `event_id`,
// and whether that event was the first the step wrote.
struct WritingStep {
    size_t index = 0;
    bool first = false;
};

static WritingStep step_that_wrote(const engine::Execution& original, int64_t event_id) {
    engine::Execution probe(original.machine(), original.config());
    std::vector<engine::Command> ignored;
    const auto& journal = original.journal();
    for (size_t i = 0; i < journal.size(); ++i) {
        const int64_t written_before = static_cast<int64_t>(probe.history().size());
        probe.handle(journal[i], ignored);
        ignored.clear();
        if (static_cast<int64_t>(probe.history().size()) >= event_id) return {i, written_before + 1 == event_id};
    }
    return {journal.size(), false};
}

RerunPrefix build_rerun_prefix(std::shared_ptr<const asl::Machine> machine, engine::ExecutionConfig config,
                               const engine::Execution& original, int64_t event_id,
                               const RerunContinuation& continuation, int64_t shift_ms) {
    const std::vector<engine::InputEvent>& original_journal = original.journal();
    const std::vector<engine::HistoryEvent>& original_history = original.history();
    const StateEntry target = state_entry_of(original_history, event_id);
    // An edit by the Resume that entered the state first thing is the entry's own input (the default below).
    const WritingStep entering = step_that_wrote(original, event_id);
    const size_t last_checked = entering.first ? entering.index : entering.index + 1;
    // A re-run's own entry (its Resume always has an input) is no edit at a pause: if that input is not the one
    // the prefix enters the state with here, the same-way check below says so.
    for (size_t i = 0; i < last_checked && i < original_journal.size(); ++i)
        if (original_journal[i].kind == engine::InputEvent::Kind::Resume && original_journal[i].value.find("input") &&
            !original_journal[i].value.find(kRerunEntry))
            throw RerunError("the original's input was edited at a pause before this entry (its journal entry " +
                             std::to_string(i + 1) + "); a re-run does not pause there and cannot repeat that edit");
    if (!machine->all_states.count(target.state))
        throw RerunError("the definition has no state '" + target.state + "' (event " + std::to_string(event_id) +
                         " enters it)");
    auto debug = std::make_shared<engine::DebugConfig>();
    debug->breakpoints.push_back({target.state, false});
    config.debug = debug;
    config.keep_journal = true;
    engine::Execution rerun(std::move(machine), std::move(config));

    int64_t entries_seen = 0;
    uint64_t target_pause = 0;
    std::vector<engine::Command> commands;
    // Feeds one event; the pauses it makes before the state are resumed at
    // once, except the chosen entry's.
    auto feed = [&](engine::InputEvent event) {
        std::deque<engine::InputEvent> queue{std::move(event)};
        while (!queue.empty()) {
            const int64_t time_ms = queue.front().time_ms;
            commands.clear();
            rerun.handle(queue.front(), commands);
            queue.pop_front();
            for (const engine::Command& c : commands) {
                if (c.kind != engine::Command::Kind::Paused) continue;
                if (c.pause->state->name == target.state && !c.pause->after && ++entries_seen == target.entry)
                    target_pause = c.id;
                else
                    queue.push_back(resume_event(c.id, time_ms, {}));
            }
        }
    };
    for (size_t i = 0; i < original_journal.size() && !target_pause; ++i) {
        const engine::InputEvent& was = original_journal[i];
        if (was.kind == engine::InputEvent::Kind::SetBreakpoints) continue;  // the original's breakpoints: not this one's
        if (was.kind == engine::InputEvent::Kind::Resume) continue;  // the original's pauses waited for it, not these
        engine::InputEvent event = was;
        event.time_ms += shift_ms;
        feed(std::move(event));
    }
    check_same_way(original, rerun, event_id);
    if (!target_pause)
        throw RerunError("the re-run did not reach entry " + std::to_string(target.entry) + " of '" + target.state +
                         "' (event " + std::to_string(event_id) + ") from the original's journal");

    engine::Resume go_on;
    // None given: the input the original entered with (an edit made at the original's pause there included).
    go_on.input = continuation.input ? *continuation.input : original_history[static_cast<size_t>(event_id - 1)].input;
    go_on.breakpoints = continuation.breakpoints;
    go_on.stay_paused = continuation.pause;
    const int64_t now = rerun.journal().back().time_ms;
    commands.clear();
    engine::InputEvent entry = resume_event(target_pause, now, go_on);
    entry.value.mutable_object().set(kRerunEntry, json::Value(true));
    rerun.handle(entry, commands);
    return RerunPrefix{rerun.journal(), std::move(debug)};
}

}  // namespace stepwise::runtime
