// jsonata mode: runs one case of the JSONata conformance corpus (see
// ../shared/conformance/jsonata/README.md for the case format).
#include <chrono>
#include <map>
#include <mutex>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"
#include "runner.h"

namespace stepwise::conformance {

namespace {

namespace fs = std::filesystem;

const json::Value* member(const json::Value& obj, std::string_view key) { return obj.find(key); }

json::Value load_dataset(const fs::path& case_file, const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, json::Value> cache;
    for (fs::path dir = case_file.parent_path(); !dir.empty(); dir = dir.parent_path()) {
        fs::path candidate = dir / "datasets" / (name + ".json");
        if (fs::exists(candidate)) {
            std::lock_guard lock(mutex);
            auto it = cache.find(candidate.string());
            if (it != cache.end()) return it->second;
            json::Value v = json::parse_file(candidate.string());
            cache.emplace(candidate.string(), v);
            return v;
        }
        if (dir == dir.parent_path()) break;
    }
    throw std::runtime_error("dataset not found: " + name);
}

bool equal_unordered(const json::Value& actual, const json::Value& expected) {
    if (!actual.is_array() || !expected.is_array() || actual.size() != expected.size()) return actual == expected;
    std::vector<bool> used(actual.size(), false);
    for (const auto& e : expected.as_array()) {
        bool found = false;
        for (size_t i = 0; i < actual.size(); ++i) {
            if (!used[i] && actual.as_array()[i] == e) {
                used[i] = found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return true;
}

std::string brief(const json::Value& v) {
    std::string s = json::dump(v);
    if (s.size() > 200) s = s.substr(0, 200) + "...";
    return s;
}

}  // namespace

Outcome run_jsonata_case(const json::Value& test_case, const fs::path& file) {
    const json::Value* expr_v = member(test_case, "expr");
    if (!expr_v || !expr_v->is_string()) return fail("case has no expr");

    std::optional<json::Value> input;
    if (const json::Value* data = member(test_case, "data")) {
        input = *data;
    } else if (const json::Value* dataset = member(test_case, "dataset"); dataset && dataset->is_string()) {
        input = load_dataset(file, std::string(dataset->as_string()));
    }

    jsonata::Bindings bindings;
    if (const json::Value* b = member(test_case, "bindings"); b && b->is_object())
        for (const auto& m : b->as_object()) bindings.set(std::string(m.name()), m.value);

    jsonata::EvalOptions options;
    options.now_ms = static_cast<double>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    if (const json::Value* depth = member(test_case, "depth"); depth && depth->is_number())
        options.max_depth = static_cast<size_t>(depth->as_double());
    if (const json::Value* limit = member(test_case, "timelimit"); limit && limit->is_number())
        options.timeout_ms = static_cast<int64_t>(limit->as_double());

    const json::Value* expected_result = member(test_case, "result");
    const json::Value* undefined_result = member(test_case, "undefinedResult");
    const json::Value* expected_code = member(test_case, "code");
    const json::Value* expected_error = member(test_case, "error");
    const json::Value* expected_token = member(test_case, "token");
    bool unordered = member(test_case, "unordered") && member(test_case, "unordered")->is_bool() &&
                     member(test_case, "unordered")->as_bool();

    std::optional<json::Value> result;
    bool compiled = false;
    try {
        auto expression = jsonata::Expression::compile(expr_v->as_string());
        compiled = true;
        result = expression.evaluate(input ? &*input : nullptr, bindings, options);
    } catch (const jsonata::Error& e) {
        std::string got = e.code() + " (" + e.message() + ")";
        if (expected_code && expected_code->is_string()) {
            if (e.code() != expected_code->as_string()) return fail("expected error " + std::string(expected_code->as_string()) + ", got " + got);
            if (expected_token && expected_token->is_string() && !compiled && e.token() != expected_token->as_string())
                return fail("expected token " + std::string(expected_token->as_string()) + ", got " + e.token());
            return pass();
        }
        if (expected_error && expected_error->is_object()) {
            for (const auto& m : expected_error->as_object()) {
                std::string_view key = m.name();
                if (key == "code") {
                    if (e.code() != m.value.as_string()) return fail("expected error " + json::dump(m.value) + ", got " + got);
                } else if (key == "message") {
                    if (!m.value.is_string() || e.message() != m.value.as_string())
                        return fail("expected message " + json::dump(m.value) + ", got " + json::quoted(e.message()));
                } else if (key == "token") {
                    if (!m.value.is_string() || e.token() != m.value.as_string())
                        return fail("expected token " + json::dump(m.value) + ", got " + e.token());
                } else if (key == "value") {
                    if (!e.value() || !(*e.value() == m.value))
                        return fail("expected value " + json::dump(m.value) + ", got " + (e.value() ? json::dump(*e.value()) : "none"));
                }
            }
            return pass();
        }
        return fail("unexpected error " + got);
    }

    if (undefined_result) {
        if (result) return fail("expected undefined, got " + brief(*result));
        return pass();
    }
    if (expected_result) {
        if (!result) return fail("expected " + brief(*expected_result) + ", got undefined");
        bool same = unordered ? equal_unordered(*result, *expected_result) : *result == *expected_result;
        if (!same) return fail("expected " + brief(*expected_result) + ", got " + brief(*result));
        return pass();
    }
    if (expected_code || expected_error) return fail("expected an error, got " + (result ? brief(*result) : "undefined"));
    return fail("case has no expectation");
}

}  // namespace stepwise::conformance
