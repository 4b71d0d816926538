// The free variables of an expression: every `$name` it reads that nothing
// inside the expression binds. A name bound by a lambda parameter, by `:=`
// (within its block, and in the lambdas of that block, which see the block's
// later bindings when called), or by a path's `@$v` / `#$i` is not free; nor
// are `$` (the context) and `$$` (the input). A library function's name
// (`$sum`) is listed, marked: it reads a variable only where the host binds
// one of that name, which then shadows the function.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::jsonata {

struct Node;

struct FreeVariable {
    std::string name;     // without `$`
    size_t position = 0;  // where it is read in the expression's text
    bool names_library_function = false;  // `$count`: the function unless a binding shadows it
};

// In order of appearance; a name read twice is listed twice.
std::vector<FreeVariable> free_variables(const Node* root);

}  // namespace stepwise::jsonata
