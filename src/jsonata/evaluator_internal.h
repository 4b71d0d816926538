// Internal to the evaluator (evaluator.cpp, eval_*.cpp): the helpers its files share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jsonata/ast.h"
#include "jsonata/value.h"

namespace stepwise::jsonata {

// Appends the items of an array, stealing them when nobody else holds it.
void move_items_into(std::vector<Val>& out, Val&& array);
// Member lookup mapped over arrays (jsonata-js's lookup).
Val lookup_member(const Val& input, std::string_view key);

}  // namespace stepwise::jsonata
