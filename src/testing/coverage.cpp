#include "testing/coverage.h"

#include <algorithm>

#include "engine/core.h"

namespace stepwise::testing {

std::string_view coverage_kind_name(CoverageKind kind) {
    switch (kind) {
        case CoverageKind::State: return "states";
        case CoverageKind::Transition: return "transitions";
        case CoverageKind::Retrier: return "retriers";
        case CoverageKind::Catcher: return "catchers";
    }
    return "";
}

namespace {

std::string error_list(const std::vector<std::string>& error_equals) {
    std::string out = "[";
    for (size_t i = 0; i < error_equals.size(); ++i) out += (i ? ", " : "") + error_equals[i];
    return out + "]";
}

}  // namespace

// ---- CoverageMap ----

CoverageMap::CoverageMap(const asl::Machine& machine) {
    states_.reserve(machine.all_states.size());
    add_scope(machine.root);
    add_child_machines(machine, machine);
}

// A Distributed Map's children run its processor compiled as a machine of its
// own: each of its states counts as the definition's state of the same name
// (state names are unique in a definition).
void CoverageMap::add_child_machines(const asl::Machine& definition, const asl::Machine& machine) {
    for (const auto& [name, state] : machine.all_states) {
        if (state->type != asl::StateType::Map) continue;
        const auto& child = state->as<asl::MapState>().child_machine;
        if (!child) continue;
        for (const auto& [child_name, child_state] : child->all_states) {
            auto original = definition.all_states.find(child_name);
            if (original == definition.all_states.end()) continue;
            if (const StateItems* items = find(original->second)) states_.emplace(child_state, *items);
        }
        add_child_machines(definition, *child);
    }
}

void CoverageMap::add_scope(const asl::StateMachine& scope) {
    for (const auto& state : scope.states) add_state(*state);
}

size_t CoverageMap::add(CoverageKind kind, std::string pointer, std::string label, size_t state, bool branch) {
    items_.push_back({kind, std::move(pointer), std::move(label), state, branch});
    return items_.size() - 1;
}

void CoverageMap::add_state(const asl::State& s) {
    StateItems at;
    at.item = add(CoverageKind::State, s.pointer, s.name, items_.size());
    if (s.type == asl::StateType::Choice) {
        const auto& choice = s.as<asl::ChoiceState>();
        at.choices = items_.size();
        for (size_t i = 0; i < choice.choices.size(); ++i) {
            const asl::ChoiceRule& rule = choice.choices[i];
            add(CoverageKind::Transition, rule.pointer + "/Next",
                s.name + " rule " + std::to_string(i) + " → " + rule.next_name, at.item, true);
        }
        if (!choice.default_name.empty())
            add(CoverageKind::Transition, s.pointer + "/Default", s.name + " Default → " + choice.default_name,
                at.item, true);
    } else if (!s.next_name.empty()) {
        at.next = add(CoverageKind::Transition, s.pointer + "/Next", s.name + " → " + s.next_name, at.item);
    }
    if (!s.retry.empty()) at.retriers = items_.size();
    for (size_t i = 0; i < s.retry.size(); ++i)
        add(CoverageKind::Retrier, s.retry[i].pointer,
            s.name + " Retry " + std::to_string(i) + " " + error_list(s.retry[i].error_equals), at.item);
    if (!s.catch_.empty()) at.catchers = items_.size();
    for (size_t i = 0; i < s.catch_.size(); ++i) {
        const asl::Catcher& c = s.catch_[i];
        std::string name = s.name + " Catch " + std::to_string(i);
        add(CoverageKind::Catcher, c.pointer, name + " " + error_list(c.error_equals), at.item);
        add(CoverageKind::Transition, c.pointer + "/Next", name + " → " + c.next_name, at.item, true);
    }
    states_.emplace(&s, at);

    if (s.type == asl::StateType::Parallel)
        for (const auto& branch : s.as<asl::ParallelState>().branches) add_scope(*branch);
    if (s.type == asl::StateType::Map && s.as<asl::MapState>().processor)
        add_scope(*s.as<asl::MapState>().processor);
}

const CoverageMap::StateItems* CoverageMap::find(const asl::State* state) const {
    auto it = states_.find(state);
    return it == states_.end() ? nullptr : &it->second;
}

size_t CoverageMap::state_item(const asl::State* state) const {
    const StateItems* at = find(state);
    return at ? at->item : npos;
}

size_t CoverageMap::next_item(const asl::State* state) const {
    const StateItems* at = find(state);
    return at ? at->next : npos;
}

size_t CoverageMap::choice_item(const asl::State* state, size_t rule) const {
    const StateItems* at = find(state);
    if (!at || at->choices == npos) return npos;
    const auto& choice = state->as<asl::ChoiceState>();
    bool has_default = !choice.default_name.empty();
    if (rule < choice.choices.size() || (rule == choice.choices.size() && has_default)) return at->choices + rule;
    return npos;
}

size_t CoverageMap::retrier_item(const asl::State* state, size_t retrier) const {
    const StateItems* at = find(state);
    return at && retrier < state->retry.size() ? at->retriers + retrier : npos;
}

size_t CoverageMap::catcher_item(const asl::State* state, size_t catcher) const {
    const StateItems* at = find(state);
    return at && catcher < state->catch_.size() ? at->catchers + 2 * catcher : npos;
}

size_t CoverageMap::catch_edge_item(const asl::State* state, size_t catcher) const {
    size_t item = catcher_item(state, catcher);
    return item == npos ? npos : item + 1;
}

// ---- CoverageHits ----

CoverageHits& CoverageHits::operator+=(const CoverageHits& other) {
    if (counts.size() < other.counts.size()) counts.resize(other.counts.size(), 0);
    for (size_t i = 0; i < other.counts.size(); ++i) counts[i] += other.counts[i];
    return *this;
}

// ---- CoverageRecorder ----

void CoverageRecorder::hit(size_t item) {
    if (item < hits_.counts.size()) ++hits_.counts[item];
}

void CoverageRecorder::chose(const engine::Frame& frame, size_t rule) { hit(map_.choice_item(frame.state, rule)); }

void CoverageRecorder::retrying(const engine::Frame& frame, size_t retrier, int64_t) {
    hit(map_.retrier_item(frame.state, retrier));
}

// Watches one child execution of a Distributed Map: none of its frames is in
// the history finish() reads, so every state and Next edge counts as entered.
class CoverageRecorder::MapChildRecorder : public engine::StateObserver {
public:
    explicit MapChildRecorder(CoverageRecorder& root) : root_(root) {}
    void entered(const engine::Frame& frame) override { root_.count_entry(last_, frame); }
    void chose(const engine::Frame& frame, size_t rule) override { root_.chose(frame, rule); }
    void retrying(const engine::Frame& frame, size_t retrier, int64_t delay_ms) override {
        root_.retrying(frame, retrier, delay_ms);
    }
    void caught(const engine::Frame& frame, size_t catcher) override { root_.count_catch(last_, frame, catcher); }
    std::shared_ptr<engine::StateObserver> map_child() override {
        return std::make_shared<MapChildRecorder>(root_);
    }

private:
    CoverageRecorder& root_;
    std::unordered_map<uint32_t, LastState> last_;  // by frame id
};

std::shared_ptr<engine::StateObserver> CoverageRecorder::map_child() {
    return std::make_shared<MapChildRecorder>(*this);
}

void CoverageRecorder::count_entry(std::unordered_map<uint32_t, LastState>& last_states, const engine::Frame& frame) {
    hit(map_.state_item(frame.state));
    LastState& last = last_states[frame.id];
    if (last.generation == frame.generation && last.state && last.state->next == frame.state && !last.caught)
        hit(map_.next_item(last.state));
    last = LastState{frame.generation, frame.state, false};
}

void CoverageRecorder::count_catch(std::unordered_map<uint32_t, LastState>& last_states, const engine::Frame& frame,
                                   size_t catcher) {
    hit(map_.catcher_item(frame.state, catcher));
    hit(map_.catch_edge_item(frame.state, catcher));
    if (auto it = last_states.find(frame.id); it != last_states.end() && it->second.generation == frame.generation)
        it->second.caught = true;
}

void CoverageRecorder::entered(const engine::Frame& frame) {
    if (frame.record) return;  // finish() reads it from the history
    count_entry(unrecorded_, frame);
}

void CoverageRecorder::caught(const engine::Frame& frame, size_t catcher) {
    if (!frame.record) return count_catch(unrecorded_, frame, catcher);
    hit(map_.catcher_item(frame.state, catcher));
    hit(map_.catch_edge_item(frame.state, catcher));
    // The catcher's output leaves the state with no event in between: the
    // StateExited that follows the frame's last event is this catch's.
    caught_exits_.push_back({frame.last_event, frame.state});
}

bool CoverageRecorder::exited_by_catch(const engine::HistoryEvent& exited) const {
    auto it = std::lower_bound(caught_exits_.begin(), caught_exits_.end(), exited.previous_id,
                               [](const CaughtExit& c, int64_t id) { return c.previous_id < id; });
    for (; it != caught_exits_.end() && it->previous_id == exited.previous_id; ++it)
        if (it->state == exited.state) return true;
    return false;
}

// A state's StateEntered points back (previousEventId) at the last event of
// its frame. When that is the StateExited of the state before it in the same
// branch or iteration, the frame went from one to the other: by a Choice rule
// or Default (counted by chose), by a Catch (counted by caught), or else by
// the earlier state's Next. Branches and iterations chain their own events,
// so interleaved ones do not mix; a branch's first state points back at its
// Parallel's or Map's events, never at a StateExited.
void CoverageRecorder::finish(const runtime::RunResult& result) {
    std::sort(caught_exits_.begin(), caught_exits_.end(),
              [](const CaughtExit& a, const CaughtExit& b) { return a.previous_id < b.previous_id; });
    const std::vector<engine::HistoryEvent>& history = result.history;
    // Event ids grow along the history (event i has id i + 1 unless redriven).
    auto event = [&](int64_t id) -> const engine::HistoryEvent* {
        if (id >= 1 && static_cast<size_t>(id) <= history.size() && history[id - 1].id == id) return &history[id - 1];
        auto it = std::lower_bound(history.begin(), history.end(), id,
                                   [](const engine::HistoryEvent& e, int64_t want) { return e.id < want; });
        return it != history.end() && it->id == id ? &*it : nullptr;
    };
    for (const engine::HistoryEvent& entered : history) {
        if (entered.type != engine::EventType::StateEntered || !entered.state) continue;
        hit(map_.state_item(entered.state));
        const engine::HistoryEvent* before = event(entered.previous_id);
        if (!before || before->type != engine::EventType::StateExited || !before->state) continue;
        if (before->state->next != entered.state || exited_by_catch(*before)) continue;
        hit(map_.next_item(before->state));
    }
}

// ---- summaries ----

CoverageCount& CoverageCount::operator+=(const CoverageCount& other) {
    covered += other.covered;
    total += other.total;
    return *this;
}

const CoverageCount& CoverageSummary::of(CoverageKind kind) const {
    switch (kind) {
        case CoverageKind::State: return states;
        case CoverageKind::Transition: return transitions;
        case CoverageKind::Retrier: return retriers;
        case CoverageKind::Catcher: return catchers;
    }
    return total;
}

CoverageSummary& CoverageSummary::operator+=(const CoverageSummary& other) {
    states += other.states;
    transitions += other.transitions;
    retriers += other.retriers;
    catchers += other.catchers;
    total += other.total;
    return *this;
}

CoverageSummary summarize(const CoverageMap& map, const CoverageHits& hits) {
    CoverageSummary summary;
    for (size_t i = 0; i < map.size(); ++i) {
        CoverageCount one{hits[i] > 0 ? 1u : 0u, 1};
        summary.of(map.items()[i].kind) += one;
        summary.total += one;
    }
    return summary;
}

std::vector<const CoverageItem*> uncovered(const CoverageMap& map, const CoverageHits& hits) {
    std::vector<const CoverageItem*> out;
    for (size_t i = 0; i < map.size(); ++i)
        if (hits[i] == 0) out.push_back(&map.items()[i]);
    return out;
}

}  // namespace stepwise::testing
