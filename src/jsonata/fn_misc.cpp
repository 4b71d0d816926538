// $eval, $now, $millis.
#include "jsonata/builtins.h"
#include "jsonata/datetime.h"
#include "jsonata/parser.h"

namespace stepwise::jsonata {

namespace {

// jsonata-js: jsonata.js functionEval()
Val fn_eval(Context& ctx, std::vector<Val>& args) {
    Val text = arg(args, 0);
    if (text.is_undefined()) return {};
    Val input = ctx.focus_input;
    Frame* env = ctx.focus_env ? ctx.focus_env : ctx.root;
    if (arg(args, 1).is_defined()) {
        input = arg(args, 1);
        if (input.is_array() && !input.is_sequence()) {
            input = make_sequence({input});
            input.arr()->outer_wrapper = true;
        }
    }
    auto arena = std::make_shared<Arena>();
    Node* ast = nullptr;
    try {
        ast = parse_expression(text.as_string(), *arena);
    } catch (const Error& e) {
        Error wrapped("D3120", "Syntax error in the expression given to $eval: " + e.message(), 0, "$eval");
        wrapped.set_value(json::Value(e.message()));
        throw wrapped;
    }
    ctx.arenas.push_back(arena);
    try {
        return ctx.evaluate(ast, input, env);
    } catch (const Error& e) {
        if (e.code() == "U1001") throw;
        Error wrapped("D3121", "Error in the expression given to $eval: " + e.message(), 0, "$eval");
        wrapped.set_value(json::Value(e.message()));
        throw wrapped;
    }
}

// jsonata-js: jsonata.js, the `now` binding (datetime.js fromMillis() on the evaluation's timestamp)
Val fn_now(Context& ctx, std::vector<Val>& args) {
    return Val::string(format_datetime(ctx.now_ms(), arg(args, 0), arg(args, 1)));
}

// jsonata-js: jsonata.js, the `millis` binding (the evaluation's timestamp)
Val fn_millis(Context& ctx, std::vector<Val>&) { return Val::number(ctx.now_ms()); }

}  // namespace

std::vector<BuiltinDef> misc_functions() {
    return {
        {"eval", "<sx?:x>", fn_eval},
        {"now", "<s?s?:s>", fn_now},
        {"millis", "<:n>", fn_millis},
    };
}

}  // namespace stepwise::jsonata
