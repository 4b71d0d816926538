#include "events/bus/schema_verdict.h"

namespace stepwise::events {

SchemaVerdict schema_verdict(const SchemaRegistry& registry, SchemaMode mode, const json::Value& event) {
    SchemaVerdict verdict;
    if (mode == SchemaMode::Off) return verdict;
    SchemaCheck check = registry.check(event);
    if (check.has_schema) {
        verdict.schema = check.schema_name;
        verdict.finding = SchemaFinding{check.registry, check.name, check.version, check.violations,
                                        mode == SchemaMode::Enforce};
    }
    if (!check.has_schema || check.ok()) return verdict;
    verdict.message = schema_problem(*verdict.finding);
    if (mode == SchemaMode::Enforce) {
        verdict.accepted = false;
        verdict.error_code = "InvalidArgument";
    }
    return verdict;
}

std::string schema_problem(const SchemaFinding& finding) {
    if (finding.violations.empty()) return "";
    std::string message = "event does not match schema " + finding.registry + "/" + finding.name + ": ";
    for (size_t i = 0; i < finding.violations.size(); ++i) message += (i ? "; " : "") + finding.violations[i].message;
    return message;
}

}  // namespace stepwise::events
