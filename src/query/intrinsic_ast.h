// Internal: the compiled form of an intrinsic call and the function table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"
#include "query/intrinsics.h"
#include "query/path.h"

namespace stepwise::query::detail {

// A piece of a States.Format template: literal text, or a `{}` placeholder.
struct FormatPiece {
    std::string text;
    bool placeholder = false;
};

struct CallNode;

struct Arg {
    enum class Kind : uint8_t { Literal, Path, Call } kind = Kind::Literal;
    json::Value literal;
    bool string_literal = false;
    std::vector<FormatPiece> pieces;  // string literals: split on unescaped `{}`
    Path path;
    std::shared_ptr<const CallNode> call;
};

struct FunctionSpec;

struct CallNode {
    const FunctionSpec* fn = nullptr;
    std::vector<Arg> args;
};

// What a function implementation sees.
struct CallContext {
    const CallNode& node;
    const Scope& scope;
    std::string_view field;
};

using ArgSpan = const json::Value*;
using FunctionImpl = json::Value (*)(const CallContext& ctx, const json::Value* args, size_t count);

// Argument types checked before the function runs (literals at compile time too).
enum class ArgType : uint8_t { Any, String, Number, Integer, Array, Object, Boolean };

struct FunctionSpec {
    std::string_view name;  // "States.Format"
    size_t min_args;
    size_t max_args;         // SIZE_MAX: unbounded
    std::vector<ArgType> types;  // per position; the last repeats when shorter than the call
    FunctionImpl impl;
};

const FunctionSpec* find_function(std::string_view name);
void parse_intrinsic(std::string_view text, IntrinsicCall::Impl& out);
std::string_view arg_type_name(ArgType t);
// Whether a value is of the type an argument position takes.
bool arg_type_accepts(ArgType t, const json::Value& v);

// Failure helpers: States.IntrinsicFailure with the function's name.
[[noreturn]] void intrinsic_failure(const CallContext& ctx, const std::string& detail);

// Java's String.valueOf rendering of a JSON value, as States.Format prints
// arguments: strings raw, objects as {k=v, ...}, arrays as [a, b].
void append_java_string(std::string& out, const json::Value& v);

// The implementations, one family per file.
json::Value fn_format(const CallContext&, const json::Value*, size_t);
json::Value fn_string_to_json(const CallContext&, const json::Value*, size_t);
json::Value fn_json_to_string(const CallContext&, const json::Value*, size_t);
json::Value fn_json_merge(const CallContext&, const json::Value*, size_t);
json::Value fn_array(const CallContext&, const json::Value*, size_t);
json::Value fn_array_partition(const CallContext&, const json::Value*, size_t);
json::Value fn_array_contains(const CallContext&, const json::Value*, size_t);
json::Value fn_array_range(const CallContext&, const json::Value*, size_t);
json::Value fn_array_get_item(const CallContext&, const json::Value*, size_t);
json::Value fn_array_length(const CallContext&, const json::Value*, size_t);
json::Value fn_array_unique(const CallContext&, const json::Value*, size_t);
json::Value fn_base64_encode(const CallContext&, const json::Value*, size_t);
json::Value fn_base64_decode(const CallContext&, const json::Value*, size_t);
json::Value fn_hash(const CallContext&, const json::Value*, size_t);
json::Value fn_math_random(const CallContext&, const json::Value*, size_t);
json::Value fn_math_add(const CallContext&, const json::Value*, size_t);
json::Value fn_string_split(const CallContext&, const json::Value*, size_t);
json::Value fn_uuid(const CallContext&, const json::Value*, size_t);

}  // namespace stepwise::query::detail

namespace stepwise::query {
struct IntrinsicCall::Impl {
    std::string text;
    detail::CallNode root;
    bool uses_context = false;
    std::vector<std::string> variables;
};
}  // namespace stepwise::query
