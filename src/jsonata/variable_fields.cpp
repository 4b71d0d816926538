#include "jsonata/variable_fields.h"

#include "jsonata/ast.h"
#include "jsonata/ast_walk.h"

namespace stepwise::jsonata {

std::vector<VariableField> variable_fields(const Node* root) {
    std::vector<VariableField> found;
    for_each_node(root, [&](const Node& n) {
        if (n.type != NodeType::Path || n.steps.size() < 2) return;
        const Node* variable = n.steps[0];
        const Node* field = n.steps[1];
        if (variable->type != NodeType::Variable || variable->value.empty() || field->type != NodeType::Name) return;
        // `$v[0].a` filters the variable first: its field is not read off the variable itself.
        if (!variable->stages.empty() || !variable->predicate.empty()) return;
        found.push_back({variable->value, field->value, field->position});
    });
    return found;
}

}  // namespace stepwise::jsonata
