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
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
json::Value sarif_report(const std::vector<FileReport>& reports, std::string_view tool_version);

}  // namespace stepwise::lint
