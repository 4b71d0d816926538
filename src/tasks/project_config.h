// The project file, stepwise.json: which local code serves which Lambda
// function, the values of the definition's ${...} placeholders, and the
// endpoints unmocked service calls go to.
// Format: docs/stepwise-json.md.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/scope.h"
#include "json/value.h"

namespace stepwise::tasks {

// A project file that cannot be used; the message names the file and the
// place in it (a JSON pointer such as /functions/ValidateOrder/timeout) and
// says what to fix.
class ProjectConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FunctionRuntime { NodeJs, Python, Command, Http };

std::string_view runtime_name(FunctionRuntime runtime);  // "nodejs", "python", "command", "http"

struct FunctionConfig {
    std::string name;              // the Lambda function name the definition uses
    FunctionRuntime runtime = FunctionRuntime::NodeJs;
    std::string runtime_id;        // as written: "nodejs", "nodejs20.x", "python3.12", ...
    std::string handler;           // nodejs/python: "src/validate.handler" (relative to code_dir)
    std::string code_dir;          // absolute; the working directory of the function's process
    std::vector<std::pair<std::string, std::string>> environment;
    double timeout_seconds = 3;    // Lambda's default
    int memory_mb = 128;           // Lambda's default
    int concurrency = 10;          // nodejs/python: at most this many workers at once
    std::vector<std::string> command;  // command: argv
    std::string endpoint;          // http: base URL, e.g. http://127.0.0.1:3001
    std::string remote_name;       // http: the function's name at the endpoint (default: name)
    std::string source;            // where it was defined, for messages ("stepwise.json /functions/X")
};

class ProjectConfig {
public:
    // Reads and checks a stepwise.json; relative paths in it are resolved
    // against its directory. Throws ProjectConfigError.
    static ProjectConfig load(const std::string& path);
    static ProjectConfig from_json(const json::Value& document, const std::string& base_dir,
                                   const std::string& source = "stepwise.json");

    const FunctionConfig* find(std::string_view function_name) const;
    const std::map<std::string, FunctionConfig, std::less<>>& functions() const { return functions_; }
    std::vector<std::string> function_names() const;

    // Placeholder name -> value, ready for ${name} substitution (function
    // references already turned into local function ARNs).
    const std::map<std::string, std::string>& substitutions() const { return substitutions_; }

    // "stateMachines": name -> definition file (absolute), the state machines
    // a run's states:startExecution Tasks may start.
    const std::map<std::string, std::string>& state_machines() const { return state_machines_; }
    // "schemaDirs": folders of JSON Schemas events are checked against (absolute).
    const std::vector<std::string>& schema_dirs() const { return schema_dirs_; }
    // "s3Dir": the local S3 folder Distributed Maps read and write (absolute; "" = none).
    const std::string& s3_dir() const { return s3_dir_; }
    // "endpoints": endpoint key ("dynamodb", "secrets_manager") -> http:// base URL,
    // for EndpointOptions::service_urls (keys as AWS_ENDPOINT_URL_<SERVICE> names them).
    const std::map<std::string, std::string>& endpoints() const { return endpoints_; }
    // "httpHosts": hosts http:invoke may call beside loopback ones.
    const std::vector<std::string>& http_hosts() const { return http_hosts_; }
    // "lint": `stepwise lint`'s rule settings, as written (null when absent; read by lint::LintConfig).
    const json::Value& lint_settings() const { return lint_; }

    // The project file's "account" and "region" (the ARNs of its functions).
    const aws::Scope& scope() const { return scope_; }
    const std::string& region() const { return scope_.region; }
    // arn:aws:lambda:<region>:<account>:function:<name>
    std::string function_arn(std::string_view function_name) const;

    // Adds or replaces a function / substitution (the SAM loader builds a
    // project this way; later definitions win).
    void add_function(FunctionConfig function);
    void set_substitution(std::string name, std::string value);
    void set_scope(aws::Scope scope) { scope_ = std::move(scope); }
    // Functions and substitutions of `other` that this project does not define.
    void merge_missing(const ProjectConfig& other);

private:
    std::map<std::string, FunctionConfig, std::less<>> functions_;
    std::map<std::string, std::string> substitutions_;
    std::map<std::string, std::string> state_machines_;
    std::vector<std::string> schema_dirs_;
    std::string s3_dir_;
    std::map<std::string, std::string> endpoints_;
    std::vector<std::string> http_hosts_;
    json::Value lint_;
    aws::Scope scope_;
};

}  // namespace stepwise::tasks
