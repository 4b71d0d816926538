// The compiled, validated, immutable form of a state machine definition.
//
// asl::compile builds it; the engine executes it. Every path, template,
// intrinsic call and JSONata expression is already parsed here, so executing
// never re-reads text.
// A Machine is shared (std::shared_ptr<const Machine>) by every execution of
// it; states point at each other directly (`next`), so a Machine is neither
// copied nor moved once built.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/jsonata_value.h"
#include "asl/resource.h"
#include "json/value.h"
#include "query/intrinsics.h"
#include "query/path.h"
#include "query/template.h"

namespace stepwise::asl {

enum class QueryLanguage { JSONPath, JSONata };
enum class StateType { Pass, Task, Choice, Wait, Parallel, Map, Succeed, Fail };

std::string_view state_type_name(StateType type);  // "Pass", "Task", ...

struct State;
struct StateMachine;

// InputPath, OutputPath, ResultPath: absent (the default `$`), explicit null,
// or a path.
struct OptionalPath {
    enum class Kind { Default, Null, Path } kind = Kind::Default;
    query::Path path;
};

// Where a value comes from in fields like ErrorPath, CausePath, ItemsPath:
// a JSONPath (`$.x`, `$$.y`, `$var`) or an intrinsic call.
struct PathOrIntrinsic {
    query::Path path;
    query::IntrinsicCall intrinsic;
    bool is_set() const { return static_cast<bool>(path) || static_cast<bool>(intrinsic); }
};

// A number field that may be given as a literal, a JSONPath (`...Path`
// variant), or a JSONata expression string (in JSONata states).
struct DynamicNumber {
    std::optional<double> literal;
    query::Path path;
    std::optional<JsonataValue> jsonata;
    bool is_set() const { return literal.has_value() || static_cast<bool>(path) || jsonata.has_value(); }
};

// Assign: variables set when the state (or a Choice rule, or a Catcher) is done.
struct Assign {
    json::Value raw;          // as written
    query::Template jsonpath; // compiled in JSONPath mode (`"x.$": "$.a"` members)
    JsonataValue jsonata;     // compiled in JSONata mode
};

struct Retrier {
    std::vector<std::string> error_equals;
    double interval_seconds = 1;
    int64_t max_attempts = 3;
    double backoff_rate = 2.0;
    std::optional<double> max_delay_seconds;
    enum class Jitter { None, Full } jitter = Jitter::None;
    std::string pointer;  // /States/X/Retry/0
};

struct Catcher {
    std::vector<std::string> error_equals;
    const State* next = nullptr;
    std::string next_name;
    OptionalPath result_path;              // JSONPath mode
    std::optional<JsonataValue> output;    // JSONata mode
    std::optional<Assign> assign;
    std::string pointer;  // /States/X/Catch/0
};

// One node of a Choice rule tree.
struct ChoiceRule {
    enum class Op {
        And, Or, Not,
        StringEquals, StringEqualsPath, StringLessThan, StringLessThanPath, StringGreaterThan,
        StringGreaterThanPath, StringLessThanEquals, StringLessThanEqualsPath, StringGreaterThanEquals,
        StringGreaterThanEqualsPath, StringMatches,
        NumericEquals, NumericEqualsPath, NumericLessThan, NumericLessThanPath, NumericGreaterThan,
        NumericGreaterThanPath, NumericLessThanEquals, NumericLessThanEqualsPath, NumericGreaterThanEquals,
        NumericGreaterThanEqualsPath,
        BooleanEquals, BooleanEqualsPath,
        TimestampEquals, TimestampEqualsPath, TimestampLessThan, TimestampLessThanPath, TimestampGreaterThan,
        TimestampGreaterThanPath, TimestampLessThanEquals, TimestampLessThanEqualsPath,
        TimestampGreaterThanEquals, TimestampGreaterThanEqualsPath,
        IsNull, IsPresent, IsNumeric, IsString, IsBoolean, IsTimestamp,
        Condition,  // JSONata: `Condition` holds a `{% %}` expression (or a literal boolean)
    };
    Op op = Op::And;
    query::Path variable;            // comparisons: `Variable`
    json::Value operand;             // literal operand (string, number, boolean; pattern for StringMatches)
    query::Path operand_path;        // *Path variants
    std::vector<ChoiceRule> children;  // And/Or (several), Not (one)
    std::optional<JsonataValue> condition;
    // Only on top-level rules:
    const State* next = nullptr;
    std::string next_name;
    std::optional<JsonataValue> output;  // JSONata
    std::optional<Assign> assign;
    std::string pointer;  // /States/X/Choices/0
};

std::string_view choice_op_name(ChoiceRule::Op op);
// IsPresent, IsNull, IsNumeric, IsString, IsBoolean, IsTimestamp: a missing
// value is an answer (false), not a failure.
bool is_type_test(ChoiceRule::Op op);

// A workflow variable a state reads (a JSONPath `$name`, an intrinsic's
// argument, a JSONata expression's free `$name`), and the JSON pointer of the
// field that reads it.
struct VariableRead {
    std::string name;     // without `$`
    std::string pointer;  // "/States/Check/Choices/0/Variable", "/States/T/Arguments/id"
};

// What every state has. The concrete type follows from `type`; use the
// `as<T>()` helper to reach it.
struct State {
    virtual ~State() = default;
    StateType type;
    std::string name;
    std::string pointer;  // JSON pointer of the state in the definition: /States/Name
    std::string comment;
    QueryLanguage query_language = QueryLanguage::JSONPath;  // effective (state or machine level)
    const StateMachine* owner = nullptr;                      // the machine, branch or processor holding it

    // Transition (not on Choice, Succeed, Fail).
    const State* next = nullptr;
    std::string next_name;
    bool end = false;

    // Input and output processing (the subset each type allows is enforced by the compiler).
    OptionalPath input_path;
    OptionalPath output_path;
    OptionalPath result_path;
    query::Template parameters;               // Pass, Task, Parallel, Map (JSONPath)
    query::Template result_selector;          // Task, Parallel, Map (JSONPath)
    std::optional<JsonataValue> arguments;    // Task, Parallel (JSONata)
    std::optional<JsonataValue> output;       // JSONata
    std::optional<Assign> assign;

    std::vector<Retrier> retry;   // Task, Parallel, Map
    std::vector<Catcher> catch_;  // Task, Parallel, Map

    // Every variable read of the state's own fields (not of the states of its
    // branches or processor), in field order; a name read twice is listed twice.
    std::vector<VariableRead> variable_reads;

    template <class T>
    const T& as() const { return static_cast<const T&>(*this); }
};

struct PassState : State {
    std::optional<json::Value> result;  // `Result` (JSONPath)
};

struct TaskState : State {
    Resource resource;                // parsed; resource.arn as written (after substitutions)
    DynamicNumber timeout_seconds;    // TimeoutSeconds / TimeoutSecondsPath
    DynamicNumber heartbeat_seconds;  // HeartbeatSeconds / HeartbeatSecondsPath
    json::Value credentials;          // `Credentials`, kept as written (null when absent)
    std::optional<JsonataValue> credentials_jsonata;  // JSONata: `Credentials` compiled (its RoleArn expression)
};

struct ChoiceState : State {
    std::vector<ChoiceRule> choices;
    const State* default_state = nullptr;
    std::string default_name;
};

struct WaitState : State {
    DynamicNumber seconds;                       // Seconds / SecondsPath / JSONata Seconds
    std::optional<std::string> timestamp;        // Timestamp (literal)
    query::Path timestamp_path;                  // TimestampPath
    std::optional<JsonataValue> timestamp_jsonata;
};

struct ParallelState : State {
    std::vector<std::unique_ptr<StateMachine>> branches;
};

// A Distributed Map's ItemReader: where the items come from when not from the input.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
struct ItemReaderSpec {
    enum class InputType { None, Json, Jsonl, Csv, Manifest, Parquet };
    Resource resource;                         // s3:getObject or s3:listObjectsV2 (asl::parse_resource, ItemReader)
    query::Template parameters;                // Parameters (JSONPath): Bucket, Key, Prefix, ...
    std::optional<JsonataValue> arguments;     // Arguments (JSONata)
    InputType input_type = InputType::None;    // ReaderConfig.InputType (None: listObjectsV2 without one)
    bool csv_header_given = false;             // ReaderConfig.CSVHeaderLocation GIVEN (default FIRST_ROW)
    std::vector<std::string> csv_headers;      // ReaderConfig.CSVHeaders (GIVEN)
    char csv_delimiter = ',';                  // ReaderConfig.CSVDelimiter: COMMA , PIPE | SEMICOLON ; SPACE ' ' TAB '\t'
    DynamicNumber max_items;                   // ReaderConfig.MaxItems / MaxItemsPath (unset: all)
    std::string items_pointer;                 // ReaderConfig.ItemsPointer (JSON pointer; "" = the whole document)
};

// ItemBatcher: children get {"BatchInput": ..., "Items": [...]}.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
struct ItemBatcherSpec {
    DynamicNumber max_items_per_batch;         // MaxItemsPerBatch / MaxItemsPerBatchPath
    DynamicNumber max_input_bytes_per_batch;   // MaxInputBytesPerBatch / MaxInputBytesPerBatchPath
    query::Template batch_input;               // BatchInput (JSONPath)
    std::optional<JsonataValue> batch_input_jsonata;  // BatchInput (JSONata)
};

// ResultWriter: the children's results go to S3 files instead of the state's output.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
struct ResultWriterSpec {
    std::optional<Resource> resource;          // s3:putObject; absent: WriterConfig only (results in the output)
    query::Template parameters;                // Parameters (JSONPath): Bucket, Prefix
    std::optional<JsonataValue> arguments;     // Arguments (JSONata)
    enum class OutputType { Json, Jsonl } output_type = OutputType::Json;           // WriterConfig.OutputType
    enum class Transformation { None, Compact, Flatten } transformation = Transformation::None;
};

struct Machine;

struct MapState : State {
    std::unique_ptr<StateMachine> processor;  // ItemProcessor or Iterator
    enum class Mode { Inline, Distributed } mode = Mode::Inline;
    std::string execution_type;               // ProcessorConfig.ExecutionType (DISTRIBUTED): STANDARD | EXPRESS
    query::Path items_path;                   // ItemsPath (JSONPath; default `$`)
    std::optional<JsonataValue> items;        // Items (JSONata)
    query::Template item_selector;            // ItemSelector (or legacy Parameters, JSONPath)
    std::string item_selector_field = "ItemSelector";  // addition: "Parameters" when the legacy field was used
    std::optional<JsonataValue> item_selector_jsonata;
    DynamicNumber max_concurrency;            // MaxConcurrency / MaxConcurrencyPath (0 = unlimited)
    DynamicNumber tolerated_failure_count;
    DynamicNumber tolerated_failure_percentage;
    std::optional<ItemReaderSpec> item_reader;
    std::optional<ItemBatcherSpec> item_batcher;
    std::optional<ResultWriterSpec> result_writer;
    std::string label;                        // Label ("" = the state's name names the Map Run)
    // DISTRIBUTED: the processor compiled as a machine of its own, which each
    // child execution runs (null for INLINE).
    std::shared_ptr<const Machine> child_machine;
};

struct SucceedState : State {};

struct FailState : State {
    std::optional<std::string> error;  // literal Error (JSONata: may be a `{% %}` expression)
    std::optional<std::string> cause;
    std::optional<JsonataValue> error_jsonata;  // JSONata: Error compiled
    std::optional<JsonataValue> cause_jsonata;  // JSONata: Cause compiled
    PathOrIntrinsic error_path;        // ErrorPath (JSONPath)
    PathOrIntrinsic cause_path;        // CausePath (JSONPath)
};

// A state machine scope: the top level, a Parallel branch or a Map processor.
struct StateMachine {
    std::string pointer;  // "" for the top level, "/States/P/Branches/0", ...
    std::string comment;
    std::string start_at;
    const State* start = nullptr;
    QueryLanguage query_language = QueryLanguage::JSONPath;
    std::vector<std::unique_ptr<State>> states;  // in definition order
    std::unordered_map<std::string, const State*> by_name;

    const State* find(const std::string& name) const {
        auto it = by_name.find(name);
        return it == by_name.end() ? nullptr : it->second;
    }
};

struct Machine {
    StateMachine root;
    json::Value definition;                    // the definition as compiled (after substitutions)
    std::optional<int64_t> timeout_seconds;    // top-level TimeoutSeconds
    std::string version;                       // `Version`, "1.0" when absent
    // Every state of every scope by name (names are unique machine-wide).
    std::unordered_map<std::string, const State*> all_states;

    Machine() = default;
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;
};

}  // namespace stepwise::asl
