// Functions and definition substitutions from a SAM / CloudFormation template
// (template.yaml or .json): the AWS::Serverless::Function resources with their
// Handler, Runtime (nodejs*, python*), CodeUri, Environment, Timeout and
// MemorySize (Globals.Function applied), and the DefinitionSubstitutions of
// AWS::Serverless::StateMachine / AWS::StepFunctions::StateMachine resources
// with Ref, Fn::GetAtt, Fn::Sub and Fn::Join (short forms !Ref, !GetAtt, !Sub,
// !Join included) resolved to local values: a function's Arn is
// arn:aws:lambda:<region>:<account>:function:<name>, its Ref the name.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "aws/scope.h"
#include "json/value.h"
#include "tasks/project_config.h"

namespace stepwise::tasks {

// A template that cannot be read: "template.yaml:12:5: ..." for YAML syntax,
// "template.yaml: /Resources/Fn/Properties/Handler: ..." for content.
class SamTemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SamOptions {
    aws::Scope scope;
    std::string stack_name = "stepwise-local";
};

struct SamStateMachine {
    std::string logical_id;
    std::string name;             // StateMachineName / Name when given, else the logical id
    std::string definition_path;  // DefinitionUri, absolute; "" when inline
    json::Value definition;       // Definition (inline object) or a parsed DefinitionString; null otherwise
    std::map<std::string, std::string> substitutions;
    bool express = false;         // Type / StateMachineType EXPRESS
};

struct SamProject {
    ProjectConfig project;  // functions; substitutions of every state machine
    std::vector<SamStateMachine> state_machines;
    std::vector<std::string> warnings;  // what was skipped and why (unsupported runtimes, S3 code, ...)
};

SamProject load_sam_template(const std::string& path, const SamOptions& options = {});

// The template as JSON: short-form tags become their long forms
// (!GetAtt A.B -> {"Fn::GetAtt": ["A", "B"]}, !Ref X -> {"Ref": "X"}, !Sub s -> {"Fn::Sub": s}).
// `source` names the text in messages. Throws SamTemplateError.
json::Value parse_cloudformation_yaml(std::string_view text, const std::string& source);

}  // namespace stepwise::tasks
