// Visiting every node of an expression's tree, for the analyses that look at
// each node on its own (function calls, `$v.field` reads) and need no scopes.
#pragma once

#include <functional>

namespace stepwise::jsonata {

struct Node;

// The children of `node`, in the order they appear (the one list of the
// pointers a Node holds; `a ?: b`'s shared condition once).
void for_each_child(const Node* node, const std::function<void(const Node*)>& visit);

// Every node below `root` (and `root`), parents before their children, each once.
void for_each_node(const Node* root, const std::function<void(const Node&)>& visit);

}  // namespace stepwise::jsonata
