#include "jsonata/expression.h"

#include <new>
#include <stdexcept>

#include "jsonata/ast.h"
#include "jsonata/context.h"
#include "jsonata/function.h"
#include "jsonata/parser.h"
#include "jsonata/signature.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

struct Bindings::Entry {
    std::string name;
    Val value;
};

Bindings& Bindings::set(std::string name, json::Value value) {
    entries_.push_back(std::make_shared<const Entry>(Entry{std::move(name), Val::from_json(value)}));
    return *this;
}

Bindings& Bindings::function(std::string name, std::string signature, NativeFunction fn) {
    auto node = std::make_shared<FnNode>(FnNode::Kind::Host);
    node->host_name = name;
    if (!signature.empty()) node->host_signature = std::make_shared<Signature>(Signature::parse(signature));
    node->host = std::move(fn);
    entries_.push_back(std::make_shared<const Entry>(Entry{std::move(name), Val::from_node(std::move(node))}));
    return *this;
}

Bindings& Bindings::hide(std::string name) {
    entries_.push_back(std::make_shared<const Entry>(Entry{std::move(name), Val()}));
    return *this;
}

struct Expression::Impl {
    std::string text;
    Arena arena;
    Node* root = nullptr;
};

Expression Expression::compile(std::string_view text, LanguageLevel level) {
    auto impl = std::make_shared<Impl>();
    impl->text = std::string(text);
    ParseOptions options;
    options.level = level;
    impl->root = parse_expression(impl->text, impl->arena, options);
    Expression e;
    e.impl_ = std::move(impl);
    return e;
}

const std::string& Expression::text() const { return impl_->text; }

std::vector<FreeVariable> Expression::free_variables() const { return jsonata::free_variables(impl_->root); }
std::vector<RootReference> Expression::root_references() const { return jsonata::root_references(impl_->root); }

std::vector<FunctionCall> Expression::function_calls() const { return jsonata::function_calls(impl_->root); }

std::vector<VariableField> Expression::variable_fields() const { return jsonata::variable_fields(impl_->root); }

std::optional<json::Value> Expression::evaluate(const json::Value* input, const Bindings& bindings,
                                                const EvalOptions& options) const {
    Guard guard;
    guard.max_depth = options.max_depth;
    guard.timeout_ms = options.timeout_ms;
    guard.max_steps = options.max_steps;
    Context ctx(options.now_ms, guard, nullptr);
    ctx.host = options.host;
    OutputBudget budget(options.max_output_bytes);
    Val in;
    if (input) {
        in = Val::from_json(*input);
        if (in.is_array()) {
            in = make_sequence({in});
            in.arr()->outer_wrapper = true;
        }
    }
    ctx.root->bind("$", in);
    for (const auto& entry : bindings.entries()) ctx.root->bind(entry->name, entry->value);
    Frame* env = ctx.new_frame(ctx.root);
    try {
        Val result = ctx.evaluate(impl_->root, in, env);
        if (result.is_undefined()) return std::nullopt;
        return to_json(result);
    } catch (const std::length_error&) {
        throw Error("U1001", "The expression exceeded a resource limit (string or array too large)");
    } catch (const std::bad_alloc&) {
        throw Error("U1001", "The expression exceeded a resource limit (out of memory)");
    }
}

}  // namespace stepwise::jsonata
