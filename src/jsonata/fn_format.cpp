// $formatNumber, $formatInteger, $parseInteger.
#include "jsonata/builtins.h"

namespace stepwise::jsonata {

std::vector<BuiltinDef> format_functions() { return {}; }

}  // namespace stepwise::jsonata
