// Binary and unary operators, ranges, array and object constructors.
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

namespace {

Error op_error(const char* code, const Node* expr, const Val& value) {
    Error e = make_error(code, expr->position, expr->value, describe(value));
    e.set_value(to_json(value));
    return e;
}

Val range(Context& ctx, const Node* expr, const Val& lhs, const Val& rhs) {
    if (lhs.is_defined() && !is_integer_value(lhs)) throw op_error("T2003", expr, lhs);
    if (rhs.is_defined() && !is_integer_value(rhs)) throw op_error("T2004", expr, rhs);
    if (lhs.is_undefined() || rhs.is_undefined()) return {};
    double from = lhs.as_number(), to = rhs.as_number();
    if (from > to) return {};
    double size = to - from + 1;
    if (size > 1e7) throw op_error("D2014", expr, Val::number(size));
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    ctx.charge(static_cast<uint64_t>(size));
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
            std::string right = rhs.is_defined() ? *string_of(rhs) : std::string();
            charge_output(out.size() + right.size(), "The & operator");
            out += right;
            return Val::string(out);
        }
        case BinOp::Range: return range(*this, expr, lhs, rhs);
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

}  // namespace stepwise::jsonata
