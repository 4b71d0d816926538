// The evaluator: walks the rewritten AST, following jsonata-js's sequence
// semantics (singleton unwrapping, flattening of path steps, keep-array,
// tuple streams for @/#/% bindings).
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/context.h"
#include "jsonata/error.h"
#include "jsonata/function.h"
#include "jsonata/semantics.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::jsonata {

namespace {
// Appends the items of an array, stealing them when nobody else holds it.
void move_items_into(std::vector<Val>& out, Val&& array) {
    if (auto* a = array.arr(); a && array.node().use_count() == 1) {
        if (out.empty()) {
            out = std::move(a->items);
        } else {
            out.insert(out.end(), std::make_move_iterator(a->items.begin()), std::make_move_iterator(a->items.end()));
        }
        return;
    }
    out.reserve(out.size() + array.size());
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
}  // namespace

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

Val Context::eval_path(const Node* expr, const Val& input, Frame* env) {
    Val input_sequence;
    if (input.is_array() && expr->steps[0]->type != NodeType::Variable) input_sequence = input;
    else input_sequence = make_sequence({input});

    Val result;
    bool tuple_stream = false;
    Val tuples;  // undefined until the first tuple step
    for (size_t i = 0; i < expr->steps.size(); ++i) {
        const Node* step = expr->steps[i];
        if (step->tuple) tuple_stream = true;
        if (i == 0 && step->consarray) {
            result = evaluate(step, input_sequence, env);
        } else if (tuple_stream) {
            tuples = eval_tuple_step(step, input_sequence, tuples, env);
        } else {
            result = eval_step(step, input_sequence, env, i == expr->steps.size() - 1);
        }
        if (!tuple_stream && (result.is_undefined() || (result.is_array() && result.size() == 0))) break;
        if (!step->has_focus) input_sequence = result;
    }
    if (tuple_stream) {
        if (expr->tuple) {
            result = tuples;
        } else {
            auto out = std::make_shared<ArrNode>();
            out->sequence = true;
            if (auto* t = tuples.arr())
                for (const auto& tuple : t->items) out->items.push_back(tuple.get("@"));
            result = Val::from_node(std::move(out));
        }
    }
    if (expr->keep_singleton_array) {
        if (auto* a = result.arr(); a && a->cons && !a->sequence) result = make_sequence({result});
        if (auto* a = result.arr()) a->keep_singleton = true;
    }
    if (expr->group) result = eval_group(*expr->group, tuple_stream ? tuples : result, env);
    return result;
}

Val Context::eval_step(const Node* step, const Val& input, Frame* env, bool last) {
    if (step->type == NodeType::Sort) {
        Val result = eval_sort(step, input, env);
        if (step->has_stages) result = eval_stages(step->stages, result, env);
        return result;
    }
    std::vector<Val> results;
    size_t n = input.size();
    results.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        Val res = evaluate(step, input.at(i), env);
        if (step->has_stages)
            for (const auto& stage : step->stages) res = eval_filter(stage.expr, res, env);
        if (res.is_defined()) results.push_back(std::move(res));
    }
    if (last && results.size() == 1 && results[0].is_array() && !results[0].is_sequence()) return results[0];
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    out->items.reserve(results.size());
    for (auto& res : results) {
        auto* a = res.arr();
        if (!res.is_array() || (a && a->cons)) {
            out->items.push_back(std::move(res));
        } else {
            move_items_into(out->items, std::move(res));
        }
    }
    return Val::from_node(std::move(out));
}

Frame* Context::frame_from_tuple(Frame* env, const Val& tuple) {
    Frame* frame = new_frame(env);
    if (auto* o = tuple.obj())
        for (const auto& [k, v] : o->members) frame->bind(k, v);
    return frame;
}

Val Context::eval_stages(const std::vector<Stage>& stages, Val input, Frame* env) {
    Val result = std::move(input);
    for (const auto& stage : stages) {
        if (!stage.is_index) {
            result = eval_filter(stage.expr, result, env);
        } else if (auto* a = result.arr()) {
            for (size_t i = 0; i < a->items.size(); ++i)
                if (auto* t = a->items[i].obj()) t->set(stage.var, Val::number(static_cast<double>(i)));
        }
    }
    return result;
}

Val Context::eval_tuple_step(const Node* step, const Val& input, const Val& tuples_in, Frame* env) {
    if (step->type == NodeType::Sort) {
        Val result;
        if (tuples_in.is_defined()) {
            result = eval_sort(step, tuples_in, env);
        } else {
            Val sorted = eval_sort(step, input, env);
            auto out = std::make_shared<ArrNode>();
            out->sequence = true;
            out->tuple_stream = true;
            for (size_t i = 0; i < sorted.size(); ++i) {
                auto tuple = std::make_shared<ObjNode>();
                tuple->set("@", sorted.at(i));
                if (step->has_index) tuple->set(step->index, Val::number(static_cast<double>(i)));
                out->items.push_back(Val::from_node(std::move(tuple)));
            }
            result = Val::from_node(std::move(out));
        }
        if (step->has_stages) result = eval_stages(step->stages, result, env);
        return result;
    }
    std::vector<Val> tuples;
    if (tuples_in.is_undefined()) {
        for (size_t i = 0; i < input.size(); ++i) {
            auto tuple = std::make_shared<ObjNode>();
            tuple->set("@", input.at(i));
            tuples.push_back(Val::from_node(std::move(tuple)));
        }
    } else {
        tuples = items_of(tuples_in);
    }
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    out->tuple_stream = true;
    for (const Val& tuple : tuples) {
        Frame* step_env = frame_from_tuple(env, tuple);
        Val context = tuple.get("@");
        Val res = evaluate(step, context, step_env);
        if (res.is_undefined()) continue;
        std::vector<Val> items;
        bool res_tuples = false;
        if (res.is_array()) {
            items = items_of(res);
            res_tuples = res.arr() && res.arr()->tuple_stream;
        } else {
            items.push_back(res);
        }
        for (size_t b = 0; b < items.size(); ++b) {
            auto next = std::make_shared<ObjNode>(*tuple.obj());
            if (res_tuples) {
                if (auto* o = items[b].obj())
                    for (const auto& [k, v] : o->members) next->set(k, v);
            } else {
                if (step->has_focus) {
                    next->set(step->focus, items[b]);
                    next->set("@", context);
                } else {
                    next->set("@", items[b]);
                }
                if (step->has_index) next->set(step->index, Val::number(static_cast<double>(b)));
                if (step->ancestor) next->set(step->ancestor->label, context);
            }
            out->items.push_back(Val::from_node(std::move(next)));
        }
    }
    Val result = Val::from_node(std::move(out));
    if (step->has_stages) result = eval_stages(step->stages, result, env);
    return result;
}

Val Context::eval_filter(const Node* predicate, const Val& input, Frame* env) {
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    bool tuple_stream = input.arr() && input.arr()->tuple_stream;
    out->tuple_stream = tuple_stream;
    Val seq = input.is_array() ? input : make_sequence({input});
    long n = static_cast<long>(seq.size());
    if (predicate->type == NodeType::Number) {
        long index = static_cast<long>(std::floor(predicate->number));
        if (index < 0) index += n;
        if (index >= 0 && index < n) {
            Val item = seq.at(static_cast<size_t>(index));
            if (item.is_defined()) {
                if (item.is_array()) return item;
                out->items.push_back(item);
            }
        }
        return Val::from_node(std::move(out));
    }
    for (long index = 0; index < n; ++index) {
        Val item = seq.at(static_cast<size_t>(index));
        Val context = item;
        Frame* frame = env;
        if (tuple_stream) {
            context = item.get("@");
            frame = frame_from_tuple(env, item);
        }
        Val res = evaluate(predicate, context, frame);
        if (is_numeric(res)) res = make_array({res});
        if (is_array_of_numbers(res)) {
            for_each_item(res, [&](const Val& v) {
                long ii = static_cast<long>(std::floor(v.as_number()));
                if (ii < 0) ii += n;
                if (ii == index) out->items.push_back(item);
            });
        } else if (truthy(res)) {
            out->items.push_back(item);
        }
    }
    return Val::from_node(std::move(out));
}

namespace {

Error op_error(const char* code, const Node* expr, const Val& value) {
    Error e = make_error(code, expr->position, expr->value, describe(value));
    e.set_value(to_json(value));
    return e;
}

Val range(const Node* expr, const Val& lhs, const Val& rhs) {
    if (lhs.is_defined() && !is_integer_value(lhs)) throw op_error("T2003", expr, lhs);
    if (rhs.is_defined() && !is_integer_value(rhs)) throw op_error("T2004", expr, rhs);
    if (lhs.is_undefined() || rhs.is_undefined()) return {};
    double from = lhs.as_number(), to = rhs.as_number();
    if (from > to) return {};
    double size = to - from + 1;
    if (size > 1e7) throw op_error("D2014", expr, Val::number(size));
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    out->items.reserve(static_cast<size_t>(size));
    for (double v = from; v <= to; v += 1) out->items.push_back(Val::number(v));
    return Val::from_node(std::move(out));
}

}  // namespace

Val Context::eval_binary(const Node* expr, const Val& input, Frame* env) {
    Val lhs = evaluate(expr->lhs, input, env);
    const BinOp op = expr->op;
    if (op == BinOp::And) {
        if (!truthy(lhs)) return Val::boolean(false);
        return Val::boolean(truthy(evaluate(expr->rhs, input, env)));
    }
    if (op == BinOp::Or) {
        if (truthy(lhs)) return Val::boolean(true);
        return Val::boolean(truthy(evaluate(expr->rhs, input, env)));
    }
    Val rhs = evaluate(expr->rhs, input, env);
    switch (op) {
        case BinOp::Add:
        case BinOp::Sub:
        case BinOp::Mul:
        case BinOp::Div:
        case BinOp::Mod: {
            if (lhs.is_defined() && !is_numeric(lhs)) throw op_error("T2001", expr, lhs);
            if (rhs.is_defined() && !is_numeric(rhs)) throw op_error("T2002", expr, rhs);
            if (lhs.is_undefined() || rhs.is_undefined()) return {};
            double a = lhs.as_number(), b = rhs.as_number();
            switch (op) {
                case BinOp::Add: return Val::number(a + b);
                case BinOp::Sub: return Val::number(a - b);
                case BinOp::Mul: return Val::number(a * b);
                case BinOp::Div: return Val::number(a / b);
                default: return Val::number(std::fmod(a, b));
            }
        }
        case BinOp::Eq:
        case BinOp::Ne: {
            if (lhs.is_undefined() || rhs.is_undefined()) return Val::boolean(false);
            bool eq = deep_equal(lhs, rhs);
            return Val::boolean(op == BinOp::Eq ? eq : !eq);
        }
        case BinOp::Lt:
        case BinOp::Le:
        case BinOp::Gt:
        case BinOp::Ge: {
            auto comparable = [](const Val& v) { return v.is_undefined() || v.is_string() || v.is_number(); };
            if (!comparable(lhs) || !comparable(rhs)) {
                const Val& bad = (lhs.is_string() || lhs.is_number()) ? rhs : lhs;
                throw op_error("T2010", expr, bad);
            }
            if (lhs.is_undefined() || rhs.is_undefined()) return {};
            if (lhs.type() != rhs.type()) {
                Error e = make_error("T2009", expr->position, expr->value, describe(lhs));
                e.set_value(to_json(lhs));
                throw e;
            }
            int cmp;
            if (lhs.is_number()) {
                double a = lhs.as_number(), b = rhs.as_number();
                cmp = a < b ? -1 : a > b ? 1 : a == b ? 0 : 2;  // 2: unordered (NaN)
                if (cmp == 2) return Val::boolean(false);
            } else {
                cmp = compare_strings(lhs.as_string(), rhs.as_string());
            }
            switch (op) {
                case BinOp::Lt: return Val::boolean(cmp < 0);
                case BinOp::Le: return Val::boolean(cmp <= 0);
                case BinOp::Gt: return Val::boolean(cmp > 0);
                default: return Val::boolean(cmp >= 0);
            }
        }
        case BinOp::Concat: {
            std::string out = lhs.is_undefined() ? std::string() : *string_of(lhs);
            if (rhs.is_defined()) out += *string_of(rhs);
            return Val::string(out);
        }
        case BinOp::Range: return range(expr, lhs, rhs);
        case BinOp::In: {
            if (lhs.is_undefined() || rhs.is_undefined()) return Val::boolean(false);
            if (!rhs.is_array()) return Val::boolean(deep_equal(rhs, lhs));
            for (size_t i = 0, n = rhs.size(); i < n; ++i)
                if (deep_equal(rhs.at(i), lhs)) return Val::boolean(true);
            return Val::boolean(false);
        }
        default: break;
    }
    throw make_error("S0204", expr->position, expr->value);
}

Val Context::eval_unary(const Node* expr, const Val& input, Frame* env) {
    if (expr->value == "-") {
        Val v = evaluate(expr->expression, input, env);
        if (v.is_undefined()) return {};
        if (is_numeric(v)) return Val::number(-v.as_number());
        Error e = make_error("D1002", expr->position, "-", describe(v));
        e.set_value(to_json(v));
        throw e;
    }
    if (expr->value == "[") {
        auto out = std::make_shared<ArrNode>();
        for (const Node* item : expr->expressions) {
            Val value = evaluate(item, input, env);
            if (value.is_undefined()) continue;
            if (item->type == NodeType::Unary && item->value == "[") {
                out->items.push_back(value);
            } else if (value.is_array()) {
                move_items_into(out->items, std::move(value));
            } else {
                out->items.push_back(value);
            }
        }
        out->cons = expr->consarray;
        return Val::from_node(std::move(out));
    }
    // object constructor
    return eval_object_constructor(expr->pairs, expr->position, input, env);
}

Val Context::eval_object_constructor(const std::vector<std::pair<Node*, Node*>>& pairs, size_t position,
                                     const Val& input, Frame* env) {
    Group group;
    group.pairs = pairs;
    group.position = position;
    return eval_group(group, input, env);
}

Val Context::eval_group(const Group& group, const Val& input_in, Frame* env) {
    bool reduce = input_in.arr() && input_in.arr()->tuple_stream;
    std::vector<Val> input;
    if (input_in.is_array()) input = items_of(input_in);
    else input.push_back(input_in);
    if (input.empty()) input.push_back(Val());

    struct Entry {
        Val data;
        size_t expr_index;
    };
    std::vector<std::pair<std::string, Entry>> groups;
    std::unordered_map<std::string, size_t> index;
    for (const Val& item : input) {
        Frame* frame = reduce ? frame_from_tuple(env, item) : env;
        for (size_t p = 0; p < group.pairs.size(); ++p) {
            Val key = evaluate(group.pairs[p].first, reduce ? item.get("@") : item, frame);
            if (key.is_undefined()) continue;
            if (!key.is_string()) {
                Error e = make_error("T1003", group.position, "", describe(key));
                e.set_value(to_json(key));
                throw e;
            }
            std::string k(key.as_string());
            auto it = index.find(k);
            if (it != index.end()) {
                Entry& entry = groups[it->second].second;
                if (entry.expr_index != p) {
                    Error e = make_error("D1009", group.position, "", json::quoted(k));
                    e.set_value(json::Value(k));
                    throw e;
                }
                entry.data = append(entry.data, item);
            } else {
                index.emplace(k, groups.size());
                groups.push_back({k, Entry{item, p}});
            }
        }
    }
    auto out = std::make_shared<ObjNode>();
    for (auto& [key, entry] : groups) {
        Val context = entry.data;
        Frame* frame = env;
        if (reduce) {
            // merge the tuples of the group into one
            std::shared_ptr<ObjNode> merged;
            if (entry.data.is_array() && !entry.data.obj()) {
                std::vector<Val> tuples = items_of(entry.data);
                merged = std::make_shared<ObjNode>(*tuples[0].obj());
                for (size_t t = 1; t < tuples.size(); ++t)
                    for (const auto& [k, v] : tuples[t].obj()->members) {
                        const Val* existing = merged->find(k);
                        merged->set(k, append(existing ? *existing : Val(), v));
                    }
            } else {
                merged = std::make_shared<ObjNode>(*entry.data.obj());
            }
            const Val* at = merged->find("@");
            context = at ? *at : Val();
            merged->erase("@");
            frame = frame_from_tuple(env, Val::from_node(merged));
        }
        Val value = evaluate(group.pairs[entry.expr_index].second, context, frame);
        if (value.is_defined()) out->set(key, value);
    }
    return Val::from_node(std::move(out));
}

Val Context::eval_sort(const Node* expr, const Val& input, Frame* env) {
    if (input.is_undefined()) return input;
    if (!input.is_array() || input.size() <= 1) return input;
    bool tuple_sort = input.arr() && input.arr()->tuple_stream;
    auto after = [&](const Val& a, const Val& b) {
        int comp = 0;
        for (size_t t = 0; comp == 0 && t < expr->terms.size(); ++t) {
            const SortTerm& term = expr->terms[t];
            Val ca = a, cb = b;
            Frame* ea = env;
            Frame* eb = env;
            if (tuple_sort) {
                ca = a.get("@");
                ea = frame_from_tuple(env, a);
                cb = b.get("@");
                eb = frame_from_tuple(env, b);
            }
            Val aa = evaluate(term.expr, ca, ea);
            Val bb = evaluate(term.expr, cb, eb);
            if (aa.is_undefined()) {
                comp = bb.is_undefined() ? 0 : 1;
                continue;
            }
            if (bb.is_undefined()) {
                comp = -1;
                continue;
            }
            bool a_ok = aa.is_string() || aa.is_number();
            bool b_ok = bb.is_string() || bb.is_number();
            if (!a_ok || !b_ok) {
                const Val& bad = a_ok ? bb : aa;
                Error e = make_error("T2008", expr->position, "", describe(bad));
                e.set_value(to_json(bad));
                throw e;
            }
            if (aa.type() != bb.type()) {
                Error e = make_error("T2007", expr->position, "", describe(aa));
                e.set_value(to_json(aa));
                throw e;
            }
            if (aa.is_number()) {
                double x = aa.as_number(), y = bb.as_number();
                comp = x == y ? 0 : (x < y ? -1 : 1);
            } else {
                comp = compare_strings(aa.as_string(), bb.as_string());
                comp = comp < 0 ? -1 : comp > 0 ? 1 : 0;
            }
            if (term.descending) comp = -comp;
        }
        return comp == 1;
    };
    std::vector<Val> items = items_of(input);
    merge_sort(items, after);
    auto out = std::make_shared<ArrNode>();
    out->items = std::move(items);
    out->sequence = true;
    out->tuple_stream = tuple_sort;
    return Val::from_node(std::move(out));
}

namespace {
std::string procedure_name(const Node* procedure) {
    if (procedure->type == NodeType::Path && !procedure->steps.empty()) return procedure->steps[0]->value;
    return procedure->value;
}
}  // namespace

Val Context::eval_function(const Node* expr, const Val& input, Frame* env, const Val* applyto) {
    Val proc = evaluate(expr->procedure, input, env);
    if (proc.is_undefined() && expr->procedure->type == NodeType::Path &&
        lookup(env, expr->procedure->steps[0]->value).is_defined()) {
        throw make_error("T1005", expr->position, expr->procedure->steps[0]->value);
    }
    std::vector<Val> args;
    args.reserve(expr->expressions.size() + 1);
    if (applyto) args.push_back(*applyto);
    for (const Node* arg : expr->expressions) args.push_back(evaluate(arg, input, env));
    try {
        return apply(proc, args, input, env);
    } catch (Error& e) {
        if (!e.has_position()) e.set_position(expr->position);
        if (e.token().empty()) e.set_token(procedure_name(expr->procedure));
        throw;
    }
}

Val Context::apply(const Val& fn, const std::vector<Val>& args, const Val& input, Frame* env) {
    Val result = apply_inner(fn, args, input, env);
    while (result.is_function() && result.fn()->kind == FnNode::Kind::Lambda && result.fn()->lambda->thunk) {
        FnNode* thunk = result.fn();
        const Node* call = thunk->lambda->body;
        Val next = evaluate(call->procedure, thunk->input, thunk->env);
        std::vector<Val> next_args;
        for (const Node* arg : call->expressions) next_args.push_back(evaluate(arg, thunk->input, thunk->env));
        try {
            result = apply_inner(next, next_args, input, env);
        } catch (Error& e) {
            if (!e.has_position()) e.set_position(call->position);
            if (e.token().empty()) e.set_token(procedure_name(call->procedure));
            throw;
        }
    }
    return result;
}

size_t Context::arity(const Val& fn) const { return fn.is_function() ? fn.fn()->arity() : 0; }

Val Context::apply_hof(const Val& fn, const Val& a, const Val& b, const Val& c) {
    size_t n = arity(fn);
    std::vector<Val> args{a};
    if (n >= 2) args.push_back(b);
    if (n >= 3) args.push_back(c);
    return apply(fn, args, Val(), root);
}

Val Context::apply_lambda(FnNode* fn, const std::vector<Val>& args) {
    Frame* frame = new_frame(fn->env);
    const auto& params = fn->lambda->params;
    for (size_t i = 0; i < params.size(); ++i) frame->bind(params[i]->value, i < args.size() ? args[i] : Val());
    return evaluate(fn->lambda->body, fn->input, frame);
}

Val Context::apply_inner(const Val& proc, const std::vector<Val>& args_in, const Val& input, Frame* env) {
    FnNode* fn = proc.fn();
    if (!fn) throw make_error("T1006");
    std::vector<Val> validated;
    const std::vector<Val>* args = &args_in;
    if (const Signature* sig = fn->signature()) {
        static const std::string anonymous = "lambda";
        const std::string& name = fn->kind == FnNode::Kind::Builtin ? fn->builtin->display_name
                                  : fn->kind == FnNode::Kind::Host  ? fn->host_name
                                                                    : anonymous;
        validated = sig->validate(args_in, input, name);
        args = &validated;
    } else if (fn->kind == FnNode::Kind::Builtin) {
        validated = args_in;
    }
    switch (fn->kind) {
        case FnNode::Kind::Lambda: return apply_lambda(fn, *args);
        case FnNode::Kind::Builtin: {
            Val saved_input = focus_input;
            Frame* saved_env = focus_env;
            focus_input = input;
            focus_env = env;
            std::vector<Val>& call_args = validated;
            struct Restore {
                Context* c;
                Val in;
                Frame* e;
                ~Restore() {
                    c->focus_input = in;
                    c->focus_env = e;
                }
            } restore{this, saved_input, saved_env};
            return fn->builtin->impl(*this, call_args);
        }
        case FnNode::Kind::Host: {
            std::vector<std::optional<json::Value>> json_args;
            for (const auto& a : *args) {
                if (a.is_undefined()) json_args.emplace_back(std::nullopt);
                else json_args.emplace_back(to_json(a));
            }
            auto r = fn->host(json_args);
            return r ? Val::from_json(*r) : Val();
        }
        case FnNode::Kind::Partial: {
            std::vector<Val> full;
            size_t next = 0;
            for (size_t i = 0; i < fn->args.size(); ++i) {
                if (fn->placeholder[i]) full.push_back(next < args->size() ? (*args)[next++] : Val());
                else full.push_back(fn->args[i]);
            }
            return apply_inner(fn->target, full, input, env);
        }
        case FnNode::Kind::Regex: {
            if (args->empty() || !(*args)[0].is_string()) return {};
            return regex_match_object(fn->regex, std::string((*args)[0].as_string()), 0);
        }
        case FnNode::Kind::RegexNext: {
            if (fn->offset >= fn->subject.size()) return {};
            Val next = regex_match_object(fn->regex, fn->subject, fn->offset);
            if (next.is_defined() && next.get("match").as_string().empty())
                throw make_error("D1004", 0, "", fn->regex->pattern());
            return next;
        }
        case FnNode::Kind::Compose: {
            Val mid = apply(fn->first, *args, Val(), env);
            return apply(fn->second, {mid}, Val(), env);
        }
        case FnNode::Kind::Transform: return run_transform(fn, args->empty() ? Val() : (*args)[0]);
    }
    throw make_error("T1006");
}

Val regex_match_object(const std::shared_ptr<Regex>& regex, const std::string& subject, size_t from) {
    auto m = regex->search(subject, from);
    if (!m) return {};
    auto obj = std::make_shared<ObjNode>();
    obj->set("match", Val::string(m->text));
    obj->set("start", Val::number(static_cast<double>(utf8::count_utf16_units(std::string_view(subject).substr(0, m->start)))));
    obj->set("end", Val::number(static_cast<double>(utf8::count_utf16_units(std::string_view(subject).substr(0, m->end)))));
    std::vector<Val> groups;
    for (const auto& g : m->groups) groups.push_back(Val::string(g));
    obj->set("groups", make_array(std::move(groups)));
    auto next = std::make_shared<FnNode>(FnNode::Kind::RegexNext);
    next->regex = regex;
    next->subject = subject;
    next->offset = m->end;
    obj->set("next", Val::from_node(std::move(next)));
    return Val::from_node(std::move(obj));
}

Val Context::eval_partial(const Node* expr, const Val& input, Frame* env) {
    auto fn = std::make_shared<FnNode>(FnNode::Kind::Partial);
    for (const Node* arg : expr->expressions) {
        if (arg->type == NodeType::Placeholder) {
            fn->args.push_back(Val());
            fn->placeholder.push_back(true);
        } else {
            fn->args.push_back(evaluate(arg, input, env));
            fn->placeholder.push_back(false);
        }
    }
    Val proc = evaluate(expr->procedure, input, env);
    if (proc.is_undefined() && expr->procedure->type == NodeType::Path &&
        lookup(env, expr->procedure->steps[0]->value).is_defined()) {
        throw make_error("T1007", expr->position, expr->procedure->steps[0]->value);
    }
    if (!proc.is_function()) throw make_error("T1008", expr->position, procedure_name(expr->procedure));
    fn->target = proc;
    return Val::from_node(std::move(fn));
}

Val Context::eval_apply(const Node* expr, const Val& input, Frame* env) {
    Val lhs = evaluate(expr->lhs, input, env);
    if (expr->rhs->type == NodeType::Function) return eval_function(expr->rhs, input, env, &lhs);
    Val func = evaluate(expr->rhs, input, env);
    if (!func.is_function()) {
        Error e = make_error("T2006", expr->position, "", describe(func));
        e.set_value(to_json(func));
        throw e;
    }
    if (lhs.is_function()) {
        auto composed = std::make_shared<FnNode>(FnNode::Kind::Compose);
        composed->first = lhs;
        composed->second = func;
        return Val::from_node(std::move(composed));
    }
    return apply(func, {lhs}, Val(), env);
}

Val Context::run_transform(FnNode* fn, const Val& obj) {
    const Node* expr = fn->transform;
    Frame* env = fn->env;
    if (obj.is_undefined()) return {};
    Val clone_fn = lookup(env, "clone");
    if (!clone_fn.is_function()) throw make_error("T2013", expr->position);
    Val result = apply(clone_fn, {obj}, Val(), env);
    Val matches = evaluate(expr->pattern, result, env);
    if (matches.is_undefined()) return result;
    std::vector<Val> list = matches.is_array() ? items_of(matches) : std::vector<Val>{matches};
    for (const Val& match : list) {
        Val update = evaluate(expr->update, match, env);
        if (update.is_defined()) {
            if (!update.is_object()) {
                Error e = make_error("T2011", expr->update->position, "", describe(update));
                e.set_value(to_json(update));
                throw e;
            }
            if (auto* target = match.obj()) {
                for_each_member(update, [&](std::string_view k, const Val& v) { target->set(k, v); });
            }
        }
        if (expr->remove) {
            Val deletions = evaluate(expr->remove, match, env);
            if (deletions.is_defined()) {
                Val list_del = deletions.is_array() ? deletions : make_array({deletions});
                if (!is_array_of_strings(list_del)) {
                    Error e = make_error("T2012", expr->remove->position, "", describe(deletions));
                    e.set_value(to_json(deletions));
                    throw e;
                }
                if (auto* target = match.obj())
                    for_each_item(list_del, [&](const Val& k) { target->erase(k.as_string()); });
            }
        }
    }
    return result;
}

}  // namespace stepwise::jsonata
