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

// Told of each `$` path a template reads: the member's pointer, the path and
// what it found.
using TemplateReads = std::function<void(const std::string& pointer, const query::Path& path, const Reading& reading)>;

// `raw` is the template as written at `pointer`; `input` is `$`, `map_item`
// `$$.Map.Item.Value` (unknown outside a Map's ItemSelector). nullopt when a
// path the payload needs certainly selects nothing (the state fails).
std::optional<Shape> evaluate_template(const json::Value& raw, const std::string& pointer, const Shape& input,
                                       const Shape& map_item, const TemplateReads& reads);

// The path arguments of an intrinsic call's text (`States.Format('{}', $.a)` -> `$.a`),
// nested calls included; arguments that do not compile are left out.
std::vector<query::Path> intrinsic_path_arguments(std::string_view text);

}  // namespace stepwise::lint
