// Message digests as hex text, for States.Hash and JSONata's $hash; HMAC and
// secret random bytes for SigV4 checks and task tokens (OpenSSL).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stepwise::query {

// The lower-case hex digest of `text` with MD5, SHA-1, SHA-256, SHA-384 or
// SHA-512; nullopt for any other algorithm name.
std::optional<std::string> hex_digest(std::string_view text, std::string_view algorithm);

// Raw (32-byte) SHA-256 and HMAC-SHA256.
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
// Lower-case hex of raw bytes.
std::string to_hex(std::string_view bytes);
// `count` bytes from OpenSSL's CSPRNG; throws std::runtime_error when it fails.
std::string secure_random_bytes(size_t count);

inline constexpr std::string_view kHashAlgorithms = "MD5, SHA-1, SHA-256, SHA-384, SHA-512";

}  // namespace stepwise::query
