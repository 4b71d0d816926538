// ASL mode: compile the case's definition, run it on the virtual clock with
// the case's mocks, compare status, output, error, cause and history types
// with what AWS recorded (see ../shared/conformance/asl/README.md).
//
// At exit it prints the pass rate of the JSONPath-mode cases (no `jsonata`
// feature, not a Variables/JSONata topic) to stderr, so stdout still ends
// with `N passed, M failed`.
#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "asl/compile.h"
#include "json/parse.h"
#include "json/write.h"
#include "runner.h"
#include "runtime/run.h"

namespace stepwise::conformance {

namespace {

struct JsonPathStats {
    size_t passed = 0, failed = 0;
    ~JsonPathStats() {
        if (passed + failed == 0) return;
        std::fprintf(stderr, "JSONPath-mode cases: %zu passed, %zu failed (%.1f%%)\n", passed, failed,
                     100.0 * static_cast<double>(passed) / static_cast<double>(passed + failed));
    }
};
JsonPathStats stats;

bool is_jsonpath_case(const json::Value& c) {
    if (const json::Value* f = c.find("features"); f && f->is_array())
        for (const auto& x : f->as_array())
            if (x.is_string() && x.as_string() == "jsonata") return false;
    static const std::set<std::string, std::less<>> later = {"assign",   "arguments",      "outputdecl",
                                                              "evaluate_jsonata", "query_language", "states_variables"};
    if (const json::Value* t = c.find("topic"); t && t->is_string() && later.count(t->as_string())) return false;
    return true;
}

class Wildcards {
public:
    explicit Wildcards(const json::Value* list) {
        if (list && list->is_array())
            for (const auto& w : list->as_array())
                if (w.is_string()) words_.emplace_back(w.as_string());
        std::sort(words_.begin(), words_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    }

    bool string_matches(std::string_view expected, std::string_view actual) const {
        if (expected == actual) return true;
        bool any = false;
        for (const auto& w : words_)
            if (expected.find(w) != std::string_view::npos) any = true;
        if (!any) return false;
        std::string pattern = "^";
        size_t i = 0;
        while (i < expected.size()) {
            bool matched = false;
            for (const auto& w : words_) {
                if (expected.substr(i, w.size()) == w) {
                    pattern += "[\\s\\S]*?";
                    i += w.size();
                    matched = true;
                    break;
                }
            }
            if (matched) continue;
            char c = expected[i++];
            if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern += '\\';
            pattern += c;
        }
        pattern += "$";
        try {
            return std::regex_match(std::string(actual), std::regex(pattern));
        } catch (...) {
            return false;
        }
    }

    bool is_wildcard(std::string_view s) const {
        return std::find(words_.begin(), words_.end(), s) != words_.end();
    }

    // Structural comparison with placeholders.
    bool matches(const json::Value& expected, const json::Value& actual) const {
        if (expected.is_string()) {
            if (is_wildcard(expected.as_string())) return true;
            return actual.is_string() && string_matches(expected.as_string(), actual.as_string());
        }
        if (expected.is_number()) return actual.is_number() && expected == actual;
        if (expected.is_array()) {
            if (!actual.is_array() || actual.size() != expected.size()) return false;
            for (size_t i = 0; i < expected.size(); ++i)
                if (!matches(expected.as_array()[i], actual.as_array()[i])) return false;
            return true;
        }
        if (expected.is_object()) {
            if (!actual.is_object() || actual.size() != expected.size()) return false;
            for (const auto& m : expected.as_object()) {
                const json::Value* a = actual.find(m.name());
                if (!a || !matches(m.value, *a)) return false;
            }
            return true;
        }
        return expected == actual;
    }

private:
    std::vector<std::string> words_;
};

class MockExecutor : public tasks::Executor {
public:
    MockExecutor(const json::Value* mocks, const Wildcards& wildcards) : wildcards_(wildcards) {
        if (mocks && mocks->is_object())
            for (const auto& m : mocks->as_object()) {
                auto& list = entries_[std::string(m.name())];
                if (m.value.is_array())
                    for (const auto& e : m.value.as_array()) list.push_back({e, false});
            }
    }

    tasks::TaskOutcome invoke(const tasks::TaskRequest& request) override {
        auto it = entries_.find(request.state_name);
        if (it == entries_.end()) {
            problem_ = "the engine invoked '" + request.state_name + "', which has no mocks";
            return tasks::TaskOutcome::failure("MockMissing", problem_);
        }
        auto& list = it->second;
        Entry* chosen = nullptr;
        for (auto& e : list) {
            if (e.used) continue;
            if (!chosen) chosen = &e;
            const json::Value* input = e.value.find("Input");
            if (!input || wildcards_.matches(*input, request.parameters)) {
                chosen = &e;
                break;
            }
        }
        if (!chosen) {
            problem_ = "the engine invoked '" + request.state_name + "' more often than mocked";
            return tasks::TaskOutcome::failure("MockMissing", problem_);
        }
        chosen->used = true;
        const json::Value& e = chosen->value;
        if (const json::Value* r = e.find("Return")) return tasks::TaskOutcome::success(*r);
        if (const json::Value* t = e.find("Throw")) {
            tasks::TaskOutcome out;
            out.kind = tasks::TaskOutcome::Kind::Failed;
            if (const json::Value* er = t->find("Error"); er && er->is_string()) out.error = er->as_string();
            if (const json::Value* c = t->find("Cause"); c && c->is_string()) out.cause = c->as_string();
            if (const json::Value* c = t->find("CauseJson")) out.cause = json::dump(*c);
            return out;
        }
        if (const json::Value* t = e.find("Timeout")) {
            tasks::TaskOutcome out = tasks::TaskOutcome::timeout();
            if (const json::Value* er = t->find("Error"); er && er->is_string()) out.error = er->as_string();
            return out;
        }
        return tasks::TaskOutcome::success(json::Value());
    }

    const std::string& problem() const { return problem_; }

private:
    struct Entry {
        json::Value value;
        bool used;
    };
    const Wildcards& wildcards_;
    std::map<std::string, std::vector<Entry>> entries_;
    std::string problem_;
};

std::string show(const json::Value& v) {
    std::string s = json::dump(v);
    if (s.size() > 300) s = s.substr(0, 300) + "...";
    return s;
}

bool has_feature(const json::Value& c, std::string_view name) {
    if (const json::Value* f = c.find("features"); f && f->is_array())
        for (const auto& x : f->as_array())
            if (x.is_string() && x.as_string() == name) return true;
    return false;
}

Outcome run_case(const json::Value& test_case) {
    const json::Value* definition = test_case.find("definition");
    const json::Value* expected = test_case.find("expected");
    if (!definition || !expected) return fail("case without definition or expected");
    Wildcards wildcards(test_case.find("wildcards"));

    asl::CompileResult compiled = asl::compile(*definition);
    if (!compiled.ok()) {
        std::string msg = "definition does not compile:";
        for (const auto& d : compiled.errors) msg += " " + d.to_string() + ";";
        return fail(msg);
    }
    MockExecutor executor(test_case.find("mocks"), wildcards);
    runtime::RunOptions options;
    options.execution_name = "conformance-execution";
    options.state_machine_name = "conformance-machine";
    options.scope = {"111111111111", "us-east-1"};  // the account the cases were recorded in
    options.role_arn = "arn:aws:iam::111111111111:role/snf_role_arn";
    if (const json::Value* t = test_case.find("state_machine_type"); t && t->is_string() && t->as_string() == "EXPRESS")
        options.express = true;
    json::Value input = test_case.find("input") ? *test_case.find("input") : json::Value(json::Object{});
    runtime::RunResult result = runtime::run(compiled.machine, input, executor, options);

    std::string status(result.status_name());
    const json::Value* want_status = expected->find("status");
    if (!executor.problem().empty()) return fail(executor.problem());
    if (want_status && want_status->as_string() != status) {
        std::string msg = "status " + status + ", expected " + std::string(want_status->as_string());
        if (result.error) msg += "; error " + *result.error;
        if (result.cause) msg += "; cause " + *result.cause;
        return fail(msg);
    }
    if (status == "SUCCEEDED") {
        if (const json::Value* out = expected->find("output"); out && !wildcards.matches(*out, result.output))
            return fail("output " + show(result.output) + ", expected " + show(*out));
    } else {
        const json::Value* err = expected->find("error");
        if (err) {
            if (!result.error || !wildcards.string_matches(err->as_string(), *result.error))
                return fail("error " + (result.error ? *result.error : std::string("(none)")) + ", expected " +
                            std::string(err->as_string()));
        } else if (result.error && !result.error->empty()) {
            return fail("error " + *result.error + ", expected none");
        }
        if (const json::Value* cause = expected->find("cause")) {
            if (!result.cause || !wildcards.string_matches(cause->as_string(), *result.cause))
                return fail("cause " + (result.cause ? *result.cause : std::string("(none)")) + ", expected " +
                            std::string(cause->as_string()));
        } else if (const json::Value* cj = expected->find("cause_json")) {
            auto parsed = result.cause ? json::try_parse(*result.cause) : std::nullopt;
            if (!parsed || !wildcards.matches(*cj, *parsed))
                return fail("cause " + (result.cause ? *result.cause : std::string("(none)")) + ", expected JSON " +
                            show(*cj));
        } else if (!err && result.cause && !result.cause->empty()) {
            return fail("cause " + *result.cause + ", expected none");
        }
    }
    if (const json::Value* types = expected->find("history_types"); types && types->is_array()) {
        std::vector<std::string> want, got;
        for (const auto& t : types->as_array()) want.emplace_back(t.as_string());
        for (const auto& e : result.history) got.push_back(e.type_name());
        if (want != got) {
            bool concurrent = has_feature(test_case, "Parallel") || has_feature(test_case, "Map");
            std::vector<std::string> a = want, b = got;
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            if (!concurrent || a != b) {
                size_t i = 0;
                while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
                std::string msg = "history differs at event " + std::to_string(i + 1) + ": got " +
                                  (i < got.size() ? got[i] : std::string("(end)")) + ", expected " +
                                  (i < want.size() ? want[i] : std::string("(end)")) + " (" + std::to_string(got.size()) +
                                  " events, expected " + std::to_string(want.size()) + ")";
                return fail(msg);
            }
        }
    }
    return pass();
}

}  // namespace

Outcome run_asl_case(const json::Value& test_case, const std::filesystem::path&) {
    Outcome outcome;
    try {
        outcome = run_case(test_case);
    } catch (const std::exception& e) {
        outcome = fail(std::string("exception: ") + e.what());
    }
    if (is_jsonpath_case(test_case)) (outcome.passed ? stats.passed : stats.failed)++;
    return outcome;
}

}  // namespace stepwise::conformance
