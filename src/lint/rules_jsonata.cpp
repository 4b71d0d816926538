// JSONata rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> jsonata_rules() { return {}; }

}  // namespace stepwise::lint
