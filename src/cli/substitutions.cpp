#include "cli/substitutions.h"

#include <stdexcept>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::cli {

std::map<std::string, std::string> load_substitutions(const std::vector<std::string>& files,
                                                      const std::vector<std::string>& pairs) {
    std::map<std::string, std::string> values;
    for (const std::string& file : files) {
        json::Value document = json::parse_file(file);
        if (!document.is_object())
            throw std::runtime_error(file + ": substitutions must be a JSON object of names to values");
        for (const auto& member : document.as_object()) {
            const json::Value& v = member.value;
            values[std::string(member.name())] = v.is_string() ? std::string(v.as_string()) : json::dump(v);
        }
    }
    for (const std::string& pair : pairs) {
        size_t eq = pair.find('=');
        if (eq == std::string::npos || eq == 0)
            throw std::runtime_error("--sub " + pair + ": expected Name=value");
        values[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return values;
}

}  // namespace stepwise::cli
