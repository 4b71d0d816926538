#include "tasks/sam_template.h"

#include <filesystem>
#include <optional>

#include "aws/arn.h"
#include "json/pointer.h"
#include "json/parse.h"
#include "json/write.h"
#include "json/yaml.h"
#include "tasks/function_ref.h"

namespace stepwise::tasks {
namespace fs = std::filesystem;
namespace {

// ---- YAML -> JSON ----

// CloudFormation's short forms, as their long forms: !Ref X -> {"Ref": "X"},
// !GetAtt A.B -> {"Fn::GetAtt": ["A", "B"]}, !Sub s -> {"Fn::Sub": s}.
json::Value cloudformation_tag(std::string_view tag, json::Value value) {
    std::string fn(tag);
    if (fn == "Ref" || fn == "Condition") return json::Value(json::Object{{fn, std::move(value)}});
    if (fn == "GetAtt" && value.is_string()) {
        std::string s(value.as_string());
        size_t dot = s.find('.');
        json::Array parts{json::Value(s.substr(0, dot))};
        if (dot != std::string::npos) parts.push_back(json::Value(s.substr(dot + 1)));
        value = json::Value(std::move(parts));
    }
    return json::Value(json::Object{{"Fn::" + fn, std::move(value)}});
}

// ---- intrinsic functions ----

struct Resolver {
    const json::Value& resources;
    const json::Value& parameters;
    const SamOptions& options;
    std::vector<std::string>& warnings;
    std::string source;

    const json::Value* resource(std::string_view id) const { return resources.find(id); }

    std::string type_of(const json::Value& r) const {
        const json::Value* t = r.find("Type");
        return t && t->is_string() ? std::string(t->as_string()) : "";
    }

    // The name a resource is deployed as: its explicit name property, or the logical id.
    int naming_depth = 0;

    std::string physical_name(std::string_view id) {
        const json::Value* r = resource(id);
        if (!r || naming_depth > 8) return std::string(id);
        struct Guard {
            int& d;
            Guard(int& x) : d(x) { ++d; }
            ~Guard() { --d; }
        } guard(naming_depth);
        const json::Value* props = r->find("Properties");
        if (props) {
            for (const char* key : {"FunctionName", "StateMachineName", "QueueName", "TopicName", "TableName", "Name", "BucketName"}) {
                if (const json::Value* v = props->find(key)) {
                    if (auto text = text_of(*v, "", 1)) return *text;
                }
            }
        }
        return std::string(id);
    }

    std::string arn(std::string_view service, std::string_view resource_part) const {
        return aws::arn(options.scope, service, resource_part);
    }

    std::optional<std::string> ref(std::string_view id, const std::string& pointer) {
        if (id == "AWS::Region") return options.scope.region;
        if (id == "AWS::AccountId") return options.scope.account;
        if (id == "AWS::StackName") return options.stack_name;
        if (id == "AWS::Partition") return std::string("aws");
        if (id == "AWS::URLSuffix") return std::string("amazonaws.com");
        if (id == "AWS::StackId") return arn("cloudformation", "stack/" + options.stack_name + "/00000000-0000-0000-0000-000000000000");
        if (const json::Value* p = parameters.find(id)) {
            if (const json::Value* d = p->find("Default")) return text_of(*d, pointer, 0);
            warnings.push_back(source + ": " + pointer + ": parameter " + std::string(id) + " has no Default; left unresolved");
            return std::nullopt;
        }
        const json::Value* r = resource(id);
        if (!r) {
            warnings.push_back(source + ": " + pointer + ": Ref to unknown " + std::string(id));
            return std::nullopt;
        }
        std::string type = type_of(*r);
        std::string name = physical_name(id);
        if (type == "AWS::Serverless::StateMachine" || type == "AWS::StepFunctions::StateMachine") return arn("states", "stateMachine:" + name);
        if (type == "AWS::SQS::Queue") return "https://sqs." + options.scope.region + ".amazonaws.com/" + options.scope.account + "/" + name;
        if (type == "AWS::SNS::Topic") return arn("sns", name);
        return name;  // functions, tables, buckets, event buses, ...
    }

    std::optional<std::string> get_att(std::string_view id, std::string_view attribute, const std::string& pointer) {
        const json::Value* r = resource(id);
        if (!r) {
            warnings.push_back(source + ": " + pointer + ": GetAtt of unknown resource " + std::string(id));
            return std::nullopt;
        }
        std::string type = type_of(*r);
        std::string name = physical_name(id);
        if (type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function") {
            if (attribute == "Arn") return aws::lambda_function_arn(options.scope, name);
        } else if (type == "AWS::Serverless::StateMachine" || type == "AWS::StepFunctions::StateMachine") {
            if (attribute == "Arn") return arn("states", "stateMachine:" + name);
            if (attribute == "Name") return name;
        } else if (type == "AWS::SQS::Queue") {
            if (attribute == "Arn") return arn("sqs", name);
            if (attribute == "QueueName") return name;
            if (attribute == "QueueUrl") return "https://sqs." + options.scope.region + ".amazonaws.com/" + options.scope.account + "/" + name;
        } else if (type == "AWS::SNS::Topic") {
            if (attribute == "TopicArn") return arn("sns", name);
            if (attribute == "TopicName") return name;
        } else if (type == "AWS::DynamoDB::Table" || type == "AWS::Serverless::SimpleTable") {
            if (attribute == "Arn") return arn("dynamodb", "table/" + name);
        } else if (type == "AWS::Events::EventBus") {
            if (attribute == "Arn") return arn("events", "event-bus/" + name);
            if (attribute == "Name") return name;
        } else if (type == "AWS::S3::Bucket") {
            if (attribute == "Arn") return aws::s3_bucket_arn(name);
        }
        if (attribute == "Arn") {
            warnings.push_back(source + ": " + pointer + ": GetAtt " + std::string(id) + ".Arn of a " + type +
                               " is not modelled; using a placeholder ARN");
            return arn("cloudformation", "resource/" + std::string(id));
        }
        warnings.push_back(source + ": " + pointer + ": GetAtt " + std::string(id) + "." + std::string(attribute) + " is not supported locally");
        return std::nullopt;
    }

    std::optional<std::string> sub(std::string_view text, const json::Value* variables, const std::string& pointer, int depth) {
        std::string out;
        size_t pos = 0;
        while (pos < text.size()) {
            size_t start = text.find("${", pos);
            if (start == std::string_view::npos) {
                out.append(text.substr(pos));
                break;
            }
            out.append(text.substr(pos, start - pos));
            size_t end = text.find('}', start);
            if (end == std::string_view::npos) {
                out.append(text.substr(start));
                break;
            }
            std::string_view name = text.substr(start + 2, end - start - 2);
            pos = end + 1;
            if (!name.empty() && name[0] == '!') {  // ${!Literal}
                out += "${";
                out.append(name.substr(1));
                out += '}';
                continue;
            }
            std::optional<std::string> value;
            if (variables && variables->find(name)) {
                value = text_of(*variables->find(name), pointer, depth + 1);
            } else if (size_t dot = name.find('.'); dot != std::string_view::npos && !resource(name) &&
                                                     name.substr(0, 5) != "AWS::") {
                value = get_att(name.substr(0, dot), name.substr(dot + 1), pointer);
            } else {
                value = ref(name, pointer);
            }
            if (!value) return std::nullopt;
            out += *value;
        }
        return out;
    }

    std::optional<std::string> text_of(const json::Value& v, const std::string& pointer, int depth) {
        if (depth > 32) return std::nullopt;
        if (v.is_string()) return std::string(v.as_string());
        if (v.is_number() || v.is_bool()) return json::dump(v);
        if (v.is_object() && v.size() == 1) {
            const json::Member& m = v.as_object().at(0);
            std::string_view fn = m.name();
            const json::Value& arg = m.value;
            if (fn == "Ref" && arg.is_string()) return ref(arg.as_string(), pointer);
            if (fn == "Fn::GetAtt") {
                if (arg.is_array() && arg.size() == 2 && arg.as_array()[0].is_string() && arg.as_array()[1].is_string()) {
                    return get_att(arg.as_array()[0].as_string(), arg.as_array()[1].as_string(), pointer);
                }
                if (arg.is_string()) {
                    std::string s(arg.as_string());
                    size_t dot = s.find('.');
                    if (dot != std::string::npos) return get_att(s.substr(0, dot), s.substr(dot + 1), pointer);
                }
            }
            if (fn == "Fn::Sub") {
                if (arg.is_string()) return sub(arg.as_string(), nullptr, pointer, depth);
                if (arg.is_array() && arg.size() == 2 && arg.as_array()[0].is_string()) {
                    return sub(arg.as_array()[0].as_string(), &arg.as_array()[1], pointer, depth);
                }
            }
            if (fn == "Fn::Join" && arg.is_array() && arg.size() == 2 && arg.as_array()[0].is_string() && arg.as_array()[1].is_array()) {
                std::string out;
                bool first = true;
                for (const auto& part : arg.as_array()[1].as_array()) {
                    auto t = text_of(part, pointer, depth + 1);
                    if (!t) return std::nullopt;
                    if (!first) out += arg.as_array()[0].as_string();
                    out += *t;
                    first = false;
                }
                return out;
            }
            warnings.push_back(source + ": " + pointer + ": " + std::string(fn) + " is not evaluated locally; value left out");
            return std::nullopt;
        }
        warnings.push_back(source + ": " + pointer + ": expected a string or an intrinsic function");
        return std::nullopt;
    }
};

const json::Value* path(const json::Value& v, std::initializer_list<std::string_view> keys) {
    const json::Value* cur = &v;
    for (auto k : keys) {
        cur = cur->find(k);
        if (!cur) return nullptr;
    }
    return cur;
}

}  // namespace

json::Value parse_cloudformation_yaml(std::string_view text, const std::string& source) {
    json::YamlOptions options;
    options.on_tag = cloudformation_tag;
    try {
        return json::parse_yaml(text, source, options);
    } catch (const json::YamlError& e) {
        throw SamTemplateError(e.what());
    }
}

SamProject load_sam_template(const std::string& template_path, const SamOptions& options) {
    std::string text;
    try {
        text = json::read_file(template_path);
    } catch (const std::exception& e) {
        throw SamTemplateError(e.what());
    }
    json::Value root = parse_cloudformation_yaml(text, template_path);
    if (!root.is_object()) throw SamTemplateError(template_path + ": a template is a mapping with \"Resources\"");
    const json::Value* resources = root.find("Resources");
    if (!resources || !resources->is_object()) throw SamTemplateError(template_path + ": /Resources: missing or not a mapping");
    static const json::Value empty{json::Object{}};
    const json::Value* parameters = root.find("Parameters");
    if (!parameters || !parameters->is_object()) parameters = &empty;
    std::string base_dir = fs::absolute(fs::path(template_path)).parent_path().lexically_normal().string();

    SamProject out;
    out.project.set_scope(options.scope);
    Resolver resolver{*resources, *parameters, options, out.warnings, template_path};
    const json::Value* globals = path(root, {"Globals", "Function"});

    auto fail = [&](const std::string& pointer, const std::string& message) {
        throw SamTemplateError(template_path + ": " + pointer + ": " + message);
    };

    for (const auto& member : resources->as_object()) {
        std::string id(member.name());
        const json::Value& r = member.value;
        std::string pointer = "/Resources/" + json::pointer_escape(id);
        std::string type = resolver.type_of(r);
        const json::Value* props = r.find("Properties");
        static const json::Value no_props{json::Object{}};
        if (!props || !props->is_object()) props = &no_props;
        auto prop = [&](std::string_view key) -> const json::Value* {
            if (const json::Value* v = props->find(key)) return v;
            if (globals && type == "AWS::Serverless::Function") return globals->find(key);
            return nullptr;
        };

        if (type == "AWS::Serverless::Function") {
            FunctionConfig f;
            f.name = resolver.physical_name(id);
            f.source = template_path + " " + pointer;
            if (const json::Value* pt = prop("PackageType"); pt && pt->is_string() && pt->as_string() == "Image") {
                out.warnings.push_back(template_path + ": " + pointer + ": container image functions are not run locally; skipped");
                continue;
            }
            const json::Value* runtime = prop("Runtime");
            if (!runtime || !runtime->is_string()) {
                out.warnings.push_back(template_path + ": " + pointer + ": no Runtime; skipped");
                continue;
            }
            f.runtime_id = std::string(runtime->as_string());
            if (f.runtime_id.rfind("nodejs", 0) == 0) f.runtime = FunctionRuntime::NodeJs;
            else if (f.runtime_id.rfind("python", 0) == 0) f.runtime = FunctionRuntime::Python;
            else {
                out.warnings.push_back(template_path + ": " + pointer + "/Properties/Runtime: " + f.runtime_id +
                                       " is not run locally (nodejs* and python* are); map the function in stepwise.json "
                                       "(e.g. as a command or http function) to run it");
                continue;
            }
            const json::Value* handler = prop("Handler");
            if (!handler || !handler->is_string()) fail(pointer + "/Properties/Handler", "expected the handler string, e.g. app.handler");
            f.handler = std::string(handler->as_string());
            std::string code_uri = ".";
            if (const json::Value* c = prop("CodeUri")) {
                if (c->is_string()) code_uri = std::string(c->as_string());
                else out.warnings.push_back(template_path + ": " + pointer + "/Properties/CodeUri: code in S3 cannot be run locally; using the template's directory");
            }
            fs::path code(code_uri);
            if (code.is_relative()) code = fs::path(base_dir) / code;
            f.code_dir = code.lexically_normal().string();
            if (!f.code_dir.empty() && f.code_dir.size() > 1 && f.code_dir.back() == '/') f.code_dir.pop_back();
            std::error_code ec;
            if (!fs::is_directory(f.code_dir, ec)) {
                out.warnings.push_back(template_path + ": " + pointer + "/Properties/CodeUri: directory " + f.code_dir + " does not exist");
            }
            if (const json::Value* t = prop("Timeout"); t && t->is_number()) f.timeout_seconds = t->as_double();
            if (const json::Value* m = prop("MemorySize"); m && m->is_integer()) f.memory_mb = static_cast<int>(m->as_int());
            // Globals' variables first, the function's own override them.
            for (const json::Value* source : {globals ? path(*globals, {"Environment", "Variables"}) : nullptr,
                                              path(*props, {"Environment", "Variables"})}) {
                if (!source || !source->is_object()) continue;
                for (const auto& var : source->as_object()) {
                    std::string var_pointer = pointer + "/Properties/Environment/Variables/" + json::pointer_escape(var.name());
                    auto value = resolver.text_of(var.value, var_pointer, 0);
                    if (!value) continue;
                    bool replaced = false;
                    for (auto& kv : f.environment) {
                        if (kv.first == var.name()) {
                            kv.second = *value;
                            replaced = true;
                        }
                    }
                    if (!replaced) f.environment.emplace_back(std::string(var.name()), *value);
                }
            }
            f.remote_name = f.name;
            out.project.add_function(std::move(f));
        } else if (type == "AWS::Serverless::StateMachine" || type == "AWS::StepFunctions::StateMachine") {
            SamStateMachine sm;
            sm.logical_id = id;
            sm.name = resolver.physical_name(id);
            // Type (SAM) and StateMachineType (CloudFormation): STANDARD unless EXPRESS.
            for (const char* key : {"Type", "StateMachineType"})
                if (const json::Value* t = props->find(key); t && t->is_string() && t->as_string() == "EXPRESS")
                    sm.express = true;
            if (const json::Value* uri = props->find("DefinitionUri"); uri && uri->is_string()) {
                fs::path p(std::string(uri->as_string()));
                if (p.is_relative()) p = fs::path(base_dir) / p;
                sm.definition_path = p.lexically_normal().string();
            }
            if (const json::Value* def = props->find("Definition"); def && def->is_object()) sm.definition = *def;
            if (const json::Value* def = props->find("DefinitionString")) {
                if (auto s = resolver.text_of(*def, pointer + "/Properties/DefinitionString", 0)) {
                    if (auto parsed = json::try_parse(*s)) sm.definition = *parsed;
                }
            }
            if (const json::Value* subs = props->find("DefinitionSubstitutions")) {
                if (!subs->is_object()) fail(pointer + "/Properties/DefinitionSubstitutions", "expected a mapping of names to values");
                for (const auto& s : subs->as_object()) {
                    std::string sub_pointer = pointer + "/Properties/DefinitionSubstitutions/" + json::pointer_escape(s.name());
                    if (auto value = resolver.text_of(s.value, sub_pointer, 0)) {
                        sm.substitutions[std::string(s.name())] = *value;
                        out.project.set_substitution(std::string(s.name()), *value);
                    }
                }
            }
            out.state_machines.push_back(std::move(sm));
        }
    }
    return out;
}

}  // namespace stepwise::tasks
