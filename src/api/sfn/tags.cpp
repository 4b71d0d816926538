// TagResource, UntagResource, ListTagsForResource on state machines (and
// their versions and aliases) and activities.
#include <mutex>

#include "api/sfn/arn.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/operations.h"

namespace stepwise::api::sfn {

namespace {

std::string resource_arn_of(Fields& fields) { return fields.text("resourceArn", rule::required(1, 256)).value_or(""); }

// Tags go on state machines (and their versions and aliases) and activities
// that exist; throws InvalidArn or ResourceNotFound otherwise.
void check_resource(SfnShared& shared, const std::string& arn) {
    auto parsed = parse_arn(arn);
    if (!parsed || parsed->service != "states")
        throw invalid_arn(invalid_arn_message("Invalid ARN prefix: " + arn));
    std::string_view kind;
    if (parsed->resource_type == "activity") {
        kind = kActivityKind;
    } else if (parsed->resource_type == "stateMachine") {
        auto machine = parse_state_machine_arn(arn);
        kind = machine.qualifier.empty() ? kStateMachineKind : machine.is_version() ? kVersionKind : kAliasKind;
    } else {
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: " + parsed->resource_type));
    }
    if (!shared.store.get_document(std::string(kind), arn)) throw resource_not_found(arn);
}

json::Array stored_tags(SfnShared& shared, const std::string& arn) {
    if (auto tags = read_document(shared.store, kTagsKind, arn))
        if (const json::Value* list = tags->find("tags"); list && list->is_array()) return list->as_array();
    return {};
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html
void tag_resource(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = resource_arn_of(fields);
    const json::Value* tags = fields.list("tags", true);
    fields.check();
    json::Value tag_list = checked_tags(tags, arn);
    std::lock_guard lock(call.shared.control_plane);
    check_resource(call.shared, arn);
    apply_writes(call.shared, {merge_tags(call.shared, arn, tag_list)});
    call.answer(json::Value(json::Object{}));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UntagResource.html
void untag_resource(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = resource_arn_of(fields);
    const json::Value* keys = fields.list("tagKeys", true);
    fields.check();
    std::lock_guard lock(call.shared.control_plane);
    check_resource(call.shared, arn);
    json::Array kept;
    for (const auto& tag : stored_tags(call.shared, arn)) {
        bool removed = false;
        for (const auto& key : keys->as_array())
            removed = removed || (key.is_string() && key.as_string() == text_of(tag, "key"));
        if (!removed) kept.push_back(tag);
    }
    apply_writes(call.shared, {put_document(kTagsKind, arn, json::Object{{"tags", json::Value(std::move(kept))}}, 0)});
    call.answer(json::Value(json::Object{}));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListTagsForResource.html
void list_tags_for_resource(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = resource_arn_of(fields);
    fields.check();
    check_resource(call.shared, arn);
    call.answer(json::Object{{"tags", json::Value(stored_tags(call.shared, arn))}});
}

}  // namespace stepwise::api::sfn
