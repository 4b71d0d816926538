#include "events/bus/bus_policy.h"

#include <algorithm>
#include <cctype>

#include "events/bus/model.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

[[noreturn]] void invalid(const std::string& message) { throw BusError("ValidationException", message); }

bool is_account_id(const std::string& text) {
    return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// IAM's wildcards: '*' any run, '?' one character; actions match without regard to case.
bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
    size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    auto same = [&](char a, char b) {
        return ignore_case ? std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b))
                           : a == b;
    };
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && same(pattern[p], text[t])))) {
            ++p, ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

// A string or a list of strings; `match` on any of them. Absent: `absent`.
template <typename Match>
bool any_of_strings(const json::Value* value, bool absent, Match match) {
    if (!value) return absent;
    if (value->is_string()) return match(std::string(value->as_string()));
    if (!value->is_array()) return false;
    for (const json::Value& item : value->as_array())
        if (item.is_string() && match(std::string(item.as_string()))) return true;
    return false;
}

// "*", "111122223333", "arn:aws:iam::111122223333:root" or any principal of that account.
bool principal_matches(const std::string& principal, const std::string& account) {
    if (principal == "*" || principal == account) return true;
    return principal.rfind("arn:", 0) == 0 && principal.find(":iam::" + account + ":") != std::string::npos;
}

bool statement_matches(const json::Value& statement, const std::string& account, const std::string& bus_arn) {
    if (!statement.is_object()) return false;
    if (const json::Value* condition = statement.find("Condition"); condition && !condition->is_null()) {
        if (!condition->is_object() || condition->size() > 0) return false;
    }
    const json::Value* principal = statement.find("Principal");
    bool principal_ok = principal && (principal->is_string()
                                          ? principal_matches(std::string(principal->as_string()), account)
                                          : principal->is_object() &&
                                                any_of_strings(principal->find("AWS"), false, [&](const std::string& p) {
                                                    return principal_matches(p, account);
                                                }));
    if (!principal_ok) return false;
    bool action_ok = any_of_strings(statement.find("Action"), false, [](const std::string& action) {
        return glob_match(action, "events:PutEvents", true);
    });
    bool resource_ok = any_of_strings(statement.find("Resource"), true, [&](const std::string& resource) {
        return glob_match(resource, bus_arn, false);
    });
    return action_ok && resource_ok;
}

json::Value parsed_policy(const std::string& policy) {
    if (policy.empty())
        return json::Value(json::Object{{"Version", json::Value("2012-10-17")}, {"Statement", json::Value(json::Array{})}});
    return json::parse(policy);
}

// The statements of a policy as a list (a single statement object counts as one).
json::Array statements_of(const json::Value& policy) {
    const json::Value* statements = policy.find("Statement");
    if (!statements) return {};
    if (statements->is_array()) return statements->as_array();
    return json::Array{*statements};
}

std::string sid_of(const json::Value& statement) {
    const json::Value* sid = statement.is_object() ? statement.find("Sid") : nullptr;
    return sid && sid->is_string() ? std::string(sid->as_string()) : std::string();
}

std::string sized(std::string text) {
    if (text.size() > kMaxPolicySize)
        throw BusError("PolicyLengthExceededException",
                       "The event bus policy would be " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(kMaxPolicySize) + " bytes.");
    return text;
}

}  // namespace

std::string add_permission(const std::string& policy, const std::string& bus_arn, const PermissionGrant& grant) {
    const std::string& sid = grant.statement_id;
    if (sid.empty() || sid.size() > 64 || !std::all_of(sid.begin(), sid.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        }))
        invalid("Parameter StatementId is not valid: 1 to 64 letters, digits, '-' or '_'.");
    if (grant.action != "events:PutEvents")
        invalid("Parameter Action is not valid: the action allowed is events:PutEvents.");
    if (grant.principal != "*" && !is_account_id(grant.principal))
        invalid("Parameter Principal is not valid: a 12-digit account id or \"*\".");
    json::Object statement{{"Sid", json::Value(sid)}, {"Effect", json::Value("Allow")}};
    if (grant.principal == "*")
        statement.set("Principal", json::Value("*"));
    else
        statement.set("Principal", json::Value(json::Object{
                                       {"AWS", json::Value("arn:aws:iam::" + grant.principal + ":root")}}));
    statement.set("Action", json::Value(grant.action));
    statement.set("Resource", json::Value(bus_arn));
    if (!grant.condition_type.empty()) {
        if (grant.condition_type != "StringEquals") invalid("Parameter Condition.Type is not valid: StringEquals.");
        if (grant.condition_key != "aws:PrincipalOrgID")
            invalid("Parameter Condition.Key is not valid: aws:PrincipalOrgID.");
        if (grant.condition_value.empty()) invalid("Parameter Condition.Value is not valid.");
        statement.set("Condition",
                      json::Value(json::Object{{grant.condition_type,
                                                json::Value(json::Object{{grant.condition_key,
                                                                          json::Value(grant.condition_value)}})}}));
    }
    json::Value document = parsed_policy(policy);
    json::Array statements;
    for (const json::Value& s : statements_of(document))
        if (sid_of(s) != sid) statements.push_back(s);
    statements.push_back(json::Value(std::move(statement)));
    document.mutable_object().set("Statement", json::Value(std::move(statements)));
    return sized(json::dump(document));
}

std::string checked_policy(const std::string& text) {
    std::string error;
    auto document = json::try_parse(text, &error);
    if (!document || !document->is_object()) invalid("Parameter Policy is not valid: not a JSON object. " + error);
    const json::Value* statements = document->find("Statement");
    if (!statements || !(statements->is_array() || statements->is_object()))
        invalid("Parameter Policy is not valid: it has no Statement.");
    for (const json::Value& statement : statements_of(*document)) {
        const json::Value* effect = statement.is_object() ? statement.find("Effect") : nullptr;
        if (!effect || !effect->is_string() || (effect->as_string() != "Allow" && effect->as_string() != "Deny"))
            invalid("Parameter Policy is not valid: every statement needs an Effect of Allow or Deny.");
    }
    return sized(json::dump(*document));
}

std::string remove_permission(const std::string& policy, const std::string& statement_id) {
    if (policy.empty()) throw BusError("ResourceNotFoundException", "EventBus does not have a policy.");
    json::Value document = json::parse(policy);
    json::Array kept;
    bool found = false;
    for (const json::Value& s : statements_of(document)) {
        if (sid_of(s) == statement_id)
            found = true;
        else
            kept.push_back(s);
    }
    if (!found) throw BusError("ResourceNotFoundException", "Statement with the provided id does not exist.");
    if (kept.empty()) return "";
    document.mutable_object().set("Statement", json::Value(std::move(kept)));
    return json::dump(document);
}

bool allows_put_events(const std::string& policy, const std::string& account, const std::string& bus_arn) {
    if (policy.empty()) return false;
    auto document = json::try_parse(policy);
    if (!document || !document->is_object()) return false;
    bool allowed = false;
    for (const json::Value& statement : statements_of(*document)) {
        if (!statement_matches(statement, account, bus_arn)) continue;
        const json::Value* effect = statement.find("Effect");
        if (!effect || !effect->is_string()) continue;
        if (effect->as_string() == "Deny") return false;
        if (effect->as_string() == "Allow") allowed = true;
    }
    return allowed;
}

}  // namespace stepwise::events
