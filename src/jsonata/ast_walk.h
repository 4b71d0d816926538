// Visiting every node of an expression's tree, for the analyses that look at
// each node on its own (function calls, `$v.field` reads) and need no scopes.
#pragma once

#include <functional>

namespace stepwise::jsonata {

struct Node;

// Every node below `root` (and `root`), parents before their children, each once.
void for_each_node(const Node* root, const std::function<void(const Node&)>& visit);

}  // namespace stepwise::jsonata
