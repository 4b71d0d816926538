// stepwise lint over one definition file: what AWS refuses (asl::compile's
// diagnostics, as `stepwise validate` reports them) and, when it compiles,
// every rule's findings, with the project's and the states' settings applied
// and each finding placed at its line and column.
#pragma once

#include <string>
#include <vector>

#include "asl/definition_file.h"
#include "lint/finding.h"
#include "lint/lint_config.h"
#include "lint/rule.h"

namespace stepwise::lint {

struct LintOptions {
    asl::CompileOptions compile;  // ${Name} substitutions
    LintConfig config;
    ExampleData examples;
};

struct FileReport {
    std::string path;
    bool compiled = false;  // false: the findings are what AWS refuses, and no rule ran
    std::vector<std::string> state_names;  // every state of every scope, when it compiled
    std::vector<Finding> findings;  // in the order of their place in the file
};

FileReport lint_file(const asl::DefinitionFile& file, const LintOptions& options);

// The state names a pointer passes through, outermost first:
// /States/P/Branches/0/States/B/Next -> {"P", "B"}.
std::vector<std::string> states_on_pointer(std::string_view pointer);

// True when a finding of any report is at least `threshold`.
bool any_at_least(const std::vector<FileReport>& reports, Severity threshold);

}  // namespace stepwise::lint
