// Loops of `$ref` (and of allOf/anyOf/oneOf/not/if/then/else/extends/schema
// dependencies, which check the same value again) that never step into a part
// of the value: validating against one never ends (valijson recursed until the
// stack overflowed). Recursion through properties or items is fine and kept.
#pragma once

#include <optional>
#include <string>

#include "json/value.h"

namespace stepwise::events {

// The first such loop in the document, as its places: "#/definitions/a ->
// #/definitions/b -> #/definitions/a"; nullopt when there is none. Only local
// refs ("#...") are followed; a ref to a missing place is left to the compiler.
std::optional<std::string> find_ref_cycle(const json::Value& document);

}  // namespace stepwise::events
