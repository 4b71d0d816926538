// stepwise lint's three outputs: text for a person (coloured on a terminal),
// JSON for tools, and SARIF 2.1.0 for code scanning (GitHub shows each result
// on the definition's line).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"
#include "lint/linter.h"

namespace stepwise::lint {

// file:line:column: severity: message [rule]
//     at /pointer — hint
// and a closing count.
std::string text_report(const std::vector<FileReport>& reports, bool colour);

// [{"file", "compiled", "states", "findings": [{"rule", "severity", "pointer", "line", "column", "message", "hint"}]}]
json::Value json_report(const std::vector<FileReport>& reports);

// One SARIF run: the rules that exist (and AWS's refusal codes found) in
// tool.driver.rules, each finding a result at its file's line and column.
// Relative paths are relative to `source_root` (an absolute folder, usually
// the working directory: `%SRCROOT%`), as GitHub code scanning resolves them;
// each result has a fingerprint of its rule, file and JSON pointer, which stays
// when lines move.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
json::Value sarif_report(const std::vector<FileReport>& reports, std::string_view tool_version,
                         std::string_view source_root = "");

// A file path as an RFC 3986 URI reference: every byte but unreserved
// characters, sub-delimiters, '/' and '@' percent-encoded.
std::string uri_reference(std::string_view path);

}  // namespace stepwise::lint
