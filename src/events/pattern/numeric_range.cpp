#include "events/pattern/numeric_range.h"

#include <string>

#include "events/pattern/error.h"
#include "json/write.h"

namespace stepwise::events {

namespace {

enum class Op { Equal, Less, LessEqual, Greater, GreaterEqual };

Op parse_operator(const json::Value& v) {
    std::string_view text = v.is_string() ? v.as_string() : std::string_view{};
    if (text == "=") return Op::Equal;
    if (text == "<") return Op::Less;
    if (text == "<=") return Op::LessEqual;
    if (text == ">") return Op::Greater;
    if (text == ">=") return Op::GreaterEqual;
    throw PatternError("Unrecognized numeric range operator: " +
                       (v.is_string() ? std::string(text) : json::dump(v)));
}

double operand_after(const json::Array& terms, size_t index) {
    if (index + 1 >= terms.size() || !terms[index + 1].is_number())
        throw PatternError("Value of " + std::string(terms[index].as_string()) + " must be numeric");
    return terms[index + 1].as_double();
}

bool is_lower_bound(Op op) { return op == Op::Greater || op == Op::GreaterEqual; }
bool is_upper_bound(Op op) { return op == Op::Less || op == Op::LessEqual; }

}  // namespace

NumericRange NumericRange::parse(const json::Value& operand) {
    if (!operand.is_array()) throw PatternError("Value of numeric must be an array.");
    const json::Array& terms = operand.as_array();
    if (terms.empty()) throw PatternError("Empty arrays are not allowed");

    NumericRange range;
    Op first = parse_operator(terms[0]);
    double first_value = operand_after(terms, 0);
    switch (first) {
        case Op::Equal:
            range.low = range.high = first_value;
            range.low_inclusive = range.high_inclusive = true;
            break;
        case Op::Less:
        case Op::LessEqual:
            range.high = first_value;
            range.high_inclusive = first == Op::LessEqual;
            break;
        case Op::Greater:
        case Op::GreaterEqual:
            range.low = first_value;
            range.low_inclusive = first == Op::GreaterEqual;
            break;
    }
    if (terms.size() == 2) return range;
    if (!is_lower_bound(first)) throw PatternError("Too many elements in numeric expression");

    Op second = parse_operator(terms[2]);
    if (!is_upper_bound(second)) throw PatternError("Bad numeric range operator: " + std::string(terms[2].as_string()));
    range.high = operand_after(terms, 2);
    range.high_inclusive = second == Op::LessEqual;
    if (terms.size() > 4) throw PatternError("Too many terms in numeric range expression");
    if (!(range.low < range.high)) throw PatternError("Bottom must be less than top");
    return range;
}

}  // namespace stepwise::events
