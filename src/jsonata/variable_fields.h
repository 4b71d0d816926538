// The fields an expression reads straight off a variable: `$states.result`
// reads `result` of `$states`. What a host checks when only some fields of a
// variable it supplies exist.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::jsonata {

struct Node;

struct VariableField {
    std::string variable;  // without `$`
    std::string field;     // the name step right after the variable
    size_t position = 0;   // where the field's name is in the expression's text
};

// In order of appearance; `$v.a.b` gives `a` only, `$v[0].a` and `$v.*` nothing.
std::vector<VariableField> variable_fields(const Node* root);

}  // namespace stepwise::jsonata
