// Data rules: what the example input and the mocks' results say about the
// JSONPaths of a definition (lint/shape_flow.h follows them through the states).
#include <algorithm>
#include <cctype>

#include "lint/nearest_name.h"
#include "lint/rule.h"
#include "lint/shape_flow.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

bool certainly_missing(const PathRead& read) {
    return !read.readings.empty() && std::all_of(read.readings.begin(), read.readings.end(), [](const Reading& r) {
               return r.outcome == Reading::Outcome::Missing;
           });
}

// The field names of the object where the path stopped, over every example
// that reached it there.
std::vector<std::string> names_there(const PathRead& read) {
    const Reading& first = read.readings.front();
    std::vector<std::string> names;
    for (const Reading& r : read.readings) {
        if (r.parent != first.parent || !r.parent_shape.is_object()) continue;
        for (const std::string& n : r.parent_shape.names())
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    return names;
}

// "$.order has: a, b, c" / "$.order is a string".
std::string what_is_there(const PathRead& read) {
    const Reading& first = read.readings.front();
    if (!first.parent_shape.is_object()) return first.parent + " is " + first.parent_shape.kind_name();
    std::vector<std::string> names = names_there(read);
    if (names.empty()) return first.parent + " is an empty object";
    constexpr size_t kNamed = 12;
    std::string list;
    for (size_t i = 0; i < std::min(names.size(), kNamed); ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > kNamed) list += ", … (" + std::to_string(names.size()) + " fields)";
    return first.parent + " has: " + list;
}

void check_path_never_exists(const Subject& subject, FindingSink& out) {
    if (!subject.examples.input && subject.examples.task_results.empty()) return;
    for (const PathRead& read : trace_path_reads(subject.machine, subject.examples)) {
        if (!certainly_missing(read)) continue;
        const Reading& first = read.readings.front();
        std::string message = read.field + " path '" + read.path + "' of state " + quoted(read.state->name);
        std::string hint = "Fix the path, or the ResultPath, OutputPath or Parameters of an earlier state that shapes this input.";
        if (first.step.empty()) {
            message += " selects nothing in any example that reaches it";
        } else {
            std::string what = first.step.starts_with("[") ? "element " + first.step : "field '" + first.step + "'";
            message += " reads " + what + ", which no example input or mocked result puts there (" +
                       what_is_there(read) + ")";
            if (auto meant = nearest_name(first.step, names_there(read)))
                hint = "did you mean '" + *meant + "'? " + hint;
        }
        out.add(read.pointer, message + ": the state would fail with States.Runtime", hint);
    }
}

constexpr Rule kDataRules[] = {
    {"path-never-exists", "data", Severity::Warning,
     "a JSONPath reads a field that, given the example input and the mocks' results, never exists at that state",
     "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html", check_path_never_exists},
};

}  // namespace

std::span<const Rule> data_rules() { return kDataRules; }

}  // namespace stepwise::lint
