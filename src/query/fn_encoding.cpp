// States.Base64Encode, States.Base64Decode and States.Hash.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-data-encode-decode
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-hash-calc

#include "json/base64.h"
#include "json/utf8.h"
#include "json/write.h"
#include "query/hash.h"
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

namespace {
constexpr size_t kMaxChars = 10000;  // documented input limit of these three functions

int decode_char(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Bytes to a UTF-8 string as Java's new String(bytes, UTF_8) does:
// malformed input becomes U+FFFD.
std::string to_utf8(std::string_view bytes) {
    if (utf8::is_valid(bytes)) return std::string(bytes);
    std::string out;
    for (size_t pos = 0; pos < bytes.size();) utf8::append(out, utf8::decode(bytes, pos));
    return out;
}
}  // namespace

json::Value fn_base64_encode(const CallContext& ctx, const json::Value* args, size_t) {
    std::string_view s = args[0].as_string();
    if (utf8::count_utf16_units(s) > kMaxChars)
        intrinsic_failure(ctx, "the input must be at most " + std::to_string(kMaxChars) + " characters long");
    return json::Value(json::base64_encode(s));
}

json::Value fn_base64_decode(const CallContext& ctx, const json::Value* args, size_t) {
    std::string_view s = args[0].as_string();
    if (s.size() > kMaxChars)
        intrinsic_failure(ctx, "the input must be at most " + std::to_string(kMaxChars) + " characters long");
    size_t len = s.size();
    while (len > 0 && s[len - 1] == '=' && s.size() - len < 2) --len;
    std::string bytes;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; ++i) {
        int d = decode_char(s[i]);
        if (d < 0) intrinsic_failure(ctx, "the input is not valid Base64: " + json::quoted(s));
        acc = (acc << 6) | uint32_t(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += char((acc >> bits) & 0xFF);
        }
    }
    if (len % 4 == 1) intrinsic_failure(ctx, "the input is not valid Base64: " + json::quoted(s));
    return json::Value(to_utf8(bytes));
}

json::Value fn_hash(const CallContext& ctx, const json::Value* args, size_t) {
    // The data is hashed as text: a string as is, anything else as its JSON.
    std::string text = args[0].is_string() ? std::string(args[0].as_string()) : json::dump(args[0]);
    if (utf8::count_utf16_units(text) > kMaxChars)
        intrinsic_failure(ctx, "the input must be at most " + std::to_string(kMaxChars) + " characters long");
    std::string_view algorithm = args[1].as_string();
    std::optional<std::string> digest = hex_digest(text, algorithm);
    if (!digest)
        intrinsic_failure(ctx, "the hash algorithm " + json::quoted(algorithm) + " is not supported; use one of " +
                                   std::string(kHashAlgorithms));
    return json::Value(*digest);
}

}  // namespace stepwise::query::detail
