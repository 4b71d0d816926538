#include "api/schemas/call.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "api/http/aws_protocol.h"

namespace stepwise::api {

void bad_request(const std::string& message) { throw SchemasError(400, "BadRequestException", message); }
void not_found(const std::string& message) { throw SchemasError(404, "NotFoundException", message); }
void conflict(const std::string& message) { throw SchemasError(409, "ConflictException", message); }

Response schemas_error_response(int status, std::string_view code, std::string_view message) {
    std::string body = "{\"Code\":" + json_quote(code) + ",\"Message\":" + json_quote(message) + "}";
    return Response{status, std::move(body), std::string(kRestJson)};
}

std::optional<std::string> SchemasCall::body_string(std::string_view key) const {
    const json::Value* value = body.find(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) bad_request(std::string(key) + " must be a string");
    return std::string(value->as_string());
}

json::Value SchemasCall::body_tags() const {
    const json::Value* tags = body.find("tags");
    if (tags == nullptr || tags->is_null()) return json::Value(json::Object{});
    if (!tags->is_object()) bad_request("tags must be an object of strings");
    for (const auto& member : tags->as_object())
        if (!member.value.is_string()) bad_request("tags." + std::string(member.name()) + " must be a string");
    return *tags;
}

std::optional<std::string> SchemasCall::query_string(const std::string& key) const {
    auto found = query.lower_bound(key);  // the first of equal keys: multimap keeps insertion order
    if (found == query.end() || found->first != key) return std::nullopt;
    return found->second;
}

std::vector<std::string> SchemasCall::query_strings(const std::string& key) const {
    std::vector<std::string> values;
    auto [first, last] = query.equal_range(key);
    for (auto it = first; it != last; ++it) values.push_back(it->second);
    return values;
}

size_t SchemasCall::limit() const {
    auto text = query_string("limit");
    if (!text) return 100;
    size_t value = 0;
    bool digits = !text->empty() && text->size() <= 9;
    for (char c : *text) {
        if (c < '0' || c > '9') digits = false;
        else value = value * 10 + static_cast<size_t>(c - '0');
    }
    if (!digits || value == 0) bad_request("limit must be a positive integer, not '" + *text + "'");
    return value;
}

std::string schemas_page_token(std::string_view last_name) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (unsigned char c : last_name) {
        token += kHex[c >> 4];
        token += kHex[c & 0xf];
    }
    return token;
}

std::string schemas_page_after(const std::optional<std::string>& token) {
    if (!token) return "";
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string name;
    bool valid = !token->empty() && token->size() % 2 == 0;
    for (size_t i = 0; valid && i < token->size(); i += 2) {
        int high = nibble((*token)[i]), low = nibble((*token)[i + 1]);
        if (high < 0 || low < 0) valid = false;
        else name += static_cast<char>(high * 16 + low);
    }
    if (!valid) bad_request("Invalid NextToken");
    return name;
}

std::string iso_timestamp(int64_t epoch_ms) {
    std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(epoch_ms % 1000));
    return text;
}

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}


}  // namespace stepwise::api
