// Pratt parser (top-down operator precedence) for JSONata, followed by the
// rewrite pass that produces the evaluator's AST.
#pragma once

#include <string_view>

#include "jsonata/ast.h"
#include "jsonata/language_level.h"

namespace stepwise::jsonata {

struct ParseOptions {
    size_t max_depth = 500;  // nesting of sub-expressions
    LanguageLevel level = LanguageLevel::V2_2_2;
};

// Parses and rewrites; throws Error (S0xxx) on malformed text.
Node* parse_expression(std::string_view text, Arena& arena, const ParseOptions& options = {});

// The rewrite pass (rewrite.cpp): raw parser tree -> evaluator tree.
Node* rewrite_ast(Node* raw, Arena& arena);

}  // namespace stepwise::jsonata
