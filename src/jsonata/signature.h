// Function signatures, e.g. "<s-nn?:s>": the type language jsonata-js uses to
// check (and fix up) the arguments of built-ins and of lambdas declared with
// a signature. Types: b n s l a o f x j u, modifiers ? + -, a<t>, f<...>, (alternatives).
#pragma once

#include <string>
#include <vector>

#include "jsonata/value.h"

namespace stepwise::jsonata {

class Signature {
public:
    // Throws Error S0401/S0402 for malformed signatures.
    static Signature parse(const std::string& text);

    // Returns the validated arguments: missing context arguments filled in
    // from `context`, non-arrays wrapped where an array is expected. Throws
    // T0410/T0411/T0412 (token = function name).
    std::vector<Val> validate(const std::vector<Val>& args, const Val& context, const std::string& name) const;

    const std::string& text() const { return text_; }
    size_t param_count() const { return params_.size(); }
    size_t required_count() const;
    // Parameters that are not optional (?), counting context (-) ones: a JS function's length.
    size_t arity() const;
    // A parameter takes one or more arguments (`+`): no most.
    bool variadic() const;

private:
    struct Param {
        std::string accept;   // accepted type symbols
        char type = 0;        // declared symbol, '(' for choices
        char quantifier = 0;  // 0, '?', '+'
        bool context = false;
        std::string subtype;
    };
    std::string text_;
    std::vector<Param> params_;

    bool match(const std::string& sig, size_t pi, size_t si, std::vector<std::pair<size_t, size_t>>& spans) const;
};

char type_symbol(const Val& v);

}  // namespace stepwise::jsonata
