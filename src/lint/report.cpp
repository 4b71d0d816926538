#include "lint/report.h"

#include <map>

namespace stepwise::lint {

namespace {

// The page listing AWS's ValidateStateMachineDefinition codes, for findings
// that are AWS's refusals rather than lint rules.
constexpr std::string_view kAwsDiagnosticsUrl =
    "https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html";

std::string_view colour_of(Severity severity) {
    switch (severity) {
        case Severity::Error: return "\033[1;31m";
        case Severity::Warning: return "\033[1;33m";
        case Severity::Note: return "\033[1;36m";
    }
    return "";
}

std::string place(const FileReport& report, const Finding& finding) {
    std::string out = report.path;
    if (finding.position.line > 0)
        out += ":" + std::to_string(finding.position.line) + ":" + std::to_string(finding.position.column);
    return out;
}

std::string plural(size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string text_report(const std::vector<FileReport>& reports, bool colour) {
    std::string out;
    auto paint = [&](std::string_view code, const std::string& text) {
        return colour ? std::string(code) + text + "\033[0m" : text;
    };
    std::map<Severity, size_t> counts;
    for (const FileReport& report : reports) {
        if (report.findings.empty())
            out += report.path + ": no findings (" + plural(report.states, "state") + ")\n";
        for (const Finding& f : report.findings) {
            ++counts[f.severity];
            out += paint("\033[1m", place(report, f)) + ": " + paint(colour_of(f.severity), std::string(severity_name(f.severity))) +
                   ": " + f.message + " " + paint("\033[2m", "[" + f.rule + "]") + "\n";
            out += "    at " + (f.pointer.empty() ? std::string("/") : f.pointer);
            if (!f.hint.empty()) out += " — " + f.hint;
            out += "\n";
        }
    }
    size_t total = counts[Severity::Error] + counts[Severity::Warning] + counts[Severity::Note];
    if (total > 0)
        out += plural(counts[Severity::Error], "error") + ", " + plural(counts[Severity::Warning], "warning") + ", " +
               plural(counts[Severity::Note], "note") + " in " + plural(reports.size(), "file") + "\n";
    return out;
}

json::Value json_report(const std::vector<FileReport>& reports) {
    json::Array out;
    for (const FileReport& report : reports) {
        json::Array findings;
        for (const Finding& f : report.findings)
            findings.push_back(json::Object{{"rule", f.rule},
                                            {"severity", std::string(severity_name(f.severity))},
                                            {"pointer", f.pointer},
                                            {"line", static_cast<int64_t>(f.position.line)},
                                            {"column", static_cast<int64_t>(f.position.column)},
                                            {"message", f.message},
                                            {"hint", f.hint}});
        out.push_back(json::Object{{"file", report.path},
                                   {"compiled", report.compiled},
                                   {"states", static_cast<int64_t>(report.states)},
                                   {"findings", json::Value(std::move(findings))}});
    }
    return json::Value(std::move(out));
}

json::Value sarif_report(const std::vector<FileReport>& reports, std::string_view tool_version) {
    json::Array rules;
    std::map<std::string, int64_t, std::less<>> rule_index;
    auto add_rule = [&](std::string_view id, std::string_view summary, std::string_view url, Severity level,
                        std::string_view category) {
        rule_index[std::string(id)] = static_cast<int64_t>(rules.size());
        rules.push_back(json::Object{{"id", std::string(id)},
                                     {"shortDescription", json::Object{{"text", std::string(summary)}}},
                                     {"helpUri", std::string(url)},
                                     {"defaultConfiguration", json::Object{{"level", std::string(severity_name(level))}}},
                                     {"properties", json::Object{{"category", std::string(category)}}}});
    };
    for (const Rule& rule : all_rules()) add_rule(rule.id, rule.summary, rule.doc_url, rule.severity, rule.category);

    json::Array results;
    for (const FileReport& report : reports) {
        for (const Finding& f : report.findings) {
            if (!rule_index.count(f.rule))
                add_rule(f.rule, f.rule == "lint-config" ? "A lint setting names no rule" : "AWS refuses the definition",
                         kAwsDiagnosticsUrl, Severity::Error, f.rule == "lint-config" ? "lint" : "aws");
            std::string text = f.message + (f.hint.empty() ? "" : ". Fix: " + f.hint);
            // Code scanning needs a line; a finding of a file that does not parse is placed at its start.
            json::Object region{{"startLine", static_cast<int64_t>(std::max<size_t>(f.position.line, 1))},
                                {"startColumn", static_cast<int64_t>(std::max<size_t>(f.position.column, 1))}};
            json::Object physical{{"artifactLocation", json::Object{{"uri", report.path}}}, {"region", std::move(region)}};
            json::Array locations{json::Object{
                {"physicalLocation", std::move(physical)},
                {"logicalLocations", json::Array{json::Object{{"fullyQualifiedName", f.pointer.empty() ? "/" : f.pointer},
                                                              {"kind", "member"}}}}}};
            results.push_back(json::Object{{"ruleId", f.rule},
                                           {"ruleIndex", rule_index.at(f.rule)},
                                           {"level", std::string(severity_name(f.severity))},
                                           {"message", json::Object{{"text", text}}},
                                           {"locations", std::move(locations)}});
        }
    }
    json::Object driver{{"name", "stepwise"},
                        {"version", std::string(tool_version)},
                        {"rules", std::move(rules)}};
    json::Object run{{"tool", json::Object{{"driver", std::move(driver)}}}, {"results", std::move(results)}};
    return json::Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", json::Array{std::move(run)}}};
}

}  // namespace stepwise::lint
