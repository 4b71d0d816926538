// Payload templates (Parameters, ResultSelector, ItemSelector) over shapes:
// the payload a template builds from a partly known input, and each `$` path
// it reads on the way (intrinsic functions' path arguments included).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "json/value.h"
#include "lint/shape_paths.h"

namespace stepwise::lint {

// Told of each path a template reads (`$...`, and the parts of `$$` it knows):
// the member's pointer, the path as written and what it found.
using TemplateReads =
    std::function<void(const std::string& pointer, const std::string& path, const Reading& reading)>;

// What a template knows of the context object ($$); the rest of it is unknown.
struct KnownContext {
    Shape execution_input;  // $$.Execution.Input
    Shape map_item;         // $$.Map.Item.Value (in a Map's ItemSelector)
};

// `raw` is the template as written at `pointer`; `input` is `$`. nullopt when
// a path the payload needs certainly selects nothing (the state fails).
std::optional<Shape> evaluate_template(const json::Value& raw, const std::string& pointer, const Shape& input,
                                       const KnownContext& context, const TemplateReads& reads);

// The path arguments of an intrinsic call's text (`States.Format('{}', $.a)` -> `$.a`),
// nested calls included; arguments that do not compile are left out.
std::vector<query::Path> intrinsic_path_arguments(std::string_view text);

}  // namespace stepwise::lint
