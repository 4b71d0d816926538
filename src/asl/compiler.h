// Internals of asl::compile shared by its files (not part of the contract).
//
// The compiler walks the definition once. Each JSON object it reads goes
// through a Fields reader, which records every problem as a located
// Diagnostic and remembers which members were read, so whatever is left over
// is reported as an unsupported field. Nothing stops at the first problem.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "asl/compile.h"
#include "asl/machine.h"
#include "json/value.h"

namespace stepwise::asl::detail {

// AWS's diagnostic codes (API_ValidateStateMachineDefinitionDiagnostic).
namespace code {
inline constexpr std::string_view kInvalidJson = "INVALID_JSON_DESCRIPTION";
inline constexpr std::string_view kMissingDescription = "MISSING_DESCRIPTION";
inline constexpr std::string_view kSchema = "SCHEMA_VALIDATION_FAILED";
inline constexpr std::string_view kInvalidResource = "INVALID_RESOURCE";
inline constexpr std::string_view kMissingEndState = "MISSING_END_STATE";
inline constexpr std::string_view kDuplicateStateName = "DUPLICATE_STATE_NAME";
inline constexpr std::string_view kInvalidStateName = "INVALID_STATE_NAME";
inline constexpr std::string_view kDuplicateLabelName = "DUPLICATE_LABEL_NAME";
inline constexpr std::string_view kInvalidLabelName = "INVALID_LABEL_NAME";
inline constexpr std::string_view kMissingTransitionTarget = "MISSING_TRANSITION_TARGET";
inline constexpr std::string_view kTooDeeplyNested = "TOO_DEEPLY_NESTED";
inline constexpr std::string_view kInvalidJsonata = "INVALID_JSONATA_EXPRESSION";
inline constexpr std::string_view kUnsupportedJsonata = "UNSUPPORTED_JSONATA_EXPRESSION";
}  // namespace code

// ---- limits (AWS documentation; see tests/unit/asl for the pinned sources)
inline constexpr size_t kMaxStateNameLength = 80;       // characters
inline constexpr int64_t kMaxSeconds = 99999999;        // TimeoutSeconds, HeartbeatSeconds, Wait Seconds, Retry
inline constexpr int64_t kMaxDelaySecondsLimit = 31622400;  // MaxDelaySeconds < 31622401
inline constexpr size_t kMaxMapLabelLength = 40;
inline constexpr size_t kMaxVariableNameLength = 80;     // characters
inline constexpr int kMaxNesting = 40;                  // Parallel/Map scopes and Choice rules inside each other

class Diagnostics {
public:
    void add(std::string pointer, std::string_view code, std::string message);
    void schema(std::string pointer, std::string message) {
        add(std::move(pointer), code::kSchema, std::move(message));
    }
    size_t size() const { return list_.size(); }
    std::vector<Diagnostic> take() { return std::move(list_); }

private:
    std::vector<Diagnostic> list_;
};

// 'Name' as AWS quotes field names in messages.
std::string quoted_field(std::string_view name);
std::string_view language_name(QueryLanguage language);
// "a string", "a number", ... for messages.
std::string kind_with_article(const json::Value& value);

// One JSON object of the definition, read member by member.
class Fields {
public:
    // `value` need not be an object: then the reader reports it (as `what`)
    // and behaves as an empty object.
    Fields(const json::Value& value, std::string pointer, Diagnostics& diags, std::string_view what);

    bool is_object() const { return object_ != nullptr; }
    const std::string& pointer() const { return pointer_; }
    std::string pointer_of(std::string_view key) const;
    Diagnostics& diags() { return diags_; }

    bool has(std::string_view key) const;
    // Marks the member read; nullptr when absent.
    const json::Value* take(std::string_view key);

    // Typed reads: nullopt/nullptr when absent or of the wrong type (reported).
    std::optional<std::string> string(std::string_view key);
    std::optional<bool> boolean(std::string_view key);
    const json::Value* object(std::string_view key);
    const json::Value* array(std::string_view key);
    // An integer in [min, max]; out of range or fractional is reported.
    std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
    std::optional<double> number(std::string_view key);

    // "These fields are required: [A, B]" for each key that is absent.
    void require(std::initializer_list<std::string_view> keys);
    // Marks the member read and reports `message` at the object.
    void reject(std::string_view key, std::string message);
    // Reports a field only valid in the other query language (marks it read).
    // Returns true when the member is present and allowed for `language`.
    bool language_gate(std::string_view key, QueryLanguage current, QueryLanguage needed);
    // At most one of the present keys; reports the combination at the object.
    void exclusive(std::initializer_list<std::string_view> keys);
    // Every member not read: "Field 'X' is not supported".
    void finish();

    void error(std::string_view key, std::string message) { diags_.schema(pointer_of(key), std::move(message)); }
    void error_here(std::string message) { diags_.schema(pointer_, std::move(message)); }

private:
    const json::Object* object_ = nullptr;
    std::string pointer_;
    Diagnostics& diags_;
    std::vector<bool> read_;
};

// ---- values (values.cpp)

// A string holding a JSONata expression: `{% ... %}`.
bool is_jsonata_expression(std::string_view text);
// A value that may hold JSONata expressions: every string starting with `{%`
// must be a whole `{% ... %}` expression.
// `in_catcher`: the value is a Catch entry's Output or Assign, where
// `$states.errorOutput` exists.
std::optional<JsonataValue> read_jsonata_value(Fields& fields, std::string_view key, bool in_catcher = false);
// Compiles every `{% %}` string inside `value`. With `diags`, reports each
// string that opens `{%` without closing `%}` and each expression that does
// not parse; without, a syntax error is kept and raised when evaluated.
JsonataValue compile_jsonata(const json::Value& value, const std::string& pointer, Diagnostics* diags,
                             bool in_catcher = false);
// Reports what compile_jsonata would, for a field that is checked but never evaluated.
bool check_jsonata_strings(const json::Value& value, const std::string& pointer, Diagnostics& diags);

enum class PathKind { Any, Definite, Reference };
// Compiles `text` as a path of `kind`, reporting problems at `pointer`.
query::Path compile_path(std::string_view text, PathKind kind, const std::string& pointer, std::string_view field,
                         Diagnostics& diags);
query::Path read_path(Fields& fields, std::string_view key, PathKind kind);
OptionalPath read_optional_path(Fields& fields, std::string_view key, PathKind kind);
PathOrIntrinsic read_path_or_intrinsic(Fields& fields, std::string_view key);
query::Template read_template(Fields& fields, std::string_view key);
std::optional<Assign> read_assign(Fields& fields, QueryLanguage language, bool in_catcher = false);
// A number field with its `...Path` twin (JSONPath) or a `{% %}` string (JSONata).
DynamicNumber read_dynamic_number(Fields& fields, std::string_view key, std::string_view path_key,
                                  QueryLanguage language, int64_t min, int64_t max);
// RFC 3339 timestamp as ASL requires it (uppercase T and Z).
bool is_timestamp(std::string_view text);
// Number of Unicode characters in UTF-8 text.
size_t utf8_length(std::string_view text);

// ---- compiling

struct Context {
    Diagnostics& diags;
    Machine& machine;
    QueryLanguage machine_language = QueryLanguage::JSONPath;
    int depth = 0;  // nesting of scopes and Choice rules
    // Every state seen so far (machine-wide), for DUPLICATE_STATE_NAME.
    std::unordered_map<std::string, std::string> seen_names;  // name -> pointer
    // Scopes holding a state that could not be compiled (no or unknown Type):
    // its transitions are unknown, so reachability is not checked there.
    std::unordered_set<const StateMachine*> incomplete_scopes;
    // Every Map Label seen so far (machine-wide: labels are unique in a definition).
    std::unordered_map<std::string, std::string> seen_labels;  // label -> pointer
    // Distributed Maps whose processor is compiled as a machine of its own
    // once the whole definition compiled without errors (child_machines.cpp).
    struct ChildMachine {
        MapState* state;
        json::Value definition;  // the processor without ProcessorConfig, with its QueryLanguage
    };
    std::vector<ChildMachine> child_machines;
    // Inside a Distributed Map's processor: its nested Distributed Maps get
    // their child machines when that processor's own machine compiles.
    bool inside_distributed_processor = false;
};

// scope.cpp: StartAt/States/Comment of the top level, a branch or a processor.
// The caller reads its other members (ProcessorConfig, ...) and calls finish().
void compile_scope(StateMachine& scope, Fields& fields, Context& context);

// state_common.cpp
// A present `QueryLanguage`: JSONPath only when it is exactly "JSONPath";
// any other value is reported and read as JSONata, as AWS reads it
// (measured in https://github.com/floci-io/floci/issues/2968).
QueryLanguage read_query_language(Fields& fields);
std::unique_ptr<State> compile_state(const std::string& name, const json::Value& definition,
                                     const std::string& pointer, const StateMachine& owner, Context& context);

struct Capabilities {
    bool transition = true;       // Next / End
    bool input_output_path = true;
    bool parameters = false;
    bool result_path = false;
    bool result_selector = false;
    bool arguments = false;
    bool output = true;
    bool assign = true;
    bool retry_catch = false;
};
void read_common_fields(State& state, Fields& fields, const Capabilities& caps, Context& context);

// One compiler per state type (state_*.cpp): reads the type's own fields.
void compile_pass(PassState& state, Fields& fields, Context& context);
void compile_task(TaskState& state, Fields& fields, Context& context);
void compile_choice(ChoiceState& state, Fields& fields, Context& context);
void compile_wait(WaitState& state, Fields& fields, Context& context);
void compile_parallel(ParallelState& state, Fields& fields, Context& context);
void compile_map(MapState& state, Fields& fields, Context& context);
void compile_succeed(SucceedState& state, Fields& fields, Context& context);
void compile_fail(FailState& state, Fields& fields, Context& context);

// map_distributed.cpp: a Distributed Map's ItemReader, ItemBatcher, ResultWriter and Label.
std::optional<ItemReaderSpec> read_item_reader(Fields& state_fields, QueryLanguage language);
std::optional<ItemBatcherSpec> read_item_batcher(Fields& state_fields, QueryLanguage language);
std::optional<ResultWriterSpec> read_result_writer(Fields& state_fields, QueryLanguage language);
std::optional<std::string> read_map_label(Fields& state_fields, Context& context);

// child_machines.cpp: compiles each pending Distributed Map processor as a
// Machine (MapState::child_machine). Called once the definition has no errors.
void compile_child_machines(Context& context);

// variable_reads.cpp: fills State::variable_reads of every state of every scope.
void collect_variable_reads(StateMachine& scope);

// retry_catch.cpp
std::vector<Retrier> read_retry(Fields& fields, Context& context);
std::vector<Catcher> read_catch(Fields& fields, QueryLanguage language, Context& context);

// choice_rules.cpp
std::optional<ChoiceRule> compile_choice_rule(const json::Value& definition, const std::string& pointer,
                                              bool top_level, QueryLanguage language, Context& context);

// duplicate_names.cpp: DUPLICATE_STATE_NAME for equal keys in one `States`
// object of valid JSON text (the parsed value keeps only the last).
void find_duplicate_state_names(std::string_view text, Diagnostics& diags);

// graph.cpp: resolves Next/Default/Catch targets to states and checks
// reachability and terminal states, scope by scope.
void link_scope(StateMachine& scope, Context& context);

}  // namespace stepwise::asl::detail
