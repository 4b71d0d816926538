// Data rules: what the example input and the mocks' results say about the
// JSONPaths of a definition (lint/shape_flow.h follows them through the states).
#include <algorithm>
#include <cctype>

#include "lint/rule.h"
#include "lint/shape_flow.h"

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

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The field the path most likely meant: a misspelling (case aside, at most two edits).
std::string closest(const std::vector<std::string>& names, std::string_view step) {
    std::string best;
    size_t best_distance = std::min<size_t>(2, step.size() / 3) + 1;
    for (const std::string& name : names) {
        size_t d = edit_distance(name, step);
        if (d < best_distance) {
            best = name;
            best_distance = d;
        }
    }
    return best;
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
        std::string message = read.field + " path '" + read.path + "' of state " + read.state->name;
        std::string hint = "Fix the path, or the ResultPath, OutputPath or Parameters of an earlier state that shapes this input.";
        if (first.step.empty()) {
            message += " selects nothing in any example that reaches it";
        } else {
            std::string what = first.step.starts_with("[") ? "element " + first.step : "field '" + first.step + "'";
            message += " reads " + what + ", which no example input or mocked result puts there (" +
                       what_is_there(read) + ")";
            if (std::string meant = closest(names_there(read), first.step); !meant.empty())
                hint = "Did you mean '" + meant + "'? " + hint;
        }
        out.add(read.pointer, message + ": the state would fail with States.Runtime", hint);
    }
}

constexpr Rule kDataRules[] = {
    {"path-never-exists", "data", Severity::Warning,
     "A JSONPath reads a field that, given the example input and the mocks' results, never exists at that state",
     "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html", check_path_never_exists},
};

}  // namespace

std::span<const Rule> data_rules() { return kDataRules; }

}  // namespace stepwise::lint
