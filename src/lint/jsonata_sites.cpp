#include "lint/jsonata_sites.h"

#include "asl/state_graph.h"

namespace stepwise::lint {

namespace {

class SiteWalker {
public:
    SiteWalker(const asl::State& state, const std::function<void(const JsonataSite&)>& visit)
        : state_(state), visit_(visit) {}

    void value(const std::optional<asl::JsonataValue>& v, std::string_view field, const std::string& base,
               JsonataPlace place = JsonataPlace::Other) {
        if (v) node(v->compiled, field, base + "/" + std::string(field), place);
    }
    void assign(const std::optional<asl::Assign>& a, const std::string& base, JsonataPlace place) {
        if (a) node(a->jsonata.compiled, "Assign", base + "/Assign", place);
    }
    void number(const asl::DynamicNumber& n, std::string_view field, const std::string& base) { value(n.jsonata, field, base); }

    void choice_rule(const asl::ChoiceRule& rule) {
        value(rule.condition, "Condition", rule.pointer);
        for (const asl::ChoiceRule& child : rule.children) choice_rule(child);
        value(rule.output, "Output", rule.pointer);
        assign(rule.assign, rule.pointer, JsonataPlace::Other);
    }

private:
    const asl::State& state_;
    const std::function<void(const JsonataSite&)>& visit_;

    void node(const asl::JsonataNode& n, std::string_view field, const std::string& field_pointer, JsonataPlace place) {
        if (n.kind == asl::JsonataNode::Kind::Expression && n.expression)
            visit_(JsonataSite{state_, field, place, field_pointer + n.where, *n.expression});
        for (const asl::JsonataNode& child : n.children) node(child, field, field_pointer, place);
    }
};

void visit_state(const asl::State& s, const std::function<void(const JsonataSite&)>& visit) {
    SiteWalker sites(s, visit);
    const std::string& at = s.pointer;
    sites.value(s.arguments, "Arguments", at);
    switch (s.type) {
        case asl::StateType::Task: {
            const auto& task = s.as<asl::TaskState>();
            sites.number(task.timeout_seconds, "TimeoutSeconds", at);
            sites.number(task.heartbeat_seconds, "HeartbeatSeconds", at);
            sites.value(task.credentials_jsonata, "Credentials", at);
            break;
        }
        case asl::StateType::Choice:
            for (const asl::ChoiceRule& rule : s.as<asl::ChoiceState>().choices) sites.choice_rule(rule);
            break;
        case asl::StateType::Wait: {
            const auto& wait = s.as<asl::WaitState>();
            sites.number(wait.seconds, "Seconds", at);
            sites.value(wait.timestamp_jsonata, "Timestamp", at);
            break;
        }
        case asl::StateType::Map: {
            const auto& map = s.as<asl::MapState>();
            sites.value(map.items, "Items", at);
            sites.value(map.item_selector_jsonata, "ItemSelector", at);
            sites.number(map.max_concurrency, "MaxConcurrency", at);
            sites.number(map.tolerated_failure_count, "ToleratedFailureCount", at);
            sites.number(map.tolerated_failure_percentage, "ToleratedFailurePercentage", at);
            if (map.item_reader) {
                sites.value(map.item_reader->arguments, "Arguments", at + "/ItemReader");
                sites.number(map.item_reader->max_items, "MaxItems", at + "/ItemReader/ReaderConfig");
            }
            if (map.item_batcher) {
                const std::string batcher = at + "/ItemBatcher";
                sites.number(map.item_batcher->max_items_per_batch, "MaxItemsPerBatch", batcher);
                sites.number(map.item_batcher->max_input_bytes_per_batch, "MaxInputBytesPerBatch", batcher);
                sites.value(map.item_batcher->batch_input_jsonata, "BatchInput", batcher);
            }
            if (map.result_writer) sites.value(map.result_writer->arguments, "Arguments", at + "/ResultWriter");
            break;
        }
        case asl::StateType::Fail: {
            const auto& fail = s.as<asl::FailState>();
            sites.value(fail.error_jsonata, "Error", at);
            sites.value(fail.cause_jsonata, "Cause", at);
            break;
        }
        default: break;
    }
    sites.value(s.output, "Output", at, JsonataPlace::StateResult);
    sites.assign(s.assign, at, JsonataPlace::StateResult);
    for (const asl::Catcher& c : s.catch_) {
        sites.value(c.output, "Output", c.pointer, JsonataPlace::Catcher);
        sites.assign(c.assign, c.pointer, JsonataPlace::Catcher);
    }
}

}  // namespace

void for_each_jsonata_site(const asl::Machine& machine, const std::function<void(const JsonataSite&)>& visit) {
    asl::for_each_state(machine.root, [&](const asl::State& s) {
        if (s.query_language == asl::QueryLanguage::JSONata) visit_state(s, visit);
    });
}

}  // namespace stepwise::lint
