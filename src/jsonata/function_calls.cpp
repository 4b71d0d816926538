#include "jsonata/function_calls.h"

#include <algorithm>
#include <unordered_set>

#include "jsonata/ast.h"
#include "jsonata/ast_walk.h"
#include "jsonata/builtins.h"

namespace stepwise::jsonata {

namespace {

std::vector<std::string> names_bound(const Node* root) {
    std::vector<std::string> bound;
    for_each_node(root, [&](const Node& n) {
        if (n.type == NodeType::Bind && n.lhs) bound.push_back(n.lhs->value);
        if (n.type == NodeType::Lambda)
            for (const Node* p : n.params) bound.push_back(p->value);
        if (n.has_focus) bound.push_back(n.focus);
        if (n.has_index) bound.push_back(n.index);
        for (const Stage& s : n.stages)
            if (s.is_index) bound.push_back(s.var);
    });
    return bound;
}

bool is_call(const Node* n) {
    return n && (n->type == NodeType::Function || n->type == NodeType::Partial) && n->procedure &&
           n->procedure->type == NodeType::Variable;
}

}  // namespace

std::vector<FunctionCall> function_calls(const Node* root) {
    const std::vector<std::string> bound = names_bound(root);
    auto is_bound = [&](const std::string& name) { return std::find(bound.begin(), bound.end(), name) != bound.end(); };
    // `x ~> $f(y)` calls $f with x first; `x ~> $f` calls $f with x alone.
    std::unordered_set<const Node*> piped;
    std::vector<FunctionCall> calls;
    for_each_node(root, [&](const Node& n) {
        if (n.type == NodeType::Apply && n.rhs) {
            if (is_call(n.rhs)) piped.insert(n.rhs);
            else if (n.rhs->type == NodeType::Variable && !n.rhs->value.empty())
                calls.push_back({n.rhs->value, 1, n.rhs->position, is_bound(n.rhs->value)});
        }
        if (!is_call(&n)) return;
        const std::string& name = n.procedure->value;
        if (name.empty() || name == "$") return;  // `$()`, `$$()`: calling the context
        size_t arguments = n.expressions.size() + (piped.count(&n) ? 1 : 0);
        calls.push_back({name, arguments, n.procedure->position, is_bound(name)});
    });
    return calls;
}

ArgumentRange argument_range(const Signature& signature) {
    ArgumentRange range;
    range.min = signature.required_count();
    range.max = signature.variadic() ? ArgumentRange::kUnbounded : signature.param_count();
    return range;
}

std::optional<ArgumentRange> library_function_arguments(std::string_view name) {
    const Val* builtin = find_builtin(name);
    if (!builtin || !builtin->is_function()) return std::nullopt;
    const Signature* signature = builtin->fn()->signature();
    if (!signature) return ArgumentRange{};
    return argument_range(*signature);
}

std::vector<std::string> library_function_names() {
    std::vector<std::string> names;
    for (auto family : {string_functions, numeric_functions, aggregate_functions, array_functions, object_functions,
                        hof_functions, datetime_functions, misc_functions, format_functions})
        for (const BuiltinDef& def : family()) names.push_back(def.name);
    return names;
}

}  // namespace stepwise::jsonata
