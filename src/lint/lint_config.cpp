#include "lint/lint_config.h"

#include <algorithm>

#include "json/pointer.h"
#include "lint/rule.h"

namespace stepwise::lint {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& pointer, const std::string& message) {
    throw LintConfigError(source + " " + pointer + ": " + message);
}

std::string known_rules() {
    std::string out;
    for (const Rule& rule : all_rules()) out += (out.empty() ? "" : ", ") + std::string(rule.id);
    return out;
}

void require_rule(std::string_view id, const std::string& source, const std::string& pointer) {
    if (!find_rule(id)) fail(source, pointer, "no lint rule \"" + std::string(id) + "\" (rules: " + known_rules() + ")");
}

}  // namespace

LintConfig LintConfig::from_json(const json::Value& section, const std::string& source) {
    LintConfig config;
    if (section.is_null()) return config;
    if (!section.is_object()) fail(source, "/lint", "expected an object with \"rules\" and/or \"states\"");
    for (const auto& member : section.as_object()) {
        std::string pointer = json::pointer_child("/lint", member.name());
        if (member.name() == "rules") {
            if (!member.value.is_object()) fail(source, pointer, "expected an object: rule id -> \"off\", \"note\", \"warning\" or \"error\"");
            for (const auto& rule : member.value.as_object()) {
                std::string rule_pointer = json::pointer_child(pointer, rule.name());
                require_rule(rule.name(), source, rule_pointer);
                std::string_view level = rule.value.is_string() ? rule.value.as_string() : "";
                if (level == "off") {
                    config.rules[std::string(rule.name())] = std::nullopt;
                } else if (auto severity = parse_severity(level)) {
                    config.rules[std::string(rule.name())] = severity;
                } else {
                    fail(source, rule_pointer, "expected \"off\", \"note\", \"warning\" or \"error\"");
                }
            }
        } else if (member.name() == "states") {
            if (!member.value.is_object()) fail(source, pointer, "expected an object: state name -> [rule id, ...]");
            for (const auto& state : member.value.as_object()) {
                std::string state_pointer = json::pointer_child(pointer, state.name());
                if (!state.value.is_array()) fail(source, state_pointer, "expected an array of rule ids");
                auto& off = config.states[std::string(state.name())];
                size_t index = 0;
                for (const json::Value& id : state.value.as_array()) {
                    std::string id_pointer = json::pointer_child(state_pointer, index++);
                    if (!id.is_string()) fail(source, id_pointer, "expected a rule id string");
                    require_rule(id.as_string(), source, id_pointer);
                    off.insert(std::string(id.as_string()));
                }
            }
        } else {
            fail(source, pointer, "unknown key; expected \"rules\" or \"states\"");
        }
    }
    return config;
}

std::set<std::string, std::less<>> disabled_in_comment(std::string_view comment) {
    std::set<std::string, std::less<>> out;
    size_t at = comment.find(kDisableMarker);
    if (at == std::string_view::npos) return out;
    std::string_view rest = comment.substr(at + kDisableMarker.size());
    rest = rest.substr(0, rest.find('\n'));
    auto id_shaped = [](std::string_view word) {
        return std::all_of(word.begin(), word.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
    };
    size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && (rest[i] == ' ' || rest[i] == ',' || rest[i] == '\t' || rest[i] == ':')) ++i;
        size_t end = i;
        while (end < rest.size() && rest[end] != ' ' && rest[end] != ',' && rest[end] != '\t') ++end;
        std::string_view word = rest.substr(i, end - i);
        // "-- why" (or any word that cannot be a rule id) starts the reason.
        if (word.empty() || word == "--" || !id_shaped(word)) break;
        out.insert(std::string(word));
        i = end;
    }
    return out;
}

}  // namespace stepwise::lint
