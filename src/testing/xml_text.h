// Text for XML 1.0 reports (JUnit, Cobertura): attribute values and
// character data escaped, characters XML cannot hold (most control
// characters) replaced by U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::testing {

std::string xml_escape(std::string_view text);

}  // namespace stepwise::testing
