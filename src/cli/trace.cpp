#include "cli/trace.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <map>
#include <utility>

#include "cli/painter.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::cli {

TraceStyle detect_trace_style(int fd, bool full) {
    TraceStyle style;
    style.full = full;
    style.color = Painter::wanted(fd);
    winsize size{};
    if (isatty(fd) != 0 && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) style.width = size.ws_col;
    return style;
}

namespace {

using engine::EventType;
using engine::HistoryEvent;

// What a handler printed (or put in an error's cause), safe to show in a
// terminal: C0 controls (NUL, ESC, tab, newline…) and DEL as \xNN, C1 controls
// (U+0080..U+009F, CSI among them) as \uNNNN, so no escape sequence reaches it.
// `keep_layout` keeps newlines and tabs (a cause printed whole).
std::string terminal_safe(const std::string& text, bool keep_layout = false) {
    std::string out;
    out.reserve(text.size());
    char buf[8];
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && !(keep_layout && (c == '\n' || c == '\t'))) || c == 0x7f) {
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(text[++i]));
            out += buf;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Cuts `text` to at most `width` code points, marking the cut; its controls escaped.
std::string fold(const std::string& raw, size_t width) {
    const std::string text = terminal_safe(raw);
    if (utf8::count_code_points(text) <= width) return text;
    size_t keep = width > 12 ? width - 12 : width;
    size_t pos = 0, points = 0;
    while (pos < text.size() && points < keep) {
        utf8::decode(text, pos);
        ++points;
    }
    return text.substr(0, pos) + "… (" + std::to_string(text.size()) + " bytes)";
}

std::string real_duration(int64_t micros) {
    char buf[32];
    if (micros < 1000)
        std::snprintf(buf, sizeof buf, "%lld µs", static_cast<long long>(micros));
    else if (micros < 1000000)
        std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(micros) / 1000);
    else
        std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(micros) / 1e6);
    return buf;
}

std::string duration(int64_t ms) {
    if (ms < 1000) return std::to_string(ms) + " ms";
    char buf[32];
    if (ms < 60000) {
        std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000);
    } else {
        std::snprintf(buf, sizeof buf, "%lld min %lld s", static_cast<long long>(ms / 60000),
                      static_cast<long long>((ms % 60000) / 1000));
    }
    return buf;
}

// How deep each scope (top level, branch, processor) sits, for indentation.
void index_depths(const asl::StateMachine& scope, int depth, std::map<const asl::StateMachine*, int>& depths) {
    depths[&scope] = depth;
    for (const auto& state : scope.states) {
        if (state->type == asl::StateType::Parallel)
            for (const auto& branch : state->as<asl::ParallelState>().branches) index_depths(*branch, depth + 1, depths);
        if (state->type == asl::StateType::Map) {
            const auto& map = state->as<asl::MapState>();
            if (map.processor) index_depths(*map.processor, depth + 1, depths);
        }
    }
}

std::string map_run_counts(const tasks::map_run::MapRunInfo& run);

class TracePrinter {
public:
    TracePrinter(std::ostream& out, const runtime::RunResult& result, const TraceStyle& style)
        : out_(out), result_(result), style_(style), p_{style.color} {
        if (result.machine) index_depths(result.machine->root, 0, depths_);
        for (const runtime::TaskCallRecord& call : result.calls) calls_[call.state_name].push_back(&call);
    }

    void print() {
        for (const HistoryEvent& event : result_.history) print_event(event);
        print_summary();
    }

private:
    std::string indent(const HistoryEvent& event) const {
        int depth = 0;
        if (event.state && event.state->owner) {
            auto it = depths_.find(event.state->owner);
            if (it != depths_.end()) depth = it->second;
        }
        return std::string(static_cast<size_t>(2 + depth * 4), ' ');
    }

    // The output as a change of the input when that is shorter to read:
    // "= in" when unchanged, "in + {"validation": …}" when keys were added or replaced.
    void output_payload(const std::string& pad, const json::Value& input, const json::Value& output,
                        const std::string& suffix) {
        std::string head = pad + "  out ";
        if (!style_.full && input.is_object() && output.is_object()) {
            if (output.same_node(input) || output == input) {
                out_ << p_.dim(head) << p_.dim("= in") << suffix << "\n";
                return;
            }
            json::Object changed;
            size_t removed = 0;
            for (const auto& member : output.as_object()) {
                const json::Value* before = input.find(member.name());
                if (!before || !(before->same_node(member.value) || *before == member.value))
                    changed.set_member(member.key, member.value);
            }
            for (const auto& member : input.as_object())
                if (!output.find(member.name())) ++removed;
            if (removed == 0 && changed.size() < output.size()) {
                size_t room = style_.width > head.size() + 25 ? style_.width - head.size() - 5 : 20;
                out_ << p_.dim(head) << p_.dim("in + ") << fold(json::dump(json::Value(std::move(changed))), room)
                     << suffix << "\n";
                return;
            }
        }
        payload(pad, "out", output, suffix);
    }

    void payload(const std::string& pad, std::string_view label, const json::Value& value,
                 const std::string& suffix = "") {
        std::string head = pad + "  " + std::string(label) + " ";
        if (style_.full) {
            std::string text = terminal_safe(json::pretty(value), true);  // DEL and C1 are not escaped in JSON
            std::string shifted;
            for (char c : text) {
                shifted += c;
                if (c == '\n') shifted += std::string(head.size(), ' ');
            }
            out_ << p_.dim(head) << shifted << suffix << "\n";
            return;
        }
        size_t room = style_.width > head.size() + 20 ? style_.width - head.size() : 20;
        out_ << p_.dim(head) << fold(json::dump(value), room) << suffix << "\n";
    }

    const runtime::TaskCallRecord* invocation(const asl::State* state, size_t index) const {
        if (!state) return nullptr;
        auto it = calls_.find(state->name);
        if (it == calls_.end() || index >= it->second.size()) return nullptr;
        return it->second[index];
    }

    // A Distributed Map's Map Run: one line with its counts (its children are executions of their own).
    void map_run(const std::string& pad, const HistoryEvent& e) {
        std::string arn = engine::map_run_arn(result_.history_context, *e.state, e.index);
        out_ << pad << p_.dim(e.type == EventType::MapRunRedriven ? "  map run (redriven) " : "  map run ") << arn << "\n";
        for (const tasks::map_run::MapRunInfo& run : result_.map_runs)
            if (run.map_run_arn == arn) {
                std::string line = "  " + run.status + " · " + map_run_counts(run);
                out_ << pad << (run.status == "SUCCEEDED" ? p_.dim(line) : p_.red(line)) << "\n";
            }
    }

    void print_event(const HistoryEvent& e) {
        std::string pad = indent(e);
        // Parallel branches and Map iterations interleave: name the state when
        // an event does not belong to the block printed last.
        if (e.state && e.type != EventType::StateEntered && e.state != last_header_ &&
            e.type != EventType::ExecutionStarted)
            out_ << pad << p_.dim("· " + e.state->name) << "\n";
        if (e.state && e.type != EventType::ExecutionStarted) last_header_ = e.state;
        switch (e.type) {
            case EventType::ExecutionStarted:
                out_ << p_.bold("Execution " + result_.execution_arn) << "\n";
                payload("", "input", e.input);
                last_shown_ = e.input;
                break;
            case EventType::StateEntered: {
                entered_at_[e.state] = e.timestamp_ms;
                entered_input_[e.state] = e.input;
                failed_[e.state] = false;
                out_ << pad << p_.cyan("▸ " + std::string(e.state_name())) << " "
                     << p_.dim(std::string(asl::state_type_name(e.state->type))) << "\n";
                // The input is worth a line only when it is not what the last line showed.
                if (!e.input.same_node(last_shown_)) payload(pad, "in ", e.input);
                last_shown_ = e.input;
                break;
            }
            case EventType::TaskScheduled:
            case EventType::LambdaFunctionScheduled:
            case EventType::ActivityScheduled: {
                int& attempts = attempts_[e.state];
                if (failed_[e.state]) {
                    ++attempts;
                    std::string wait;
                    if (e.timestamp_ms > failed_at_[e.state])
                        wait = " after " + duration(e.timestamp_ms - failed_at_[e.state]) + " back-off";
                    out_ << pad << p_.yellow("  ↻ retry " + std::to_string(attempts) + wait) << "\n";
                    failed_[e.state] = false;
                }
                std::string resource = e.state ? e.state->as<asl::TaskState>().resource.arn : "";
                const json::Value* function = e.input.find("FunctionName");
                if (function && function->is_string()) resource += " " + terminal_safe(std::string(function->as_string()));
                const runtime::TaskCallRecord* record = invocation(e.state, invocations_[e.state]++);
                std::string real = record && style_.real_times ? "  " + p_.dim(real_duration(record->real_micros) + " real") : "";
                std::string served = record ? "  " + p_.dim("(" + std::string(tasks::route_name(record->route)) + ")") : "";
                out_ << pad << p_.dim("  call ") << resource << served << real << "\n";
                if (record)
                    for (const std::string& line : record->logs)
                        out_ << pad << p_.dim("  │ ")
                             << fold(line, style_.width > pad.size() + 6 ? style_.width - pad.size() - 6 : 20) << "\n";
                break;
            }
            case EventType::MapRunStarted:
            case EventType::MapRunRedriven: map_run(pad, e); break;
            case EventType::TaskSubmitted: payload(pad, "submitted", e.output); break;
            case EventType::TaskSucceeded:
            case EventType::LambdaFunctionSucceeded:
            case EventType::ActivitySucceeded: payload(pad, "result", e.output); break;
            case EventType::TaskFailed:
            case EventType::LambdaFunctionFailed:
            case EventType::TaskTimedOut:
            case EventType::LambdaFunctionTimedOut:
            case EventType::ActivityFailed:
            case EventType::ActivityScheduleFailed:
            case EventType::ActivityTimedOut:
                failed_[e.state] = true;
                failed_at_[e.state] = e.timestamp_ms;
                out_ << pad << p_.red("  ✗ " + terminal_safe(e.error.value_or("error"))) << (e.cause ? ": " + fold(*e.cause, style_.width) : "")
                     << "\n";
                break;
            case EventType::MapIterationStarted:
                out_ << pad << p_.dim("  [" + std::to_string(e.index) + "]") << "\n";
                break;
            case EventType::MapRunFailed:  // a Distributed Map: the reader, the writer or the children
                failed_[e.state] = true;
                map_run_failed_[e.state] = true;
                out_ << pad << p_.red("  ✗ the Map Run failed: " + terminal_safe(e.error.value_or("error")))
                     << (e.cause ? ": " + fold(*e.cause, style_.width) : "") << "\n";
                break;
            case EventType::MapIterationFailed:
            case EventType::ParallelStateFailed:
            case EventType::MapStateFailed:
                if (e.type == EventType::MapStateFailed && std::exchange(map_run_failed_[e.state], false)) break;
                failed_[e.state] = true;
                out_ << pad << p_.red("  ✗ " + e.error.value_or(e.type == EventType::ParallelStateFailed ? "a branch failed"
                                                                                                         : "an iteration failed")) << (e.cause ? ": " + fold(*e.cause, style_.width) : "")
                     << "\n";
                break;
            case EventType::TaskStateAborted:
            case EventType::WaitStateAborted:
            case EventType::ParallelStateAborted:
            case EventType::MapStateAborted:
                out_ << pad << p_.yellow("  ⊘ aborted") << "\n";
                break;
            case EventType::StateExited: {
                std::string elapsed;
                auto it = entered_at_.find(e.state);
                if (it != entered_at_.end() && e.timestamp_ms > it->second)
                    elapsed = "  " + p_.dim("+" + duration(e.timestamp_ms - it->second) + " virtual");
                if (failed_[e.state]) out_ << pad << p_.yellow("  ⤷ error caught") << "\n";
                output_payload(pad, entered_input_[e.state], e.output, elapsed);
                last_shown_ = e.output;
                break;
            }
            default: break;
        }
    }

    void print_summary() {
        std::string status(result_.status_name());
        std::string line = status;
        if (result_.error) line += " " + terminal_safe(*result_.error);
        bool ok = result_.status == engine::Status::Succeeded;
        out_ << "\n" << (ok ? p_.green("✔ " + line) : p_.red("✘ " + line));
        size_t entered = 0;
        int retries = 0;
        for (const auto& e : result_.history)
            if (e.type == EventType::StateEntered) ++entered;
        for (const auto& [state, count] : attempts_) retries += count;
        out_ << p_.dim(" · " + std::to_string(entered) + " states · " + std::to_string(retries) +
                       (retries == 1 ? " retry" : " retries") + " · " + duration(result_.elapsed_ms()) + " virtual" +
                       (style_.real_times ? ", " + real_duration(style_.real_elapsed_micros) + " real" : ""))
             << "\n";
        if (ok && (style_.full || !result_.output.is_object())) {
            out_ << p_.bold("output") << "\n" << terminal_safe(json::pretty(result_.output), true) << "\n";
        } else if (ok) {
            // One line per top-level member, folded; --full prints it whole.
            out_ << p_.bold("output") << "\n";
            for (const auto& member : result_.output.as_object()) {
                std::string head = "  " + std::string(member.name()) + ": ";
                size_t room = style_.width > head.size() + 20 ? style_.width - head.size() : 20;
                out_ << p_.dim(head) << fold(json::dump(member.value), room) << "\n";
            }
        } else if (result_.cause) {
            out_ << p_.bold("cause") << " " << terminal_safe(*result_.cause, true) << "\n";
        }
    }

    std::ostream& out_;
    const runtime::RunResult& result_;
    TraceStyle style_;
    Painter p_;
    std::map<const asl::StateMachine*, int> depths_;
    std::map<const asl::State*, int64_t> entered_at_;
    std::map<const asl::State*, json::Value> entered_input_;
    std::map<const asl::State*, bool> failed_;
    std::map<const asl::State*, bool> map_run_failed_;  // its MapRunFailed was shown: MapStateFailed adds nothing
    std::map<const asl::State*, int64_t> failed_at_;
    std::map<const asl::State*, size_t> invocations_;
    std::map<std::string, std::vector<const runtime::TaskCallRecord*>> calls_;  // by state name, in call order
    json::Value last_shown_;
    const asl::State* last_header_ = nullptr;
    std::map<const asl::State*, int> attempts_;
};

// "7 items · 3 child executions: 3 succeeded" (zero counts left out).
std::string map_run_counts(const tasks::map_run::MapRunInfo& run) {
    const tasks::map_run::MapRunCounts& c = run.execution_counts;
    std::string text = std::to_string(run.item_counts.total) + " items · " + std::to_string(c.total) +
                       " child execution" + (c.total == 1 ? "" : "s") + ":";
    std::pair<const char*, int64_t> parts[] = {{"succeeded", c.succeeded}, {"failed", c.failed},
                                                {"timed out", c.timed_out}, {"aborted", c.aborted},
                                                {"running", c.running}};
    bool first = true;
    for (const auto& [name, n] : parts) {
        if (n == 0) continue;
        text += std::string(first ? " " : ", ") + std::to_string(n) + " " + name;
        first = false;
    }
    if (c.results_written) text += " · " + std::to_string(c.results_written) + " results written";
    return text;
}

void print_children(std::ostream& out, const runtime::RunResult& parent, const TraceStyle& style) {
    Painter p{style.color};
    for (const runtime::RunResult& child : parent.children) {
        out << "\n" << p.bold("── child execution " + child.execution_arn) << "\n"
            << p.dim("   started by " + child.parent_execution_arn) << "\n";
        TracePrinter(out, child, style).print();
        print_children(out, child, style);
    }
}

void print_events(std::ostream& out, const runtime::RunResult& result, const TraceStyle& style) {
    if (result.events.empty()) return;
    Painter p{style.color};
    out << "\n" << p.bold("events put (" + std::to_string(result.events.size()) + ")") << "\n";
    for (const json::Value& put : result.events) {
        const json::Value* event = put.find("event");
        auto text = [&](std::string_view key) {
            const json::Value* v = event ? event->find(key) : nullptr;
            return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        const json::Value* problem = put.find("schemaProblem");
        const bool rejected = put.find("rejected") != nullptr;
        std::string line = "  ⇢ " + text("source") + " · " + text("detail-type") + "  " + p.dim(text("id"));
        out << (rejected ? p.red(line + "  rejected") : line) << "\n";
        if (const json::Value* detail = event ? event->find("detail") : nullptr)
            out << p.dim("    detail ") << fold(json::dump(*detail), style.width > 12 ? style.width - 12 : 20) << "\n";
        const json::Value* schema = put.find("schema");
        if (problem && problem->is_string())
            out << (rejected ? p.red("    ✗ ") : p.yellow("    ⚠ ")) << problem->as_string() << "\n";
        else if (put.find("checked"))
            out << p.dim("    not checked (--schemas off)") << "\n";
        else if (schema && schema->is_string())
            out << p.green("    ✓ ") << p.dim("matches schema " + std::string(schema->as_string())) << "\n";
        else
            out << p.dim("    no schema for this source and detail-type (--schema-dir)") << "\n";
    }
}

}  // namespace

void print_trace(std::ostream& out, const runtime::RunResult& result, const TraceStyle& style) {
    TracePrinter(out, result, style).print();
    print_children(out, result, style);
    print_events(out, result, style);
}

}  // namespace stepwise::cli
