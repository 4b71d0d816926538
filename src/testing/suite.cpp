#include "testing/suite.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/timestamp.h"
#include "json/parse.h"
#include "json/pointer.h"
#include "json/source_map.h"
#include "json/write.h"
#include "jsonata/error.h"
#include "jsonata/expression.h"
#include "query/path.h"
#include "testing/closest_name.h"

namespace stepwise::testing {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDefaultStartTime = "2025-01-01T00:00:00Z";

const std::vector<std::string> kSuiteKeys = {"definition", "template", "stateMachine", "stateMachineName", "substitutions",
                                             "project", "mockConfig", "machines", "schemaDirs", "defaults", "cases"};
const std::vector<std::string> kCaseKeys = {"name", "input", "inputFile", "testCase", "mocks", "substitutions", "localFunctions",
                                            "startTime", "seed", "executionType", "executionName", "expect"};
const std::vector<std::string> kExpectKeys = {"status", "output", "outputIncludes", "outputSatisfies", "error", "cause",
                                              "causeIncludes", "path", "entered", "notEntered", "states", "duration",
                                              "events", "children", "snapshot"};
const std::vector<std::string> kStateKeys = {"calls", "retries", "entry", "input", "inputIncludes", "output", "outputIncludes",
                                             "payload", "payloadIncludes", "variables", "variablesIncludes"};
const std::vector<std::string> kStatuses = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"};

// Typed reads of one test file; every failure names the place.
class Reader {
public:
    Reader(const SourceFile& source, std::string dir) : source_(source), dir_(std::move(dir)) {}

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        throw SuiteError(source_.where(pointer) + ": " + (pointer.empty() ? "" : pointer + ": ") + message);
    }

    const json::Object& object(const json::Value& v, const std::string& pointer, const std::vector<std::string>& keys) const {
        if (!v.is_object()) fail(pointer, "expected an object, got " + std::string(json::kind_name(v.kind())));
        for (const json::Member& m : v.as_object())
            if (std::find(keys.begin(), keys.end(), m.name()) == keys.end())
                fail(json::pointer_child(pointer, m.name()), "unknown key" + did_you_mean(m.name(), keys));
        return v.as_object();
    }

    std::string string(const json::Value& v, const std::string& pointer) const {
        if (!v.is_string()) fail(pointer, "expected a string, got " + std::string(json::kind_name(v.kind())));
        if (v.as_string().empty()) fail(pointer, "must not be empty");
        return std::string(v.as_string());
    }

    int64_t integer(const json::Value& v, const std::string& pointer, int64_t min) const {
        if (!v.is_integer() || v.as_int() < min) fail(pointer, "expected a whole number of at least " + std::to_string(min));
        return v.as_int();
    }

    bool boolean(const json::Value& v, const std::string& pointer) const {
        if (!v.is_bool()) fail(pointer, "expected true or false");
        return v.as_bool();
    }

    std::vector<std::string> strings(const json::Value& v, const std::string& pointer) const {
        if (!v.is_array()) fail(pointer, "expected a list of strings");
        std::vector<std::string> out;
        for (size_t i = 0; i < v.size(); ++i) out.push_back(string(v.as_array()[i], json::pointer_child(pointer, i)));
        return out;
    }

    // A path relative to the test file, which must exist.
    std::string file(const json::Value& v, const std::string& pointer, bool folder = false) const {
        std::string name = string(v, pointer);
        fs::path path = fs::path(name).is_absolute() ? fs::path(name) : fs::path(dir_) / name;
        std::error_code ec;
        if (folder ? !fs::is_directory(path, ec) : !fs::is_regular_file(path, ec))
            fail(pointer, std::string(folder ? "no folder " : "no file ") + path.lexically_normal().string());
        return path.lexically_normal().string();
    }

    std::vector<std::string> folders(const json::Value& v, const std::string& pointer) const {
        if (v.is_string()) return {file(v, pointer, true)};
        if (!v.is_array()) fail(pointer, "expected a folder or a list of folders");
        std::vector<std::string> out;
        for (size_t i = 0; i < v.size(); ++i) out.push_back(file(v.as_array()[i], json::pointer_child(pointer, i), true));
        return out;
    }

    json::Value json_file(const json::Value& v, const std::string& pointer, std::vector<std::string>& files) const {
        std::string path = file(v, pointer);
        files.push_back(path);
        try {
            return json::parse_file(path);
        } catch (const std::exception& e) {
            fail(pointer, e.what());
        }
    }

private:
    const SourceFile& source_;
    std::string dir_;
};

std::map<std::string, std::string> read_substitutions(const Reader& r, const json::Value& v, const std::string& pointer,
                                                      std::vector<std::string>& files) {
    json::Value map = v.is_string() ? r.json_file(v, pointer, files) : v;
    if (!map.is_object()) r.fail(pointer, "expected a JSON file or a map of names to values");
    std::map<std::string, std::string> out;
    for (const json::Member& m : map.as_object()) {
        if (m.value.is_string()) out[std::string(m.name())] = std::string(m.value.as_string());
        else if (m.value.is_number() || m.value.is_bool()) out[std::string(m.name())] = json::dump(m.value);
        else r.fail(json::pointer_child(pointer, m.name()), "a substitution is a string, number or boolean");
    }
    return out;
}

OutputPredicate read_predicate(const Reader& r, const json::Value& v, const std::string& pointer) {
    OutputPredicate p;
    p.pointer = pointer;
    if (v.is_string()) {
        std::string_view text = v.as_string();
        size_t begin = text.find_first_not_of(" \t\n");
        size_t end = text.find_last_not_of(" \t\n");
        if (begin == std::string_view::npos || text.substr(begin, 2) != "{%" || end < begin + 3 || text.substr(end - 1, 2) != "%}")
            r.fail(pointer, "a predicate is a JSONata expression \"{% ... %}\" or {path, equals | exists}");
        p.jsonata = std::string(text.substr(begin + 2, end - 1 - (begin + 2)));
        try {
            jsonata::Expression::compile(p.jsonata);
        } catch (const jsonata::Error& e) {
            r.fail(pointer, "JSONata: " + e.code() + " " + e.message());
        }
        return p;
    }
    const json::Object& o = r.object(v, pointer, {"path", "equals", "exists"});
    const json::Value* path = o.find("path");
    if (!path) r.fail(pointer, "needs path (a JSONPath over the output)");
    p.path = r.string(*path, pointer + "/path");
    try {
        query::Path::compile(p.path);
    } catch (const std::exception& e) {
        r.fail(pointer + "/path", std::string("JSONPath: ") + e.what());
    }
    if (const json::Value* e = o.find("equals")) p.equals = *e;
    if (const json::Value* e = o.find("exists")) p.exists = r.boolean(*e, pointer + "/exists");
    if (p.equals.has_value() == p.exists.has_value()) r.fail(pointer, "needs one of equals and exists");
    return p;
}

StateExpectation read_state(const Reader& r, std::string_view name, const json::Value& v, const std::string& pointer) {
    StateExpectation s;
    s.state = std::string(name);
    s.pointer = pointer;
    const json::Object& o = r.object(v, pointer, kStateKeys);
    if (o.size() == 0) r.fail(pointer, "says nothing to check");
    auto at = [&](const char* key) { return json::pointer_child(pointer, key); };
    if (const json::Value* x = o.find("calls")) s.calls = r.integer(*x, at("calls"), 0);
    if (const json::Value* x = o.find("retries")) s.retries = r.integer(*x, at("retries"), 0);
    if (const json::Value* x = o.find("entry")) s.entry = r.integer(*x, at("entry"), 0);
    auto value = [&](const char* key, std::optional<json::Value>& into) {
        if (const json::Value* x = o.find(key)) into = *x;
    };
    value("input", s.input);
    value("inputIncludes", s.input_includes);
    value("output", s.output);
    value("outputIncludes", s.output_includes);
    value("payload", s.payload);
    value("payloadIncludes", s.payload_includes);
    value("variables", s.variables);
    value("variablesIncludes", s.variables_includes);
    bool looks_at_entry = s.input || s.input_includes || s.output || s.output_includes || s.payload || s.payload_includes ||
                          s.variables || s.variables_includes;
    if (o.find("entry") && !looks_at_entry)
        r.fail(at("entry"), "picks an entry, but nothing of it is checked (input, output, payload, variables)");
    return s;
}

Expectations read_expectations(const Reader& r, const json::Value& v, const std::string& pointer) {
    Expectations e;
    const json::Object& o = r.object(v, pointer, kExpectKeys);
    auto at = [&](const char* key) { return json::pointer_child(pointer, key); };
    if (const json::Value* x = o.find("status")) {
        e.status = r.string(*x, at("status"));
        if (std::find(kStatuses.begin(), kStatuses.end(), *e.status) == kStatuses.end())
            r.fail(at("status"), "expected SUCCEEDED, FAILED, TIMED_OUT or ABORTED" + did_you_mean(*e.status, kStatuses));
    }
    if (const json::Value* x = o.find("output")) e.output = *x;
    if (const json::Value* x = o.find("outputIncludes")) e.output_includes = *x;
    if (const json::Value* x = o.find("outputSatisfies")) {
        if (!x->is_array()) r.fail(at("outputSatisfies"), "expected a list of predicates");
        for (size_t i = 0; i < x->size(); ++i)
            e.output_satisfies.push_back(read_predicate(r, x->as_array()[i], json::pointer_child(at("outputSatisfies"), i)));
    }
    if (const json::Value* x = o.find("error")) e.error = r.string(*x, at("error"));
    if (const json::Value* x = o.find("cause")) {
        if (!x->is_string()) r.fail(at("cause"), "expected a string");
        e.cause = std::string(x->as_string());
    }
    if (const json::Value* x = o.find("causeIncludes")) e.cause_includes = r.string(*x, at("causeIncludes"));
    if (const json::Value* x = o.find("path")) e.path = r.strings(*x, at("path"));
    if (const json::Value* x = o.find("entered")) e.entered = r.strings(*x, at("entered"));
    if (const json::Value* x = o.find("notEntered")) e.not_entered = r.strings(*x, at("notEntered"));
    if (const json::Value* x = o.find("states")) {
        if (!x->is_object()) r.fail(at("states"), "expected a map of state names to expectations");
        for (const json::Member& m : x->as_object())
            e.states.push_back(read_state(r, m.name(), m.value, json::pointer_child(at("states"), m.name())));
    }
    if (const json::Value* x = o.find("duration")) {
        std::optional<int64_t> ms;
        if (x->is_number() && x->as_double() >= 0) ms = static_cast<int64_t>(std::llround(x->as_double() * 1000));
        else if (x->is_string()) ms = parse_duration_ms(x->as_string());
        if (!ms) r.fail(at("duration"), "expected a duration such as 90s, 2h 5m, 1d, 250ms, or a number of seconds");
        e.duration_ms = ms;
    }
    if (const json::Value* x = o.find("events")) {
        if (!x->is_array()) r.fail(at("events"), "expected a list of {pattern, count}");
        for (size_t i = 0; i < x->size(); ++i) {
            std::string p = json::pointer_child(at("events"), i);
            const json::Object& item = r.object(x->as_array()[i], p, {"pattern", "count"});
            EventExpectation ev;
            ev.pointer = p;
            const json::Value* pattern = item.find("pattern");
            if (!pattern || !pattern->is_object()) r.fail(p, "needs pattern (an EventBridge event pattern object)");
            ev.pattern = *pattern;
            if (const json::Value* c = item.find("count")) ev.count = r.integer(*c, p + "/count", 0);
            e.events.push_back(std::move(ev));
        }
    }
    if (const json::Value* x = o.find("children")) {
        if (!x->is_array()) r.fail(at("children"), "expected a list of {stateMachine, status, count}");
        for (size_t i = 0; i < x->size(); ++i) {
            std::string p = json::pointer_child(at("children"), i);
            const json::Object& item = r.object(x->as_array()[i], p, {"stateMachine", "status", "count"});
            ChildExpectation c;
            c.pointer = p;
            const json::Value* name = item.find("stateMachine");
            if (!name) r.fail(p, "needs stateMachine (the child's state machine name)");
            c.state_machine = r.string(*name, p + "/stateMachine");
            if (const json::Value* s = item.find("status")) {
                c.status = r.string(*s, p + "/status");
                if (std::find(kStatuses.begin(), kStatuses.end(), *c.status) == kStatuses.end())
                    r.fail(p + "/status", "expected SUCCEEDED, FAILED, TIMED_OUT or ABORTED");
            }
            if (const json::Value* n = item.find("count")) c.count = r.integer(*n, p + "/count", 0);
            e.children.push_back(std::move(c));
        }
    }
    if (const json::Value* x = o.find("snapshot")) e.snapshot = r.boolean(*x, at("snapshot"));
    return e;
}

// A case's inline mocks: each state's response is {Return} / {Throw} for every
// call, or invocation keys ("0", "1-2") of {Return} / {Throw}.
bool is_invocation_key(std::string_view key) {
    size_t dash = key.find('-');
    auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return dash == std::string_view::npos ? digits(key) : digits(key.substr(0, dash)) && digits(key.substr(dash + 1));
}

void check_inline_mocks(const Reader& r, const json::Value& mocks, const std::string& pointer) {
    static const std::vector<std::string> kResponseKeys = {"Return", "Throw"};
    if (!mocks.is_object()) r.fail(pointer, "expected a map of state names to responses");
    for (const json::Member& m : mocks.as_object()) {
        std::string p = json::pointer_child(pointer, m.name());
        if (!m.value.is_object() || m.value.size() == 0)
            r.fail(p, "expected {Return: value}, {Throw: {Error, Cause}} or invocations {\"0\": ..., \"1-2\": ...}");
        bool every_call = m.value.find("Return") || m.value.find("Throw");
        for (const json::Member& key : m.value.as_object()) {
            if (every_call && std::find(kResponseKeys.begin(), kResponseKeys.end(), key.name()) == kResponseKeys.end())
                r.fail(json::pointer_child(p, key.name()), "a response for every call holds Return or Throw, nothing else" +
                                                               did_you_mean(key.name(), kResponseKeys));
            if (!every_call && !is_invocation_key(key.name()))
                r.fail(json::pointer_child(p, key.name()), "expected Return, Throw, or invocation keys such as \"0\" or \"1-2\"" +
                                                               did_you_mean(key.name(), kResponseKeys));
        }
    }
}

TestCaseSpec read_case(const Reader& r, const json::Value& v, const json::Value& defaults, const std::string& pointer,
                       std::vector<std::string>& files) {
    r.object(v, pointer, kCaseKeys);
    // A case field comes from the case, else from the suite's defaults.
    auto field = [&](const char* key, std::string* where) -> const json::Value* {
        if (const json::Value* x = v.find(key)) {
            *where = json::pointer_child(pointer, key);
            return x;
        }
        if (const json::Value* x = defaults.find(key)) {
            *where = json::pointer_child("/defaults", key);
            return x;
        }
        return nullptr;
    };
    TestCaseSpec c;
    c.pointer = pointer;
    std::string at;
    const json::Value* name = v.find("name");
    if (!name) r.fail(pointer, "a case needs a name");
    c.name = r.string(*name, pointer + "/name");
    // input and inputFile are one field: a case giving either replaces the defaults' either.
    const json::Value& inputs = v.find("input") || v.find("inputFile") ? v : defaults;
    std::string inputs_at = &inputs == &v ? pointer : std::string("/defaults");
    const json::Value* input = inputs.find("input");
    const json::Value* input_file = inputs.find("inputFile");
    if (input && input_file) r.fail(inputs_at, "input and inputFile: give one");
    if (input) c.input = *input;
    if (input_file) c.input = r.json_file(*input_file, inputs_at + "/inputFile", files);
    if (const json::Value* x = field("testCase", &at)) c.test_case = r.string(*x, at);
    if (const json::Value* x = field("mocks", &at)) {
        check_inline_mocks(r, *x, at);
        c.mocks = *x;
    }
    if (const json::Value* x = field("substitutions", &at)) c.substitutions = read_substitutions(r, *x, at, files);
    if (const json::Value* x = field("localFunctions", &at)) c.local_functions = r.boolean(*x, at);
    const json::Value* start = field("startTime", &at);
    std::string start_text = start ? r.string(*start, at) : std::string(kDefaultStartTime);
    auto instant = engine::parse_rfc3339(start_text);
    if (!instant) r.fail(at, "expected an RFC 3339 timestamp such as 2025-01-31T09:00:00Z");
    c.start_ms = instant->to_ms();
    if (const json::Value* x = field("seed", &at)) c.seed = static_cast<uint64_t>(r.integer(*x, at, 0));
    if (const json::Value* x = field("executionType", &at)) {
        std::string type = r.string(*x, at);
        if (type != "STANDARD" && type != "EXPRESS") r.fail(at, "expected STANDARD or EXPRESS");
        c.express = type == "EXPRESS";
    }
    if (const json::Value* x = field("executionName", &at)) c.execution_name = r.string(*x, at);
    if (const json::Value* x = field("expect", &at)) c.expect = read_expectations(r, *x, at);
    if (!c.expect.status) c.expect.status = "SUCCEEDED";
    return c;
}

json::Value read_document(const std::string& path, SourceFile& source) {
    std::string text;
    try {
        text = json::read_file(path);
    } catch (const std::exception& e) {
        throw SuiteError(e.what());
    }
    if (path.ends_with(".json")) {
        try {
            json::ParseOptions strict;
            strict.reject_duplicate_keys = true;  // a second `expect` must not hide the first
            json::Value doc = json::parse(text, strict);
            source.positions = json::map_source(text);
            return doc;
        } catch (const json::ParseError& e) {
            throw SuiteError(path + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.reason());
        }
    }
    json::YamlOptions options;
    options.positions = &source.positions;
    options.reject_duplicate_keys = true;  // a second `expect` must not hide the first
    options.on_tag = [&](std::string_view tag, json::Value) -> json::Value {
        throw SuiteError(path + ": a YAML tag (!" + std::string(tag) + ") has no meaning in a test file");
    };
    try {
        return json::parse_yaml(text, path, options);
    } catch (const json::YamlError& e) {
        throw SuiteError(e.what());
    }
}

}  // namespace

std::string SourceFile::where(const std::string& pointer) const {
    auto at = positions.nearest(pointer);
    return at ? path + ":" + std::to_string(at->line) + ":" + std::to_string(at->column) : path;
}

Suite load_suite(const std::string& path) {
    Suite suite;
    suite.source.path = path;
    suite.files.push_back(path);
    json::Value doc = read_document(path, suite.source);
    std::string dir = fs::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    Reader r(suite.source, dir);
    const json::Object& o = r.object(doc, "", kSuiteKeys);
    if (const json::Value* x = o.find("definition")) suite.definition = r.file(*x, "/definition");
    if (const json::Value* x = o.find("template")) suite.template_file = r.file(*x, "/template");
    if (const json::Value* x = o.find("stateMachine")) suite.template_machine = r.string(*x, "/stateMachine");
    if (suite.definition.empty() == suite.template_file.empty())
        r.fail("", "give definition (an ASL file) or template with stateMachine (its logical id)");
    if (!suite.template_file.empty() && suite.template_machine.empty())
        r.fail("/template", "a template needs stateMachine: the logical id of the state machine to test");
    if (suite.template_file.empty() && !suite.template_machine.empty())
        r.fail("/stateMachine", "stateMachine names a template's state machine: give template too");
    if (const json::Value* x = o.find("stateMachineName")) suite.state_machine_name = r.string(*x, "/stateMachineName");
    if (const json::Value* x = o.find("substitutions")) suite.substitutions = read_substitutions(r, *x, "/substitutions", suite.files);
    if (const json::Value* x = o.find("project")) suite.project = r.file(*x, "/project");
    if (const json::Value* x = o.find("mockConfig")) {
        suite.mock_config = r.file(*x, "/mockConfig");
        suite.files.push_back(suite.mock_config);
    }
    if (const json::Value* x = o.find("machines")) suite.machine_dirs = r.folders(*x, "/machines");
    if (const json::Value* x = o.find("schemaDirs")) suite.schema_dirs = r.folders(*x, "/schemaDirs");
    json::Value defaults = json::Object{};
    if (const json::Value* x = o.find("defaults")) {
        std::vector<std::string> keys = kCaseKeys;
        keys.erase(std::find(keys.begin(), keys.end(), "name"));
        // A default expect would be replaced whole by any case's own: each case says what it expects.
        keys.erase(std::find(keys.begin(), keys.end(), "expect"));
        r.object(*x, "/defaults", keys);
        defaults = *x;
    }
    const json::Value* cases = o.find("cases");
    if (!cases || !cases->is_array() || cases->size() == 0) r.fail(cases ? "/cases" : "", "needs cases: a list of at least one case");
    std::map<std::string, std::string> names;
    for (size_t i = 0; i < cases->size(); ++i) {
        std::string pointer = json::pointer_child("/cases", i);
        TestCaseSpec c = read_case(r, cases->as_array()[i], defaults, pointer, suite.files);
        if (!c.test_case.empty() && suite.mock_config.empty())
            r.fail(pointer + "/testCase", "names a test case, but the suite has no mockConfig");
        if (auto [it, fresh] = names.emplace(c.name, pointer); !fresh)
            r.fail(pointer + "/name", "\"" + c.name + "\" is also the name of " + it->second);
        suite.cases.push_back(std::move(c));
    }
    return suite;
}

Suite suite_from_mock_config(const std::string& mock_config_path, const std::string& definition,
                             const std::string& state_machine_name, const std::vector<std::string>& test_cases) {
    Suite suite;
    suite.source.path = mock_config_path;
    suite.definition = definition;
    suite.state_machine_name = state_machine_name;
    suite.mock_config = mock_config_path;
    suite.files = {mock_config_path, definition};
    for (const std::string& name : test_cases) {
        TestCaseSpec c;
        c.name = name;
        c.pointer = "/StateMachines/" + json::pointer_escape(state_machine_name) + "/TestCases/" + json::pointer_escape(name);
        c.test_case = name;
        c.start_ms = engine::parse_rfc3339(kDefaultStartTime)->to_ms();
        suite.cases.push_back(std::move(c));
    }
    return suite;
}

std::optional<int64_t> parse_duration_ms(std::string_view text) {
    static const std::vector<std::pair<std::string_view, double>> units = {
        {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
    double total = 0;
    size_t i = 0, parts = 0;
    auto skip_spaces = [&] {
        while (i < text.size() && text[i] == ' ') ++i;
    };
    skip_spaces();
    while (i < text.size()) {
        size_t start = i, dots = 0;
        for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'); ++i) dots += text[i] == '.';
        if (start == i || dots > 1) return std::nullopt;
        double number = 0;
        try {
            number = std::stod(std::string(text.substr(start, i - start)));
        } catch (...) {
            return std::nullopt;
        }
        size_t unit_start = i;
        while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
        std::string_view unit = text.substr(unit_start, i - unit_start);
        auto it = std::find_if(units.begin(), units.end(), [&](const auto& u) { return u.first == unit; });
        if (it == units.end()) return std::nullopt;
        total += number * it->second;
        ++parts;
        skip_spaces();
    }
    if (parts == 0) return std::nullopt;
    return static_cast<int64_t>(std::llround(total));
}

}  // namespace stepwise::testing
