#include "asl/jsonata_fields.h"

namespace stepwise::asl {

namespace {

class FieldWalker {
public:
    explicit FieldWalker(const std::function<void(const JsonataField&)>& visit) : visit_(visit) {}

    void value(const std::optional<JsonataValue>& v, std::string_view field, const std::string& base,
               JsonataPlace place = JsonataPlace::Other) {
        if (v) visit_(JsonataField{field, base + "/" + std::string(field), place, v->compiled});
    }
    void assign(const std::optional<Assign>& a, const std::string& base, JsonataPlace place) {
        if (a) visit_(JsonataField{"Assign", base + "/Assign", place, a->jsonata.compiled});
    }
    void number(const DynamicNumber& n, std::string_view field, const std::string& base) { value(n.jsonata, field, base); }

    void choice_rule(const ChoiceRule& rule) {
        value(rule.condition, "Condition", rule.pointer);
        for (const ChoiceRule& child : rule.children) choice_rule(child);
        value(rule.output, "Output", rule.pointer);
        assign(rule.assign, rule.pointer, JsonataPlace::Other);
    }

private:
    const std::function<void(const JsonataField&)>& visit_;
};

void own_fields(FieldWalker& fields, const State& s) {
    const std::string& at = s.pointer;
    switch (s.type) {
        case StateType::Task: {
            const auto& task = s.as<TaskState>();
            fields.number(task.timeout_seconds, "TimeoutSeconds", at);
            fields.number(task.heartbeat_seconds, "HeartbeatSeconds", at);
            fields.value(task.credentials_jsonata, "Credentials", at);
            break;
        }
        case StateType::Choice:
            for (const ChoiceRule& rule : s.as<ChoiceState>().choices) fields.choice_rule(rule);
            break;
        case StateType::Wait: {
            const auto& wait = s.as<WaitState>();
            fields.number(wait.seconds, "Seconds", at);
            fields.value(wait.timestamp_jsonata, "Timestamp", at);
            break;
        }
        case StateType::Map: {
            const auto& map = s.as<MapState>();
            fields.value(map.items, "Items", at);
            fields.value(map.item_selector_jsonata, "ItemSelector", at);
            fields.number(map.max_concurrency, "MaxConcurrency", at);
            fields.number(map.tolerated_failure_count, "ToleratedFailureCount", at);
            fields.number(map.tolerated_failure_percentage, "ToleratedFailurePercentage", at);
            if (map.item_reader) {
                fields.value(map.item_reader->arguments, "Arguments", at + "/ItemReader");
                fields.number(map.item_reader->max_items, "MaxItems", at + "/ItemReader/ReaderConfig");
            }
            if (map.item_batcher) {
                const std::string batcher = at + "/ItemBatcher";
                fields.number(map.item_batcher->max_items_per_batch, "MaxItemsPerBatch", batcher);
                fields.number(map.item_batcher->max_input_bytes_per_batch, "MaxInputBytesPerBatch", batcher);
                fields.value(map.item_batcher->batch_input_jsonata, "BatchInput", batcher);
            }
            if (map.result_writer) fields.value(map.result_writer->arguments, "Arguments", at + "/ResultWriter");
            break;
        }
        case StateType::Fail: {
            const auto& fail = s.as<FailState>();
            fields.value(fail.error_jsonata, "Error", at);
            fields.value(fail.cause_jsonata, "Cause", at);
            break;
        }
        default: break;
    }
}

}  // namespace

void for_each_jsonata_field(const State& state, const std::function<void(const JsonataField&)>& visit) {
    if (state.query_language != QueryLanguage::JSONata) return;
    FieldWalker fields(visit);
    fields.value(state.arguments, "Arguments", state.pointer);
    own_fields(fields, state);
    fields.value(state.output, "Output", state.pointer, JsonataPlace::StateResult);
    fields.assign(state.assign, state.pointer, JsonataPlace::StateResult);
    for (const Catcher& c : state.catch_) {
        fields.value(c.output, "Output", c.pointer, JsonataPlace::Catcher);
        fields.assign(c.assign, c.pointer, JsonataPlace::Catcher);
    }
}

}  // namespace stepwise::asl
