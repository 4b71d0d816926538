#include "lint/jsonata_sites.h"

#include "asl/state_graph.h"

namespace stepwise::lint {

namespace {

void each_expression(const asl::State& state, const asl::JsonataField& field, const asl::JsonataNode& node,
                     const std::function<void(const JsonataSite&)>& visit) {
    if (node.kind == asl::JsonataNode::Kind::Expression && node.expression)
        visit(JsonataSite{state, field.field, field.place, field.pointer + node.where, *node.expression});
    for (const asl::JsonataNode& child : node.children) each_expression(state, field, child, visit);
}

}  // namespace

void for_each_jsonata_site(const asl::Machine& machine, const std::function<void(const JsonataSite&)>& visit) {
    asl::for_each_state(machine.root, [&](const asl::State& s) {
        asl::for_each_jsonata_field(s, [&](const asl::JsonataField& field) { each_expression(s, field, field.value, visit); });
    });
}

}  // namespace stepwise::lint
