#include "jsonata/ast_walk.h"

#include "jsonata/ast.h"

namespace stepwise::jsonata {

void for_each_child(const Node* n, const std::function<void(const Node*)>& visit) {
    if (!n) return;
    auto walk = [&](const Node* child) {
        if (child) visit(child);
    };
    walk(n->lhs);
    walk(n->rhs);
    walk(n->expression);
    for (const Node* e : n->expressions) walk(e);
    for (const Node* s : n->steps) walk(s);
    for (const auto& [key, value] : n->pairs) {
        walk(key);
        walk(value);
    }
    for (const SortTerm& t : n->terms) walk(t.expr);
    walk(n->procedure);
    walk(n->body);
    walk(n->condition);
    if (n->then != n->condition) walk(n->then);  // `a ?: b` shares its condition
    walk(n->otherwise);
    walk(n->pattern);
    walk(n->update);
    walk(n->remove);
    for (const Stage& s : n->predicate) walk(s.expr);
    for (const Stage& s : n->stages) walk(s.expr);
    if (n->group)
        for (const auto& [key, value] : n->group->pairs) {
            walk(key);
            walk(value);
        }
}

void for_each_node(const Node* n, const std::function<void(const Node&)>& visit) {
    if (!n) return;
    visit(*n);
    for_each_child(n, [&](const Node* child) { for_each_node(child, visit); });
}

}  // namespace stepwise::jsonata
