// SHA-256 and HMAC-SHA256 (OpenSSL), the primitives of SigV4; also what task
// tokens and States.Hash build on.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::aws {

// Raw (32-byte) digests; throw std::runtime_error when OpenSSL fails.
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);

}  // namespace stepwise::aws
