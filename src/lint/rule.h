// A lint rule: a named check over a definition AWS accepts, with its default
// severity and the page where AWS states what it checks. Each category of
// rules is one file (rules_<category>.cpp) holding its table; rules.cpp joins
// the tables.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asl/machine.h"
#include "json/value.h"
#include "lint/finding.h"

namespace stepwise::lint {

// What is known about the data a run would see: an example execution input
// (`--input`) and what Task states return (their mocks' results). Empty when
// not given; rules that need it then find nothing.
struct ExampleData {
    std::optional<json::Value> input;
    // Task state name -> every result a mock of it returns (test cases' mocks,
    // AWS's mock config). A state absent here returns what nothing tells.
    std::map<std::string, std::vector<json::Value>> task_results;
};

// What a rule sees: a definition that compiled without errors.
struct Subject {
    const asl::Machine& machine;
    const json::Value& definition;  // machine.definition: as compiled, after substitutions
    const ExampleData& examples;
};

// Where a rule reports. The rule's id and severity are added by the linter.
class FindingSink {
public:
    void add(std::string pointer, std::string message, std::string hint) {
        found_.push_back(Finding{"", Severity::Warning, std::move(pointer), std::move(message), std::move(hint), {}});
    }
    std::vector<Finding> take() { return std::move(found_); }

private:
    std::vector<Finding> found_;
};

struct Rule {
    std::string_view id;        // kebab-case, unique: "variable-undefined"
    std::string_view category;  // "variables", "jsonata", "graph", "errors", "data", "operations"
    Severity severity;          // default; the project file may change it or switch the rule off
    std::string_view summary;   // one line: what the rule finds
    std::string_view doc_url;   // where AWS states what the rule checks
    void (*check)(const Subject& subject, FindingSink& out);
};

// Each category's table (rules_<category>.cpp).
std::span<const Rule> variable_rules();
std::span<const Rule> jsonata_rules();
std::span<const Rule> graph_rules();
std::span<const Rule> error_rules();
std::span<const Rule> data_rules();
std::span<const Rule> operation_rules();

// Every rule, by category in the order above.
const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace stepwise::lint
