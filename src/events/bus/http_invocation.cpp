#include "events/bus/http_invocation.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "aws/uri.h"
#include "events/bus/model.h"
#include "json/base64.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

bool same_header(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Key/Value pairs of a connection parameter list (HeaderParameters, ...).
Pairs connection_pairs(const json::Value& http, std::string_view list) {
    Pairs out;
    const json::Value* items = http.find(list);
    if (!items || !items->is_array()) return out;
    for (const json::Value& item : items->as_array()) {
        const json::Value* key = item.find("Key");
        const json::Value* value = item.find("Value");
        if (!key || !key->is_string()) continue;
        out.emplace_back(std::string(key->as_string()),
                         value && value->is_string() ? std::string(value->as_string()) : std::string());
    }
    return out;
}

// A string map of the target's HttpParameters.
Pairs target_pairs(const json::Value& http, std::string_view map) {
    Pairs out;
    const json::Value* object = http.find(map);
    if (!object || object->is_null()) return out;
    if (!object->is_object()) throw InvocationError("The target's HttpParameters." + std::string(map) + " is not a map");
    for (const json::Member& m : object->as_object()) {
        if (!m.value.is_string())
            throw InvocationError("The target's HttpParameters." + std::string(map) + "." + std::string(m.name()) +
                                  " is not a string");
        std::string_view value = m.value.as_string();
        if (map == "HeaderParameters" &&
            std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; }))
            throw InvocationError("The target's HttpParameters.HeaderParameters." + std::string(m.name()) +
                                  " holds a control character");
        out.emplace_back(std::string(m.name()), std::string(value));
    }
    return out;
}

// The target's pairs, then the connection's, a connection key replacing the target's.
Pairs merged(Pairs target, const Pairs& connection, bool header) {
    for (const auto& [key, value] : connection) {
        target.erase(std::remove_if(target.begin(), target.end(),
                                    [&](const auto& p) { return header ? same_header(p.first, key) : p.first == key; }),
                     target.end());
        target.emplace_back(key, value);
    }
    return target;
}

std::string form_encode(const Pairs& pairs) {
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty()) out += '&';
        out += aws::uri_encode(key) + "=" + aws::uri_encode(value);
    }
    return out;
}

std::string with_query(std::string url, const Pairs& query) {
    if (query.empty()) return url;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + form_encode(query);
}

std::string fill_path_wildcards(const std::string& endpoint, const json::Value& http) {
    std::vector<std::string> values;
    if (const json::Value* list = http.find("PathParameterValues"); list && !list->is_null()) {
        if (!list->is_array()) throw InvocationError("The target's HttpParameters.PathParameterValues is not a list");
        for (const json::Value& v : list->as_array()) {
            if (!v.is_string()) throw InvocationError("The target's HttpParameters.PathParameterValues holds a non-string");
            values.emplace_back(v.as_string());
        }
    }
    size_t query = endpoint.find('?');
    std::string path = endpoint.substr(0, query), rest = query == std::string::npos ? "" : endpoint.substr(query);
    size_t wildcards = static_cast<size_t>(std::count(path.begin(), path.end(), '*'));
    if (wildcards != values.size())
        throw InvocationError("The API destination's endpoint " + endpoint + " has " + std::to_string(wildcards) +
                              " path wildcard(s) '*' but the target's HttpParameters.PathParameterValues has " +
                              std::to_string(values.size()) + " value(s)");
    std::string out;
    size_t next = 0;
    for (char c : path) {
        if (c == '*')
            out += aws::uri_encode(values[next++]);
        else
            out += c;
    }
    return out + rest;
}

json::Value none() { return json::Value(json::Object{}); }

const json::Value& object_or_empty(const json::Value* v) {
    static const json::Value empty = none();
    return v && v->is_object() ? *v : empty;
}

std::string text_at(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

void check_target_http_parameters(const json::Value& target) {
    const json::Value* http = target.find("HttpParameters");
    if (!http || http->is_null()) return;
    auto invalid = [](const std::string& what) {
        throw BusError("ValidationException", "Parameter Targets.HttpParameters" + what + " is not valid.");
    };
    if (!http->is_object()) invalid("");
    for (const json::Member& m : http->as_object()) {
        std::string where = "." + std::string(m.name());
        if (m.name() == "PathParameterValues") {
            if (!m.value.is_array()) invalid(where);
            for (const json::Value& v : m.value.as_array())
                if (!v.is_string() || v.as_string().empty()) invalid(where);
        } else if (m.name() == "HeaderParameters" || m.name() == "QueryStringParameters") {
            if (!m.value.is_object()) invalid(where);
            for (const json::Member& p : m.value.as_object()) {
                if (!p.value.is_string() || p.name().size() > 512 || p.value.as_string().size() > 512)
                    invalid(where + "." + std::string(p.name()));
                std::string_view text = p.value.as_string();
                if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; }))
                    invalid(where + "." + std::string(p.name()));
            }
        } else {
            invalid(where);
        }
    }
}

bool is_retried_status(int status) {
    return status == 401 || status == 407 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

HttpCall api_destination_request(const ApiDestinationSpec& destination, const ConnectionSpec& connection,
                                 const json::Value& http_parameters, const std::string& input,
                                 const std::string& access_token) {
    const json::Value& target = object_or_empty(&http_parameters);
    if (!http_parameters.is_null() && !http_parameters.is_object())
        throw InvocationError("The target's HttpParameters is not an object");
    const json::Value& auth = connection.auth_parameters;
    const json::Value& invocation = object_or_empty(auth.find("InvocationHttpParameters"));

    HttpCall call;
    call.method = destination.http_method;
    call.url = with_query(fill_path_wildcards(destination.invocation_endpoint, target),
                          merged(target_pairs(target, "QueryStringParameters"),
                                 connection_pairs(invocation, "QueryStringParameters"), false));
    Pairs headers = merged(target_pairs(target, "HeaderParameters"), connection_pairs(invocation, "HeaderParameters"),
                           true);
    if (connection.authorization_type == "BASIC") {
        const json::Value& basic = object_or_empty(auth.find("BasicAuthParameters"));
        headers = merged(headers, {{"Authorization", "Basic " + json::base64_encode(text_at(basic, "Username") + ":" +
                                                                               text_at(basic, "Password"))}},
                         true);
    } else if (connection.authorization_type == "API_KEY") {
        const json::Value& key = object_or_empty(auth.find("ApiKeyAuthParameters"));
        headers = merged(headers, {{text_at(key, "ApiKeyName"), text_at(key, "ApiKeyValue")}}, true);
    } else if (connection.authorization_type == "OAUTH_CLIENT_CREDENTIALS") {
        headers = merged(headers, {{"Authorization", "Bearer " + access_token}}, true);
    }
    bool typed = std::any_of(headers.begin(), headers.end(), [](const auto& h) { return same_header(h.first, "Content-Type"); });
    if (!typed) headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    headers.emplace_back("User-Agent", "Amazon/EventBridge/ApiDestinations");
    call.headers = std::move(headers);

    call.body = input;
    Pairs body_parameters = connection_pairs(invocation, "BodyParameters");
    if (!body_parameters.empty()) {
        auto body = json::try_parse(input);
        if (!body || !body->is_object())
            throw InvocationError("The connection's InvocationHttpParameters.BodyParameters are added to a JSON object "
                                  "body, and this target's input is not one");
        for (const auto& [key, value] : body_parameters) body->mutable_object().set(key, json::Value(value));
        call.body = json::dump(*body);
    }
    return call;
}

HttpCall oauth_token_request(const ConnectionSpec& connection) {
    const json::Value& oauth = object_or_empty(connection.auth_parameters.find("OAuthParameters"));
    const json::Value& client = object_or_empty(oauth.find("ClientParameters"));
    const json::Value& http = object_or_empty(oauth.find("OAuthHttpParameters"));
    HttpCall call;
    call.method = text_at(oauth, "HttpMethod");
    call.url = with_query(text_at(oauth, "AuthorizationEndpoint"), connection_pairs(http, "QueryStringParameters"));
    if (call.method.empty() || call.url.empty())
        throw InvocationError("Connection " + connection.name + " has no OAuth AuthorizationEndpoint and HttpMethod");
    Pairs headers = connection_pairs(http, "HeaderParameters");
    headers = merged(headers, {{"Authorization", "Basic " + json::base64_encode(text_at(client, "ClientID") + ":" +
                                                                           text_at(client, "ClientSecret"))}},
                     true);
    Pairs body = connection_pairs(http, "BodyParameters");
    if (!body.empty()) {
        call.body = form_encode(body);
        headers = merged(headers, {{"Content-Type", "application/x-www-form-urlencoded"}}, true);
    }
    call.headers = std::move(headers);
    return call;
}

std::optional<OAuthToken> parse_oauth_token(const std::string& body, int64_t now_ms, std::string* error) {
    auto parsed = json::try_parse(body);
    const json::Value* token = parsed ? parsed->find("access_token") : nullptr;
    if (!token || !token->is_string() || token->as_string().empty()) {
        if (error) *error = "the token endpoint's answer has no access_token: " + body.substr(0, 256);
        return std::nullopt;
    }
    OAuthToken out{std::string(token->as_string()), 0};
    if (const json::Value* expires = parsed->find("expires_in"); expires && expires->is_number())
        out.expires_at_ms = now_ms + static_cast<int64_t>(expires->as_double() * 1000);
    return out;
}

}  // namespace stepwise::events
