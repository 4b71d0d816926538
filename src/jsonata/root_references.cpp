#include "jsonata/root_references.h"

#include "jsonata/ast.h"

namespace stepwise::jsonata {
namespace {

// Visits only what is evaluated against the expression's own input: the
// operands of operators, function arguments, constructors (object keys too),
// conditions, blocks, lambda bodies (a lambda keeps the input of the
// expression defining it) and the first step of each path. Later steps,
// predicates, group-by, sort terms and transforms see another input.
class RootReferenceWalker {
public:
    std::vector<RootReference> walk(const Node* root) {
        visit(root);
        return std::move(found_);
    }

private:
    std::vector<RootReference> found_;

    void visit(const Node* n) {
        if (!n) return;
        switch (n->type) {
            case NodeType::Name: found_.push_back({n->value, n->position}); return;
            // `$` is the input itself; `$$` (parsed as the variable "$") its root.
            case NodeType::Variable:
                if (n->value.empty() || n->value == "$") found_.push_back({"$" + n->value, n->position});
                return;
            case NodeType::Path:
                if (!n->steps.empty()) visit(n->steps.front());
                return;
            case NodeType::Lambda: visit(n->body); return;
            case NodeType::Transform: return;
            default: break;
        }
        visit(n->lhs);
        visit(n->rhs);
        visit(n->expression);
        for (const Node* e : n->expressions) visit(e);
        for (const auto& [key, value] : n->pairs) {
            visit(key);
            visit(value);
        }
        visit(n->procedure);
        visit(n->condition);
        if (n->then != n->condition) visit(n->then);
        visit(n->otherwise);
    }
};

}  // namespace

std::vector<RootReference> root_references(const Node* root) { return RootReferenceWalker().walk(root); }

}  // namespace stepwise::jsonata
