// Base64 (RFC 4648, section 4: the standard alphabet, '=' padding), as
// States.Base64Encode, HTTP Basic credentials and the Kinesis/Firehose
// records EventBridge sends write it.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::json {

std::string base64_encode(std::string_view bytes);

}  // namespace stepwise::json
