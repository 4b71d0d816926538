// Variables rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> variable_rules() { return {}; }

}  // namespace stepwise::lint
