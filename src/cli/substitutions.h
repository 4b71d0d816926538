// `${Name}` placeholder values from the command line: --sub Name=value and
// --subs file.json (an object of names to strings, as DefinitionSubstitutions).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace stepwise::cli {

// Throws std::runtime_error naming the bad argument or file.
std::map<std::string, std::string> load_substitutions(const std::vector<std::string>& files,
                                                      const std::vector<std::string>& pairs);

}  // namespace stepwise::cli
