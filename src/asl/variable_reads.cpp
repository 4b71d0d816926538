// Which workflow variables each state reads, from its compiled fields: what
// DescribeStateMachine reports as `variableReferences`, and what lint checks
// against the states that assign them.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

#include "asl/compiler.h"
#include "asl/jsonata_fields.h"
#include "asl/state_graph.h"

namespace stepwise::asl::detail {
namespace {

// Names a JSONata expression of a definition reads that are not workflow
// variables: `$states`, and the functions Step Functions adds to JSONata's
// library (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
bool is_step_functions_name(std::string_view name) {
    static constexpr std::array<std::string_view, 7> kNames = {"states", "partition", "range", "hash",
                                                              "random", "uuid",      "parse"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Every name an Assign of the machine sets (a state's, a Choice rule's, a
// Catcher's), without the `.$` of JSONPath keys.
std::unordered_set<std::string> assigned_names(const StateMachine& root) {
    std::unordered_set<std::string> names;
    auto add = [&](const std::optional<Assign>& assign) {
        if (!assign || !assign->raw.is_object()) return;
        for (const auto& member : assign->raw.as_object()) {
            std::string_view name = member.name();
            if (name.ends_with(".$")) name.remove_suffix(2);
            names.emplace(name);
        }
    };
    for_each_state(root, [&](const State& state) {
        add(state.assign);
        for (const Catcher& catcher : state.catch_) add(catcher.assign);
        if (state.type == StateType::Choice)
            for (const ChoiceRule& rule : state.as<ChoiceState>().choices) add(rule.assign);
    });
    return names;
}

class ReadCollector {
public:
    ReadCollector(State& state, const std::unordered_set<std::string>& assigned) : state_(state), assigned_(assigned) {}

    void names(const std::vector<std::string>& variables, const std::string& pointer) {
        for (const std::string& name : variables) state_.variable_reads.push_back({name, pointer});
    }

    void path(const query::Path& p, std::string_view field, const std::string& base) {
        if (p) names(p.referenced_variables(), base + "/" + std::string(field));
    }
    void path(const OptionalPath& p, std::string_view field, const std::string& base) {
        if (p.kind == OptionalPath::Kind::Path) path(p.path, field, base);
    }
    void path_or_intrinsic(const PathOrIntrinsic& p, std::string_view field, const std::string& base) {
        path(p.path, field, base);
        if (p.intrinsic) names(p.intrinsic.referenced_variables(), base + "/" + std::string(field));
    }
    void payload(const query::Template& t, std::string_view field, const std::string& base) {
        if (t) names(t.referenced_variables(), base + "/" + std::string(field));
    }

    void jsonata_node(const JsonataNode& node, const std::string& field_pointer) {
        if (node.kind == JsonataNode::Kind::Expression && node.expression) {
            for (const jsonata::FreeVariable& v : node.expression->free_variables()) {
                // `$count` calls the function, unless a workflow variable of that name shadows it.
                bool names_function = v.names_library_function || is_step_functions_name(v.name);
                if (names_function && !assigned_.count(v.name)) continue;
                state_.variable_reads.push_back({v.name, field_pointer + node.where});
            }
        }
        for (const JsonataNode& child : node.children) jsonata_node(child, field_pointer);
    }

    void number(const DynamicNumber& n, std::string_view field, const std::string& base) {
        path(n.path, std::string(field) + "Path", base);
    }

    void assign(const std::optional<Assign>& a, const std::string& base) {
        if (!a) return;
        payload(a->jsonpath, "Assign", base);
    }

    void choice_rule(const ChoiceRule& rule) {
        path(rule.variable, "Variable", rule.pointer);
        path(rule.operand_path, choice_op_name(rule.op), rule.pointer);
        for (const ChoiceRule& child : rule.children) choice_rule(child);
        assign(rule.assign, rule.pointer);
    }

private:
    State& state_;
    const std::unordered_set<std::string>& assigned_;  // names some Assign sets: they shadow functions
};

void collect_common(ReadCollector& reads, const State& s) {
    const std::string& at = s.pointer;
    reads.path(s.input_path, "InputPath", at);
    reads.payload(s.parameters, "Parameters", at);
}

void collect_own(ReadCollector& reads, const State& s) {
    const std::string& at = s.pointer;
    switch (s.type) {
        case StateType::Task: {
            const auto& task = s.as<TaskState>();
            reads.number(task.timeout_seconds, "TimeoutSeconds", at);
            reads.number(task.heartbeat_seconds, "HeartbeatSeconds", at);
            if (task.credentials.is_object() && !task.credentials_jsonata) {
                std::vector<query::TemplateProblem> problems;
                query::Template credentials = query::Template::compile(task.credentials, problems);
                if (problems.empty()) reads.payload(credentials, "Credentials", at);
            }
            break;
        }
        case StateType::Choice:
            for (const ChoiceRule& rule : s.as<ChoiceState>().choices) reads.choice_rule(rule);
            break;
        case StateType::Wait: {
            const auto& wait = s.as<WaitState>();
            reads.number(wait.seconds, "Seconds", at);
            reads.path(wait.timestamp_path, "TimestampPath", at);
            break;
        }
        case StateType::Map: {
            const auto& map = s.as<MapState>();
            reads.path(map.items_path, "ItemsPath", at);
            reads.payload(map.item_selector, map.item_selector_field, at);
            reads.number(map.max_concurrency, "MaxConcurrency", at);
            reads.number(map.tolerated_failure_count, "ToleratedFailureCount", at);
            reads.number(map.tolerated_failure_percentage, "ToleratedFailurePercentage", at);
            if (map.item_reader) {
                const std::string reader = at + "/ItemReader";
                reads.payload(map.item_reader->parameters, "Parameters", reader);
                reads.number(map.item_reader->max_items, "MaxItems", reader + "/ReaderConfig");
            }
            if (map.item_batcher) {
                const std::string batcher = at + "/ItemBatcher";
                reads.number(map.item_batcher->max_items_per_batch, "MaxItemsPerBatch", batcher);
                reads.number(map.item_batcher->max_input_bytes_per_batch, "MaxInputBytesPerBatch", batcher);
                reads.payload(map.item_batcher->batch_input, "BatchInput", batcher);
            }
            if (map.result_writer) {
                const std::string writer = at + "/ResultWriter";
                reads.payload(map.result_writer->parameters, "Parameters", writer);
            }
            break;
        }
        case StateType::Fail: {
            const auto& fail = s.as<FailState>();
            reads.path_or_intrinsic(fail.error_path, "ErrorPath", at);
            reads.path_or_intrinsic(fail.cause_path, "CausePath", at);
            break;
        }
        default: break;
    }
}

void collect_results(ReadCollector& reads, const State& s) {
    const std::string& at = s.pointer;
    reads.payload(s.result_selector, "ResultSelector", at);
    reads.path(s.result_path, "ResultPath", at);
    reads.path(s.output_path, "OutputPath", at);
    reads.assign(s.assign, at);
    for (const Catcher& c : s.catch_) {
        reads.path(c.result_path, "ResultPath", c.pointer);
        reads.assign(c.assign, c.pointer);
    }
}

}  // namespace

namespace {

void collect_reads(StateMachine& scope, const std::unordered_set<std::string>& assigned) {
    for (const std::unique_ptr<State>& state : scope.states) {
        state->variable_reads.clear();
        ReadCollector reads(*state, assigned);
        collect_common(reads, *state);
        collect_own(reads, *state);
        collect_results(reads, *state);
        for_each_jsonata_field(*state, [&](const JsonataField& field) { reads.jsonata_node(field.value, field.pointer); });
        if (state->type == StateType::Parallel)
            for (const auto& branch : state->as<ParallelState>().branches) collect_reads(*branch, assigned);
        if (state->type == StateType::Map && state->as<MapState>().processor)
            collect_reads(*state->as<MapState>().processor, assigned);
    }
}

}  // namespace

void collect_variable_reads(StateMachine& root) { collect_reads(root, assigned_names(root)); }

}  // namespace stepwise::asl::detail
