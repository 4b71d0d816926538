#include "testing/task_output.h"

#include <algorithm>
#include <cctype>

#include "json/pointer.h"
#include "testing/closest_name.h"
#include "testing/json_match.h"

namespace stepwise::testing {

namespace {

// Optimized integrations whose result is not their API operation's output:
// answers of HTTP calls, or an operation of another name (Amazon EMR's
// createCluster is RunJobFlow). Unlisted ones whose name botocore lacks are
// skipped all the same; these are listed so that no same-named operation
// is taken for them.
bool not_an_operation(const asl::Resource& r) {
    return r.is_service("apigateway", "invoke") || r.is_service("http", "invoke") || r.is_service("eks", "call") ||
           r.is_service("eks", "runJob") || r.service == "elasticmapreduce";
}

// "getItem" -> "GetItem".
std::string pascal(std::string_view name) {
    std::string out(name);
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

// What a type token requires, in a message: "a string", "an object", ...
std::string kind_of(std::string_view type) {
    switch (type.empty() ? '*' : type[0]) {
        case 's': return "a string";
        case 'n': return "a number";
        case 'b': return "a boolean";
        case 't': return "a timestamp (a string or a number)";
        case '[': return "an array";
        case '*': return "any value";
        default: return "an object";
    }
}

bool fits_kind(const json::Value& value, std::string_view type) {
    switch (type.empty() ? '*' : type[0]) {
        case 's': return value.is_string();
        case 'n': return value.is_number();
        case 'b': return value.is_bool();
        case 't': return value.is_string() || value.is_number();
        case '[': return value.is_array();
        case '*': return true;
        default: return value.is_object();
    }
}

void add_or_replace(std::vector<ShapeMember>& members, ShapeMember member) {
    for (ShapeMember& m : members)
        if (m.name == member.name) {
            m.type = member.type;
            return;
        }
    members.push_back(member);
}

}  // namespace

TaskOutput::TaskOutput(ServiceShapes shapes, std::string operation, std::string_view type,
                       std::vector<ShapeMember> members, std::string hint)
    : shapes_(std::move(shapes)),
      operation_(std::move(operation)),
      type_(type),
      members_(std::move(members)),
      hint_(std::move(hint)) {}

std::optional<TaskOutput> TaskOutput::of(const asl::Resource& r) {
    using asl::IntegrationPattern;
    if (r.kind != asl::Resource::Kind::Service || r.pattern == IntegrationPattern::WaitForTaskToken) return std::nullopt;
    std::string service = r.service;
    std::string operation = pascal(r.action);
    std::vector<ShapeMember> changes;
    std::string hint;
    if (!r.aws_sdk) {
        if (not_an_operation(r)) return std::nullopt;
        if (r.service == "states") service = "stepfunctions";
        if (r.is_service("states", "startExecution") && r.pattern != IntegrationPattern::RequestResponse) {
            // The child's DescribeExecution; .sync:2 parses its input and output.
            operation = "DescribeExecution";
            if (r.pattern == IntegrationPattern::Sync2) changes = {{"Input", "*"}, {"Output", "*"}};
        } else if (r.pattern != IntegrationPattern::RequestResponse) {
            return std::nullopt;  // another .sync job's description: not modeled
        } else {
            changes = {{"SdkHttpMetadata", "o"}, {"SdkResponseMetadata", "o"}};
        }
        if (r.is_service("lambda", "invoke")) {
            changes.push_back({"Payload", "*"});  // the function's result, parsed
            hint = "the function's result goes under \"Payload\"";
        }
    }
    std::optional<ServiceShapes> shapes = ServiceShapes::find(service);
    if (!shapes) return std::nullopt;
    std::optional<std::string_view> type = shapes->output(operation);
    if (!type) return std::nullopt;
    std::vector<ShapeMember> members = shapes->structure(*type);
    for (const ShapeMember& change : changes) add_or_replace(members, change);
    return TaskOutput(std::move(*shapes), service + " " + operation, *type, std::move(members), std::move(hint));
}

std::vector<OutputMisfit> TaskOutput::misfits(const json::Value& value) const {
    std::vector<OutputMisfit> out;
    fit(value, type_, members_, "", out);
    return out;
}

// `members`: the structure's, when `type` is one.
void TaskOutput::fit(const json::Value& value, std::string_view type, const std::vector<ShapeMember>& members,
                     const std::string& at, std::vector<OutputMisfit>& out) const {
    const std::string output = operation_ + "'s output";
    const std::string in = at.empty() ? " for " + output : " here in " + output;
    const std::string hint = at.empty() && !hint_.empty() ? "; " + hint_ : "";
    if (value.is_null() && type != "*") {
        out.push_back({false, at, "null" + in + ": services leave out the members they have no value for"});
        return;
    }
    if (!fits_kind(value, type)) {
        out.push_back({true, at, "expected " + kind_of(type) + in + ", got " + brief(value) + hint});
        return;
    }
    std::string_view inner_type = type.substr(1);
    if (type[0] == '[') {
        std::vector<ShapeMember> inner = shapes_.structure(inner_type);
        for (size_t i = 0; i < value.size(); ++i)
            fit(value.as_array()[i], inner_type, inner, json::pointer_child(at, i), out);
        return;
    }
    if (type[0] == '{') {
        std::vector<ShapeMember> inner = shapes_.structure(inner_type);
        for (const json::Member& m : value.as_object())
            fit(m.value, inner_type, inner, json::pointer_child(at, m.name()), out);
        return;
    }
    if (type != "e" && !std::isdigit(static_cast<unsigned char>(type[0]))) return;  // a scalar, "o" or "*"
    std::vector<std::string> names;
    for (const ShapeMember& member : members) names.emplace_back(member.name);
    for (const json::Member& m : value.as_object()) {
        auto member =
            std::find_if(members.begin(), members.end(), [&](const ShapeMember& c) { return c.name == m.name(); });
        std::string child = json::pointer_child(at, m.name());
        if (member == members.end()) {
            std::string suggestion = closest_name(m.name(), names);
            out.push_back({true, child,
                           "\"" + std::string(m.name()) + "\" is not a member" +
                               (at.empty() ? " of " : " here in ") + output + " (" +
                               std::string(ServiceShapes::source()) + ")" +
                               (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?") +
                               " Members: " + name_list(names) + (suggestion.empty() ? hint : "")});
            continue;
        }
        fit(m.value, member->type, shapes_.structure(member->type), child, out);
    }
}

}  // namespace stepwise::testing
