#include "engine/task_token.h"

#include <array>
#include <charconv>

#include "aws/digest.h"

namespace stepwise::engine {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kVersion = "v1";
constexpr char kSeparator = '|';

std::string base64url_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : in) {
        bits = (bits << 8) | c;
        count += 8;
        while (count >= 6) {
            count -= 6;
            out.push_back(kAlphabet[(bits >> count) & 0x3f]);
        }
    }
    if (count > 0) out.push_back(kAlphabet[(bits << (6 - count)) & 0x3f]);
    return out;
}

std::optional<std::string> base64url_decode(std::string_view in) {
    static const std::array<int8_t, 256> table = [] {
        std::array<int8_t, 256> t{};
        t.fill(-1);
        for (size_t i = 0; i < kAlphabet.size(); ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
        return t;
    }();
    if (in.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(in.size() * 3 / 4);
    uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : in) {
        int v = table[c];
        if (v < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<uint32_t>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    // Leftover bits must be zero, so every token has exactly one spelling.
    if ((bits & ((1u << count) - 1)) != 0) return std::nullopt;
    return out;
}

}  // namespace

std::string make_task_token(std::string_view execution_arn, uint64_t task_id, std::string_view nonce) {
    std::string text;
    text.reserve(execution_arn.size() + nonce.size() + 28);
    text.append(kVersion).push_back(kSeparator);
    text.append(execution_arn).push_back(kSeparator);
    text.append(std::to_string(task_id)).push_back(kSeparator);
    text.append(nonce);
    return base64url_encode(text);
}

std::string secret_token_nonce(std::string_view secret, std::string_view execution_arn, uint64_t task_id) {
    std::string message(execution_arn);
    message += kSeparator;
    message += std::to_string(task_id);
    return aws::to_hex(aws::hmac_sha256(secret, message).substr(0, 16));
}

std::optional<TaskTokenParts> parse_task_token(std::string_view token) {
    // SendTaskSuccess accepts tokens up to 1024 characters.
    if (token.empty() || token.size() > 1024) return std::nullopt;
    std::optional<std::string> text = base64url_decode(token);
    if (!text) return std::nullopt;
    std::string_view rest = *text;
    auto next_field = [&rest]() -> std::optional<std::string_view> {
        size_t bar = rest.find(kSeparator);
        if (bar == std::string_view::npos) return std::nullopt;
        std::string_view field = rest.substr(0, bar);
        rest.remove_prefix(bar + 1);
        return field;
    };
    auto version = next_field();
    auto arn = next_field();
    auto id = next_field();
    if (!version || *version != kVersion || !arn || !id) return std::nullopt;
    if (!arn->starts_with("arn:") || rest.empty() || rest.find(kSeparator) != std::string_view::npos)
        return std::nullopt;
    TaskTokenParts parts;
    auto [end, ec] = std::from_chars(id->data(), id->data() + id->size(), parts.task_id);
    if (id->empty() || (id->size() > 1 && id->front() == '0')) return std::nullopt;
    if (ec != std::errc() || end != id->data() + id->size()) return std::nullopt;
    parts.execution_arn = std::string(*arn);
    return parts;
}

}  // namespace stepwise::engine
