// Data rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> data_rules() { return {}; }

}  // namespace stepwise::lint
