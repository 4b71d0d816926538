// Pratt parser (top-down operator precedence) for JSONata, followed by the
// rewrite pass that produces the evaluator's AST.
#pragma once

#include <string_view>

#include "jsonata/ast.h"

namespace stepwise::jsonata {

struct ParseLimits {
    size_t max_depth = 500;  // nesting of sub-expressions
};

// Parses and rewrites; throws Error (S0xxx) on malformed text.
Node* parse_expression(std::string_view text, Arena& arena, const ParseLimits& limits = {});

// The rewrite pass (rewrite.cpp): raw parser tree -> evaluator tree.
Node* rewrite_ast(Node* raw, Arena& arena);

}  // namespace stepwise::jsonata
