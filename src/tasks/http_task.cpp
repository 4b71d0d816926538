#include "tasks/http_task.h"

#include <array>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::tasks {
namespace {

constexpr std::array kMethods{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};
// What the HTTP client writes itself; a task's value would make the request malformed.
constexpr std::array kClientHeaders{"host", "content-length", "connection", "transfer-encoding"};

struct Invalid {
    std::string cause;
};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// A header, query or form value: strings as they are, other scalars as JSON writes them.
std::string scalar(const json::Value& value, const std::string& where) {
    if (value.is_string()) return std::string(value.as_string());
    if (value.is_number() || value.is_bool() || value.is_null()) return json::dump(value);
    throw Invalid{where + " must be a string, number or boolean"};
}

void append_pair(std::string& out, const std::string& key, const std::string& value) {
    if (!out.empty()) out += '&';
    out += aws::uri_encode(key) + "=" + aws::uri_encode(value);
}

// One member of a URL_ENCODED body: objects as key[sub], arrays as ArrayFormat says.
void encode_form_value(std::string& out, const std::string& key, const json::Value& value,
                       std::string_view array_format, const std::string& where) {
    if (value.is_object()) {
        for (const auto& member : value.as_object())
            encode_form_value(out, key + "[" + std::string(member.name()) + "]", member.value, array_format,
                              where + "/" + std::string(member.name()));
        return;
    }
    if (!value.is_array()) {
        append_pair(out, key, scalar(value, where));
        return;
    }
    const json::Array& items = value.as_array();
    if (array_format == "COMMAS") {
        std::string joined;
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) joined += ',';
            joined += aws::uri_encode(scalar(items[i], where + "/" + std::to_string(i)));
        }
        if (!out.empty()) out += '&';
        out += aws::uri_encode(key) + "=" + joined;
        return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
        std::string item_key = array_format == "REPEAT"     ? key
                               : array_format == "BRACKETS" ? key + "[]"
                                                            : key + "[" + std::to_string(i) + "]";
        encode_form_value(out, item_key, items[i], array_format, where + "/" + std::to_string(i));
    }
}

std::string form_body(const json::Value& body, std::string_view array_format) {
    if (!body.is_object()) throw Invalid{"RequestBody must be an object to be URL_ENCODED"};
    std::string out;
    for (const auto& member : body.as_object())
        encode_form_value(out, std::string(member.name()), member.value, array_format,
                          "RequestBody/" + std::string(member.name()));
    return out;
}

std::string text_field(const json::Value& parameters, const char* name, bool required) {
    const json::Value* v = parameters.find(name);
    if (!v) {
        if (required) throw Invalid{std::string("the HTTP Task requires ") + name};
        return {};
    }
    if (!v->is_string()) throw Invalid{std::string(name) + " must be a string"};
    return std::string(v->as_string());
}

bool has_header(const aws::HeaderList& headers, std::string_view name) {
    for (const auto& [k, v] : headers)
        if (lower(k) == name) return true;
    return false;
}

HttpTaskRequest parse(const json::Value& parameters) {
    if (!parameters.is_object()) throw Invalid{"the HTTP Task's parameters must be an object"};
    for (const auto& member : parameters.as_object()) {
        static constexpr std::array kKnown{"ApiEndpoint",     "Method",      "Authentication", "InvocationConfig",
                                           "Headers",         "QueryParameters", "RequestBody", "Transform"};
        bool known = false;
        for (const char* k : kKnown) known |= member.name() == k;
        if (!known)
            throw Invalid{"unknown HTTP Task parameter " + std::string(member.name()) +
                          " (known: ApiEndpoint, Method, Authentication, InvocationConfig, Headers, QueryParameters, "
                          "RequestBody, Transform)"};
    }
    HttpTaskRequest request;
    request.api_endpoint = text_field(parameters, "ApiEndpoint", true);
    auto scheme_end = request.api_endpoint.find("://");
    if (scheme_end == std::string::npos) throw Invalid{"ApiEndpoint is not a URL: " + request.api_endpoint};
    request.scheme = lower(request.api_endpoint.substr(0, scheme_end));
    if (request.scheme != "http" && request.scheme != "https")
        throw Invalid{"ApiEndpoint must be an http:// or https:// URL: " + request.api_endpoint};
    std::string rest = request.api_endpoint.substr(scheme_end + 3);
    auto path_start = rest.find_first_of("/?#");
    request.authority = rest.substr(0, path_start);
    request.target = path_start == std::string::npos ? "/" : rest.substr(path_start);
    if (auto fragment = request.target.find('#'); fragment != std::string::npos) request.target.resize(fragment);
    if (request.target.empty() || request.target[0] == '?') request.target.insert(0, "/");
    request.host = request.authority;
    if (auto at = request.host.rfind('@'); at != std::string::npos) request.host = request.host.substr(at + 1);
    if (!request.host.empty() && request.host[0] == '[') request.host = request.host.substr(1, request.host.find(']') - 1);
    else request.host = request.host.substr(0, request.host.find(':'));
    request.host = lower(request.host);
    if (request.host.empty()) throw Invalid{"ApiEndpoint has no host: " + request.api_endpoint};

    request.method = text_field(parameters, "Method", true);
    bool method_ok = false;
    for (const char* m : kMethods) method_ok |= request.method == m;
    if (!method_ok) throw Invalid{"Method must be one of GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD; got " + request.method};

    for (const char* name : {"Authentication", "InvocationConfig"}) {
        if (const json::Value* v = parameters.find(name); v && !v->is_object())
            throw Invalid{std::string(name) + " must be an object such as {\"ConnectionArn\": \"arn:aws:events:...\"}"};
    }

    if (const json::Value* headers = parameters.find("Headers")) {
        if (!headers->is_object()) throw Invalid{"Headers must be an object of header names to values"};
        for (const auto& member : headers->as_object()) {
            std::string name(member.name());
            for (const char* reserved : kClientHeaders)
                if (lower(name) == reserved) throw Invalid{"Headers/" + name + " cannot be set: stepwise's HTTP client sets it"};
            request.headers.emplace_back(name, scalar(member.value, "Headers/" + name));
        }
    }

    if (const json::Value* query = parameters.find("QueryParameters")) {
        if (!query->is_object()) throw Invalid{"QueryParameters must be an object of names to values"};
        std::string encoded;
        for (const auto& member : query->as_object()) {
            std::string name(member.name());
            if (member.value.is_array()) {
                for (size_t i = 0; i < member.value.size(); ++i)
                    append_pair(encoded, name, scalar(member.value.as_array()[i], "QueryParameters/" + name));
            } else {
                append_pair(encoded, name, scalar(member.value, "QueryParameters/" + name));
            }
        }
        if (!encoded.empty()) request.target += (request.target.find('?') == std::string::npos ? "?" : "&") + encoded;
    }

    std::string encoding = "NONE";
    std::string array_format = "INDICES";
    if (const json::Value* transform = parameters.find("Transform")) {
        if (!transform->is_object()) throw Invalid{"Transform must be an object"};
        for (const auto& member : transform->as_object()) {
            if (member.name() != "RequestBodyEncoding" && member.name() != "RequestEncodingOptions")
                throw Invalid{"unknown Transform field " + std::string(member.name()) +
                              " (known: RequestBodyEncoding, RequestEncodingOptions)"};
        }
        encoding = text_field(*transform, "RequestBodyEncoding", false);
        if (encoding.empty()) encoding = "NONE";
        if (encoding != "NONE" && encoding != "URL_ENCODED")
            throw Invalid{"Transform/RequestBodyEncoding must be NONE or URL_ENCODED; got " + encoding};
        if (const json::Value* options = transform->find("RequestEncodingOptions")) {
            if (!options->is_object()) throw Invalid{"Transform/RequestEncodingOptions must be an object"};
            std::string format = text_field(*options, "ArrayFormat", false);
            if (!format.empty()) array_format = format;
            if (array_format != "INDICES" && array_format != "REPEAT" && array_format != "COMMAS" &&
                array_format != "BRACKETS")
                throw Invalid{"Transform/RequestEncodingOptions/ArrayFormat must be INDICES, REPEAT, COMMAS or BRACKETS; got " +
                              array_format};
        }
    }

    if (const json::Value* body = parameters.find("RequestBody")) {
        if (encoding == "URL_ENCODED") {
            request.body = form_body(*body, array_format);
            if (!has_header(request.headers, "content-type"))
                request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        } else if (body->is_string()) {
            request.body = std::string(body->as_string());
        } else {
            request.body = json::dump(*body);
            if (!has_header(request.headers, "content-type"))
                request.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
        }
    }
    return request;
}

bool is_json_type(const std::string* content_type) {
    if (!content_type) return false;
    std::string type = lower(content_type->substr(0, content_type->find(';')));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type == "application/json" || type.ends_with("+json");
}

}  // namespace

std::optional<HttpTaskRequest> parse_http_task(const json::Value& parameters, TaskOutcome* failure) {
    try {
        return parse(parameters);
    } catch (const Invalid& invalid) {
        if (failure) *failure = TaskOutcome::failure("States.Runtime", "HTTP Task: " + invalid.cause);
        return std::nullopt;
    }
}

bool is_loopback_host(std::string_view host) {
    std::string h = lower(host);
    if (h == "localhost" || h.ends_with(".localhost") || h == "::1") return true;
    if (!h.starts_with("127.")) return false;
    int dots = 0;
    for (char c : h) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

TaskOutcome http_task_outcome(const HttpResponse& response) {
    json::Object headers;
    for (const auto& [name, value] : response.headers) {
        json::Value* values = headers.find(name);
        if (!values) {
            headers.set(name, json::Value(json::Array{}));
            values = headers.find(name);
        }
        values->mutable_array().push_back(json::Value(value));
    }
    json::Value body(response.body);
    if (is_json_type(response.header("Content-Type"))) {
        if (auto parsed = json::try_parse(response.body)) body = std::move(*parsed);
    }
    json::Value result(json::Object{{"Headers", json::Value(std::move(headers))},
                                    {"ResponseBody", std::move(body)},
                                    {"StatusCode", json::Value(response.status)},
                                    {"StatusText", json::Value(response.reason)}});
    if (response.status >= 200 && response.status < 300) return TaskOutcome::success(std::move(result));
    return TaskOutcome::failure("States.Http.StatusCode." + std::to_string(response.status), json::dump(result));
}

}  // namespace stepwise::tasks
