// Errors rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> error_rules() { return {}; }

}  // namespace stepwise::lint
