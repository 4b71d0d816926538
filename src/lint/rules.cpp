#include "lint/rule.h"

namespace stepwise::lint {

const std::vector<Rule>& all_rules() {
    static const std::vector<Rule> rules = [] {
        std::vector<Rule> out;
        for (auto table : {variable_rules(), jsonata_rules(), graph_rules(), error_rules(), data_rules(), operation_rules()})
            out.insert(out.end(), table.begin(), table.end());
        return out;
    }();
    return rules;
}

const Rule* find_rule(std::string_view id) {
    for (const Rule& rule : all_rules())
        if (rule.id == id) return &rule;
    return nullptr;
}

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::Note: return "note";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view name) {
    if (name == "note") return Severity::Note;
    if (name == "warning") return Severity::Warning;
    if (name == "error") return Severity::Error;
    return std::nullopt;
}

}  // namespace stepwise::lint
