// SearchSchemas: the registry's schemas that include every keyword.
//
// AWS documents only that the results "include the provided keywords"
// (https://docs.aws.amazon.com/eventbridge/latest/schema-reference/v1-registries-name-registryname-schemas-search.html);
// here Keywords is split at whitespace and a schema matches when each word
// occurs, ignoring case, in its name or in the content of one of its versions.
// The model gives SearchSchemas no NotFoundException: a registry that does not
// exist has no schemas to find.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "api/schemas/records.h"
#include "aws/arn.h"

namespace stepwise::api::schemas {

namespace {

constexpr size_t kMaxKeywordsLength = 1000;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::vector<std::string> words_of(const std::string& keywords) {
    std::vector<std::string> words;
    std::string word;
    for (char c : keywords + " ") {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    return words;
}

bool matches(const SchemaRecord& schema, const std::vector<std::string>& words) {
    std::vector<std::string> texts{lower(schema.name)};
    for (const auto& version : schema.versions) texts.push_back(lower(version.content));
    return std::all_of(words.begin(), words.end(), [&](const std::string& word) {
        return std::any_of(texts.begin(), texts.end(),
                           [&](const std::string& text) { return text.find(word) != std::string::npos; });
    });
}

json::Value search_summary(const SchemasOptions& options, const SchemaRecord& schema) {
    json::Array versions;
    for (const auto& version : schema.versions)
        versions.push_back(json::Value(json::Object{{"CreatedDate", json::Value(iso_timestamp(version.created_ms))},
                                                    {"SchemaVersion", json::Value(version.version)},
                                                    {"Type", json::Value(version.type)}}));
    return json::Value(json::Object{{"RegistryName", json::Value(schema.registry)},
                                    {"SchemaArn", json::Value(aws::schema_arn(options.scope, schema.registry, schema.name))},
                                    {"SchemaName", json::Value(schema.name)},
                                    {"SchemaVersions", json::Value(std::move(versions))}});
}

}  // namespace

SchemasResult search_schemas(SchemasCall& call) {
    const std::string& registry = call.label("registryName");
    auto keywords = call.query_string("keywords");
    if (!keywords) bad_request("keywords is required");
    if (keywords->size() > kMaxKeywordsLength)
        bad_request("keywords must be at most " + std::to_string(kMaxKeywordsLength) + " characters long");
    std::vector<std::string> words = words_of(*keywords);
    if (words.empty()) bad_request("keywords must name at least one word");
    size_t limit = call.limit();
    std::string after = schemas_page_after(call.query_string("nextToken"));

    json::Array page;
    std::string next;
    for (const auto& schema : registry_schemas(call.shared, registry)) {
        if ((!after.empty() && schema.name <= after) || !matches(schema, words)) continue;
        if (page.size() == limit) {
            next = schemas_page_token(page[page.size() - 1].find("SchemaName")->as_string());
            break;
        }
        page.push_back(search_summary(call.shared.options, schema));
    }
    json::Object out{{"Schemas", json::Value(std::move(page))}};
    if (!next.empty()) out.set("NextToken", json::Value(next));
    return {200, json::Value(std::move(out))};
}

}  // namespace stepwise::api::schemas
