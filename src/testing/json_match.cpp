#include "testing/json_match.h"

#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::testing {
namespace {

void compare(const json::Value& expected, const json::Value& actual, bool include, const std::string& at,
             std::vector<JsonDifference>& out) {
    if (expected.is_object() && actual.is_object()) {
        for (const json::Member& m : expected.as_object()) {
            std::string child = json::pointer_child(at, m.name());
            const json::Value* got = actual.find(m.name());
            if (!got) out.push_back({child, "missing (expected " + brief(m.value) + ")"});
            else compare(m.value, *got, include, child, out);
        }
        if (!include)
            for (const json::Member& m : actual.as_object())
                if (!expected.find(m.name())) out.push_back({json::pointer_child(at, m.name()), "not expected (got " + brief(m.value) + ")"});
        return;
    }
    if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
        const json::Array& e = expected.as_array();
        const json::Array& a = actual.as_array();
        for (size_t i = 0; i < e.size(); ++i) compare(e[i], a[i], include, json::pointer_child(at, i), out);
        return;
    }
    if (expected == actual) return;
    if (expected.is_array() && actual.is_array()) {
        out.push_back({at, "expected " + std::to_string(expected.size()) + " items, got " + std::to_string(actual.size()) +
                               ": " + brief(actual)});
        return;
    }
    out.push_back({at, "expected " + brief(expected) + ", got " + brief(actual)});
}

}  // namespace

std::vector<JsonDifference> json_differences(const json::Value& expected, const json::Value& actual) {
    std::vector<JsonDifference> out;
    compare(expected, actual, false, "", out);
    return out;
}

std::vector<JsonDifference> json_exclusions(const json::Value& expected, const json::Value& actual) {
    std::vector<JsonDifference> out;
    compare(expected, actual, true, "", out);
    return out;
}

std::string format_differences(const std::vector<JsonDifference>& differences, size_t limit) {
    std::string text;
    for (size_t i = 0; i < differences.size() && i < limit; ++i) {
        if (!text.empty()) text += "\n";
        text += "  " + (differences[i].pointer.empty() ? std::string("(the value)") : differences[i].pointer) + ": " +
                differences[i].message;
    }
    if (differences.size() > limit) text += "\n  … and " + std::to_string(differences.size() - limit) + " more";
    return text;
}

std::string brief(const json::Value& value, size_t width) {
    std::string text = json::dump(value);
    if (text.size() <= width) return text;
    size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    return text.substr(0, cut) + "…";
}

}  // namespace stepwise::testing
