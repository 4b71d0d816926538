// The functions an expression calls by name, and how many arguments each
// function takes: what a linter checks without evaluating anything.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stepwise::jsonata {

struct Node;
class Signature;

// A call `$name(...)`, `$name(?, x)` (a partial application) or `x ~> $name(...)`.
struct FunctionCall {
    std::string name;      // without `$`
    size_t arguments = 0;  // as written; `x ~> $f(y)` passes two
    size_t position = 0;   // where the name is in the expression's text
    // The expression binds the name itself (a lambda parameter, `:=`, `@$v`,
    // `#$i`) somewhere, so it may not be the library function of that name.
    bool bound_in_expression = false;
};

// In order of appearance.
std::vector<FunctionCall> function_calls(const Node* root);

// How many arguments a function accepts: a missing context argument (`-` in
// the signature) is taken from the context, so it does not count towards `min`.
struct ArgumentRange {
    static constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();
    size_t min = 0;
    size_t max = kUnbounded;
};
ArgumentRange argument_range(const Signature& signature);

// JSONata's own library function `name` (without `$`), or nullopt.
std::optional<ArgumentRange> library_function_arguments(std::string_view name);

// The names of JSONata's library functions (without `$`).
std::vector<std::string> library_function_names();

}  // namespace stepwise::jsonata
