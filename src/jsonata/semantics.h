// Value semantics shared by the evaluator and the function library: truthiness,
// string conversion (JSON.stringify with the reference's number rounding),
// sequence appending, number checks, and the stable merge sort.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "jsonata/value.h"

namespace stepwise::jsonata {

// $boolean: nullopt for undefined.
std::optional<bool> boolean_of(const Val& v);
inline bool truthy(const Val& v) { auto b = boolean_of(v); return b && *b; }

// $string semantics (undefined stays undefined: returns nullopt). Throws D3001
// for non-finite numbers.
std::optional<std::string> string_of(const Val& v, bool pretty = false);

// A number as $string prints it: rounded to 15 significant digits, JS format.
std::string number_to_string(double d);

// $round: half to even at `precision` decimal places (negative: tens, hundreds...).
double round_half_even(double x, long precision);

// jsonata-js's fn.append (concatenation into a plain array).
Val append(const Val& a, const Val& b);

// A number operand: throws D1001 for non-finite numbers.
bool is_numeric(const Val& v);
bool is_integer_value(const Val& v);

// Stable merge sort; `after(a, b)` true means a belongs after b.
void merge_sort(std::vector<Val>& items, const std::function<bool(const Val&, const Val&)>& after);

// Array of strings / numbers checks.
bool is_array_of_strings(const Val& v);
bool is_array_of_numbers(const Val& v);

// A JSON-ish rendering of a value for error messages.
std::string describe(const Val& v);

// JS string comparison (< in UTF-16 code unit order).
int compare_strings(std::string_view a, std::string_view b);

}  // namespace stepwise::jsonata
