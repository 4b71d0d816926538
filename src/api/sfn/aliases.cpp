// CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
// DeleteStateMachineAlias, ListStateMachineAliases.
#include <mutex>
#include <set>

#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/names.h"
#include "api/sfn/operations.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

namespace {

// A routing configuration as AWS accepts it: one or two versions of one state
// machine, each existing, weights 0..100 summing to 100. Returns the machine's ARN.
std::string check_routing(SfnShared& shared, const json::Value& routes) {
    std::string machine_arn;
    int64_t total = 0;
    std::set<std::string> seen;
    for (const auto& route : routes.as_array()) {
        const json::Value* version = route.find("stateMachineVersionArn");
        const json::Value* weight = route.find("weight");
        if (!version || !version->is_string() || !weight || !weight->is_integer())
            throw SfnError("ValidationException",
                           "1 validation error detected: Value null at 'routingConfiguration.member' failed to "
                           "satisfy constraint: Member must have a stateMachineVersionArn and a weight");
        std::string version_arn(version->as_string());
        auto arn = parse_state_machine_arn(version_arn);
        if (!arn.is_version())
            throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + version_arn));
        if (!machine_arn.empty() && machine_arn != arn.machine_arn)
            throw SfnError("ValidationException",
                           "Routing configuration must contain versions of the same state machine");
        machine_arn = arn.machine_arn;
        if (!seen.insert(version_arn).second)
            throw SfnError("ValidationException", "Routing configuration must contain distinct version ARNs");
        if (weight->as_int() < 0 || weight->as_int() > 100)
            throw SfnError("ValidationException",
                           "1 validation error detected: Value '" + std::to_string(weight->as_int()) +
                               "' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member must "
                               "have value between 0 and 100");
        total += weight->as_int();
        if (!read_document(shared.store, kVersionKind, version_arn))
            throw resource_not_found(version_arn);
    }
    if (total != 100)
        throw SfnError("ValidationException", "Sum of routing configuration weights must be equal to 100");
    return machine_arn;
}

std::string alias_arn_of(Fields& fields) {
    return fields.text("stateMachineAliasArn", rule::required(1, 256)).value_or("");
}

StateMachineArn parse_alias_arn(const std::string& text) {
    auto arn = parse_state_machine_arn(text);
    if (!arn.is_alias()) throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + text));
    return arn;
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachineAlias.html
// Idempotent on name, description and routing configuration.
void create_state_machine_alias(SfnCall& call) {
    Fields fields(call.body);
    auto description = fields.text("description", rule::optional(0, 256));
    auto name = fields.text("name", rule::required(1, 80));
    const json::Value* routes = fields.list("routingConfiguration", true, 1, 2);
    fields.check();
    if (!valid_alias_name(*name)) throw invalid_name(*name);
    std::lock_guard lock(call.shared.control_plane);
    std::string machine_arn = check_routing(call.shared, *routes);
    load_state_machine(call.shared, machine_arn, machine_arn);
    std::string alias_arn = qualified_arn(machine_arn, *name);
    if (auto existing = read_document(call.shared.store, kAliasKind, alias_arn)) {
        bool same = text_of(*existing, "description") == description.value_or("") &&
                    existing->find("routingConfiguration") && *existing->find("routingConfiguration") == *routes;
        if (!same)
            throw SfnError("ConflictException", "Alias '" + alias_arn + "' already exists with a different configuration");
        call.answer(json::Object{{"stateMachineAliasArn", alias_arn},
                                 {"creationDate", epoch_seconds(int_of(*existing, "creationDate"))}});
        return;
    }
    if (call.shared.store.list_documents(std::string(kAliasKind), machine_arn + ":").size() >= 100)
        throw SfnError("ServiceQuotaExceededException",
                       "Max number of aliases (100) reached for state machine '" + machine_arn + "'");
    int64_t now = wall_clock_ms();
    json::Object alias{{"stateMachineAliasArn", alias_arn},
                       {"stateMachineArn", machine_arn},
                       {"name", *name},
                       {"routingConfiguration", *routes},
                       {"creationDate", now},
                       {"updateDate", now}};
    if (description) alias.set("description", *description);
    apply_writes(call.shared, {put_document(kAliasKind, alias_arn, json::Value(std::move(alias)), now)});
    call.answer(json::Object{{"stateMachineAliasArn", alias_arn}, {"creationDate", epoch_seconds(now)}});
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineAlias.html
void describe_state_machine_alias(SfnCall& call) {
    Fields fields(call.body);
    std::string arn_text = alias_arn_of(fields);
    fields.check();
    parse_alias_arn(arn_text);
    auto alias = read_document(call.shared.store, kAliasKind, arn_text);
    if (!alias) throw resource_not_found(arn_text);
    json::Object answer{{"stateMachineAliasArn", arn_text}, {"name", text_of(*alias, "name")}};
    if (const json::Value* description = alias->find("description")) answer.set("description", *description);
    answer.set("routingConfiguration", *alias->find("routingConfiguration"));
    answer.set("creationDate", epoch_seconds(int_of(*alias, "creationDate")));
    answer.set("updateDate", epoch_seconds(int_of(*alias, "updateDate")));
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachineAlias.html
void update_state_machine_alias(SfnCall& call) {
    Fields fields(call.body);
    std::string arn_text = alias_arn_of(fields);
    auto description = fields.text("description", rule::optional(0, 256));
    const json::Value* routes = fields.list("routingConfiguration", false, 1, 2);
    fields.check();
    auto arn = parse_alias_arn(arn_text);
    if (!description && !routes)
        throw SfnError("ValidationException",
                       "Either the description or the RoutingConfiguration must be specified");
    std::lock_guard lock(call.shared.control_plane);
    auto alias = read_document(call.shared.store, kAliasKind, arn_text);
    if (!alias) throw resource_not_found(arn_text);
    if (routes && check_routing(call.shared, *routes) != arn.machine_arn)
        throw SfnError("ValidationException", "Routing configuration must contain versions of the aliased state machine");
    int64_t now = wall_clock_ms();
    auto& fields_of = alias->mutable_object();
    if (description) fields_of.set("description", *description);
    if (routes) fields_of.set("routingConfiguration", *routes);
    fields_of.set("updateDate", now);
    apply_writes(call.shared, {put_document(kAliasKind, arn_text, *alias, now)});
    call.answer(json::Object{{"updateDate", epoch_seconds(now)}});
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineAlias.html
void delete_state_machine_alias(SfnCall& call) {
    Fields fields(call.body);
    std::string arn_text = alias_arn_of(fields);
    fields.check();
    parse_alias_arn(arn_text);
    std::lock_guard lock(call.shared.control_plane);
    if (!read_document(call.shared.store, kAliasKind, arn_text)) throw resource_not_found(arn_text);
    apply_writes(call.shared, {delete_document(kAliasKind, arn_text), delete_document(kTagsKind, arn_text)});
    call.answer(json::Value(json::Object{}));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineAliases.html
void list_state_machine_aliases(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", rule::required(1, 256));
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    auto max_results = fields.integer("maxResults", 0, 1000);
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (arn.is_alias())
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + *arn_text));
    load_state_machine(call.shared, arn.machine_arn, *arn_text);
    auto page = list_document_page(call.shared, kAliasKind, arn.machine_arn + ":", token, page_size(max_results));
    json::Array aliases;
    for (const auto& document : page.documents) {
        auto body = json::try_parse(document.body);
        if (!body) continue;
        // Listing through a version ARN lists the aliases that route to it.
        if (arn.is_version()) {
            bool routes_here = false;
            if (const json::Value* routes = body->find("routingConfiguration"); routes && routes->is_array())
                for (const auto& route : routes->as_array())
                    routes_here = routes_here || text_of(route, "stateMachineVersionArn") == *arn_text;
            if (!routes_here) continue;
        }
        aliases.push_back(json::Object{{"stateMachineAliasArn", document.id},
                                       {"creationDate", epoch_seconds(int_of(*body, "creationDate"))}});
    }
    json::Object answer{{"stateMachineAliases", json::Value(std::move(aliases))}};
    if (!page.next_token.empty()) answer.set("nextToken", page.next_token);
    call.answer(json::Value(std::move(answer)));
}

}  // namespace stepwise::api::sfn
