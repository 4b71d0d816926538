// Path evaluation: steps, flattening, tuple streams (@, #, %), predicates.
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
            auto next = tuple.obj() ? std::make_shared<ObjNode>(*tuple.obj()) : std::make_shared<ObjNode>();
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

}  // namespace stepwise::jsonata
