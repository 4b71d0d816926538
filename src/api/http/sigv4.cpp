#include "api/http/sigv4.h"

#include <algorithm>
#include <ctime>
#include <utility>
#include <vector>

#include "api/schemas/route.h"
#include "aws/digest.h"
#include "aws/sigv4.h"

namespace stepwise::api {
namespace {

std::string header(const Request& request, const std::string& name) {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == ',')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.remove_suffix(1);
    return text;
}

// Equal texts, in a time that does not depend on where they differ.
bool same_secret_text(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char difference = 0;
    for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<SigV4Authorization> parse_sigv4_authorization(std::string_view text) {
    if (!text.starts_with(aws::kSigV4Algorithm) || text.size() == aws::kSigV4Algorithm.size() || text[aws::kSigV4Algorithm.size()] != ' ')
        return std::nullopt;
    text.remove_prefix(aws::kSigV4Algorithm.size());
    std::string credential, signed_headers, signature;
    while (!(text = trim(text)).empty()) {
        auto end = text.find(',');
        std::string_view part = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        auto equals = part.find('=');
        if (equals == std::string_view::npos) return std::nullopt;
        std::string_view name = part.substr(0, equals), value = part.substr(equals + 1);
        if (name == "Credential") credential = value;
        else if (name == "SignedHeaders") signed_headers = value;
        else if (name == "Signature") signature = value;
    }
    if (credential.empty() || signed_headers.empty() || signature.empty()) return std::nullopt;
    // AKID/yyyymmdd/region/service/aws4_request
    std::vector<std::string> scope;
    std::string_view rest = credential;
    while (true) {
        auto slash = rest.find('/');
        scope.emplace_back(rest.substr(0, slash));
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (scope.size() != 5 || scope[4] != "aws4_request" || scope[1].size() != 8 || !all_digits(scope[1]))
        return std::nullopt;
    for (const std::string& part : scope)
        if (part.empty()) return std::nullopt;
    return SigV4Authorization{scope[0], scope[1], scope[2], scope[3], std::move(signed_headers), std::move(signature)};
}

std::string sigv4_canonical_request(const Request& request, std::string_view signed_headers) {
    aws::HeaderList headers;
    std::string_view names = signed_headers;
    while (!names.empty()) {
        auto semicolon = names.find(';');
        std::string name(names.substr(0, semicolon));
        headers.emplace_back(name, header(request, name));
        names = semicolon == std::string_view::npos ? std::string_view() : names.substr(semicolon + 1);
    }
    aws::HeaderList query;
    for (const auto& [key, value] : parse_query_string(request.query)) query.emplace_back(key, value);
    return aws::sigv4_canonical_request(request.method, aws::sigv4_canonical_uri(request.path),
                                        aws::sigv4_canonical_query(query), headers, signed_headers,
                                        aws::to_hex(aws::sha256(request.body)));
}

std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
    return aws::sigv4_string_to_sign(amz_date, scope, canonical_request);
}

std::string sigv4_signature(std::string_view secret, const SigV4Authorization& auth, std::string_view string_to_sign) {
    return aws::sigv4_signature(aws::sigv4_signing_key(secret, auth.date, auth.region, auth.service), string_to_sign);
}

std::optional<int64_t> parse_amz_date(std::string_view text) {
    // yyyymmddThhmmssZ
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !all_digits(text.substr(0, 8)) ||
        !all_digits(text.substr(9, 6)))
        return std::nullopt;
    auto number = [&](size_t at, size_t length) { return std::stoi(std::string(text.substr(at, length))); };
    std::tm tm{};
    tm.tm_year = number(0, 4) - 1900;
    tm.tm_mon = number(4, 2) - 1;
    tm.tm_mday = number(6, 2);
    tm.tm_hour = number(9, 2);
    tm.tm_min = number(11, 2);
    tm.tm_sec = number(13, 2);
    if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    return static_cast<int64_t>(timegm(&tm));
}

std::optional<Response> check_sigv4(const Request& request, std::string_view access_key_id, std::string_view secret,
                                    int64_t now_seconds, std::string_view content_type) {
    auto refuse = [&](std::string_view type, std::string_view message) {
        return aws_error(403, type, message, content_type);
    };
    std::string authorization = header(request, "authorization");
    if (authorization.empty()) return refuse("MissingAuthenticationTokenException", "Missing Authentication Token");
    auto auth = parse_sigv4_authorization(authorization);
    if (!auth)
        return refuse("IncompleteSignatureException",
                      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of "
                      "an AWS4-HMAC-SHA256 signature");
    if (auth->access_key_id != access_key_id)
        return refuse("UnrecognizedClientException", "The security token included in the request is invalid.");
    std::string amz_date = header(request, "x-amz-date");
    auto signed_at = parse_amz_date(amz_date);
    if (!signed_at || amz_date.substr(0, 8) != auth->date)
        return refuse("IncompleteSignatureException",
                      "The request needs an X-Amz-Date header (yyyymmddThhmmssZ) on the credential scope's date");
    std::string names = ";" + auth->signed_headers + ";";
    if (names.find(";host;") == std::string::npos)
        return refuse("IncompleteSignatureException", "The Host header must be signed (SignedHeaders)");
    if (*signed_at < now_seconds - kSigV4MaxSkewSeconds || *signed_at > now_seconds + kSigV4MaxSkewSeconds)
        return refuse("InvalidSignatureException",
                      "Signature expired: " + amz_date + " is more than 15 minutes from the server's time");
    std::string canonical = sigv4_canonical_request(request, auth->signed_headers);
    std::string expected = sigv4_signature(secret, *auth, sigv4_string_to_sign(amz_date, auth->scope(), canonical));
    if (!same_secret_text(expected, auth->signature))
        return refuse("InvalidSignatureException",
                      "The request signature we calculated does not match the signature you provided. Check your "
                      "AWS Secret Access Key and signing method. Consult the service documentation for details.");
    return std::nullopt;
}

}  // namespace stepwise::api
