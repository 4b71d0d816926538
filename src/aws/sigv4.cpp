#include "aws/sigv4.h"

#include <algorithm>
#include <ctime>

#include "aws/digest.h"

namespace stepwise::aws {
std::string canonical_header_name(std::string_view name) {
    std::string out(name);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string sigv4_canonical_uri(std::string_view path) {
    if (path.empty()) return "/";
    return uri_encode(path, true);
}

std::string sigv4_canonical_query(const HeaderList& decoded_params) {
    HeaderList pairs;
    for (const auto& [key, value] : decoded_params) pairs.emplace_back(uri_encode(key), uri_encode(value));
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty()) out += '&';
        out += key + "=" + value;
    }
    return out;
}

std::string sigv4_canonical_header_value(std::string_view value) {
    std::string out;
    bool space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string sigv4_canonical_request(std::string_view method, std::string_view canonical_uri,
                                    std::string_view canonical_query, const HeaderList& headers,
                                    std::string_view signed_headers, std::string_view payload_hash_hex) {
    std::string out;
    out.append(method).append("\n").append(canonical_uri).append("\n").append(canonical_query).append("\n");
    for (const auto& [name, value] : headers) out += name + ":" + sigv4_canonical_header_value(value) + "\n";
    out.append("\n").append(signed_headers).append("\n").append(payload_hash_hex);
    return out;
}

std::string sigv4_scope(std::string_view date, std::string_view region, std::string_view service) {
    std::string out(date);
    out.append("/").append(region).append("/").append(service).append("/aws4_request");
    return out;
}

std::string sigv4_string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
    std::string out(kSigV4Algorithm);
    out.append("\n").append(amz_date).append("\n").append(scope).append("\n");
    out += to_hex(sha256(canonical_request));
    return out;
}

std::string sigv4_signing_key(std::string_view secret, std::string_view date, std::string_view region,
                              std::string_view service) {
    std::string key = hmac_sha256("AWS4" + std::string(secret), date);
    key = hmac_sha256(key, region);
    key = hmac_sha256(key, service);
    return hmac_sha256(key, "aws4_request");
}

std::string sigv4_signature(std::string_view signing_key, std::string_view string_to_sign) {
    return to_hex(hmac_sha256(signing_key, string_to_sign));
}

std::string amz_date(int64_t epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[17];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
    return text;
}

void sigv4_sign(SignedRequest& request, const Credentials& credentials, std::string_view region,
                std::string_view service, int64_t epoch_seconds) {
    std::string date_time = amz_date(epoch_seconds);
    request.headers.emplace_back("X-Amz-Date", date_time);
    if (!credentials.session_token.empty()) request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);

    HeaderList canonical;
    for (const auto& [name, value] : request.headers) canonical.emplace_back(canonical_header_name(name), value);
    std::stable_sort(canonical.begin(), canonical.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // A header sent twice is signed once, its values joined by commas.
    HeaderList merged;
    for (auto& [name, value] : canonical) {
        if (!merged.empty() && merged.back().first == name) merged.back().second += "," + sigv4_canonical_header_value(value);
        else merged.emplace_back(name, std::move(value));
    }
    std::string signed_headers;
    for (const auto& [name, value] : merged) {
        if (!signed_headers.empty()) signed_headers += ';';
        signed_headers += name;
    }

    std::string date = date_time.substr(0, 8);
    std::string scope = sigv4_scope(date, region, service);
    std::string canonical_request =
        sigv4_canonical_request(request.method, sigv4_canonical_uri(request.path), sigv4_canonical_query(request.query),
                                merged, signed_headers, to_hex(sha256(request.body)));
    std::string signature = sigv4_signature(sigv4_signing_key(credentials.secret_access_key, date, region, service),
                                            sigv4_string_to_sign(date_time, scope, canonical_request));
    request.headers.emplace_back("Authorization", std::string(kSigV4Algorithm) + " Credential=" +
                                                      credentials.access_key_id + "/" + scope +
                                                      ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
}

}  // namespace stepwise::aws
