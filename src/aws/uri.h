// Percent-encoding as AWS's protocols write it (RFC 3986): SigV4's canonical
// URIs and queries, query-protocol forms, REST labels, API destination URLs.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::aws {

// Every byte but the unreserved ones (A-Z a-z 0-9 - _ . ~) as %XX, upper-case
// hex; '/' kept when `keep_slash`.
std::string uri_encode(std::string_view text, bool keep_slash = false);
// %XX escapes decoded (a malformed escape stays as written); '+' read as a
// space when `plus_is_space` (application/x-www-form-urlencoded).
std::string uri_decode(std::string_view text, bool plus_is_space = false);

}  // namespace stepwise::aws
