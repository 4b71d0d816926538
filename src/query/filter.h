// Internal: JSONPath filter expressions `[?(@.price < 10 && @.tag =~ /a.*/i)]`
// with Jayway's operators and comparison rules.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "json/value.h"
#include "query/path_ast.h"
#include "regex/regex.h"

namespace stepwise::query::detail {

enum class CmpOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Regex, In, Nin, Contains, SubsetOf, AnyOf, NoneOf, Size, Empty };

struct Operand {
    enum class Kind : uint8_t { Literal, Path, Regex, BareWord } kind = Kind::Literal;
    json::Value literal;  // Literal; BareWord: the word, which fails the path when evaluated
    PathBody path;
    std::shared_ptr<const regex::Regex> regex;
};

struct FilterExpr {
    enum class Op : uint8_t { Or, And, Not, Exists, Compare } op = Op::Exists;
    std::shared_ptr<const FilterExpr> left, right;  // Or, And (both); Not (left)
    Operand a, b;                                   // Exists (a); Compare (a op b)
    CmpOp cmp = CmpOp::Eq;
};

// Parses the expression inside `[?( ... )]`; `pos` starts just after `?(` and
// ends just after the closing `)`. Records $$ / $var use into `owner`.
std::shared_ptr<const FilterExpr> parse_filter(std::string_view text, size_t& pos, PathBody& owner);

// Whether `current` (`@`) passes the filter.
bool eval_filter(const FilterExpr& expr, const json::Value& current, const EvalRoots& roots);

}  // namespace stepwise::query::detail
