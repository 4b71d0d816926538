// Wait: Seconds, SecondsPath, Timestamp, TimestampPath. A timestamp in the past
// continues at once. Time comes from the shell's clock (virtual or real).
// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
#include <algorithm>

#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"
#include "engine/timestamp.h"
#include "json/write.h"

namespace stepwise::engine::states {

namespace {

std::string shown(const json::Value& v) { return v.is_string() ? std::string(v.as_string()) : json::dump(v); }

// The latest instant a Timestamp can name (9999-12-31T23:59:59.999Z). A Wait
// for more seconds than lead there (a SecondsPath can hold any long) waits
// until then: `now + seconds * 1000` must not wrap around int64 into the past
// and end the Wait at once. (AWS ends a Standard execution after a year in
// any case; that limit is not modelled here.)
constexpr int64_t kLatestInstantMs = 253402300799999;

int64_t due_after_seconds(int64_t now_ms, double seconds) {
    double remaining_ms = static_cast<double>(kLatestInstantMs - now_ms);
    if (!(seconds * 1000.0 < remaining_ms)) return std::max(now_ms, kLatestInstantMs);
    return now_ms + static_cast<int64_t>(seconds * 1000.0);
}

int64_t due_after_seconds(int64_t now_ms, int64_t seconds) {
    if (seconds > (kLatestInstantMs - now_ms) / 1000) return std::max(now_ms, kLatestInstantMs);
    return now_ms + seconds * 1000;
}

}  // namespace

void wait(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::WaitState>();
    const bool jsonata = is_jsonata(f);
    json::Value effective = jsonata ? f.input : apply_input_path(core, f, s.input_path, f.input);
    int64_t due = core.now();
    if (jsonata && s.seconds.jsonata) {
        double secs = eval_jsonata_number(core, f, *s.seconds.jsonata, StatesVar{&f.input}, "Seconds");
        if (secs < 0)
            throw query_evaluation_error(f, "The Seconds field references a negative value: " + json::dump(json::Value(secs)));
        due = due_after_seconds(due, secs);
    } else if (jsonata && s.timestamp_jsonata) {
        json::Value v = eval_jsonata(core, f, *s.timestamp_jsonata, StatesVar{&f.input}, "Timestamp");
        std::optional<Instant> t;
        if (v.is_string()) t = parse_rfc3339(v.as_string());
        if (!t)
            throw query_evaluation_error(f, "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                                       "date-time format string: " + shown(v));
        due = t->to_ms();
    } else if (s.seconds.literal) {
        due = due_after_seconds(due, *s.seconds.literal);
    } else if (s.seconds.path) {
        auto v = select_path(core, f, s.seconds.path, effective);
        if (!v) throw runtime_error(f, missing_path_message(s.seconds.path, effective));
        if (!v->is_number() || !v->is_integer())
            throw runtime_error(f, "The SecondsPath parameter cannot be parsed as a long value: " + s.seconds.path.text() +
                                       " == " + shown(*v));
        if (v->as_int() < 0)
            throw runtime_error(f, "The SecondsPath parameter references a negative value: " + s.seconds.path.text() +
                                       " == " + shown(*v));
        due = due_after_seconds(due, v->as_int());
    } else if (s.timestamp) {
        auto t = parse_rfc3339(*s.timestamp);
        if (t) due = t->to_ms();
        else if (jsonata)
            throw query_evaluation_error(f, "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                                       "date-time format string: " + *s.timestamp);
    } else if (s.timestamp_path) {
        auto v = select_path(core, f, s.timestamp_path, effective);
        if (!v) throw runtime_error(f, missing_path_message(s.timestamp_path, effective));
        std::optional<Instant> t;
        if (v->is_string()) t = parse_rfc3339(v->as_string());
        if (!t)
            throw runtime_error(f,
                                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                                "date-time format string: " +
                                    s.timestamp_path.text() + " == " + shown(*v));
        due = t->to_ms();
    }
    f.effective = std::move(effective);
    if (due <= core.now()) {
        wait_elapsed(core, f);
        return;
    }
    core.start_timer(f, due, Frame::Wait::WaitTimer);
    f.phase = Frame::Phase::Blocked;
}

void wait_elapsed(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::WaitState>();
    if (is_jsonata(f)) {
        f.effective = {};
        finish_jsonata(core, f, StatesVar{&f.input}, f.input, s.next, s.assign, s.output);
        return;
    }
    apply_assign(core, f, s.assign, f.effective, {});
    json::Value out = apply_output_path(core, f, s.output_path, std::move(f.effective));
    f.effective = {};
    core.finish_state(f, std::move(out), s.next);
}

}  // namespace stepwise::engine::states
