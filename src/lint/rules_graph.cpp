// Graph rules.
#include "lint/rule.h"

namespace stepwise::lint {

std::span<const Rule> graph_rules() { return {}; }

}  // namespace stepwise::lint
