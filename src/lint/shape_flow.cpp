#include "lint/shape_flow.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "asl/state_graph.h"
#include "engine/test_state.h"
#include "json/pointer.h"
#include "lint/shape_template.h"

namespace stepwise::lint {

namespace {

using asl::OptionalPath;
using asl::State;
using asl::StateType;

// What a Catcher's ResultPath places: the error output, whose Cause is there
// only when the error has one.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
const std::vector<Shape>& error_outputs() {
    static const std::vector<Shape> shapes = {Shape::object({"Error"}, {Shape()}),
                                              Shape::object({"Error", "Cause"}, {Shape(), Shape()})};
    return shapes;
}

// A path a Choice rule reads, where it is written.
struct RulePath {
    const query::Path* path;
    std::string pointer;
    bool type_test;       // Is*: a missing value is an answer, not a failure
    bool read_first;      // the first rule's Variable: read whatever the input
};

void collect_rule_paths(const asl::ChoiceRule& rule, const std::string& pointer, bool first, std::vector<RulePath>& out) {
    using Op = asl::ChoiceRule::Op;
    if (rule.op == Op::And || rule.op == Op::Or) {
        const char* field = rule.op == Op::And ? "/And/" : "/Or/";
        for (size_t i = 0; i < rule.children.size(); ++i)
            collect_rule_paths(rule.children[i], pointer + field + std::to_string(i), false, out);
        return;
    }
    if (rule.op == Op::Not) {
        if (!rule.children.empty()) collect_rule_paths(rule.children[0], pointer + "/Not", false, out);
        return;
    }
    if (rule.variable) out.push_back({&rule.variable, pointer + "/Variable", asl::is_type_test(rule.op), first});
    if (rule.operand_path)
        out.push_back({&rule.operand_path, json::pointer_child(pointer, asl::choice_op_name(rule.op)), false, false});
}

// Where a state's work goes: to states of its scope, or out of the scope.
struct Moves {
    std::vector<std::pair<const State*, Shape>> next;
    std::vector<Shape> ended;
};

// How a Choice decided for one input: the state it goes to (nullptr: it fails,
// reading `failed_path`).
struct ChoiceDecision {
    const State* target = nullptr;
    std::string failed_path;
};

class Flow {
public:
    Flow(const asl::Machine& machine, const ExampleData& examples)
        : machine_(machine), examples_(examples), shared_machine_(std::shared_ptr<const asl::Machine>(), &machine) {}

    std::vector<PathRead> run() {
        // A Distributed Map's children are executions of their own, with their own $$.Execution.Input.
        asl::for_each_state(machine_.root, [&](const State& s) {
            if (s.type != StateType::Map) return;
            const auto& map = s.as<asl::MapState>();
            if (map.mode == asl::MapState::Mode::Distributed && map.processor)
                asl::for_each_state(*map.processor, [&](const State& inner) { in_child_execution_.insert(&inner); });
        });
        size_t states = 0;
        asl::for_each_state(machine_.root, [&](const State&) { ++states; });
        steps_left_ = 64 * (states + 1);
        Alternatives start = Alternatives::unknown();
        if (examples_.input) {
            start = Alternatives();
            start.add(Shape::known(*examples_.input));
        }
        analyse_scope(machine_.root, start);
        if (gave_up_) return {};
        recording_ = true;
        asl::for_each_state(machine_.root, [&](const State& s) {
            auto it = inputs_.find(&s);
            if (it == inputs_.end()) return;
            for (const Shape& input : it->second) transfer(s, input);
        });
        return std::move(reads_);
    }

private:
    // To a fixed point: every state's inputs only grow, and each set grows at
    // most kMaxAlternatives + 1 times. A scope is analysed again only when its
    // start gets inputs it had not seen (a Parallel inside a loop, a nested
    // Parallel reached with several inputs), and one budget bounds the whole
    // pass however scopes nest: past it, nothing is reported.
    void analyse_scope(const asl::StateMachine& scope, const Alternatives& start) {
        if (!scope.start || gave_up_) return;
        bool new_inputs = inputs_[scope.start].add_all(start);
        if (!analysed_.insert(&scope).second && !new_inputs) return;
        std::vector<const State*> work{scope.start};
        while (!work.empty() && !gave_up_) {
            if (steps_left_-- == 0) {
                gave_up_ = true;
                return;
            }
            const State* s = work.back();
            work.pop_back();
            const Alternatives inputs = inputs_[s];  // a copy: a loop may add to it
            for (const Shape& input : inputs) {
                Moves moves = transfer(*s, input);
                for (auto& [to, shape] : moves.next)
                    if (inputs_[to].add(shape) && std::find(work.begin(), work.end(), to) == work.end()) work.push_back(to);
                for (const Shape& out : moves.ended) outputs_[&scope].add(out);
            }
        }
    }

    Moves transfer(const State& s, const Shape& input) {
        Moves moves;
        if (s.query_language == asl::QueryLanguage::JSONata) {
            for (const State* to : asl::successors(s)) moves.next.emplace_back(to, Shape());
            if (ends(s)) moves.ended.emplace_back();
            return moves;
        }
        for (const asl::Catcher& c : s.catch_) {
            if (!c.next) continue;
            for (const Shape& error : error_outputs())
                if (std::optional<Shape> out = place_result(c.result_path, input, error)) moves.next.emplace_back(c.next, *out);
        }
        if (s.type == StateType::Fail) {
            const auto& fail = s.as<asl::FailState>();
            read_path_or_intrinsic(s, fail.error_path, "ErrorPath", input);
            read_path_or_intrinsic(s, fail.cause_path, "CausePath", input);
            return moves;
        }
        std::optional<Shape> effective = select_optional(s, s.input_path, "InputPath", input);
        if (!effective) return moves;
        switch (s.type) {
            case StateType::Pass: pass(s, input, *effective, moves); break;
            case StateType::Task: task(s, input, *effective, moves); break;
            case StateType::Choice: choice(s, input, *effective, moves); break;
            case StateType::Wait: {
                const auto& wait = s.as<asl::WaitState>();
                read_number(s, wait.seconds, "SecondsPath", *effective);
                if (wait.timestamp_path) read(s, "TimestampPath", wait.timestamp_path, *effective);
                leave_through_output_path(s, *effective, moves);
                break;
            }
            case StateType::Succeed: leave_through_output_path(s, *effective, moves); break;
            case StateType::Parallel: parallel(s, input, *effective, moves); break;
            case StateType::Map: map(s, input, *effective, moves); break;
            case StateType::Fail: break;
        }
        return moves;
    }

    static bool ends(const State& s) { return s.end || s.type == StateType::Succeed; }

    void pass(const State& s, const Shape& input, const Shape& effective, Moves& moves) {
        std::optional<Shape> payload = apply_template(s, s.parameters, "Parameters", effective);
        if (!payload) return;
        const auto& result = s.as<asl::PassState>().result;
        finish(s, input, result ? Shape::known(*result) : *payload, moves);
    }

    void task(const State& s, const Shape& input, const Shape& effective, Moves& moves) {
        if (!apply_template(s, s.parameters, "Parameters", effective)) return;
        const auto& task = s.as<asl::TaskState>();
        read_number(s, task.timeout_seconds, "TimeoutSecondsPath", effective);
        read_number(s, task.heartbeat_seconds, "HeartbeatSecondsPath", effective);
        auto mocked = examples_.task_results.find(s.name);
        if (mocked == examples_.task_results.end()) {
            finish_with_result(s, input, Shape(), moves);
            return;
        }
        // No result at all: its mocks only throw, and only its Catchers go on.
        for (const json::Value& result : mocked->second) finish_with_result(s, input, Shape::known(result), moves);
    }

    void parallel(const State& s, const Shape& input, const Shape& effective, Moves& moves) {
        std::optional<Shape> payload = apply_template(s, s.parameters, "Parameters", effective);
        if (!payload) return;
        const auto& branches = s.as<asl::ParallelState>().branches;
        if (!recording_) {
            Alternatives start;
            start.add(*payload);
            for (const auto& branch : branches) analyse_scope(*branch, start);
        }
        // Every combination of the branches' outputs, in branch order.
        std::vector<std::vector<Shape>> combinations{{}};
        for (const auto& branch : branches) {
            const Alternatives& outs = outputs_[branch.get()];
            if (outs.empty()) return;  // that branch never succeeds
            std::vector<std::vector<Shape>> longer;
            for (const auto& c : combinations) {
                for (const Shape& out : outs) {
                    longer.push_back(c);
                    longer.back().push_back(out);
                }
            }
            if (longer.size() > Alternatives::kMaxAlternatives) {
                finish_with_result(s, input, Shape(), moves);
                return;
            }
            combinations = std::move(longer);
        }
        for (auto& c : combinations) finish_with_result(s, input, Shape::array(std::move(c)), moves);
    }

    void map(const State& s, const Shape& input, const Shape& effective, Moves& moves) {
        const auto& map = s.as<asl::MapState>();
        read_number(s, map.max_concurrency, "MaxConcurrencyPath", effective);
        read_number(s, map.tolerated_failure_count, "ToleratedFailureCountPath", effective);
        read_number(s, map.tolerated_failure_percentage, "ToleratedFailurePercentagePath", effective);
        Shape items;  // unknown when an ItemReader reads them
        if (!map.item_reader) {
            items = effective;
            if (map.items_path) {
                Reading r = read(s, "ItemsPath", map.items_path, effective);
                if (r.outcome == Reading::Outcome::Missing) return;
                items = r.found;
            }
        }
        std::vector<Shape> each;
        if (items.is_unknown()) {
            each.emplace_back();
        } else if (items.is_array()) {
            constexpr size_t kItemsLooked = 256;
            for (size_t i = 0; i < std::min(items.length(), kItemsLooked); ++i) each.push_back(items.element(i));
            if (items.length() > kItemsLooked) each.emplace_back();
        } else {
            return;  // not an array: the Map fails
        }
        Alternatives processor_inputs;
        for (const Shape& item : each) {
            std::optional<Shape> in = item;
            if (map.item_selector) in = apply_template(s, map.item_selector, map.item_selector_field, effective, &item);
            if (!in) return;
            processor_inputs.add(map.item_batcher ? Shape() : *in);
        }
        if (!recording_ && map.processor && !processor_inputs.empty()) analyse_scope(*map.processor, processor_inputs);
        const bool no_items = items.is_array() && items.length() == 0 && !map.result_writer;
        finish_with_result(s, input, no_items ? Shape::known(json::Value(json::Array{})) : Shape(), moves);
    }

    void choice(const State& s, const Shape& input, const Shape& effective, Moves& moves) {
        const auto& c = s.as<asl::ChoiceState>();
        std::vector<RulePath> paths;
        for (size_t i = 0; i < c.choices.size(); ++i) collect_rule_paths(c.choices[i], c.choices[i].pointer, i == 0, paths);
        std::optional<ChoiceDecision> decision = decide(s, input, effective, paths);
        bool fails = false;
        for (const RulePath& p : paths) {
            if (p.type_test || p.path->root() != query::PathRoot::Input) continue;
            Reading r;
            if (decision ? decision->failed_path == p.path->text() : p.read_first) r = read_path(*p.path, effective);
            if (r.outcome == Reading::Outcome::Missing) fails = true;
            else r = Reading{};  // read or not, the rules decide: nothing certain
            record(s, p.pointer, "Choice rule", p.path->text(), r);
        }
        if (fails) return;
        std::optional<Shape> out = select_optional(s, s.output_path, "OutputPath", effective);
        if (!out) return;
        if (decision) {
            if (decision->target) moves.next.emplace_back(decision->target, *out);
            return;
        }
        for (const State* to : asl::successors(s)) moves.next.emplace_back(to, *out);
    }

    // The engine's own Choice evaluation (TestState), when every path the
    // rules read is known in this input: nullopt otherwise.
    std::optional<ChoiceDecision> decide(const State& s, const Shape& input, const Shape& effective,
                                         const std::vector<RulePath>& paths) {
        const auto& rules = s.as<asl::ChoiceState>().choices;
        if (!s.variable_reads.empty() || s.assign ||
            std::any_of(rules.begin(), rules.end(), [](const asl::ChoiceRule& r) { return r.assign.has_value(); }))
            return std::nullopt;  // TestState would run without the variables, or fail in Assign
        for (const RulePath& p : paths) {
            if (p.path->root() != query::PathRoot::Input || p.path->uses_context()) return std::nullopt;
            if (read_path(*p.path, effective).outcome == Reading::Outcome::Unknown) return std::nullopt;
        }
        engine::TestStateRequest request;
        request.state = &s;
        request.input = input.concretized();
        engine::TestStateResult result;
        try {
            result = engine::test_state(shared_machine_, request);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        ChoiceDecision decision;
        if (result.status == engine::TestStatus::Succeeded && result.next_state) {
            auto it = machine_.all_states.find(*result.next_state);
            if (it == machine_.all_states.end()) return std::nullopt;
            decision.target = it->second;
            return decision;
        }
        // "Invalid path '$.x': The choice state's condition path references an invalid value."
        const std::string cause = result.cause.value_or("");
        const std::string prefix = "Invalid path '";
        size_t start = cause.find(prefix);
        size_t end = start == std::string::npos ? start : cause.find("':", start + prefix.size());
        if (end == std::string::npos) return std::nullopt;
        decision.failed_path = cause.substr(start + prefix.size(), end - start - prefix.size());
        return decision;
    }

    void finish_with_result(const State& s, const Shape& input, const Shape& result, Moves& moves) {
        std::optional<Shape> selected = apply_template(s, s.result_selector, "ResultSelector", result);
        if (selected) finish(s, input, *selected, moves);
    }

    void finish(const State& s, const Shape& input, const Shape& result, Moves& moves) {
        std::optional<Shape> combined = place_result(s.result_path, input, result);
        if (combined) leave_through_output_path(s, *combined, moves);
    }

    void leave_through_output_path(const State& s, const Shape& value, Moves& moves) {
        std::optional<Shape> out = select_optional(s, s.output_path, "OutputPath", value);
        if (!out) return;
        if (ends(s)) moves.ended.push_back(*out);
        else if (s.next) moves.next.emplace_back(s.next, *out);
    }

    static std::optional<Shape> place_result(const OptionalPath& p, const Shape& input, const Shape& result) {
        switch (p.kind) {
            case OptionalPath::Kind::Default: return result;
            case OptionalPath::Kind::Null: return input;
            case OptionalPath::Kind::Path: break;
        }
        return place_at_path(p.path, input, result);
    }

    std::optional<Shape> select_optional(const State& s, const OptionalPath& p, std::string_view field, const Shape& from) {
        switch (p.kind) {
            case OptionalPath::Kind::Default: return from;
            case OptionalPath::Kind::Null: return Shape::known(json::Value(json::Object{}));
            case OptionalPath::Kind::Path: break;
        }
        Reading r = read(s, field, p.path, from);
        if (r.outcome == Reading::Outcome::Missing) return std::nullopt;
        return r.found;
    }

    std::optional<Shape> apply_template(const State& s, const query::Template& t, std::string_view field,
                                        const Shape& input, const Shape* map_item = nullptr) {
        if (!t) return input;
        std::string pointer = json::pointer_child(s.pointer, field);
        const json::Value* raw = json::resolve_pointer(machine_.definition, pointer);
        if (!raw) return Shape();
        KnownContext context;
        if (examples_.input && !in_child_execution_.contains(&s)) context.execution_input = Shape::known(*examples_.input);
        if (map_item) context.map_item = *map_item;
        return evaluate_template(*raw, pointer, input, context,
                                 [&](const std::string& at, const std::string& path, const Reading& reading) {
                                     record(s, at, std::string(field), path, reading);
                                 });
    }

    Reading read(const State& s, std::string_view field, const query::Path& path, const Shape& from) {
        if (path.root() != query::PathRoot::Input) return {};
        Reading r = read_path(path, from);
        record(s, json::pointer_child(s.pointer, field), std::string(field), path.text(), r);
        return r;
    }

    void read_number(const State& s, const asl::DynamicNumber& n, std::string_view field, const Shape& from) {
        if (n.path) read(s, field, n.path, from);
    }

    void read_path_or_intrinsic(const State& s, const asl::PathOrIntrinsic& p, std::string_view field, const Shape& from) {
        if (p.path) read(s, field, p.path, from);
        if (!p.intrinsic) return;
        for (const query::Path& arg : intrinsic_path_arguments(p.intrinsic.text()))
            if (arg.root() == query::PathRoot::Input)
                record(s, json::pointer_child(s.pointer, field), std::string(field), arg.text(), read_path(arg, from));
    }

    void record(const State& s, const std::string& pointer, const std::string& field, const std::string& path,
                const Reading& reading) {
        if (!recording_) return;
        auto [at, fresh] = read_index_.try_emplace(pointer + "\n" + path, reads_.size());
        if (fresh) reads_.push_back(PathRead{&s, pointer, field, path, {}});
        reads_[at->second].readings.push_back(reading);
    }

    const asl::Machine& machine_;
    const ExampleData& examples_;
    std::shared_ptr<const asl::Machine> shared_machine_;  // not owning: for engine::test_state
    std::unordered_map<const State*, Alternatives> inputs_;
    std::unordered_map<const asl::StateMachine*, Alternatives> outputs_;
    std::unordered_set<const State*> in_child_execution_;
    bool gave_up_ = false;
    size_t steps_left_ = 0;                                  // states analysed before the pass gives up
    std::unordered_set<const asl::StateMachine*> analysed_;  // scopes analysed at least once
    bool recording_ = false;
    std::vector<PathRead> reads_;
    std::map<std::string, size_t> read_index_;
};

}  // namespace

std::vector<PathRead> trace_path_reads(const asl::Machine& machine, const ExampleData& examples) {
    return Flow(machine, examples).run();
}

}  // namespace stepwise::lint
