// Grouping (object constructors, {...} on paths) and order-by (^(...)).
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
                merged = tuples[0].obj() ? std::make_shared<ObjNode>(*tuples[0].obj()) : std::make_shared<ObjNode>();
                for (size_t t = 1; t < tuples.size(); ++t) {
                    if (!tuples[t].obj()) continue;
                    for (const auto& [k, v] : tuples[t].obj()->members) {
                        const Val* existing = merged->find(k);
                        merged->set(k, append(existing ? *existing : Val(), v));
                    }
                }
            } else if (entry.data.obj()) {
                merged = std::make_shared<ObjNode>(*entry.data.obj());
            } else {
                merged = std::make_shared<ObjNode>();  // no tuples (empty stream)
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

}  // namespace stepwise::jsonata
