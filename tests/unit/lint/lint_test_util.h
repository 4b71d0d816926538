// Shared by the lint tests: lint a definition given as text and pick the
// findings of one rule.
#pragma once

#include <string>
#include <vector>

#include "lint/linter.h"

namespace stepwise::lint::test {

inline FileReport lint_text(std::string text, LintOptions options = {}, std::string path = "test.asl.json") {
    return lint_file(asl::definition_text(std::move(path), std::move(text)), options);
}

inline FileReport lint_text(std::string text, ExampleData examples) {
    LintOptions options;
    options.examples = std::move(examples);
    return lint_text(std::move(text), std::move(options));
}

inline std::vector<Finding> findings_of(const FileReport& report, std::string_view rule) {
    std::vector<Finding> out;
    for (const Finding& f : report.findings)
        if (f.rule == rule) out.push_back(f);
    return out;
}

// The pointers of one rule's findings, in order.
inline std::vector<std::string> pointers(const FileReport& report, std::string_view rule) {
    std::vector<std::string> out;
    for (const Finding& f : findings_of(report, rule)) out.push_back(f.pointer);
    return out;
}

// "rule at pointer" for each finding: readable in a failing EXPECT.
inline std::vector<std::string> summary(const FileReport& report) {
    std::vector<std::string> out;
    for (const Finding& f : report.findings) out.push_back(f.rule + " at " + f.pointer);
    return out;
}

}  // namespace stepwise::lint::test
