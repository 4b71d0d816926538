#include "lint/report.h"

#include <cctype>
#include <map>

#include "aws/digest.h"
#include "json/utf8.h"

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

json::Object artifact_location(const std::string& path) {
    if (!path.empty() && path[0] == '/') return json::Object{{"uri", "file://" + uri_reference(path)}};
    return json::Object{{"uri", uri_reference(path)}, {"uriBaseId", "%SRCROOT%"}};
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
            out += utf8::escape_controls(report.path) + ": no findings (" + plural(report.state_names.size(), "state") + ")\n";
        for (const Finding& f : report.findings) {
            ++counts[f.severity];
            out += paint("\033[1m", utf8::escape_controls(place(report, f))) + ": " +
                   paint(colour_of(f.severity), std::string(severity_name(f.severity))) + ": " + utf8::escape_controls(f.message) + " " +
                   paint("\033[2m", "[" + f.rule + "]") + "\n";
            out += "    at " + utf8::escape_controls(f.pointer.empty() ? std::string("/") : f.pointer);
            if (!f.hint.empty()) out += " — " + utf8::escape_controls(f.hint);
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
                                   {"states", static_cast<int64_t>(report.state_names.size())},
                                   {"findings", json::Value(std::move(findings))}});
    }
    return json::Value(std::move(out));
}

std::string uri_reference(std::string_view path) {
    static constexpr std::string_view kKept = "-._~/!$&'()*+,;=@";
    std::string out;
    for (char c : path) {
        auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) && byte < 0x80) {
            out += c;
        } else if (kKept.find(c) != std::string_view::npos) {
            out += c;
        } else {
            static constexpr char kHex[] = "0123456789ABCDEF";
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 15];
        }
    }
    return out;
}

json::Value sarif_report(const std::vector<FileReport>& reports, std::string_view tool_version,
                         std::string_view source_root) {
    json::Array rules;
    std::map<std::string, int64_t, std::less<>> rule_index;
    auto add_rule = [&](std::string_view id, std::string_view summary, std::string_view url, Severity level,
                        std::string_view category) {
        rule_index[std::string(id)] = static_cast<int64_t>(rules.size());
        std::string help = std::string(summary) + ". See " + std::string(url);
        rules.push_back(json::Object{{"id", std::string(id)},
                                     {"shortDescription", json::Object{{"text", std::string(summary)}}},
                                     {"fullDescription", json::Object{{"text", std::string(summary)}}},
                                     {"help", json::Object{{"text", help}}},
                                     {"helpUri", std::string(url)},
                                     {"defaultConfiguration", json::Object{{"level", std::string(severity_name(level))}}},
                                     {"properties", json::Object{{"tags", json::Array{std::string(category)}}}}});
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
            json::Object physical{{"artifactLocation", artifact_location(report.path)}, {"region", std::move(region)}};
            json::Array locations{json::Object{
                {"physicalLocation", std::move(physical)},
                {"logicalLocations", json::Array{json::Object{{"fullyQualifiedName", f.pointer.empty() ? "/" : f.pointer},
                                                              {"kind", "property"}}}}}};
            std::string fingerprint = aws::to_hex(aws::sha256(f.rule + "\n" + report.path + "\n" + f.pointer)).substr(0, 32);
            results.push_back(json::Object{{"ruleId", f.rule},
                                           {"ruleIndex", rule_index.at(f.rule)},
                                           {"level", std::string(severity_name(f.severity))},
                                           {"message", json::Object{{"text", text}}},
                                           {"locations", std::move(locations)},
                                           {"partialFingerprints", json::Object{{"stepwiseFinding/v1", fingerprint}}}});
        }
    }
    json::Object driver{{"name", "stepwise"}, {"version", std::string(tool_version)}, {"rules", std::move(rules)}};
    json::Object run{{"tool", json::Object{{"driver", std::move(driver)}}},
                     {"results", std::move(results)},
                     {"columnKind", "unicodeCodePoints"}};  // as json::SourceMap and libyaml count columns
    if (!source_root.empty()) {
        std::string root = "file://" + uri_reference(source_root);
        if (root.back() != '/') root += '/';
        run.set("originalUriBaseIds", json::Object{{"%SRCROOT%", json::Object{{"uri", root}}}});
    }
    return json::Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", json::Array{std::move(run)}}};
}

}  // namespace stepwise::lint
