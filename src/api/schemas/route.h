// Matching a REST call against the request URIs of an AWS rest-json model:
// "/v1/registries/name/{registryName}" matches "/v1/registries/name/my%40reg"
// with the label registryName = "my@reg". Labels match one whole path segment
// and are percent-decoded; literal segments match exactly.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::api {

using UriLabels = std::map<std::string, std::string>;

// The labels when `raw_path` (as sent, still percent-encoded) fits `pattern`.
std::optional<UriLabels> match_request_uri(std::string_view pattern, std::string_view raw_path);

// "a=1&b=x%20y&b=z" -> {a: "1", b: "x y", b: "z"}; '+' reads as a space.
// A repeated key (a list member, "tagKeys=a&tagKeys=b") keeps every value, in order.
std::multimap<std::string, std::string> parse_query_string(std::string_view raw_query);

}  // namespace stepwise::api
