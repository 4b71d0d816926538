// EventBridge pattern cases: TestEventPattern cases go through
// events::test_event_pattern (the API's semantics); PutEvents cases put the
// pattern in a RuleIndex as one rule and check whether the envelope is routed.
#include "events/pattern/rule_index.h"
#include "events/pattern/test_event_pattern.h"
#include "json/parse.h"
#include "json/write.h"
#include "runner.h"

namespace stepwise::conformance {

namespace {

std::string text_of(const json::Value& test_case, const char* raw_field, const char* field) {
    if (const json::Value* raw = test_case.find(raw_field); raw && raw->is_string()) return std::string(raw->as_string());
    if (const json::Value* value = test_case.find(field)) return json::dump(*value);
    return {};
}

std::string string_field(const json::Value& test_case, const char* field) {
    const json::Value* value = test_case.find(field);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

bool is_tagged(const json::Value& test_case, std::string_view tag) {
    if (const json::Value* tags = test_case.find("tags"); tags && tags->is_array())
        for (const json::Value& t : tags->as_array())
            if (t.is_string() && t.as_string() == tag) return true;
    return false;
}

events::TestEventPatternResult route_put_event(const std::string& event_text, const std::string& pattern_text) {
    events::TestEventPatternResult out;
    events::PatternError error;
    std::optional<events::Pattern> pattern = events::Pattern::try_compile(pattern_text, &error);
    if (!pattern) {
        out.error_code = error.code();
        out.error_message = error.message();
        return out;
    }
    events::RuleIndex rules;
    rules.add("rule", std::move(*pattern));
    out.result = !rules.match(json::parse(event_text)).empty();
    return out;
}

}  // namespace

Outcome run_eventbridge_case(const json::Value& test_case, const std::filesystem::path&) {
    std::string pattern = text_of(test_case, "pattern_raw", "pattern");
    std::string event = text_of(test_case, "event_raw", "event");
    bool put_events = string_field(test_case, "api") == "PutEvents";
    events::TestEventPatternResult got =
        put_events ? route_put_event(event, pattern) : events::test_event_pattern(event, pattern);

    std::string expected_code = string_field(test_case, "expected_error");
    if (!expected_code.empty()) {
        if (got.ok()) return fail("expected " + expected_code + ", got result " + (got.result ? "true" : "false"));
        if (got.error_code != expected_code) return fail("expected " + expected_code + ", got " + got.error_code);
        std::string expected_message = string_field(test_case, "expected_message");
        // JSON syntax errors are worded by AWS's JSON parser: only the prefix is AWS's contract.
        if (is_tagged(test_case, "invalid-json") && !test_case.find("pattern")) {
            std::string prefix = "Event pattern is not valid.";
            if (got.error_message.rfind(prefix, 0) != 0) return fail("message: " + got.error_message);
        } else if (got.error_message != expected_message) {
            return fail("message: got '" + got.error_message + "', expected '" + expected_message + "'");
        }
        return pass();
    }
    if (!got.ok()) return fail("unexpected " + got.error_code + ": " + got.error_message);
    const json::Value* expected = test_case.find("expected");
    if (!expected || !expected->is_bool()) return fail("case has neither expected nor expected_error");
    if (got.result != expected->as_bool())
        return fail(std::string("expected ") + (expected->as_bool() ? "true" : "false") + ", got " +
                    (got.result ? "true" : "false"));
    return pass();
}

}  // namespace stepwise::conformance
