// A test file (docs/testing.md) read into a suite: which definition, the
// world around it, and the cases with their expectations. Every key is read
// typed; an unknown key, a wrong type or a missing file is an error naming the
// place ("order.test.yaml:14:7: /cases/1/expect/stauts: unknown key (did you
// mean status?)"), so a misspelled assertion can never pass by being ignored.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/value.h"
#include "json/yaml.h"

namespace stepwise::testing {

class SuiteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where things are in a test file, for messages.
struct SourceFile {
    std::string path;
    json::SourceMap positions;  // empty for files not read from text
    // "order.test.yaml:14:7" (the nearest located ancestor of `pointer`), or the path alone.
    std::string where(const std::string& pointer) const;
};

// `{% expr %}` (JSONata, `$` = the output) or `{path, equals | exists}` (JSONPath over the output).
struct OutputPredicate {
    std::string pointer;
    std::string jsonata;             // the expression between {% and %}; "" for a path predicate
    std::string path;                // a JSONPath
    std::optional<json::Value> equals;
    std::optional<bool> exists;
};

struct StateExpectation {
    std::string state;
    std::string pointer;
    std::optional<int64_t> calls, retries;
    int64_t entry = 0;  // which entry of the state input/output/payload/variables look at
    std::optional<json::Value> input, input_includes, output, output_includes, payload, payload_includes, variables,
        variables_includes;
};

struct EventExpectation {
    std::string pointer;
    json::Value pattern;
    std::optional<int64_t> count;  // exactly; none = at least one
};

struct ChildExpectation {
    std::string pointer;
    std::string state_machine;
    std::optional<std::string> status;
    std::optional<int64_t> count;  // exactly; none = at least one
};

struct Expectations {
    std::optional<std::string> status;  // a test file's cases default to SUCCEEDED
    std::optional<json::Value> output, output_includes;
    std::vector<OutputPredicate> output_satisfies;
    std::optional<std::string> error, cause, cause_includes;
    std::optional<std::vector<std::string>> path;
    std::vector<std::string> entered, not_entered;
    std::vector<StateExpectation> states;
    std::optional<int64_t> duration_ms;
    std::vector<EventExpectation> events;
    std::vector<ChildExpectation> children;
    bool snapshot = false;
};

struct TestCaseSpec {
    std::string name;
    std::string pointer;          // "/cases/3"
    json::Value input = json::Object{};
    std::string test_case;        // of the suite's mock config ("" = none)
    json::Value mocks;            // inline: state name -> response (an object), or null
    std::map<std::string, std::string> substitutions;  // the case's own, on top of the suite's (compiles again)
    bool local_functions = false;
    int64_t start_ms = 0;
    uint64_t seed = 0;
    std::optional<bool> express;  // executionType EXPRESS; nullopt: the definition's (a template's Type)
    std::string execution_name;
    Expectations expect;
};

struct Suite {
    SourceFile source;
    std::string definition;       // the ASL file (absolute or relative to the working folder); "" with a template
    std::string template_file, template_machine;
    std::string state_machine_name;
    std::string project;
    std::string mock_config;      // a MockConfigFile ("" = none)
    std::map<std::string, std::string> substitutions;
    std::vector<std::string> machine_dirs, schema_dirs;
    std::vector<TestCaseSpec> cases;
    // Files a change of which changes the suite (for --watch): the test file, inputs, substitutions.
    std::vector<std::string> files;
};

// Reads a *.test.yaml / *.test.yml / *.test.json file. Throws SuiteError.
Suite load_suite(const std::string& path);

// Every test case of a Step Functions Local mock config as a case, for
// `stepwise test --mocks FILE [DEFINITION]`: no expectations beyond the run's own checks.
Suite suite_from_mock_config(const std::string& mock_config_path, const std::string& definition,
                             const std::string& state_machine_name, const std::vector<std::string>& test_cases);

// "90s", "2h 5m", "1d", "1.5s", "250ms" -> milliseconds; nullopt when not a duration.
std::optional<int64_t> parse_duration_ms(std::string_view text);

}  // namespace stepwise::testing
