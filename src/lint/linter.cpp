#include "lint/linter.h"

#include <algorithm>

#include "json/pointer.h"

namespace stepwise::lint {

namespace {

bool switched_off(const Finding& finding, const asl::Machine& machine, const LintConfig& config) {
    if (disabled_in_comment(machine.root.comment).count(finding.rule)) return true;
    for (const std::string& name : states_on_pointer(finding.pointer)) {
        if (auto it = config.states.find(name); it != config.states.end() && it->second.count(finding.rule)) return true;
        auto state = machine.all_states.find(name);
        if (state != machine.all_states.end() && disabled_in_comment(state->second->comment).count(finding.rule))
            return true;
    }
    return false;
}

// A Comment that switches off a rule that does not exist would leave the
// finding it meant to silence in place without saying why: say it.
void check_comment(const std::string& comment, const std::string& pointer, std::vector<Finding>& out) {
    for (const std::string& id : disabled_in_comment(comment))
        if (!find_rule(id))
            out.push_back(Finding{"lint-config", Severity::Error, pointer + "/Comment",
                                  "\"" + std::string(kDisableMarker) + "\" names no lint rule \"" + id + "\"",
                                  "use a rule id from `stepwise lint --list-rules`", {}});
}

void run_rules(const asl::Machine& machine, const LintOptions& options, std::vector<Finding>& out) {
    Subject subject{machine, machine.definition, options.examples};
    for (const Rule& rule : all_rules()) {
        Severity severity = rule.severity;
        if (auto it = options.config.rules.find(rule.id); it != options.config.rules.end()) {
            if (!it->second) continue;
            severity = *it->second;
        }
        FindingSink sink;
        try {
            rule.check(subject, sink);
        } catch (const std::exception& e) {
            // A bug in one rule must not hide the others' findings, nor take the process down.
            sink.add("", "lint rule " + std::string(rule.id) + " failed: " + e.what(), "report this as a stepwise bug");
        }
        for (Finding& finding : sink.take()) {
            finding.rule = std::string(rule.id);
            finding.severity = severity;
            if (!switched_off(finding, machine, options.config)) out.push_back(std::move(finding));
        }
    }
    check_comment(machine.root.comment, "", out);
    for (const auto& [name, state] : machine.all_states) check_comment(state->comment, state->pointer, out);
}

}  // namespace

std::vector<std::string> states_on_pointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    size_t at = 0;
    while (at < pointer.size() && pointer[at] == '/') {
        size_t end = pointer.find('/', at + 1);
        if (end == std::string_view::npos) end = pointer.size();
        tokens.push_back(json::pointer_unescape(pointer.substr(at + 1, end - at - 1)));
        at = end;
    }
    std::vector<std::string> names;
    for (size_t i = 0; i + 1 < tokens.size(); ++i)
        if (tokens[i] == "States") names.push_back(tokens[++i]);
    return names;
}

FileReport lint_file(const asl::DefinitionFile& file, const LintOptions& options) {
    FileReport report;
    report.path = file.path;
    json::SourceMap positions;
    asl::CompileResult compiled = asl::compile_file(file, options.compile, &positions);
    if (!compiled.ok()) {
        for (const asl::Diagnostic& d : compiled.errors)
            report.findings.push_back(Finding{d.code, Severity::Error, d.pointer, d.message, "", {}});
    } else {
        report.compiled = true;
        report.states = compiled.machine->all_states.size();
        run_rules(*compiled.machine, options, report.findings);
    }
    // A finding about a field AWS defaults (an absent Retry) is placed at the object that lacks it.
    for (Finding& finding : report.findings) finding.position = positions.nearest(finding.pointer).value_or(json::SourcePosition{});
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.position.line, a.position.column) < std::tie(b.position.line, b.position.column);
    });
    return report;
}

bool any_at_least(const std::vector<FileReport>& reports, Severity threshold) {
    for (const FileReport& report : reports)
        for (const Finding& finding : report.findings)
            if (finding.severity >= threshold) return true;
    return false;
}

}  // namespace stepwise::lint
