// Function calls: application with signatures, tail-call trampolining, lambdas,
// partial application, ~> chaining, regex matchers and transforms.
#include <cmath>

#include "jsonata/builtins.h"
#include "jsonata/context.h"
#include "jsonata/error.h"
#include "jsonata/evaluator_internal.h"
#include "jsonata/function.h"
#include "jsonata/regex.h"
#include "jsonata/semantics.h"
#include "json/utf8.h"
#include "json/write.h"

namespace stepwise::jsonata {

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
            auto r = fn->host(json_args, host);
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
            return regex_match_object(*this, fn->regex, std::make_shared<const std::string>((*args)[0].as_string()), 0, 0);
        }
        case FnNode::Kind::RegexNext: {
            if (fn->offset >= fn->subject->size()) return {};
            Val next = regex_match_object(*this, fn->regex, fn->subject, fn->offset, fn->offset_units);
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

Val regex_match_object(Context& ctx, const std::shared_ptr<Regex>& regex, const std::shared_ptr<const std::string>& subject,
                       size_t from, size_t from_units) {
    uint64_t work = 0;
    auto m = regex->search(*subject, from, work, ctx.remaining_steps());
    ctx.charge(work / Regex::kStepsPerEvalStep);
    if (!m) return {};
    // UTF-16 positions counted on from the previous match, not from the start each time.
    const std::string_view text(*subject);
    const size_t start_units = from_units + utf8::count_utf16_units(text.substr(from, m->start - from));
    const size_t end_units = start_units + utf8::count_utf16_units(text.substr(m->start, m->end - m->start));
    auto obj = std::make_shared<ObjNode>();
    obj->set("match", Val::string(m->text));
    obj->set("start", Val::number(static_cast<double>(start_units)));
    obj->set("end", Val::number(static_cast<double>(end_units)));
    std::vector<Val> groups;
    for (const auto& g : m->groups) groups.push_back(Val::string(g));
    obj->set("groups", make_array(std::move(groups)));
    auto next = std::make_shared<FnNode>(FnNode::Kind::RegexNext);
    next->regex = regex;
    next->subject = subject;
    next->offset = m->end;
    next->offset_units = end_units;
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
