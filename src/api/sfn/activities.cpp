// CreateActivity, DescribeActivity, DeleteActivity, ListActivities, GetActivityTask.
#include <mutex>

#include "api/sfn/definition_check.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/names.h"
#include "api/sfn/operations.h"
#include "aws/arn.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

namespace {

// AWS holds a GetActivityTask poll for at most 60 seconds.
constexpr int64_t kActivityPollMs = 60'000;

std::string checked_activity_arn(Fields& fields) {
    auto arn = fields.text("activityArn", rule::required(1, 256));
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "activity"); !problem.empty()) throw invalid_arn(problem);
    return *arn;
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateActivity.html
// Idempotent by name: creating an existing activity answers it (tags of the repeat are ignored).
void create_activity(SfnCall& call) {
    Fields fields(call.body);
    auto name = fields.text("name", rule::required(1, 80));
    const json::Value* tags = fields.list("tags");
    const json::Value* encryption = fields.object("encryptionConfiguration");
    fields.check();
    if (!valid_resource_name(*name)) throw invalid_name(*name);
    json::Value encryption_value = encryption_configuration(encryption);
    json::Value tag_list = checked_tags(tags, *name);
    std::string arn = aws::activity_arn(call.scope(), *name);
    std::lock_guard lock(call.shared.control_plane);
    if (auto existing = read_document(call.shared.store, kActivityKind, arn)) {
        call.answer(json::Object{{"activityArn", arn}, {"creationDate", epoch_seconds(int_of(*existing, "creationDate"))}});
        return;
    }
    int64_t now = wall_clock_ms();
    json::Object activity{{"activityArn", arn}, {"name", *name}, {"creationDate", now}};
    if (!encryption_value.is_null()) activity.set("encryptionConfiguration", encryption_value);
    std::vector<store::Write> writes{put_document(kActivityKind, arn, json::Value(std::move(activity)), now)};
    if (tag_list.size() > 0) writes.push_back(merge_tags(call.shared, arn, tag_list));
    apply_writes(call.shared, writes);
    call.answer(json::Object{{"activityArn", arn}, {"creationDate", epoch_seconds(now)}});
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeActivity.html
void describe_activity(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = checked_activity_arn(fields);
    auto activity = read_document(call.shared.store, kActivityKind, arn);
    if (!activity) throw activity_does_not_exist(arn);
    json::Object answer{{"activityArn", arn},
                        {"name", text_of(*activity, "name")},
                        {"creationDate", epoch_seconds(int_of(*activity, "creationDate"))}};
    if (const json::Value* encryption = activity->find("encryptionConfiguration"))
        answer.set("encryptionConfiguration", *encryption);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteActivity.html
void delete_activity(SfnCall& call) {
    Fields fields(call.body);
    std::string arn = checked_activity_arn(fields);
    std::lock_guard lock(call.shared.control_plane);
    apply_writes(call.shared, {delete_document(kActivityKind, arn), delete_document(kTagsKind, arn)});
    call.answer(json::Value(json::Object{}));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListActivities.html
void list_activities(SfnCall& call) {
    Fields fields(call.body);
    auto max_results = fields.integer("maxResults", 0, 1000);
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    fields.check();
    auto page = list_document_page(call.shared, kActivityKind, aws::activity_arn(call.scope(), ""), token,
                                   page_size(max_results));
    json::Array activities;
    for (const auto& document : page.documents) {
        auto body = json::try_parse(document.body);
        if (!body) continue;
        activities.push_back(json::Object{{"activityArn", document.id},
                                          {"name", text_of(*body, "name")},
                                          {"creationDate", epoch_seconds(int_of(*body, "creationDate"))}});
    }
    json::Object answer{{"activities", json::Value(std::move(activities))}};
    if (!page.next_token.empty()) answer.set("nextToken", page.next_token);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetActivityTask.html
// A long poll: when no task comes within 60 seconds the answer has no
// taskToken ("a taskToken with a null string"), i.e. {}.
void get_activity_task(SfnCall& call) {
    Fields fields(call.body);
    auto worker = fields.text("workerName", rule::optional(1, 80));
    std::string arn = checked_activity_arn(fields);
    if (!read_document(call.shared.store, kActivityKind, arn)) throw activity_does_not_exist(arn);
    runtime::ExecutionHost& host = call.shared.host;
    host.get_activity_task(arn, worker.value_or(""), kActivityPollMs,
                           [&host, arn, respond = call.responder](std::optional<runtime::ActivityTask> task) {
                               if (!task) return respond(sfn_ok(json::Value(json::Object{})));
                               Response answer =
                                   sfn_ok(json::Object{{"taskToken", task->task_token}, {"input", task->input}});
                               // A poller that hung up never saw the token: the next poller gets the task.
                               answer.undelivered = [&host, arn, task = *task] { host.reoffer_activity_task(arn, task); };
                               respond(std::move(answer));
                           });
}

}  // namespace stepwise::api::sfn
