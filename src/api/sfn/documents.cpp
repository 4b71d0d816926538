#include "api/sfn/documents.h"

#include <random>

#include "api/sfn/error.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

std::optional<json::Value> read_document(store::Store& store, std::string_view kind, const std::string& id) {
    auto document = store.get_document(std::string(kind), id);
    if (!document) return std::nullopt;
    auto body = json::try_parse(document->body);
    if (!body) return std::nullopt;
    return body;
}

store::Write put_document(std::string_view kind, const std::string& id, const json::Value& body, int64_t created_ms) {
    return store::PutDocument{store::Document{std::string(kind), id, json::dump(body), created_ms}};
}

store::Write delete_document(std::string_view kind, const std::string& id) {
    return store::DeleteDocument{std::string(kind), id};
}

DocumentPage list_document_page(SfnShared& shared, std::string_view kind, const std::string& id_prefix,
                                const std::optional<std::string>& token, size_t limit) {
    std::string token_kind = std::string(kind) + " " + id_prefix;
    std::vector<store::Document> documents;
    if (!token) {
        documents = shared.store.list_documents(std::string(kind), id_prefix, "", limit + 1);
    } else {
        std::string cursor = read_page_token(token_kind, *token);
        size_t space = cursor.find(' ');
        int64_t created_ms = 0;
        try {
            created_ms = std::stoll(cursor.substr(0, space));
        } catch (const std::exception&) {
            space = std::string::npos;
        }
        if (space == std::string::npos) throw SfnError("InvalidToken", "Invalid Token: '" + *token + "'");
        documents = shared.store.list_documents_after(std::string(kind), id_prefix, created_ms,
                                                      cursor.substr(space + 1), limit + 1);
    }
    DocumentPage page;
    if (documents.size() > limit) {
        documents.resize(limit);
        const auto& last = documents.back();
        page.next_token = make_page_token(token_kind, std::to_string(last.created_ms) + " " + last.id);
    }
    page.documents = std::move(documents);
    return page;
}

size_t page_size(const std::optional<int64_t>& max_results) {
    return max_results.value_or(0) > 0 ? static_cast<size_t>(*max_results) : 100;
}

std::string text_of(const json::Value& body, std::string_view key) {
    const json::Value* value = body.find(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

int64_t int_of(const json::Value& body, std::string_view key) {
    const json::Value* value = body.find(key);
    return value && value->is_number() ? value->as_int() : 0;
}

StateMachineArn parse_state_machine_arn(const std::string& text) {
    std::optional<StateMachineArn> parsed;
    if (auto problem = state_machine_arn_problem(text, &parsed); !problem.empty()) throw invalid_arn(problem);
    return *parsed;
}

json::Value load_state_machine(SfnShared& shared, const std::string& machine_arn, const std::string& shown_arn) {
    auto machine = read_document(shared.store, kStateMachineKind, machine_arn);
    if (!machine) throw state_machine_does_not_exist(shown_arn);
    return std::move(*machine);
}

namespace {

std::optional<json::Value> read_cached(SfnShared& shared, std::string_view kind, const std::string& id) {
    std::string key = std::string(kind) + " " + id;
    if (auto cached = shared.documents.find(key)) return cached;
    uint64_t generation = shared.documents.generation();
    auto body = read_document(shared.store, kind, id);
    if (body) shared.documents.keep(key, *body, generation);
    return body;
}

// The version an alias routes this call to, drawn by weight.
std::string draw_version(const json::Value& alias) {
    const json::Value* routes = alias.find("routingConfiguration");
    if (!routes || !routes->is_array() || routes->size() == 0) return "";
    static thread_local std::mt19937 generator{std::random_device{}()};
    int64_t ticket = std::uniform_int_distribution<int64_t>(0, 99)(generator);
    for (const auto& route : routes->as_array()) {
        ticket -= int_of(route, "weight");
        if (ticket < 0) return text_of(route, "stateMachineVersionArn");
    }
    return text_of(routes->as_array()[routes->size() - 1], "stateMachineVersionArn");
}

}  // namespace

ResolvedMachine resolve_machine(SfnShared& shared, const std::string& text) {
    ResolvedMachine resolved;
    resolved.arn = parse_state_machine_arn(text);
    auto machine = read_cached(shared, kStateMachineKind, resolved.arn.machine_arn);
    if (!machine) throw state_machine_does_not_exist(text);
    resolved.machine = std::move(*machine);
    resolved.definition_id = text_of(resolved.machine, "definitionId");
    if (resolved.arn.qualifier.empty()) return resolved;
    std::string version_arn = text;
    if (resolved.arn.is_alias()) {
        auto alias = read_cached(shared, kAliasKind, text);
        if (!alias) throw state_machine_does_not_exist(text);
        resolved.alias = std::move(*alias);
        resolved.alias_arn = text;
        version_arn = draw_version(resolved.alias);
    }
    auto version = read_cached(shared, kVersionKind, version_arn);
    if (!version) throw state_machine_does_not_exist(text);
    resolved.version = std::move(*version);
    resolved.version_arn = version_arn;
    resolved.definition_id = text_of(resolved.version, "definitionId");
    return resolved;
}

PublishedVersion publish_version(SfnShared& shared, json::Value& machine, const std::string& description,
                                 int64_t now_ms, std::vector<store::Write>& writes) {
    std::string revision = text_of(machine, "revisionId");
    std::string published = text_of(machine, "publishedVersionArn");
    if (!published.empty() && text_of(machine, "publishedRevisionId") == revision) {
        if (auto version = read_document(shared.store, kVersionKind, published))
            return {published, int_of(*version, "creationDate")};
    }
    int64_t number = int_of(machine, "lastVersion") + 1;
    std::string machine_arn = text_of(machine, "stateMachineArn");
    std::string version_arn = qualified_arn(machine_arn, std::to_string(number));
    json::Object version{{"stateMachineVersionArn", version_arn},
                         {"stateMachineArn", machine_arn},
                         {"version", number},
                         {"revisionId", revision},
                         {"definitionId", text_of(machine, "definitionId")},
                         {"creationDate", now_ms}};
    if (!description.empty()) version.set("description", description);
    writes.push_back(put_document(kVersionKind, version_arn, json::Value(std::move(version)), now_ms));
    auto& fields = machine.mutable_object();
    fields.set("lastVersion", number);
    fields.set("publishedRevisionId", revision);
    fields.set("publishedVersionArn", version_arn);
    return {version_arn, now_ms};
}

json::Value checked_tags(const json::Value* list, const std::string& resource_name) {
    json::Array tags;
    if (!list) return json::Value(std::move(tags));
    if (!list->is_array()) throw SfnError("SerializationException", "'tags' can not be converted to a List");
    for (const auto& tag : list->as_array()) {
        if (!tag.is_object()) throw SfnError("SerializationException", "a tag can not be converted to a Tag");
        const json::Value* key = tag.find("key");
        const json::Value* value = tag.find("value");
        if ((key && !key->is_string() && !key->is_null()) || (value && !value->is_string() && !value->is_null()))
            throw SfnError("SerializationException", "a tag's key and value must be strings");
        std::string key_text = key && key->is_string() ? std::string(key->as_string()) : "";
        std::string value_text = value && value->is_string() ? std::string(value->as_string()) : "";
        if (key_text.empty() || key_text.size() > 128 || value_text.size() > 256)
            throw SfnError("ValidationException",
                           "1 validation error detected: Value '" + key_text +
                               "' at 'tags.member.key' failed to satisfy constraint: Member must have length "
                               "between 1 and 128, and its value at most 256");
        tags.push_back(json::Object{{"key", key_text}, {"value", value_text}});
    }
    if (tags.size() > 50)
        throw SfnError("TooManyTags", "Too many tags: the resource '" + resource_name + "' can have at most 50 tags");
    return json::Value(std::move(tags));
}

store::Write merge_tags(SfnShared& shared, const std::string& resource_arn, const json::Value& tags) {
    json::Array merged;
    if (auto existing = read_document(shared.store, kTagsKind, resource_arn))
        if (const json::Value* list = existing->find("tags"); list && list->is_array()) merged = list->as_array();
    for (const auto& tag : tags.as_array()) {
        std::string key = text_of(tag, "key");
        bool replaced = false;
        for (auto& old : merged.items())
            if (text_of(old, "key") == key) {
                old = tag;
                replaced = true;
            }
        if (!replaced) merged.push_back(tag);
    }
    if (merged.size() > 50)
        throw SfnError("TooManyTags", "Too many tags: the resource '" + resource_arn + "' can have at most 50 tags");
    return put_document(kTagsKind, resource_arn, json::Object{{"tags", json::Value(std::move(merged))}}, 0);
}

}  // namespace stepwise::api
