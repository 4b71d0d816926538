// How findings name things, the same in every rule: State "Charge",
// field 'amount'.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::lint {

// A state's (or another definition name's) name as messages quote it: "Charge".
inline std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

}  // namespace stepwise::lint
