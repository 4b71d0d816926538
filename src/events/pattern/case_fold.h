// Case folding for equals-ignore-case and the ignore-case forms of prefix and
// suffix. Folds ASCII, Latin-1, Greek and Cyrillic capitals to lower case on
// UTF-8 text; other code points are kept as they are.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::events {

std::string fold_case(std::string_view text);

}  // namespace stepwise::events
