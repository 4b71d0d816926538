// Function values: lambdas (closures over an environment frame), built-ins,
// host functions registered through the API, partial applications, regexes
// (callable matchers), `~>` compositions and transform functions.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

class Context;
struct Frame;

// A built-in: receives the validated arguments. `ctx` gives access to the
// evaluation (applying function arguments, the focus input and environment).
using BuiltinImpl = Val (*)(Context& ctx, std::vector<Val>& args);

struct Builtin {
    std::string name;
    std::string display_name;  // "$name"
    Signature signature;
    BuiltinImpl impl;
    size_t arity;
};

class Host;

// A host function (registered through Bindings), taking and returning JSON;
// `host` is the evaluation's (EvalOptions::host).
using HostImpl = std::function<std::optional<json::Value>(const std::vector<std::optional<json::Value>>&, Host* host)>;

struct FnNode : HeapNode {
    enum class Kind : uint8_t { Lambda, Builtin, Host, Partial, Regex, RegexNext, Compose, Transform };
    Kind kind;

    // Lambda
    const Node* lambda = nullptr;
    Frame* env = nullptr;
    Val input;
    // Builtin
    const Builtin* builtin = nullptr;
    // Host
    std::string host_name;
    std::shared_ptr<Signature> host_signature;
    HostImpl host;
    // Partial: target applied to args with placeholders (placeholder[i] true) filled in order
    Val target;
    std::vector<Val> args;
    std::vector<bool> placeholder;
    // Regex / RegexNext (subject and offset for next())
    std::shared_ptr<Regex> regex;
    // (shared by every match object of one subject: next() must not copy it)
    std::shared_ptr<const std::string> subject;
    size_t offset = 0;        // bytes
    size_t offset_units = 0;  // the same place in UTF-16 units
    // Compose: second(first(x))
    Val first, second;
    // Transform: the transform node and its environment
    const Node* transform = nullptr;

    explicit FnNode(Kind k) : kind(k) {}
    size_t arity() const;
    const Signature* signature() const;
};

Val make_builtin_value(const Builtin* b);

}  // namespace stepwise::jsonata
