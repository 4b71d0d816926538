// PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion.
#include <algorithm>
#include <mutex>

#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/operations.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_PublishStateMachineVersion.html
void publish_state_machine_version(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", rule::required(1, 256));
    auto revision = fields.text("revisionId");
    auto description = fields.text("description", rule::optional(0, 256));
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (!arn.qualifier.empty())
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + *arn_text));
    std::lock_guard lock(call.shared.control_plane);
    json::Value machine = load_state_machine(call.shared, arn.machine_arn, *arn_text);
    if (revision && *revision != text_of(machine, "revisionId"))
        throw SfnError("ConflictException", "Failed to publish the State Machine version for revision " + *revision +
                                                ". The current State Machine revision is " +
                                                text_of(machine, "revisionId") + ".");
    if (int_of(machine, "lastVersion") >= 1000 && text_of(machine, "publishedRevisionId") != text_of(machine, "revisionId"))
        throw SfnError("ServiceQuotaExceededException",
                       "Max number of versions (1000) reached for state machine '" + arn.machine_arn + "'");
    int64_t now = wall_clock_ms();
    std::vector<store::Write> writes;
    auto version = publish_version(call.shared, machine, description.value_or(""), now, writes);
    if (!writes.empty()) {
        writes.push_back(put_document(kStateMachineKind, arn.machine_arn, machine, now));
        apply_writes(call.shared, writes);
    }
    call.answer(json::Object{{"creationDate", epoch_seconds(version.creation_ms)},
                             {"stateMachineVersionArn", version.version_arn}});
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachineVersions.html
// Newest version first.
void list_state_machine_versions(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", rule::required(1, 256));
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    auto max_results = fields.integer("maxResults", 0, 1000);
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (!arn.qualifier.empty())
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + *arn_text));
    load_state_machine(call.shared, arn.machine_arn, *arn_text);
    size_t limit = page_size(max_results);
    size_t start = 0;
    if (token) {
        std::string cursor = read_page_token("versions " + arn.machine_arn, *token);
        if (cursor.empty() || cursor.find_first_not_of("0123456789") != std::string::npos || cursor.size() > 9)
            throw SfnError("InvalidToken", "Invalid Token: '" + *token + "'");
        start = std::stoul(cursor);
    }

    std::vector<std::pair<int64_t, json::Value>> versions;
    for (const auto& document : call.shared.store.list_documents(std::string(kVersionKind), arn.machine_arn + ":"))
        if (auto body = json::try_parse(document.body)) versions.emplace_back(int_of(*body, "version"), *body);
    std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    json::Array page;
    for (size_t i = start; i < versions.size() && i < start + limit; ++i)
        page.push_back(json::Object{{"stateMachineVersionArn", text_of(versions[i].second, "stateMachineVersionArn")},
                                    {"creationDate", epoch_seconds(int_of(versions[i].second, "creationDate"))}});
    json::Object answer{{"stateMachineVersions", json::Value(std::move(page))}};
    if (start + limit < versions.size()) answer.set("nextToken", make_page_token("versions " + arn.machine_arn, std::to_string(start + limit)));
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachineVersion.html
void delete_state_machine_version(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineVersionArn", rule::required(1, 2048));
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (!arn.is_version())
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + *arn_text));
    std::lock_guard lock(call.shared.control_plane);
    std::vector<std::string> referencing;
    for (const auto& document : call.shared.store.list_documents(std::string(kAliasKind), arn.machine_arn + ":")) {
        auto alias = json::try_parse(document.body);
        const json::Value* routes = alias ? alias->find("routingConfiguration") : nullptr;
        if (!routes || !routes->is_array()) continue;
        for (const auto& route : routes->as_array())
            if (text_of(route, "stateMachineVersionArn") == *arn_text) referencing.push_back(document.id);
    }
    if (!referencing.empty()) {
        std::string list;
        for (const auto& alias : referencing) list += (list.empty() ? "" : ", ") + alias;
        throw SfnError("ConflictException",
                       "Version to be deleted must not be referenced by an alias. Current list of aliases "
                       "referencing this version: [" + list + "]");
    }
    apply_writes(call.shared, {delete_document(kVersionKind, *arn_text), delete_document(kTagsKind, *arn_text)});
    call.answer(json::Value(json::Object{}));
}

}  // namespace stepwise::api::sfn
