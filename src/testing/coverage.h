// State-machine coverage: which states, transitions, retriers and catchers of
// a definition the cases of a suite exercised.
//
//   testing::CoverageMap map(*machine);                // once per machine
//   testing::CoverageRecorder recorder(map);           // once per case run
//   options.observer = &recorder;
//   runtime::RunResult r = runtime::run(machine, input, services, options);
//   recorder.finish(r);
//   total += recorder.hits();                          // CoverageHits, merged after the cases ran
//   testing::CoverageSummary s = testing::summarize(map, total);
//
// Items are named by JSON pointers into the definition, so reports can map
// them onto its lines (testing/coverage_report.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "asl/machine.h"
#include "engine/observer.h"
#include "runtime/run.h"

namespace stepwise::testing {

enum class CoverageKind { State, Transition, Retrier, Catcher };

std::string_view coverage_kind_name(CoverageKind kind);  // "states", "transitions", "retriers", "catchers"

struct CoverageItem {
    CoverageKind kind = CoverageKind::State;
    std::string pointer;  // /States/A, /States/A/Next, /States/C/Choices/0/Next, /States/C/Default,
                          // /States/A/Catch/0/Next, /States/A/Retry/0, /States/A/Catch/0
    std::string label;    // "A", "A → B", "C rule 0 → B", "C Default → D", "A Catch 0 → H",
                          // "A Retry 0 [States.ALL]", "A Catch 0 [States.ALL]"
    size_t state = 0;     // the item of the state it belongs to (itself for a state)
    bool branch = false;  // one of the ways out of a Choice (a rule, Default) or a caught error (a Catch edge)
};

// The items of one machine, in definition order (each state, then its
// transitions, retriers and catchers; a Parallel's or Map's inner states
// follow it), with lookups from the compiled states to them.
class CoverageMap {
public:
    static constexpr size_t npos = static_cast<size_t>(-1);

    explicit CoverageMap(const asl::Machine& machine);

    const std::vector<CoverageItem>& items() const { return items_; }
    size_t size() const { return items_.size(); }

    // The item of a state of the machine, its Next edge, Choice rule `rule`
    // (rule == Choices.size(): Default), and its retriers, catchers and Catch
    // edges by index; npos when there is none.
    size_t state_item(const asl::State* state) const;
    size_t next_item(const asl::State* state) const;
    size_t choice_item(const asl::State* state, size_t rule) const;
    size_t retrier_item(const asl::State* state, size_t retrier) const;
    size_t catcher_item(const asl::State* state, size_t catcher) const;
    size_t catch_edge_item(const asl::State* state, size_t catcher) const;

private:
    // Where a state's items start. Choice rules and Default follow one
    // another; so do retriers; each catcher is followed by its Catch edge.
    struct StateItems {
        size_t item = npos, next = npos, choices = npos, retriers = npos, catchers = npos;
    };

    void add_scope(const asl::StateMachine& scope);
    void add_child_machines(const asl::Machine& definition, const asl::Machine& machine);
    void add_state(const asl::State& state);
    size_t add(CoverageKind kind, std::string pointer, std::string label, size_t state, bool branch = false);
    const StateItems* find(const asl::State* state) const;

    std::vector<CoverageItem> items_;
    std::unordered_map<const asl::State*, StateItems> states_;
};

// How often each item was exercised, parallel to CoverageMap::items().
struct CoverageHits {
    std::vector<uint64_t> counts;

    CoverageHits() = default;
    explicit CoverageHits(const CoverageMap& map) : counts(map.size(), 0) {}

    // Adds the counts of another run of the same map (an empty side grows to the other's size).
    CoverageHits& operator+=(const CoverageHits& other);
    // 0 past the end (hits that never grew to the map's size).
    uint64_t operator[](size_t item) const { return item < counts.size() ? counts[item] : 0; }
};

// Records one run of the map's machine: the observer hooks count the Choice
// edges, the retries and the catches as they happen; finish() then reads the
// states entered and the Next edges taken from the history. Only the root
// execution is watched (RunOptions::observer). A Distributed Map's children
// are executions of their own whose histories the run does not keep: their
// states and Next edges are counted as they are entered (map_child()).
class CoverageRecorder : public engine::StateObserver {
public:
    explicit CoverageRecorder(const CoverageMap& map) : map_(map), hits_(map) {}

    void entered(const engine::Frame& frame) override;
    void chose(const engine::Frame& frame, size_t rule) override;
    void caught(const engine::Frame& frame, size_t catcher) override;
    void retrying(const engine::Frame& frame, size_t retrier, int64_t delay_ms) override;
    // A Distributed Map's child execution: its states and edges count on this
    // recorder's hits (the child runs the Map's processor compiled on its own;
    // CoverageMap maps those states onto the definition's).
    std::shared_ptr<engine::StateObserver> map_child() override;

    // Counts the states entered and the Next edges taken in `result`, the run
    // this recorder watched. Call once, after the run.
    void finish(const runtime::RunResult& result);

    const CoverageHits& hits() const { return hits_; }

private:
    class MapChildRecorder;
    struct CaughtExit {
        int64_t previous_id;  // the frame's last event when the catcher matched: its StateExited follows it
        const asl::State* state;
    };

    void hit(size_t item);
    bool exited_by_catch(const engine::HistoryEvent& exited) const;

    // An unrecorded frame's last state, and whether a catcher took it out.
    struct LastState {
        uint32_t generation = 0;
        const asl::State* state = nullptr;
        bool caught = false;
    };

    // The entry or catch of a frame no history shows, its last state kept in `last_states`.
    void count_entry(std::unordered_map<uint32_t, LastState>& last_states, const engine::Frame& frame);
    void count_catch(std::unordered_map<uint32_t, LastState>& last_states, const engine::Frame& frame, size_t catcher);

    const CoverageMap& map_;
    CoverageHits hits_;
    std::vector<CaughtExit> caught_exits_;
    std::unordered_map<uint32_t, LastState> unrecorded_;  // by frame id
};

struct CoverageCount {
    size_t covered = 0;
    size_t total = 0;
    double percent() const { return total ? 100.0 * static_cast<double>(covered) / static_cast<double>(total) : 100.0; }
    CoverageCount& operator+=(const CoverageCount& other);
};

struct CoverageSummary {
    CoverageCount states, transitions, retriers, catchers;
    CoverageCount total;  // every item
    const CoverageCount& of(CoverageKind kind) const;
    CoverageCount& of(CoverageKind kind) { return const_cast<CoverageCount&>(std::as_const(*this).of(kind)); }
    CoverageSummary& operator+=(const CoverageSummary& other);
};

CoverageSummary summarize(const CoverageMap& map, const CoverageHits& hits);

// The items no run exercised, in map order.
std::vector<const CoverageItem*> uncovered(const CoverageMap& map, const CoverageHits& hits);

}  // namespace stepwise::testing
