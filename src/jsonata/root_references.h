// The names an expression reads from its input at the top level: `phone` in
// `phone.number`, `1 + phone` or `function($v) { phone }`, and the input
// itself (`$`, `$$`), but not `price` in `$x.items[price > 5]` (read from each
// item). Step Functions evaluates JSONata without an input and refuses such
// names when a definition is created.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::jsonata {

struct Node;

struct RootReference {
    std::string name;     // "phone", or "$" / "$$" for the input itself
    size_t position = 0;  // where it is read in the expression's text
};

// In order of appearance; a name read twice is listed twice.
std::vector<RootReference> root_references(const Node* root);

}  // namespace stepwise::jsonata
