// The Step Functions resources as store documents (JSON bodies, ids = ARNs):
//
//   "state_machine"  {name, stateMachineArn, type, roleArn, revisionId, definitionId,
//                     loggingConfiguration, tracingConfiguration, encryptionConfiguration (if given), description,
//                     creationDate, updateDate (ms), lastVersion, publishedRevisionId, publishedVersionArn}
//   "definition"     see definitions.h ({definition, roleArn, type, revisionId, updateDate, ...})
//   "version"        {stateMachineVersionArn, stateMachineArn, version, revisionId, definitionId,
//                     description, creationDate}; id "<machine arn>:<n>"
//   "alias"          {stateMachineAliasArn, stateMachineArn, name, description,
//                     routingConfiguration, creationDate, updateDate}; id "<machine arn>:<name>"
//   "activity"       {activityArn, name, creationDate, encryptionConfiguration (if given)}
//   "tags"           {tags: [{key, value}]}; id = the tagged resource's ARN
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/sfn/arn.h"
#include "api/sfn/call.h"
#include "json/value.h"
#include "store/store.h"

namespace stepwise::api {

inline constexpr std::string_view kStateMachineKind = "state_machine";
inline constexpr std::string_view kVersionKind = "version";
inline constexpr std::string_view kAliasKind = "alias";
inline constexpr std::string_view kActivityKind = "activity";
inline constexpr std::string_view kTagsKind = "tags";

// The parsed body of a document, nullopt when there is none.
std::optional<json::Value> read_document(store::Store& store, std::string_view kind, const std::string& id);
store::Write put_document(std::string_view kind, const std::string& id, const json::Value& body, int64_t created_ms);
store::Write delete_document(std::string_view kind, const std::string& id);

// One page of a document listing. The token remembers the last document's
// place (creation time and id), so deleting listed documents between pages
// (a client cleaning up page by page) loses nothing.
struct DocumentPage {
    std::vector<store::Document> documents;
    std::string next_token;  // "" on the last page
};
// Throws InvalidToken for a token this listing did not make.
DocumentPage list_document_page(SfnShared& shared, std::string_view kind, const std::string& id_prefix,
                                const std::optional<std::string>& token, size_t limit);

// maxResults as AWS reads it: 0 or absent = the default page of 100.
size_t page_size(const std::optional<int64_t>& max_results);

// Members of a stored body ("" / 0 when absent).
std::string text_of(const json::Value& body, std::string_view key);
int64_t int_of(const json::Value& body, std::string_view key);

// A state machine ARN from a request member; throws InvalidArn.
StateMachineArn parse_state_machine_arn(const std::string& text);

// The state machine document; throws StateMachineDoesNotExist naming `shown_arn`.
json::Value load_state_machine(SfnShared& shared, const std::string& machine_arn, const std::string& shown_arn);

// What a (possibly qualified) state machine ARN runs.
struct ResolvedMachine {
    StateMachineArn arn;
    json::Value machine;   // the state machine document
    json::Value version;   // the version document; null for an unqualified ARN
    json::Value alias;     // the alias document; null unless an alias ARN
    std::string definition_id;
    std::string version_arn;  // "" for an unqualified ARN
    std::string alias_arn;    // "" unless an alias ARN
};
// Throws InvalidArn or StateMachineDoesNotExist. For an alias, the version is
// drawn by the routing weights.
ResolvedMachine resolve_machine(SfnShared& shared, const std::string& text);

// Shared by CreateStateMachine, UpdateStateMachine and PublishStateMachineVersion:
// the writes that publish the machine's current revision as a new version
// (or the version already published for that revision). Updates `machine`.
struct PublishedVersion {
    std::string version_arn;
    int64_t creation_ms = 0;
};
PublishedVersion publish_version(SfnShared& shared, json::Value& machine, const std::string& description,
                                 int64_t now_ms, std::vector<store::Write>& writes);

// Tags of a request ("tags": [{key, value}]) checked as the model says; throws ValidationException / TooManyTags.
json::Value checked_tags(const json::Value* list, const std::string& resource_name);
// The write that stores `tags` over the resource's existing ones.
store::Write merge_tags(SfnShared& shared, const std::string& resource_arn, const json::Value& tags);

}  // namespace stepwise::api
