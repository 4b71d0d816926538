// One evaluation: environment frames, the runaway guard (depth, time, steps),
// the fixed clock for $now()/$millis(), and the evaluator entry points that
// built-in functions call back into.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

class Host;

struct Frame {
    Frame* parent = nullptr;
    std::vector<std::pair<std::string, Val>> vars;

    const Val* lookup(std::string_view name) const {
        for (const Frame* f = this; f; f = f->parent)
            for (const auto& [k, v] : f->vars)
                if (k == name) return &v;
        return nullptr;
    }
    void bind(std::string_view name, Val value) {
        for (auto& [k, v] : vars)
            if (k == name) { v = std::move(value); return; }
        vars.emplace_back(std::string(name), std::move(value));
    }
};

struct Guard {
    size_t max_depth = 1000;
    uint64_t max_steps = 0;     // 0 = unlimited
    int64_t timeout_ms = 0;     // 0 = unlimited
};

class Context {
public:
    Context(double now_ms, const Guard& guard, const std::unordered_map<std::string, Val>* globals);

    Val evaluate(const Node* expr, const Val& input, Frame* env);
    // Applies a function value (with tail-call trampolining).
    Val apply(const Val& fn, const std::vector<Val>& args, const Val& input, Frame* env);
    // Applies with HOF conventions: passes only as many of (a, b, c) as the function takes.
    Val apply_hof(const Val& fn, const Val& a, const Val& b, const Val& c);
    size_t arity(const Val& fn) const;

    Frame* new_frame(Frame* parent);
    Val lookup(Frame* env, std::string_view name) const;

    double now_ms() const { return now_ms_; }
    // The call's focus (input and environment), for built-ins such as $eval.
    Val focus_input;
    Frame* focus_env = nullptr;
    Frame* root = nullptr;
    // The host's data, handed to host functions (EvalOptions::host).
    Host* host = nullptr;
    // Trees parsed during the evaluation ($eval) live as long as it does.
    std::vector<std::shared_ptr<Arena>> arenas;

    // Guard bookkeeping for nested evaluations ($eval).
    void enter();
    void leave() { --depth_; }
    // Charges `units` of work (e.g. elements a range produces) to the step and time budgets.
    void charge(uint64_t units);
    // Steps left in the step budget (UINT64_MAX when unlimited).
    uint64_t remaining_steps() const { return guard_.max_steps == 0 ? UINT64_MAX : guard_.max_steps - std::min(steps_, guard_.max_steps); }

private:
    double now_ms_;
    Guard guard_;
    const std::unordered_map<std::string, Val>* globals_;
    std::deque<Frame> frames_;
    size_t depth_ = 0;
    uint64_t steps_ = 0;
    std::chrono::steady_clock::time_point deadline_;
    bool has_deadline_ = false;

    Val eval_node(const Node* expr, const Val& input, Frame* env);
    Val eval_path(const Node* expr, const Val& input, Frame* env);
    Val eval_step(const Node* step, const Val& input, Frame* env, bool last);
    Val eval_tuple_step(const Node* step, const Val& input, const Val& tuples, Frame* env);
    Val eval_stages(const std::vector<Stage>& stages, Val input, Frame* env);
    Val eval_filter(const Node* predicate, const Val& input, Frame* env);
    Val eval_binary(const Node* expr, const Val& input, Frame* env);
    Val eval_unary(const Node* expr, const Val& input, Frame* env);
    Val eval_group(const Group& group, const Val& input, Frame* env);
    Val eval_object_constructor(const std::vector<std::pair<Node*, Node*>>& pairs, size_t position, const Val& input, Frame* env);
    Val eval_sort(const Node* expr, const Val& input, Frame* env);
    Val eval_function(const Node* expr, const Val& input, Frame* env, const Val* applyto);
    Val eval_partial(const Node* expr, const Val& input, Frame* env);
    Val eval_apply(const Node* expr, const Val& input, Frame* env);
    Val eval_transform(const Node* expr, const Val& input, Frame* env);
    Val apply_inner(const Val& fn, const std::vector<Val>& args, const Val& input, Frame* env);
    Val apply_lambda(FnNode* fn, const std::vector<Val>& args);
    Val run_transform(FnNode* fn, const Val& obj);
    Frame* frame_from_tuple(Frame* env, const Val& tuple);
};

// A regex's match object {match, start, end, groups, next} for the matcher protocol.
// `from_units` is `from` (bytes) in UTF-16 units.
Val regex_match_object(Context& ctx, const std::shared_ptr<class Regex>& regex,
                       const std::shared_ptr<const std::string>& subject, size_t from, size_t from_units);

}  // namespace stepwise::jsonata
