#include "events/bus/connection.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "events/bus/model.h"

namespace stepwise::events {
namespace {

[[noreturn]] void invalid(const std::string& message) { throw BusError("ValidationException", message); }

const json::Value* member(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && !v->is_null() ? v : nullptr;
}

void only_members(const json::Value& object, const std::string& where, std::initializer_list<std::string_view> known) {
    for (const json::Member& m : object.as_object()) {
        if (std::find(known.begin(), known.end(), m.name()) != known.end()) continue;
        if (m.name() == "ConnectivityParameters")
            invalid(where + ".ConnectivityParameters (a private authorization endpoint) is not supported by stepwise: "
                            "connections reach http:// endpoints directly.");
        invalid("Unknown member " + where + "." + std::string(m.name()) + ".");
    }
}

const json::Value& object_member(const json::Value& object, std::string_view key, const std::string& where) {
    const json::Value* v = member(object, key);
    if (!v) invalid(where + "." + std::string(key) + " is required.");
    if (!v->is_object()) invalid(where + "." + std::string(key) + " must be an object.");
    return *v;
}

// A header-safe secret or name: AWS's AuthHeaderParameters (1-512 characters, no controls or ':').
void auth_text(const json::Value& object, std::string_view key, const std::string& where) {
    const json::Value* v = member(object, key);
    std::string path = where + "." + std::string(key);
    if (!v) invalid(path + " is required.");
    if (!v->is_string()) invalid(path + " must be a string.");
    std::string_view text = v->as_string();
    if (text.empty() || text.size() > 512) invalid(path + " must have length between 1 and 512.");
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ':'; }))
        invalid(path + " must not hold control characters or ':'.");
}

void check_http_parameters(const json::Value& params, const std::string& where) {
    if (!params.is_object()) invalid(where + " must be an object.");
    only_members(params, where, {"HeaderParameters", "QueryStringParameters", "BodyParameters"});
    for (std::string_view list : {"HeaderParameters", "QueryStringParameters", "BodyParameters"}) {
        const json::Value* items = member(params, list);
        if (!items) continue;
        std::string path = where + "." + std::string(list);
        if (!items->is_array()) invalid(path + " must be a list.");
        if (items->size() > 100) invalid(path + " must have at most 100 members.");
        for (const json::Value& item : items->as_array()) {
            if (!item.is_object()) invalid(path + " must hold objects with Key, Value and IsValueSecret.");
            only_members(item, path, {"Key", "Value", "IsValueSecret"});
            for (std::string_view text : {"Key", "Value"}) {
                const json::Value* v = member(item, text);
                if (!v) invalid(path + "." + std::string(text) + " is required.");
                if (!v->is_string()) invalid(path + "." + std::string(text) + " must be a string.");
                if (list != "BodyParameters" && v->as_string().size() > 512)
                    invalid(path + "." + std::string(text) + " must have length at most 512.");
                if (list == "HeaderParameters" &&
                    std::any_of(v->as_string().begin(), v->as_string().end(),
                                [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
                    invalid(path + "." + std::string(text) + " must not hold control characters.");
            }
            if (const json::Value* secret = member(item, "IsValueSecret"); secret && !secret->is_bool())
                invalid(path + ".IsValueSecret must be a boolean.");
        }
    }
}

void check_oauth(const json::Value& oauth) {
    const std::string where = "AuthParameters.OAuthParameters";
    only_members(oauth, where, {"ClientParameters", "AuthorizationEndpoint", "HttpMethod", "OAuthHttpParameters"});
    const json::Value& client = object_member(oauth, "ClientParameters", where);
    only_members(client, where + ".ClientParameters", {"ClientID", "ClientSecret"});
    auth_text(client, "ClientID", where + ".ClientParameters");
    auth_text(client, "ClientSecret", where + ".ClientParameters");
    const json::Value* endpoint = member(oauth, "AuthorizationEndpoint");
    if (!endpoint) invalid(where + ".AuthorizationEndpoint is required.");
    if (!endpoint->is_string() || endpoint->as_string().empty() || endpoint->as_string().size() > 2048)
        invalid(where + ".AuthorizationEndpoint must be a URL of 1 to 2048 characters.");
    const json::Value* method = member(oauth, "HttpMethod");
    if (!method) invalid(where + ".HttpMethod is required.");
    if (!method->is_string() ||
        (method->as_string() != "GET" && method->as_string() != "POST" && method->as_string() != "PUT"))
        invalid(where + ".HttpMethod must be one of GET, POST, PUT.");
    if (const json::Value* http = member(oauth, "OAuthHttpParameters"))
        check_http_parameters(*http, where + ".OAuthHttpParameters");
}

// The sub-object each authorization type needs.
std::string_view parameters_of(const std::string& type) {
    if (type == "BASIC") return "BasicAuthParameters";
    if (type == "API_KEY") return "ApiKeyAuthParameters";
    if (type == "OAUTH_CLIENT_CREDENTIALS") return "OAuthParameters";
    invalid("1 validation error detected: Value '" + type +
            "' at 'authorizationType' failed to satisfy constraint: Member must satisfy enum value set: "
            "[BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]");
}

void drop_secret_values(json::Value& http) {
    if (!http.is_object()) return;
    for (std::string_view list : {"HeaderParameters", "QueryStringParameters", "BodyParameters"}) {
        json::Value* items = http.mutable_object().find(list);
        if (!items || !items->is_array()) continue;
        for (json::Value& item : items->mutable_array()) {
            const json::Value* secret = item.find("IsValueSecret");
            if (item.is_object() && secret && secret->is_bool() && secret->as_bool()) item.mutable_object().erase("Value");
        }
    }
}

void erase_at(json::Value& object, std::initializer_list<std::string_view> path) {
    json::Value* at = &object;
    auto last = path.end() - 1;
    for (auto it = path.begin(); it != last; ++it) {
        if (!at->is_object()) return;
        at = at->mutable_object().find(*it);
        if (!at) return;
    }
    if (at->is_object()) at->mutable_object().erase(*last);
}

json::Value seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t int_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_integer() ? v->as_int() : 0;
}

}  // namespace

void check_auth_parameters(const std::string& type, const json::Value& params) {
    std::string_view own = parameters_of(type);
    if (!params.is_object()) invalid("AuthParameters must be an object.");
    only_members(params, "AuthParameters",
                 {"BasicAuthParameters", "ApiKeyAuthParameters", "OAuthParameters", "InvocationHttpParameters"});
    for (std::string_view other : {"BasicAuthParameters", "ApiKeyAuthParameters", "OAuthParameters"})
        if (other != own && member(params, other))
            invalid("AuthParameters." + std::string(other) + " does not go with AuthorizationType " + type + ".");
    const json::Value& auth = object_member(params, own, "AuthParameters");
    std::string where = "AuthParameters." + std::string(own);
    if (type == "BASIC") {
        only_members(auth, where, {"Username", "Password"});
        auth_text(auth, "Username", where);
        auth_text(auth, "Password", where);
    } else if (type == "API_KEY") {
        only_members(auth, where, {"ApiKeyName", "ApiKeyValue"});
        auth_text(auth, "ApiKeyName", where);
        auth_text(auth, "ApiKeyValue", where);
    } else {
        check_oauth(auth);
    }
    if (const json::Value* http = member(params, "InvocationHttpParameters"))
        check_http_parameters(*http, "AuthParameters.InvocationHttpParameters");
}

json::Value merge_auth_parameters(const json::Value& stored, const json::Value& update) {
    if (!stored.is_object() || !update.is_object()) return update;
    json::Value merged = stored;
    for (const json::Member& m : update.as_object()) {
        const json::Value* old = stored.find(m.name());
        merged.mutable_object().set(m.name(), old ? merge_auth_parameters(*old, m.value) : m.value);
    }
    return merged;
}

json::Value without_secrets(const json::Value& auth_parameters) {
    json::Value out = auth_parameters;
    if (!out.is_object()) return out;
    erase_at(out, {"BasicAuthParameters", "Password"});
    erase_at(out, {"ApiKeyAuthParameters", "ApiKeyValue"});
    erase_at(out, {"OAuthParameters", "ClientParameters", "ClientSecret"});
    if (json::Value* http = out.mutable_object().find("InvocationHttpParameters")) drop_secret_values(*http);
    if (json::Value* oauth = out.mutable_object().find("OAuthParameters"); oauth && oauth->is_object())
        if (json::Value* http = oauth->mutable_object().find("OAuthHttpParameters")) drop_secret_values(*http);
    return out;
}

json::Value connection_state_result(const ConnectionSpec& c) {
    json::Object out;
    out.set("ConnectionArn", json::Value(c.arn));
    out.set("ConnectionState", json::Value(c.state));
    out.set("CreationTime", seconds(c.created_ms));
    out.set("LastModifiedTime", seconds(c.modified_ms));
    if (c.last_authorized_ms) out.set("LastAuthorizedTime", seconds(c.last_authorized_ms));
    return json::Value(std::move(out));
}

json::Value connection_summary(const ConnectionSpec& c) {
    json::Object out;
    out.set("ConnectionArn", json::Value(c.arn));
    out.set("Name", json::Value(c.name));
    out.set("ConnectionState", json::Value(c.state));
    if (!c.state_reason.empty()) out.set("StateReason", json::Value(c.state_reason));
    out.set("AuthorizationType", json::Value(c.authorization_type));
    out.set("CreationTime", seconds(c.created_ms));
    out.set("LastModifiedTime", seconds(c.modified_ms));
    if (c.last_authorized_ms) out.set("LastAuthorizedTime", seconds(c.last_authorized_ms));
    return json::Value(std::move(out));
}

json::Value connection_description(const ConnectionSpec& c) {
    json::Value out = connection_summary(c);
    json::Object& o = out.mutable_object();
    if (!c.description.empty()) o.set("Description", json::Value(c.description));
    if (!c.kms_key_identifier.empty()) o.set("KmsKeyIdentifier", json::Value(c.kms_key_identifier));
    o.set("AuthParameters", without_secrets(c.auth_parameters));
    return out;
}

json::Value connection_to_json(const ConnectionSpec& c) {
    json::Object out;
    out.set("Name", json::Value(c.name));
    out.set("Arn", json::Value(c.arn));
    out.set("Description", json::Value(c.description));
    out.set("AuthorizationType", json::Value(c.authorization_type));
    out.set("AuthParameters", c.auth_parameters);
    out.set("KmsKeyIdentifier", json::Value(c.kms_key_identifier));
    out.set("State", json::Value(c.state));
    out.set("StateReason", json::Value(c.state_reason));
    out.set("CreatedMs", json::Value(static_cast<long long>(c.created_ms)));
    out.set("ModifiedMs", json::Value(static_cast<long long>(c.modified_ms)));
    out.set("LastAuthorizedMs", json::Value(static_cast<long long>(c.last_authorized_ms)));
    return json::Value(std::move(out));
}

ConnectionSpec connection_from_json(const json::Value& value) {
    if (!value.is_object()) throw std::runtime_error("a stored connection is not an object");
    ConnectionSpec c;
    c.name = text_of(value, "Name");
    c.arn = text_of(value, "Arn");
    c.description = text_of(value, "Description");
    c.authorization_type = text_of(value, "AuthorizationType");
    if (const json::Value* auth = value.find("AuthParameters")) c.auth_parameters = *auth;
    c.kms_key_identifier = text_of(value, "KmsKeyIdentifier");
    c.state = text_of(value, "State");
    c.state_reason = text_of(value, "StateReason");
    c.created_ms = int_of(value, "CreatedMs");
    c.modified_ms = int_of(value, "ModifiedMs");
    c.last_authorized_ms = int_of(value, "LastAuthorizedMs");
    if (c.name.empty() || c.arn.empty()) throw std::runtime_error("a stored connection without Name or Arn");
    return c;
}

}  // namespace stepwise::events
