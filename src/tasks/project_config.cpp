#include "tasks/project_config.h"

#include <filesystem>
#include <set>

#include "aws/arn.h"
#include "json/pointer.h"
#include "json/parse.h"
#include "json/write.h"
#include "tasks/aws_protocols.h"
#include "tasks/function_ref.h"
#include "tasks/sam_template.h"

namespace stepwise::tasks {
namespace fs = std::filesystem;
namespace {

struct Context {
    std::string source;
    std::string base_dir;
    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
        throw ProjectConfigError(source + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
    }
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

void check_keys(const Context& ctx, const std::string& pointer, const json::Object& object,
                const std::vector<std::string>& allowed) {
    for (const auto& member : object) {
        bool ok = false;
        for (const auto& a : allowed) ok |= member.name() == a;
        if (!ok) {
            ctx.fail(pointer + "/" + json::pointer_escape(member.name()),
                     "unknown key \"" + std::string(member.name()) + "\"; expected one of " + join(allowed));
        }
    }
}

std::string scalar_text(const json::Value& v) {
    if (v.is_string()) return std::string(v.as_string());
    return json::dump(v);  // numbers and booleans as JSON writes them
}

std::string resolve_path(const std::string& base, const std::string& path) {
    fs::path p(path);
    if (p.is_relative()) p = fs::path(base) / p;
    return p.lexically_normal().string();
}

std::string dir_of(const std::string& path) {
    fs::path p = fs::absolute(fs::path(path));
    return p.parent_path().lexically_normal().string();
}

FunctionConfig parse_function(const Context& ctx, const std::string& name, const json::Value& spec,
                              const std::string& pointer) {
    if (!spec.is_object()) ctx.fail(pointer, "a function is an object such as {\"runtime\": \"nodejs\", \"handler\": \"index.handler\"}");
    const auto& object = spec.as_object();
    check_keys(ctx, pointer, object,
               {"runtime", "handler", "codeDir", "environment", "timeout", "memorySize", "concurrency", "command",
                "endpoint", "functionName", "description"});
    std::string error;
    if (!parse_function_name(name, &error) || name.find(':') != std::string::npos) {
        ctx.fail(pointer, "\"" + name + "\" is not a Lambda function name (letters, digits, '-' and '_', at most 64)");
    }
    FunctionConfig f;
    f.name = name;
    f.source = ctx.source + " " + pointer;
    const json::Value* runtime = object.find("runtime");
    if (!runtime || !runtime->is_string()) {
        ctx.fail(pointer + "/runtime", "required: \"nodejs\" (or nodejs20.x, ...), \"python\" (or python3.12, ...), \"command\" or \"http\"");
    }
    f.runtime_id = std::string(runtime->as_string());
    if (f.runtime_id.rfind("nodejs", 0) == 0 || f.runtime_id == "node") f.runtime = FunctionRuntime::NodeJs;
    else if (f.runtime_id.rfind("python", 0) == 0) f.runtime = FunctionRuntime::Python;
    else if (f.runtime_id == "command") f.runtime = FunctionRuntime::Command;
    else if (f.runtime_id == "http") f.runtime = FunctionRuntime::Http;
    else {
        ctx.fail(pointer + "/runtime", "unknown runtime \"" + f.runtime_id +
                                           "\"; expected \"nodejs\" (or nodejs20.x, ...), \"python\" (or python3.12, ...), \"command\" or \"http\"");
    }

    std::string code_dir = ".";
    if (const json::Value* v = object.find("codeDir")) {
        if (!v->is_string() || v->as_string().empty()) ctx.fail(pointer + "/codeDir", "expected a directory path (relative to this file)");
        code_dir = std::string(v->as_string());
    }
    f.code_dir = resolve_path(ctx.base_dir, code_dir);
    if (f.runtime != FunctionRuntime::Http) {
        std::error_code ec;
        if (!fs::is_directory(f.code_dir, ec)) {
            ctx.fail(pointer + "/codeDir", "directory " + f.code_dir + " does not exist (codeDir is relative to " + ctx.base_dir + ")");
        }
    }

    if (const json::Value* v = object.find("handler")) {
        if (!v->is_string()) ctx.fail(pointer + "/handler", "expected a string such as \"src/validate.handler\"");
        f.handler = std::string(v->as_string());
    }
    if ((f.runtime == FunctionRuntime::NodeJs || f.runtime == FunctionRuntime::Python)) {
        if (f.handler.empty()) {
            ctx.fail(pointer + "/handler", std::string("required for runtime ") + f.runtime_id +
                                               ": the file (without extension) and the exported function, e.g. \"src/validate.handler\"");
        }
        auto slash = f.handler.rfind('/');
        std::string base = slash == std::string::npos ? f.handler : f.handler.substr(slash + 1);
        auto dot = base.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == base.size()) {
            ctx.fail(pointer + "/handler", "\"" + f.handler + "\" is not FILE.FUNCTION, e.g. \"src/validate.handler\" for the export `handler` of src/validate.js");
        }
    }

    if (const json::Value* v = object.find("environment")) {
        if (!v->is_object()) ctx.fail(pointer + "/environment", "expected an object of variable names to strings");
        for (const auto& m : v->as_object()) {
            if (!(m.value.is_string() || m.value.is_number() || m.value.is_bool())) {
                ctx.fail(pointer + "/environment/" + json::pointer_escape(m.name()), "expected a string, number or boolean");
            }
            f.environment.emplace_back(std::string(m.name()), scalar_text(m.value));
        }
    }
    if (const json::Value* v = object.find("timeout")) {
        if (!v->is_number() || v->as_double() <= 0 || v->as_double() > 900) {
            ctx.fail(pointer + "/timeout", "expected seconds, more than 0 and at most 900 (Lambda's limit)");
        }
        f.timeout_seconds = v->as_double();
    }
    if (const json::Value* v = object.find("memorySize")) {
        if (!v->is_integer() || v->as_int() < 128 || v->as_int() > 10240) {
            ctx.fail(pointer + "/memorySize", "expected megabytes, an integer from 128 to 10240");
        }
        f.memory_mb = static_cast<int>(v->as_int());
    }
    if (const json::Value* v = object.find("concurrency")) {
        if (!v->is_integer() || v->as_int() < 1 || v->as_int() > 1000) {
            ctx.fail(pointer + "/concurrency", "expected the most workers to run at once, an integer from 1 to 1000");
        }
        f.concurrency = static_cast<int>(v->as_int());
    }
    if (const json::Value* v = object.find("command")) {
        if (v->is_string() && !v->as_string().empty()) {
            f.command = {"/bin/sh", "-c", std::string(v->as_string())};
        } else if (v->is_array() && v->size() > 0) {
            for (size_t i = 0; i < v->size(); ++i) {
                const auto& a = v->as_array()[i];
                if (!a.is_string()) ctx.fail(pointer + "/command/" + std::to_string(i), "expected a string");
                f.command.emplace_back(a.as_string());
            }
            // ./tool.sh and bin/tool are relative to codeDir; bare names go through PATH.
            if (f.command[0].find('/') != std::string::npos) f.command[0] = resolve_path(f.code_dir, f.command[0]);
        } else {
            ctx.fail(pointer + "/command", "expected the program and its arguments, e.g. [\"./tool.sh\", \"--json\"], or a shell command line");
        }
    }
    if (f.runtime == FunctionRuntime::Command && f.command.empty()) {
        ctx.fail(pointer + "/command", "required for runtime command: the program to run, e.g. [\"./tool.sh\"]");
    }
    if (const json::Value* v = object.find("endpoint")) {
        if (!v->is_string() || v->as_string().rfind("http://", 0) != 0) {
            ctx.fail(pointer + "/endpoint", "expected an http:// URL such as \"http://127.0.0.1:3001\" (sam local start-lambda)");
        }
        f.endpoint = std::string(v->as_string());
    }
    if (f.runtime == FunctionRuntime::Http && f.endpoint.empty()) {
        ctx.fail(pointer + "/endpoint", "required for runtime http: the Lambda endpoint, e.g. \"http://127.0.0.1:3001\"");
    }
    if (const json::Value* v = object.find("functionName")) {
        if (!v->is_string() || !parse_function_name(v->as_string())) ctx.fail(pointer + "/functionName", "expected a Lambda function name");
        f.remote_name = std::string(v->as_string());
    }
    if (f.remote_name.empty()) f.remote_name = f.name;
    return f;
}

// "endpoints": {"dynamodb": "http://127.0.0.1:8000"}; keys as
// AWS_ENDPOINT_URL_<SERVICE> names the service, or its aws-sdk name.
void parse_endpoints(const Context& ctx, const json::Value& value, std::map<std::string, std::string>& out) {
    if (!value.is_object()) ctx.fail("/endpoints", "expected an object: service -> URL, e.g. {\"dynamodb\": \"http://127.0.0.1:8000\"}");
    for (const auto& m : value.as_object()) {
        std::string key(m.name());
        std::string pointer = "/endpoints/" + json::pointer_escape(key);
        const AwsService* service = find_aws_service_by_key(key);
        if (!service) {
            std::vector<std::string> known;
            for (const AwsService& s : aws_services()) known.emplace_back(s.endpoint_key);
            ctx.fail(pointer, "unknown service \"" + key + "\"; expected one of " + join(known));
        }
        if (!m.value.is_string() || m.value.as_string().rfind("http://", 0) != 0 || m.value.as_string().size() <= 7) {
            ctx.fail(pointer, "expected an http:// URL such as \"http://127.0.0.1:8000\" (stepwise calls endpoints over plain http)");
        }
        out[std::string(service->endpoint_key)] = std::string(m.value.as_string());
    }
}

// "httpHosts": ["api.internal.test"]
void parse_http_hosts(const Context& ctx, const json::Value& value, std::vector<std::string>& out) {
    if (!value.is_array()) ctx.fail("/httpHosts", "expected an array of host names, e.g. [\"api.internal.test\"]");
    for (size_t i = 0; i < value.size(); ++i) {
        const json::Value& host = value.as_array()[i];
        bool ok = host.is_string() && !host.as_string().empty() &&
                  host.as_string().find_first_of(":/ ") == std::string_view::npos;
        if (!ok) ctx.fail("/httpHosts/" + std::to_string(i), "expected a host name without scheme, port or path, e.g. \"api.internal.test\"");
        out.emplace_back(host.as_string());
    }
}

}  // namespace

std::string_view runtime_name(FunctionRuntime runtime) {
    switch (runtime) {
        case FunctionRuntime::NodeJs: return "nodejs";
        case FunctionRuntime::Python: return "python";
        case FunctionRuntime::Command: return "command";
        case FunctionRuntime::Http: return "http";
    }
    return "?";
}

ProjectConfig ProjectConfig::load(const std::string& path) {
    json::Value document;
    try {
        document = json::parse(json::read_file(path));
    } catch (const json::ParseError& e) {
        throw ProjectConfigError(path + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " + e.reason());
    } catch (const std::exception& e) {
        throw ProjectConfigError(e.what());
    }
    return from_json(document, dir_of(path), path);
}

ProjectConfig ProjectConfig::from_json(const json::Value& document, const std::string& base_dir, const std::string& source) {
    Context ctx{source, base_dir};
    if (!document.is_object()) ctx.fail("", "the project file is an object with \"functions\" (and optionally \"substitutions\")");
    const auto& root = document.as_object();
    check_keys(ctx, "", root,
               {"$schema", "comment", "region", "account", "samTemplate", "functions", "substitutions",
                "stateMachines", "schemaDirs", "s3Dir", "endpoints", "httpHosts", "lint"});

    ProjectConfig project;
    if (const json::Value* v = root.find("region")) {
        if (!v->is_string() || v->as_string().empty()) ctx.fail("/region", "expected a region name such as \"us-east-1\"");
        project.scope_.region = std::string(v->as_string());
    }
    if (const json::Value* v = root.find("account")) {
        std::string account = v->is_string() ? std::string(v->as_string()) : "";
        bool ok = account.size() == 12;
        for (char c : account) ok &= c >= '0' && c <= '9';
        if (!ok) ctx.fail("/account", "expected a 12-digit account id string such as \"123456789012\"");
        project.scope_.account = account;
    }
    if (const json::Value* v = root.find("functions")) {
        if (!v->is_object()) ctx.fail("/functions", "expected an object: function name -> {\"runtime\": ..., ...}");
        for (const auto& m : v->as_object()) {
            std::string name(m.name());
            project.add_function(parse_function(ctx, name, m.value, "/functions/" + json::pointer_escape(name)));
        }
    }
    if (const json::Value* v = root.find("samTemplate")) {
        if (!v->is_string()) ctx.fail("/samTemplate", "expected the path of a SAM/CloudFormation template");
        std::string template_path = resolve_path(base_dir, std::string(v->as_string()));
        try {
            SamOptions options;
            options.scope = project.scope_;
            SamProject sam = load_sam_template(template_path, options);
            project.merge_missing(sam.project);
        } catch (const std::exception& e) {
            ctx.fail("/samTemplate", e.what());
        }
    }
    if (const json::Value* v = root.find("stateMachines")) {
        if (!v->is_object()) ctx.fail("/stateMachines", "expected an object: state machine name -> definition file");
        for (const auto& m : v->as_object()) {
            std::string pointer = "/stateMachines/" + json::pointer_escape(m.name());
            if (!m.value.is_string() || m.value.as_string().empty())
                ctx.fail(pointer, "expected the path of the state machine's definition (.asl.json or .asl.yaml)");
            project.state_machines_[std::string(m.name())] = resolve_path(base_dir, std::string(m.value.as_string()));
        }
    }
    if (const json::Value* v = root.find("schemaDirs")) {
        if (!v->is_array()) ctx.fail("/schemaDirs", "expected an array of folders of JSON Schemas for EventBridge events");
        for (size_t i = 0; i < v->as_array().size(); ++i) {
            const json::Value& dir = v->as_array()[i];
            if (!dir.is_string() || dir.as_string().empty())
                ctx.fail("/schemaDirs/" + std::to_string(i), "expected a folder path");
            project.schema_dirs_.push_back(resolve_path(base_dir, std::string(dir.as_string())));
        }
    }
    if (const json::Value* v = root.find("lint")) project.lint_ = *v;  // checked by lint::LintConfig
    if (const json::Value* v = root.find("s3Dir")) {
        if (!v->is_string() || v->as_string().empty())
            ctx.fail("/s3Dir", "expected the local S3 folder (s3://bucket/key is <folder>/bucket/key)");
        project.s3_dir_ = resolve_path(base_dir, std::string(v->as_string()));
    }
    if (const json::Value* v = root.find("substitutions")) {
        if (!v->is_object()) ctx.fail("/substitutions", "expected an object: placeholder name -> value");
        for (const auto& m : v->as_object()) {
            std::string pointer = "/substitutions/" + json::pointer_escape(m.name());
            const json::Value& value = m.value;
            if (value.is_string() || value.is_number() || value.is_bool()) {
                project.substitutions_[std::string(m.name())] = scalar_text(value);
            } else if (value.is_object() && value.size() == 1 && value.find("function") && value.find("function")->is_string()) {
                std::string fn(value.find("function")->as_string());
                if (!project.find(fn)) {
                    ctx.fail(pointer + "/function", "no function \"" + fn + "\" in /functions (known: " + join(project.function_names()) + ")");
                }
                project.substitutions_[std::string(m.name())] = project.function_arn(fn);
            } else {
                ctx.fail(pointer, "expected a string, number, boolean, or {\"function\": \"Name\"} for the function's ARN");
            }
        }
    }
    if (const json::Value* v = root.find("endpoints")) parse_endpoints(ctx, *v, project.endpoints_);
    if (const json::Value* v = root.find("httpHosts")) parse_http_hosts(ctx, *v, project.http_hosts_);
    return project;
}

const FunctionConfig* ProjectConfig::find(std::string_view function_name) const {
    auto it = functions_.find(function_name);
    return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProjectConfig::function_names() const {
    std::vector<std::string> names;
    for (const auto& [name, f] : functions_) names.push_back(name);
    return names;
}

std::string ProjectConfig::function_arn(std::string_view function_name) const {
    return aws::lambda_function_arn(scope_, function_name);
}

void ProjectConfig::add_function(FunctionConfig function) {
    std::string name = function.name;
    functions_[name] = std::move(function);
}

void ProjectConfig::set_substitution(std::string name, std::string value) { substitutions_[std::move(name)] = std::move(value); }

void ProjectConfig::merge_missing(const ProjectConfig& other) {
    for (const auto& [name, f] : other.functions_) {
        if (!functions_.count(name)) functions_[name] = f;
    }
    for (const auto& [name, v] : other.substitutions_) {
        if (!substitutions_.count(name)) substitutions_[name] = v;
    }
}

}  // namespace stepwise::tasks
