// IntrinsicCall: the function table, argument evaluation and type checks.
#include <cstdint>

#include "json/write.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query {

namespace detail {

namespace {
using T = ArgType;
const FunctionSpec kFunctions[] = {
    {"States.Format", 1, SIZE_MAX, {T::String, T::Any}, fn_format},
    {"States.StringToJson", 1, 1, {T::String}, fn_string_to_json},
    {"States.JsonToString", 1, 1, {T::Any}, fn_json_to_string},
    {"States.Array", 0, SIZE_MAX, {T::Any}, fn_array},
    {"States.ArrayPartition", 2, 2, {T::Array, T::Integer}, fn_array_partition},
    {"States.ArrayContains", 2, 2, {T::Array, T::Any}, fn_array_contains},
    {"States.ArrayRange", 3, 3, {T::Integer}, fn_array_range},
    {"States.ArrayGetItem", 2, 2, {T::Array, T::Integer}, fn_array_get_item},
    {"States.ArrayLength", 1, 1, {T::Array}, fn_array_length},
    {"States.ArrayUnique", 1, 1, {T::Array}, fn_array_unique},
    {"States.Base64Encode", 1, 1, {T::String}, fn_base64_encode},
    {"States.Base64Decode", 1, 1, {T::String}, fn_base64_decode},
    {"States.Hash", 2, 2, {T::Any, T::String}, fn_hash},
    {"States.JsonMerge", 3, 3, {T::Object, T::Object, T::Boolean}, fn_json_merge},
    {"States.MathRandom", 2, 3, {T::Integer}, fn_math_random},
    {"States.MathAdd", 2, 2, {T::Number}, fn_math_add},
    {"States.StringSplit", 2, 2, {T::String}, fn_string_split},
    {"States.UUID", 0, 0, {}, fn_uuid},
};


json::Value eval_node(const CallNode& node, const Scope& scope, std::string_view field);

json::Value eval_arg(const Arg& arg, const Scope& scope, std::string_view field) {
    switch (arg.kind) {
        case Arg::Kind::Literal: return arg.literal;
        case Arg::Kind::Call: return eval_node(*arg.call, scope, field);
        case Arg::Kind::Path: {
            auto v = arg.path.select(scope);
            if (v) return std::move(*v);
            throw EvalError("States.Runtime", "The JSONPath '" + arg.path.text() + "' specified for the field '" +
                                                  std::string(field) + "' could not be found in the input '" +
                                                  json::dump(scope.input) + "'");
        }
    }
    return {};
}

json::Value eval_node(const CallNode& node, const Scope& scope, std::string_view field) {
    constexpr size_t kInline = 6;
    json::Value inline_args[kInline];
    std::vector<json::Value> heap_args;
    size_t n = node.args.size();
    json::Value* args = inline_args;
    if (n > kInline) {
        heap_args.resize(n);
        args = heap_args.data();
    }
    for (size_t i = 0; i < n; ++i) args[i] = eval_arg(node.args[i], scope, field);
    CallContext ctx{node, scope, field};
    const FunctionSpec& fn = *node.fn;
    if (!fn.types.empty()) {
        for (size_t i = 0; i < n; ++i) {
            ArgType t = fn.types[std::min(i, fn.types.size() - 1)];
            if (!arg_type_accepts(t, args[i]))
                intrinsic_failure(ctx, "argument " + std::to_string(i + 1) + " must be of type " +
                                           std::string(arg_type_name(t)) + ", but was " +
                                           std::string(json::kind_name(args[i].kind())) + ": " + json::dump(args[i]));
        }
    }
    return fn.impl(ctx, args, n);
}

}  // namespace

const FunctionSpec* find_function(std::string_view name) {
    for (const auto& f : kFunctions)
        if (f.name == name) return &f;
    return nullptr;
}

std::string_view arg_type_name(ArgType t) {
    switch (t) {
        case ArgType::Any: return "any";
        case ArgType::String: return "string";
        case ArgType::Number: return "number";
        case ArgType::Integer: return "integer";
        case ArgType::Array: return "array";
        case ArgType::Object: return "object";
        case ArgType::Boolean: return "boolean";
    }
    return "any";
}

bool arg_type_accepts(ArgType t, const json::Value& v) {
    switch (t) {
        case ArgType::Any: return true;
        case ArgType::String: return v.is_string();
        case ArgType::Number: return v.is_number();
        case ArgType::Integer: return v.is_number() && v.is_integer();
        case ArgType::Array: return v.is_array();
        case ArgType::Object: return v.is_object();
        case ArgType::Boolean: return v.is_bool();
    }
    return true;
}

void intrinsic_failure(const CallContext& ctx, const std::string& detail) {
    throw EvalError("States.IntrinsicFailure", "Invalid arguments in " + std::string(ctx.node.fn->name) + ": " + detail);
}

}  // namespace detail

bool looks_like_intrinsic(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r'))
        text.remove_prefix(1);
    return text.substr(0, 7) == "States.";
}

IntrinsicCall IntrinsicCall::compile(std::string_view text) {
    auto impl = std::make_shared<Impl>();
    impl->text = std::string(text);
    detail::parse_intrinsic(impl->text, *impl);
    IntrinsicCall call;
    call.impl_ = std::move(impl);
    return call;
}

namespace {
const std::string kEmpty;
const std::vector<std::string> kNone;
}  // namespace

const std::string& IntrinsicCall::text() const { return impl_ ? impl_->text : kEmpty; }
std::string_view IntrinsicCall::function_name() const {
    return impl_ && impl_->root.fn ? impl_->root.fn->name : std::string_view();
}
bool IntrinsicCall::uses_context() const { return impl_ && impl_->uses_context; }
const std::vector<std::string>& IntrinsicCall::referenced_variables() const { return impl_ ? impl_->variables : kNone; }

json::Value IntrinsicCall::evaluate(const Scope& scope) const { return evaluate(scope, text()); }

json::Value IntrinsicCall::evaluate(const Scope& scope, std::string_view field) const {
    if (!impl_) return {};
    return detail::eval_node(impl_->root, scope, field);
}

}  // namespace stepwise::query
