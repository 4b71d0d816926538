#include "jsonata/free_variables.h"

#include <algorithm>

#include "jsonata/ast.h"
#include "jsonata/ast_walk.h"
#include "jsonata/builtins.h"

namespace stepwise::jsonata {
namespace {

class FreeVariableWalker {
public:
    std::vector<FreeVariable> walk(const Node* root) {
        hoist(root);  // the whole expression is a block of one
        visit(root);
        return std::move(found_);
    }

private:
    std::vector<std::string> bound_;    // names bound where the walk is
    std::vector<std::string> hoisted_;  // `:=` names of the enclosing blocks, for lambdas
    std::vector<FreeVariable> found_;

    bool is_bound(const std::string& name) const {
        return std::find(bound_.begin(), bound_.end(), name) != bound_.end();
    }

    // The names one of a block's expressions binds (`$a := $b := 1` binds both).
    void hoist(const Node* expression) {
        for (const Node* e = expression; e && e->type == NodeType::Bind; e = e->rhs) hoisted_.push_back(e->lhs->value);
    }

    void read(const Node* variable) {
        const std::string& name = variable->value;
        if (name.empty() || name == "$") return;  // `$` the context, `$$` the input
        if (is_bound(name)) return;
        found_.push_back({name, variable->position, find_builtin(name) != nullptr});
    }

    void visit(const Node* n) {
        if (!n) return;
        switch (n->type) {
            case NodeType::Variable: read(n); return;
            case NodeType::Bind:
                visit(n->rhs);
                bound_.push_back(n->lhs->value);
                return;
            case NodeType::Block: {
                size_t bound_before = bound_.size(), hoisted_before = hoisted_.size();
                for (const Node* e : n->expressions) hoist(e);
                for (const Node* e : n->expressions) visit(e);
                bound_.resize(bound_before);
                hoisted_.resize(hoisted_before);
                return;
            }
            case NodeType::Lambda: {
                size_t bound_before = bound_.size();
                bound_.insert(bound_.end(), hoisted_.begin(), hoisted_.end());
                for (const Node* p : n->params) bound_.push_back(p->value);
                visit(n->body);
                bound_.resize(bound_before);
                return;
            }
            case NodeType::Path: {
                // `@$v` and `#$i` name the context and position of a step for the
                // steps after it; binding them for the whole path is close enough
                // for a name that only means something inside the path.
                size_t bound_before = bound_.size();
                for (const Node* step : n->steps) {
                    if (step->has_focus) bound_.push_back(step->focus);
                    if (step->has_index) bound_.push_back(step->index);
                    for (const Stage& s : step->stages)
                        if (s.is_index) bound_.push_back(s.var);
                }
                visit_children(n);
                bound_.resize(bound_before);
                return;
            }
            default: visit_children(n); return;
        }
    }

    void visit_children(const Node* n) {
        for_each_child(n, [&](const Node* child) { visit(child); });
    }
};

}  // namespace

std::vector<FreeVariable> free_variables(const Node* root) { return FreeVariableWalker().walk(root); }

}  // namespace stepwise::jsonata
