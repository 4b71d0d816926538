// Message digests as hex text, for States.Hash and JSONata's $hash, and
// secret random bytes for task tokens (OpenSSL). SHA-256, HMAC and hex are
// aws/digest.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stepwise::query {

// The lower-case hex digest of `text` with MD5, SHA-1, SHA-256, SHA-384 or
// SHA-512; nullopt for any other algorithm name.
std::optional<std::string> hex_digest(std::string_view text, std::string_view algorithm);

// `count` bytes from OpenSSL's CSPRNG; throws std::runtime_error when it fails.
std::string secure_random_bytes(size_t count);

inline constexpr std::string_view kHashAlgorithms = "MD5, SHA-1, SHA-256, SHA-384, SHA-512";

}  // namespace stepwise::query
