// Breakpoints and stepping in the core (engine/debugger.h): a frame pauses
// before entering, or after exiting, a state with a breakpoint; a Resume
// event sends it on.
#include "engine/core.h"
#include "engine/debugger.h"
#include "engine/variables.h"

#include <algorithm>

namespace stepwise::engine {

namespace {

bool has(const std::vector<Breakpoint>& breakpoints, const std::string& state, bool after) {
    return std::find(breakpoints.begin(), breakpoints.end(), Breakpoint{state, after}) != breakpoints.end();
}

}  // namespace

json::Value breakpoints_json(const std::vector<Breakpoint>& breakpoints) {
    json::Array a;
    for (const Breakpoint& b : breakpoints) {
        json::Object o;
        o.set("state", b.state);
        o.set("after", json::Value(b.after));
        a.push_back(json::Value(std::move(o)));
    }
    return json::Value(std::move(a));
}

std::vector<Breakpoint> breakpoints_from_json(const json::Value& v) {
    std::vector<Breakpoint> out;
    if (!v.is_array()) return out;
    for (const json::Value& b : v.as_array()) {
        const json::Value* state = b.find("state");
        const json::Value* after = b.find("after");
        if (state && state->is_string()) out.push_back({std::string(state->as_string()), after && after->as_bool()});
    }
    return out;
}

json::Value resume_value(const Resume& r) {
    json::Object o;
    if (r.step) o.set("step", json::Value(true));
    if (r.input) o.set("input", *r.input);
    if (r.breakpoints) o.set("breakpoints", breakpoints_json(*r.breakpoints));
    if (r.stay_paused) o.set("stayPaused", json::Value(true));
    return json::Value(std::move(o));
}

Resume resume_from_value(const json::Value& v) {
    Resume r;
    if (!v.is_object()) return r;
    if (const json::Value* step = v.find("step")) r.step = step->as_bool();
    if (const json::Value* input = v.find("input")) r.input = *input;
    if (const json::Value* b = v.find("breakpoints")) r.breakpoints = breakpoints_from_json(*b);
    if (const json::Value* stay = v.find("stayPaused")) r.stay_paused = stay->as_bool();
    return r;
}

bool Core::pause_before(Frame& f) {
    if (f.resumed) {
        f.resumed = false;
        return false;
    }
    if (!f.step && !has(breakpoints_, f.state->name, false)) return false;
    f.step = false;
    // $$ as the state will see it once entered.
    f.entered_ms = now_ms_;
    f.retry_count = 0;
    f.task_token.clear();
    f.context_valid = false;
    pause(f, false, f.input);
    f.phase = Frame::Phase::Blocked;
    f.wait = Frame::Wait::Paused;
    return true;
}

bool Core::pause_after(Frame& f, const json::Value& output) {
    if (!has(breakpoints_, f.state->name, true)) return false;
    pause(f, true, output);
    return true;
}

void Core::pause(Frame& f, bool after, json::Value input) {
    auto p = std::make_shared<Pause>();
    p->id = next_pause_++;
    p->state = f.state;
    p->machine = machine;
    p->after = after;
    p->time_ms = now_ms_;
    p->input = std::move(input);
    p->context = context(f);
    p->variables = visible_variables(f);
    p->breakpoints = breakpoints_;
    pauses_[p->id] = Paused{f.id, f.generation, after, p};
    f.context_valid = false;  // built again when the state runs
    Command c;
    c.kind = Command::Kind::Paused;
    c.id = p->id;
    c.pause = std::move(p);
    commands_->push_back(std::move(c));
}

void Core::resume(const InputEvent& e) {
    auto it = pauses_.find(e.ref);
    if (it == pauses_.end()) return;
    const Paused paused = it->second;
    pauses_.erase(it);
    Frame& f = frames_[paused.frame];
    if (!f.alive || f.generation != paused.generation || f.wait != Frame::Wait::Paused) return;
    Resume r = resume_from_value(e.value);
    if (r.breakpoints) breakpoints_ = std::move(*r.breakpoints);
    if (r.input) {
        f.input = std::move(*r.input);
        f.input_size = -1;  // unknown: measured when the payload quota is next checked
    }
    if (r.stay_paused) {  // the same place, seen anew
        auto again = std::make_shared<Pause>(*paused.pause);
        again->id = next_pause_++;
        again->time_ms = now_ms_;
        again->input = f.input;
        again->breakpoints = breakpoints_;
        pauses_[again->id] = Paused{paused.frame, paused.generation, paused.after, again};
        Command c;
        c.kind = Command::Kind::Paused;
        c.id = again->id;
        c.pause = std::move(again);
        commands_->push_back(std::move(c));
        return;
    }
    f.step = r.step;
    f.wait = Frame::Wait::None;
    if (f.end_after_pause) {
        f.end_after_pause = false;
        end_frame(f, std::move(f.input));
        return;
    }
    f.resumed = !paused.after;
    f.phase = Frame::Phase::Enter;
    make_ready(f);
}

void Core::set_breakpoints(const InputEvent& e) {
    debugging_ = true;
    breakpoints_ = breakpoints_from_json(e.value);
}

std::vector<std::shared_ptr<const Pause>> Core::open_pauses() const {
    std::vector<std::shared_ptr<const Pause>> open;
    for (const auto& [id, paused] : pauses_) {
        const Frame& f = frames_[paused.frame];
        if (f.alive && f.generation == paused.generation && f.wait == Frame::Wait::Paused) open.push_back(paused.pause);
    }
    std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
    return open;
}

}  // namespace stepwise::engine
