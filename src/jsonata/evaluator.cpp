// The evaluator: entry point, guard, frames and the dispatch over node types.
// Paths (eval_path.cpp), operators (eval_operators.cpp), grouping and sorting
// (eval_group_sort.cpp) and function application (eval_apply.cpp) follow
// jsonata-js's sequence semantics: singleton unwrapping, flattening of path
// steps, keep-array, tuple streams for @/#/% bindings.
#include <algorithm>
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/context.h"
#include "jsonata/error.h"
#include "jsonata/evaluator_internal.h"
#include "jsonata/function.h"
#include "jsonata/semantics.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::jsonata {

// Appends the items of an array, stealing them when nobody else holds it.
void move_items_into(std::vector<Val>& out, Val&& array) {
    charge_output(array.size() * kItemCost, "Flattening an array");
    if (auto* a = array.arr(); a && array.node().use_count() == 1) {
        if (out.empty()) {
            out = std::move(a->items);
        } else {
            out.insert(out.end(), std::make_move_iterator(a->items.begin()), std::make_move_iterator(a->items.end()));
        }
        return;
    }
    // Grow geometrically: reserving the exact size on every call copied the
    // whole sequence each time (quadratic when a path step yields many arrays).
    const size_t needed = out.size() + array.size();
    if (needed > out.capacity()) out.reserve(std::max(needed, 2 * out.capacity()));
    for_each_item(array, [&](const Val& v) { out.push_back(v); });
}

Val lookup_member(const Val& input, std::string_view key) {
    if (input.is_array()) {
        auto out = std::make_shared<ArrNode>();
        out->sequence = true;
        for_each_item(input, [&](const Val& item) {
            Val r = lookup_member(item, key);
            if (r.is_undefined()) return;
            if (r.is_array()) for_each_item(r, [&](const Val& y) { out->items.push_back(y); });
            else out->items.push_back(r);
        });
        return Val::from_node(std::move(out));
    }
    return input.get(key);
}

Context::Context(double now_ms, const Guard& guard, const std::unordered_map<std::string, Val>* globals)
    : now_ms_(now_ms), guard_(guard), globals_(globals) {
    if (guard_.timeout_ms > 0) {
        has_deadline_ = true;
        deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(guard_.timeout_ms);
    }
    root = new_frame(nullptr);
}

Frame* Context::new_frame(Frame* parent) {
    frames_.emplace_back();
    frames_.back().parent = parent;
    return &frames_.back();
}

Val Context::lookup(Frame* env, std::string_view name) const {
    if (const Val* v = env->lookup(name)) return *v;
    if (globals_) {
        auto it = globals_->find(std::string(name));
        if (it != globals_->end()) return it->second;
    }
    if (const Val* b = find_builtin(name)) return *b;
    return {};
}

void Context::enter() {
    if (++depth_ > guard_.max_depth) {
        depth_ = 0;
        throw Error("U1001", "Stack overflow: the expression exceeded the maximum evaluation depth");
    }
    ++steps_;
    if (guard_.max_steps && steps_ > guard_.max_steps)
        throw Error("U1001", "The expression exceeded its evaluation step budget");
    if (has_deadline_ && (steps_ & 255) == 0 && std::chrono::steady_clock::now() > deadline_)
        throw Error("U1001", "The expression exceeded its evaluation time budget");
}

void Context::charge(uint64_t units) {
    steps_ += units;
    if (guard_.max_steps && steps_ > guard_.max_steps)
        throw Error("U1001", "The expression exceeded its evaluation step budget");
    if (has_deadline_ && std::chrono::steady_clock::now() > deadline_)
        throw Error("U1001", "The expression exceeded its evaluation time budget");
}

Val Context::evaluate(const Node* expr, const Val& input, Frame* env) {
    enter();
    struct Leave {
        Context* c;
        ~Leave() { c->leave(); }
    } leave_guard{this};
    Val result = eval_node(expr, input, env);
    if (!expr->predicate.empty()) {
        for (const auto& stage : expr->predicate) result = eval_filter(stage.expr, result, env);
    }
    if (expr->type != NodeType::Path && expr->group) result = eval_group(*expr->group, result, env);
    if (auto* a = result.arr(); a && a->sequence && !a->tuple_stream) {
        if (expr->keep_array) a->keep_singleton = true;
        if (a->items.empty()) return Val();
        if (a->items.size() == 1 && !a->keep_singleton) {
            Val only = a->items[0];
            return only;
        }
    }
    return result;
}

Val Context::eval_node(const Node* expr, const Val& input, Frame* env) {
    switch (expr->type) {
        case NodeType::Path: return eval_path(expr, input, env);
        case NodeType::Binary: return eval_binary(expr, input, env);
        case NodeType::Unary: return eval_unary(expr, input, env);
        case NodeType::Name: return lookup_member(input, expr->value);
        case NodeType::String: return Val::string(expr->value);
        case NodeType::Number: return Val::number(expr->number);
        case NodeType::Value:
            return expr->literal == 0 ? Val::null() : Val::boolean(expr->literal == 2);
        case NodeType::Wildcard: {
            Val subject = input;
            if (auto* a = input.arr(); a && a->outer_wrapper && !a->items.empty()) subject = a->items[0];
            auto out = std::make_shared<ArrNode>();
            out->sequence = true;
            bool plain = false;
            auto add = [&](const Val& value) {
                if (value.is_array()) {
                    std::function<void(const Val&)> flatten = [&](const Val& x) {
                        if (x.is_array()) for_each_item(x, flatten);
                        else out->items.push_back(x);
                    };
                    flatten(value);
                    plain = true;  // fn.append makes a plain array
                } else {
                    out->items.push_back(value);
                }
            };
            if (subject.is_object()) {
                for_each_member(subject, [&](std::string_view, const Val& value) { add(value); });
            } else if (subject.is_array()) {
                for_each_item(subject, add);
            }
            if (plain) out->sequence = false;
            return Val::from_node(std::move(out));
        }
        case NodeType::Descendant: {
            if (input.is_undefined()) return {};
            auto out = std::make_shared<ArrNode>();
            out->sequence = true;
            std::function<void(const Val&)> recurse = [&](const Val& v) {
                if (!v.is_array()) out->items.push_back(v);
                if (v.is_array()) for_each_item(v, recurse);
                else if (v.is_object()) for_each_member(v, [&](std::string_view, const Val& x) { recurse(x); });
            };
            recurse(input);
            if (out->items.size() == 1) return out->items[0];
            return Val::from_node(std::move(out));
        }
        case NodeType::Parent: return lookup(env, expr->slot->label);
        case NodeType::Condition: {
            Val condition = evaluate(expr->condition, input, env);
            if (truthy(condition)) return evaluate(expr->then, input, env);
            if (expr->otherwise) return evaluate(expr->otherwise, input, env);
            return {};
        }
        case NodeType::Block: {
            Frame* frame = new_frame(env);
            Val result;
            for (const Node* e : expr->expressions) result = evaluate(e, input, frame);
            return result;
        }
        case NodeType::Bind: {
            Val value = evaluate(expr->rhs, input, env);
            env->bind(expr->lhs->value, value);
            return value;
        }
        case NodeType::Regex: {
            auto fn = std::make_shared<FnNode>(FnNode::Kind::Regex);
            fn->regex = expr->regex;
            return Val::from_node(std::move(fn));
        }
        case NodeType::Function: return eval_function(expr, input, env, nullptr);
        case NodeType::Variable: {
            if (expr->value.empty()) {
                if (auto* a = input.arr(); a && a->outer_wrapper && !a->items.empty()) return a->items[0];
                return input;
            }
            return lookup(env, expr->value);
        }
        case NodeType::Lambda: {
            auto fn = std::make_shared<FnNode>(FnNode::Kind::Lambda);
            fn->lambda = expr;
            fn->env = env;
            fn->input = input;
            return Val::from_node(std::move(fn));
        }
        case NodeType::Partial: return eval_partial(expr, input, env);
        case NodeType::Apply: return eval_apply(expr, input, env);
        case NodeType::Transform: {
            auto fn = std::make_shared<FnNode>(FnNode::Kind::Transform);
            fn->transform = expr;
            fn->env = env;
            return Val::from_node(std::move(fn));
        }
        default: throw make_error("S0206", expr->position, node_type_name(expr->type));
    }
}

}  // namespace stepwise::jsonata
