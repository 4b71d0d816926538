// Operations rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> operation_rules() { return {}; }

}  // namespace stepwise::lint
