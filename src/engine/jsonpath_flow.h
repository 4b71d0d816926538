// Input and output processing in JSONPath mode: InputPath, Parameters /
// ResultSelector / ItemSelector templates, ResultPath, OutputPath; and the
// States.Runtime errors they raise, worded as AWS words them.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asl/machine.h"
#include "engine/core.h"
#include "query/errors.h"

namespace stepwise::engine {

// "An error occurred while executing the state 'X' (entered at the event id #N). <message>"
StateError runtime_error(const Frame& f, std::string message);
// An EvalError from the query layer as a state error (States.Runtime gets the prefix and is terminal).
StateError runtime_error_from(Core& core, const Frame& f, const query::EvalError& e);

// Jayway's wording for a definite path that selects nothing:
// "Invalid path '$.a.b' : Missing property in path $['a']".
std::string missing_path_message(const query::Path& path, const json::Value& root);

// Selects with a path; builds $$ only when the path reads it.
std::optional<json::Value> select_path(Core& core, Frame& f, const query::Path& path, const json::Value& input);

// What a reference path (ItemsPath) selects; when nothing is there, AWS's
// States.ReferencePathConflict naming the step it could not take.
json::Value select_reference(Core& core, Frame& f, const query::Path& path, const json::Value& input);

json::Value apply_input_path(Core& core, Frame& f, const asl::OptionalPath& p, const json::Value& input);
json::Value apply_output_path(Core& core, Frame& f, const asl::OptionalPath& p, json::Value output);
json::Value apply_result_path(Core& core, Frame& f, const asl::OptionalPath& p, json::Value raw_input,
                              json::Value result);
// An upper bound of the size of ResultPath's output from the sizes of the raw
// input and the result (-1 when unknown).
int64_t result_path_bound(const asl::OptionalPath& p, int64_t input_size, int64_t result_size);

json::Value apply_template(Core& core, Frame& f, const query::Template& t, const json::Value& input,
                           std::string_view field);

}  // namespace stepwise::engine
