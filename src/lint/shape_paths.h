// JSONPaths over shapes (lint/shape.h): what a path reads from a value that
// is only partly known, and what a ResultPath writes into one. Only paths of
// names and indexes (`$.order.items[0]['sku']`) are followed through unknown
// parts; any other path is read only from a fully known value, by query::Path
// itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lint/shape.h"
#include "query/path.h"

namespace stepwise::lint {

// One step of a path of names and indexes.
struct PathStep {
    std::string name;
    std::optional<int64_t> index;  // set for `[3]`, `[-1]`
};

// The steps of `path` after its root (`$`, `$$`) when it has only names and
// indexes, checked against query::Path's own reading; nullopt otherwise.
std::optional<std::vector<PathStep>> simple_steps(const query::Path& path);

// What a definite path reads from one shape.
struct Reading {
    enum class Outcome { Found, Missing, Unknown } outcome = Outcome::Unknown;
    Shape found;  // Found
    // Missing, when the path has simple steps: the step it could not take
    // ("vin", "[3]"), the path up to it ("$.order") and what is there.
    std::string step;
    std::string parent;
    Shape parent_shape;
};

// `path`'s root is what `root` describes ($ or $$, as the caller chose).
Reading read_path(const query::Path& path, const Shape& root);

// ResultPath: `target` with `value` written at reference path `path`, as
// query::Path::assign does; nullopt when the write fails at run time
// (States.ResultPathMatchFailure).
std::optional<Shape> place_at_path(const query::Path& path, const Shape& target, const Shape& value);

}  // namespace stepwise::lint
