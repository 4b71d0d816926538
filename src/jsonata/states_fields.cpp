#include "jsonata/states_fields.h"

#include "jsonata/ast.h"

namespace stepwise::jsonata {
namespace {

class StatesFieldWalker {
public:
    std::vector<StatesField> walk(const Node* root) {
        visit(root);
        return std::move(found_);
    }

private:
    std::vector<StatesField> found_;

    void visit(const Node* n) {
        if (!n) return;
        if (n->type == NodeType::Path && n->steps.size() >= 2 && n->steps[0]->type == NodeType::Variable &&
            n->steps[0]->value == "states" && n->steps[1]->type == NodeType::Name)
            found_.push_back({n->steps[1]->value, n->steps[0]->position});
        visit(n->lhs);
        visit(n->rhs);
        visit(n->expression);
        for (const Node* e : n->expressions) visit(e);
        for (const Node* s : n->steps) visit(s);
        for (const auto& [key, value] : n->pairs) {
            visit(key);
            visit(value);
        }
        for (const SortTerm& t : n->terms) visit(t.expr);
        visit(n->procedure);
        visit(n->body);
        visit(n->condition);
        if (n->then != n->condition) visit(n->then);
        visit(n->otherwise);
        visit(n->pattern);
        visit(n->update);
        visit(n->remove);
        for (const Stage& s : n->predicate) visit(s.expr);
        for (const Stage& s : n->stages) visit(s.expr);
        if (n->group)
            for (const auto& [key, value] : n->group->pairs) {
                visit(key);
                visit(value);
            }
    }
};

}  // namespace

std::vector<StatesField> states_fields(const Node* root) { return StatesFieldWalker().walk(root); }

}  // namespace stepwise::jsonata
