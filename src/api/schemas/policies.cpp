// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: a registry's
// resource-based policy, kept in the store (document kind
// "schema_registry_policy", id the registry's name) with its revision id.
//
// The policy is stored and handed back, not enforced: `stepwise serve` has one
// account, whose calls every policy would allow.
// https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-policy.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-resource-based-schemas.html
#include <string>

#include "api/schemas/names.h"
#include "api/schemas/records.h"
#include "json/parse.h"
#include "json/write.h"
#include "query/uuid.h"

namespace stepwise::api::schemas {

namespace {

constexpr const char* kPolicyKind = "schema_registry_policy";
// IAM's bound on a resource-based policy document.
constexpr size_t kMaxPolicyBytes = 20480;

struct StoredPolicy {
    json::Value policy;
    std::string revision_id;
};

std::optional<StoredPolicy> find_policy(SchemasShared& shared, const std::string& registry) {
    auto document = shared.store.get_document(kPolicyKind, registry);
    if (!document) return std::nullopt;
    auto body = json::try_parse(document->body);
    if (!body || !body->is_object() || body->find("Policy") == nullptr) return std::nullopt;
    const json::Value* revision = body->find("RevisionId");
    return StoredPolicy{*body->find("Policy"),
                        revision != nullptr && revision->is_string() ? std::string(revision->as_string()) : ""};
}

// The registryName query parameter, naming a registry that exists.
std::string policy_registry(SchemasCall& call) {
    auto registry = call.query_string("registryName");
    if (!registry || registry->empty())
        bad_request("registryName is required: a Schemas resource policy is attached to a registry");
    if (!find_registry(call.shared, *registry)) not_found(registry_missing_message(*registry));
    return *registry;
}

// Policy (the model's jsonvalue): a string holding a JSON object, as SDKs send
// it, or the object itself.
json::Value policy_member(const SchemasCall& call) {
    const json::Value* policy = call.body.find("Policy");
    if (policy == nullptr || policy->is_null()) bad_request("Policy is required");
    json::Value document = *policy;
    if (policy->is_string()) {
        std::string error;
        auto parsed = json::try_parse(policy->as_string(), &error);
        if (!parsed) bad_request("Policy is not a JSON document: " + error);
        document = std::move(*parsed);
    }
    if (!document.is_object()) bad_request("Policy must be a JSON object (an IAM policy document)");
    if (json::dump(document).size() > kMaxPolicyBytes)
        bad_request("Policy must be at most " + std::to_string(kMaxPolicyBytes) + " bytes");
    return document;
}

// On the wire the policy is JSON text in a string, as SDKs send it (the model's jsonvalue).
json::Value policy_json(const StoredPolicy& stored) {
    return json::Value(json::Object{{"Policy", json::Value(json::dump(stored.policy))},
                                    {"RevisionId", json::Value(stored.revision_id)}});
}

json::Value stored_json(const StoredPolicy& stored) {
    return json::Value(json::Object{{"Policy", stored.policy}, {"RevisionId", json::Value(stored.revision_id)}});
}

}  // namespace

store::Write delete_policy_write(const std::string& registry) { return store::DeleteDocument{kPolicyKind, registry}; }

// A RevisionId that is not the stored policy's (or given when there is none)
// means the caller read an older policy: PreconditionFailedException, 412.
SchemasResult put_resource_policy(SchemasCall& call) {
    for (const json::Member& member : call.body.as_object())
        if (member.name() != "Policy" && member.name() != "RevisionId")
            bad_request("PutResourcePolicy has no member " + std::string(member.name()));
    json::Value policy = policy_member(call);
    auto revision = call.body_string("RevisionId");

    std::lock_guard lock(call.shared.control_plane);
    const std::string registry = policy_registry(call);
    auto current = find_policy(call.shared, registry);
    if (revision && (!current || current->revision_id != *revision))
        throw SchemasError(412, "PreconditionFailedException",
                           "RevisionId " + *revision + " is not the current revision of the policy of registry " +
                               registry + (current ? " (it is " + current->revision_id + ")." : " (it has none)."));
    StoredPolicy stored{std::move(policy), query::random_uuid()};
    call.shared.store.apply({store::PutDocument{store::Document{kPolicyKind, registry, json::dump(stored_json(stored))}}});
    return {200, policy_json(stored)};
}

SchemasResult get_resource_policy(SchemasCall& call) {
    const std::string registry = policy_registry(call);
    auto current = find_policy(call.shared, registry);
    if (!current) not_found("Registry " + registry + " has no resource policy.");
    return {200, policy_json(*current)};
}

SchemasResult delete_resource_policy(SchemasCall& call) {
    std::lock_guard lock(call.shared.control_plane);
    const std::string registry = policy_registry(call);
    if (!find_policy(call.shared, registry)) not_found("Registry " + registry + " has no resource policy.");
    call.shared.store.apply({delete_policy_write(registry)});
    return {204, json::Value()};
}

}  // namespace stepwise::api::schemas
