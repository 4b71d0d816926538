// CreateStateMachine, DescribeStateMachine, UpdateStateMachine,
// DeleteStateMachine, ListStateMachines, DescribeStateMachineForExecution.
#include <mutex>

#include "api/sfn/definition_check.h"
#include "api/sfn/definitions.h"
#include "api/sfn/documents.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/ids.h"
#include "api/sfn/included_data.h"
#include "api/sfn/names.h"
#include "api/sfn/operations.h"
#include "asl/variable_references.h"
#include "aws/arn.h"
#include "json/parse.h"

namespace stepwise::api::sfn {

namespace {

const TextRule kArnRule = rule::required(1, 256);

// The definition document of a new revision, and the machine's pointer to it.
void new_revision(json::Value& machine, const std::string& definition, int64_t now_ms,
                  std::vector<store::Write>& writes) {
    std::string machine_arn = text_of(machine, "stateMachineArn");
    std::string revision = random_uuid();
    std::string id = definition_id(machine_arn, revision);
    json::Object body{{"definition", definition},
                      {"stateMachineArn", machine_arn},
                      {"name", text_of(machine, "name")},
                      {"type", text_of(machine, "type")},
                      {"roleArn", text_of(machine, "roleArn")},
                      {"revisionId", revision},
                      {"updateDate", now_ms}};
    for (auto key : {"loggingConfiguration", "tracingConfiguration", "encryptionConfiguration"})
        if (const json::Value* value = machine.find(key)) body.set(key, *value);
    writes.push_back(put_document(kDefinitionKind, id, json::Value(std::move(body)), now_ms));
    auto& fields = machine.mutable_object();
    fields.set("revisionId", revision);
    fields.set("definitionId", id);
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html#StepFunctions-DescribeStateMachine-response-definition
// (with includedData = METADATA_ONLY, the definition is "{}")
std::string definition_shown(const json::Value& definition, IncludedData included) {
    return included == IncludedData::MetadataOnly ? "{}" : text_of(definition, "definition");
}

// variableReferences: "A map of state name to a list of variables referenced
// by that state. States that do not use variable references will not be shown
// in the response." Left out when no state reads a variable, as AWS answers then.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html#StepFunctions-DescribeStateMachine-response-variableReferences
void set_variable_references(json::Object& answer, SfnShared& shared, const std::string& definition_id) {
    std::shared_ptr<const asl::Machine> machine = shared.definitions.machine(definition_id);
    if (!machine) return;
    json::Object references;
    for (const asl::StateVariableReferences& state : asl::variable_references(*machine)) {
        json::Array names;
        for (const std::string& name : state.variables) names.push_back(name);
        references.set(state.state, json::Value(std::move(names)));
    }
    if (!references.empty()) answer.set("variableReferences", json::Value(std::move(references)));
}

json::Value read_definition(SfnShared& shared, const std::string& id) {
    auto definition = read_document(shared.store, kDefinitionKind, id);
    return definition ? std::move(*definition) : json::Value(json::Object{});
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
void create_state_machine(SfnCall& call) {
    Fields fields(call.body);
    auto name = fields.text("name", rule::required(1, 80));
    auto definition = fields.text("definition", rule::required(1, 1048576));
    auto role_arn = fields.text("roleArn", kArnRule);
    auto type = fields.text("type", rule::one_of({"STANDARD", "EXPRESS"}));
    const json::Value* logging = fields.object("loggingConfiguration");
    const json::Value* tracing = fields.object("tracingConfiguration");
    const json::Value* encryption = fields.object("encryptionConfiguration");
    const json::Value* tags = fields.list("tags");
    auto publish = fields.flag("publish");
    auto version_description = fields.text("versionDescription", rule::optional(0, 256));
    fields.check();

    if (!valid_resource_name(*name)) throw invalid_name(*name);
    check_role_arn(*role_arn);
    auto machine_code = compile_or_throw(*definition);
    json::Value logging_value = logging_configuration(logging);
    json::Value tracing_value = tracing_configuration(tracing);
    json::Value encryption_value = encryption_configuration(encryption);
    json::Value tag_list = checked_tags(tags, *name);
    std::string machine_type = type.value_or("STANDARD");
    if (machine_type == "EXPRESS") check_express_or_throw(*machine_code);
    std::string machine_arn = aws::state_machine_arn(call.scope(), *name);

    std::lock_guard lock(call.shared.control_plane);
    int64_t now = wall_clock_ms();
    std::vector<store::Write> writes;
    json::Value machine;
    if (auto existing = read_document(call.shared.store, kStateMachineKind, machine_arn)) {
        // Idempotent on name, definition, type, logging, tracing and encryption (AWS ignores a different role
        // or tags).
        json::Value current = read_definition(call.shared, text_of(*existing, "definitionId"));
        bool same = text_of(current, "definition") == *definition && text_of(*existing, "type") == machine_type &&
                    existing->find("loggingConfiguration") &&
                    *existing->find("loggingConfiguration") == logging_value &&
                    existing->find("tracingConfiguration") &&
                    *existing->find("tracingConfiguration") == tracing_value &&
                    (existing->find("encryptionConfiguration") ? *existing->find("encryptionConfiguration")
                                                               : json::Value()) == encryption_value;
        if (!same)
            throw SfnError("StateMachineAlreadyExists", "State Machine Already Exists: '" + machine_arn + "'");
        machine = std::move(*existing);
    } else {
        machine = json::Object{{"name", *name},
                               {"stateMachineArn", machine_arn},
                               {"type", machine_type},
                               {"roleArn", *role_arn},
                               {"loggingConfiguration", logging_value},
                               {"tracingConfiguration", tracing_value},
                               {"creationDate", now},
                               {"updateDate", now},
                               {"lastVersion", 0}};
        if (!encryption_value.is_null()) machine.mutable_object().set("encryptionConfiguration", encryption_value);
        new_revision(machine, *definition, now, writes);
        if (tag_list.size() > 0) writes.push_back(merge_tags(call.shared, machine_arn, tag_list));
    }
    json::Object answer{{"stateMachineArn", machine_arn}, {"creationDate", epoch_seconds(int_of(machine, "creationDate"))}};
    if (publish.value_or(false)) {
        auto version = publish_version(call.shared, machine, version_description.value_or(""), now, writes);
        answer.set("stateMachineVersionArn", version.version_arn);
    }
    if (!writes.empty()) {
        writes.push_back(put_document(kStateMachineKind, machine_arn, machine, now));
        apply_writes(call.shared, writes);
    }
    call.shared.definitions.remember(text_of(machine, "definitionId"), machine_code);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
void describe_state_machine(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", kArnRule);
    const IncludedData included = included_data_of(fields);
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (arn.is_alias())
        throw invalid_arn(invalid_arn_message("Resource type not valid in this context: stateMachineAlias"));
    json::Value machine = load_state_machine(call.shared, arn.machine_arn, *arn_text);
    json::Value version;
    std::string definition_ref = text_of(machine, "definitionId");
    if (arn.is_version()) {
        auto found = read_document(call.shared.store, kVersionKind, *arn_text);
        if (!found) throw state_machine_does_not_exist(*arn_text);
        version = std::move(*found);
        definition_ref = text_of(version, "definitionId");
    }
    json::Value definition = read_definition(call.shared, definition_ref);
    json::Object answer{{"stateMachineArn", *arn_text},
                        {"name", text_of(machine, "name")},
                        {"status", "ACTIVE"},
                        {"definition", definition_shown(definition, included)},
                        {"roleArn", text_of(definition, "roleArn")},
                        {"type", text_of(machine, "type")},
                        {"creationDate", epoch_seconds(int_of(version.is_null() ? machine : version, "creationDate"))}};
    for (auto key : {"loggingConfiguration", "tracingConfiguration", "encryptionConfiguration"})
        if (const json::Value* value = definition.find(key)) answer.set(key, *value);
    answer.set("revisionId", text_of(definition, "revisionId"));
    std::string description = text_of(version.is_null() ? machine : version, "description");
    if (!description.empty()) answer.set("description", description);
    set_variable_references(answer, call.shared, definition_ref);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html
void update_state_machine(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", kArnRule);
    auto definition = fields.text("definition", rule::optional(1, 1048576));
    auto role_arn = fields.text("roleArn", rule::optional(1, 256));
    const json::Value* logging = fields.object("loggingConfiguration");
    const json::Value* tracing = fields.object("tracingConfiguration");
    const json::Value* encryption = fields.object("encryptionConfiguration");
    auto publish = fields.flag("publish");
    auto version_description = fields.text("versionDescription", rule::optional(0, 256));
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (!arn.qualifier.empty())
        throw SfnError("ValidationException", "Service does not support updating a qualified state machine ARN: '" +
                                                  *arn_text + "'");
    if (!definition && !role_arn && !logging && !tracing && !encryption)
        throw SfnError("MissingRequiredParameter",
                       "Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration "
                       "or the TracingConfiguration must be specified");
    if (version_description && !publish.value_or(false))
        throw SfnError("ValidationException", "Version description can only be set when publish is true");
    if (role_arn) check_role_arn(*role_arn);
    std::shared_ptr<const asl::Machine> machine_code;
    if (definition) machine_code = compile_or_throw(*definition);
    json::Value encryption_value = encryption_configuration(encryption);

    std::lock_guard lock(call.shared.control_plane);
    json::Value machine = load_state_machine(call.shared, arn.machine_arn, *arn_text);
    json::Value current = read_definition(call.shared, text_of(machine, "definitionId"));
    if (machine_code && text_of(machine, "type") == "EXPRESS") check_express_or_throw(*machine_code);
    auto& fields_of = machine.mutable_object();
    if (role_arn) fields_of.set("roleArn", *role_arn);
    if (logging) fields_of.set("loggingConfiguration", logging_configuration(logging));
    if (tracing) fields_of.set("tracingConfiguration", tracing_configuration(tracing));
    if (encryption) fields_of.set("encryptionConfiguration", encryption_value);
    int64_t now = wall_clock_ms();
    fields_of.set("updateDate", now);
    std::vector<store::Write> writes;
    new_revision(machine, definition ? *definition : text_of(current, "definition"), now, writes);
    json::Object answer{{"updateDate", epoch_seconds(now)}, {"revisionId", text_of(machine, "revisionId")}};
    if (publish.value_or(false)) {
        auto version = publish_version(call.shared, machine, version_description.value_or(""), now, writes);
        answer.set("stateMachineVersionArn", version.version_arn);
    }
    writes.push_back(put_document(kStateMachineKind, arn.machine_arn, machine, now));
    apply_writes(call.shared, writes);
    if (machine_code) call.shared.definitions.remember(text_of(machine, "definitionId"), machine_code);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DeleteStateMachine.html
// Deletes the machine with its versions, aliases and tags; running executions
// keep their definition documents and finish.
void delete_state_machine(SfnCall& call) {
    Fields fields(call.body);
    auto arn_text = fields.text("stateMachineArn", kArnRule);
    fields.check();
    auto arn = parse_state_machine_arn(*arn_text);
    if (!arn.qualifier.empty())
        throw SfnError("ValidationException",
                       "Service does not support deleting a qualified state machine ARN: '" + *arn_text +
                           "'. Use DeleteStateMachineVersion or DeleteStateMachineAlias.");
    std::lock_guard lock(call.shared.control_plane);
    std::vector<store::Write> writes;
    std::string prefix = arn.machine_arn + ":";
    for (auto kind : {kVersionKind, kAliasKind})
        for (const auto& document : call.shared.store.list_documents(std::string(kind), prefix)) {
            writes.push_back(delete_document(kind, document.id));
            writes.push_back(delete_document(kTagsKind, document.id));
        }
    writes.push_back(delete_document(kStateMachineKind, arn.machine_arn));
    writes.push_back(delete_document(kTagsKind, arn.machine_arn));
    for (std::string_view kind : call.shared.options.machine_documents)
        writes.push_back(delete_document(kind, arn.machine_arn));
    apply_writes(call.shared, writes);
    if (call.shared.options.machine_deleted) call.shared.options.machine_deleted(arn.machine_arn);
    call.answer(json::Value(json::Object{}));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html
void list_state_machines(SfnCall& call) {
    Fields fields(call.body);
    auto max_results = fields.integer("maxResults", 0, 1000);
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    fields.check();
    auto page = list_document_page(call.shared, kStateMachineKind, aws::state_machine_arn(call.scope(), ""),
                                   token, page_size(max_results));
    json::Array machines;
    for (const auto& document : page.documents) {
        auto body = json::try_parse(document.body);
        if (!body) continue;
        machines.push_back(json::Object{{"stateMachineArn", document.id},
                                        {"name", text_of(*body, "name")},
                                        {"type", text_of(*body, "type")},
                                        {"creationDate", epoch_seconds(int_of(*body, "creationDate"))}});
    }
    json::Object answer{{"stateMachines", json::Value(std::move(machines))}};
    if (!page.next_token.empty()) answer.set("nextToken", page.next_token);
    call.answer(json::Value(std::move(answer)));
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
void describe_state_machine_for_execution(SfnCall& call) {
    Fields fields(call.body);
    auto arn = fields.text("executionArn", kArnRule);
    const IncludedData included = included_data_of(fields);
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "execution"); !problem.empty()) throw invalid_arn(problem);
    auto record = call.shared.store.get_execution(*arn);
    if (!record) throw execution_does_not_exist(*arn);
    // The definition the execution started with: the id the host keeps in the
    // execution's config, else (older records) its version's or machine's current one.
    std::string definition_ref;
    if (auto config = json::try_parse(record->config); config && config->is_object())
        definition_ref = stored_definition_id(text_of(*config, "definitionId"));  // a Map child: its parent's
    if (definition_ref.empty() && !record->version_arn.empty())
        if (auto version = read_document(call.shared.store, kVersionKind, record->version_arn))
            definition_ref = text_of(*version, "definitionId");
    // A Distributed Map's child runs "<machine>/<label>", which is no stored machine.
    const bool map_run_child = !record->map_run_arn.empty();
    std::string machine_arn = record->state_machine_arn;
    if (map_run_child) machine_arn.resize(machine_arn.find('/'));  // <machine>/<label>[/<label>...]
    if (definition_ref.empty())
        if (auto machine = read_document(call.shared.store, kStateMachineKind, machine_arn))
            definition_ref = text_of(*machine, "definitionId");
    json::Value definition = read_definition(call.shared, definition_ref);
    std::string name = text_of(definition, "name");
    if (map_run_child) name = record->state_machine_arn.substr(record->state_machine_arn.rfind(':') + 1);
    json::Object answer{{"stateMachineArn", record->state_machine_arn},
                        {"name", name},
                        {"definition", definition_shown(definition, included)},
                        {"roleArn", text_of(definition, "roleArn")},
                        {"updateDate", epoch_seconds(int_of(definition, "updateDate"))}};
    for (auto key : {"loggingConfiguration", "tracingConfiguration", "encryptionConfiguration"})
        if (const json::Value* value = definition.find(key)) answer.set(key, *value);
    answer.set("revisionId", text_of(definition, "revisionId"));
    if (map_run_child) {
        // https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachineForExecution.html
        // (mapRunArn, label: only for a child of a Distributed Map)
        answer.set("mapRunArn", record->map_run_arn);
        answer.set("label", map_run_label(record->map_run_arn));
    }
    set_variable_references(answer, call.shared, definition_ref);
    call.answer(json::Value(std::move(answer)));
}

}  // namespace stepwise::api::sfn
