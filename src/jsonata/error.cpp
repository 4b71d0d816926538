#include "jsonata/error.h"

#include <unordered_map>

namespace stepwise::jsonata {

Error::Error(std::string code, std::string message, size_t position, std::string token)
    : std::runtime_error(code + ": " + message),
      code_(std::move(code)),
      message_(std::move(message)),
      position_(position),
      token_(std::move(token)) {}

namespace {
const std::unordered_map<std::string, const char*>& messages() {
    static const std::unordered_map<std::string, const char*> table = {
        {"S0101", "String literal is not terminated"},
        {"S0102", "Number is out of range: {{token}}"},
        {"S0103", "Unsupported escape sequence: \\{{token}}"},
        {"S0104", "\\u must be followed by four hexadecimal digits"},
        {"S0105", "Quoted property name is not terminated (missing `)"},
        {"S0106", "Comment is not terminated"},
        {"S0201", "Syntax error: {{token}}"},
        {"S0202", "Expected {{value}}, found {{token}}"},
        {"S0203", "Expected {{value}} before the end of the expression"},
        {"S0204", "Unknown operator: {{token}}"},
        {"S0205", "Unexpected token: {{token}}"},
        {"S0206", "Unknown expression type: {{token}}"},
        {"S0207", "Unexpected end of expression"},
        {"S0208", "Function parameter {{value}} is not a variable"},
        {"S0209", "A predicate cannot follow a grouping expression in a step"},
        {"S0210", "A step may only have one grouping expression"},
        {"S0211", "The symbol {{token}} cannot be used as a unary operator"},
        {"S0212", "The left side of := must be a variable name (starting with $)"},
        {"S0213", "The literal value {{value}} cannot be used as a step in a path"},
        {"S0214", "The right side of {{token}} must be a variable name (starting with $)"},
        {"S0215", "A context variable binding must come before any predicates in a step"},
        {"S0216", "A context variable binding cannot follow an order-by clause in a step"},
        {"S0217", "The object of type {{token}} has no parent for the % operator"},
        {"S0301", "Empty regular expressions are not allowed"},
        {"S0302", "No terminating / in regular expression"},
        {"S0402", "A choice group in a signature may not contain a parameterised type"},
        {"S0401", "Type parameters apply only to functions and arrays in a signature"},
        {"S0500", "Attempted to evaluate an expression that contains syntax errors"},
        {"T0410", "Argument {{index}} of function {{token}} does not match the function signature"},
        {"T0411", "Context value does not match the signature of function {{token}}"},
        {"T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"},
        {"D1001", "Number out of range: {{value}}"},
        {"D1002", "Cannot negate a value that is not a number: {{value}}"},
        {"T1003", "Group-by key must be a string; got {{value}}"},
        {"D1004", "The regular expression matches an empty string"},
        {"T1005", "No function named {{token}}; did you mean ${{token}}?"},
        {"T1006", "Attempted to invoke something that is not a function"},
        {"T1007", "No function named {{token}} to apply partially; did you mean ${{token}}?"},
        {"T1008", "Attempted to apply partially something that is not a function"},
        {"D1009", "Grouping key {{value}} is produced by more than one object constructor expression"},
        {"D1010", "Attempted to access the Javascript object prototype"},
        {"T1010", "The matcher function returned a malformed result"},
        {"T2001", "The left side of {{token}} must be a number"},
        {"T2002", "The right side of {{token}} must be a number"},
        {"T2003", "The left side of the range operator (..) must be an integer"},
        {"T2004", "The right side of the range operator (..) must be an integer"},
        {"D2005", "The left side of := must be a variable name (starting with $)"},
        {"T2006", "The right side of the function application operator ~> must be a function"},
        {"T2007", "Values of different types cannot be compared in order-by: {{value}} and {{value2}}"},
        {"T2008", "Order-by expressions must evaluate to numbers or strings"},
        {"T2009", "The values {{value}} and {{value2}} on either side of {{token}} must have the same type"},
        {"T2010", "The expressions on either side of {{token}} must be numbers or strings"},
        {"T2011", "The insert/update clause of a transform must be an object: {{value}}"},
        {"T2012", "The delete clause of a transform must be a string or an array of strings: {{value}}"},
        {"T2013", "The transform expression clones its input with $clone, which has been overridden"},
        {"D2014", "The size of the range ({{value}}) exceeds the limit of 10,000,000 items"},
        {"D3001", "Infinity and NaN cannot be converted to a string"},
        {"D3010", "The second argument of $replace cannot be an empty string"},
        {"D3011", "The fourth argument of $replace must be a positive number"},
        {"D3012", "The replacement function must return a string"},
        {"D3020", "The third argument of $split must be a positive number"},
        {"D3030", "Unable to cast value to a number: {{value}}"},
        {"D3040", "The third argument of $match must be a positive number"},
        {"D3050", "The second argument of $reduce must be a function taking at least two arguments"},
        {"D3060", "The $sqrt function cannot be applied to a negative number: {{value}}"},
        {"D3061", "The power function has produced a number that is out of range: $power({{value}}, {{exp}})"},
        {"D3070", "The single argument form of $sort works only on arrays of all strings or all numbers"},
        {"D3080", "The picture string must contain only one pattern separator"},
        {"D3081", "The picture string may contain at most one decimal separator"},
        {"D3082", "The picture string may contain at most one percent character"},
        {"D3083", "The picture string may contain at most one per-mille character"},
        {"D3084", "The picture string may not contain both a percent and a per-mille character"},
        {"D3085", "A sub-picture must contain at least one optional or mandatory digit"},
        {"D3086", "A sub-picture may not contain a passive character between active characters"},
        {"D3087", "A sub-picture may not have a grouping separator next to the decimal separator"},
        {"D3088", "A sub-picture may not end with a grouping separator"},
        {"D3089", "A sub-picture may not contain a mandatory digit after an optional digit in the fractional part"},
        {"D3090", "The integer part of a sub-picture may not contain an optional digit after a mandatory digit"},
        {"D3091", "A sub-picture may not contain more than one exponent separator"},
        {"D3092", "A sub-picture with a percent or per-mille character may not have an exponent separator"},
        {"D3093", "The exponent part of a sub-picture must contain only mandatory digits"},
        {"D3100", "The radix of $formatBase must be between 2 and 36: {{value}}"},
        {"D3110", "The argument of $toMillis does not match ISO 8601: {{value}}"},
        {"D3120", "Syntax error in the expression given to $eval: {{value}}"},
        {"D3121", "Dynamic error while evaluating the expression given to $eval: {{value}}"},
        {"D3130", "Formatting or parsing an integer as a sequence that starts with {{value}} is not supported"},
        {"D3131", "In a decimal digit pattern, all digits must come from the same decimal group"},
        {"D3132", "Unknown component specifier {{value}} in a date/time picture string"},
        {"D3133", "The 'name' modifier can only be used with month and day components"},
        {"D3134", "The timezone integer format specifier cannot have more than four digits"},
        {"D3135", "No matching closing bracket ']' in a date/time picture string"},
        {"D3136", "The date/time picture string is missing specifiers needed to build a date"},
        {"D3137", "{{value}}"},
        {"D3138", "The $single() function expected exactly 1 matching result; got more"},
        {"D3139", "The $single() function expected exactly 1 matching result; got none"},
        {"D3140", "Malformed URL passed to {{token}}: {{value}}"},
        {"D3141", "{{value}}"},
        {"U1001", "The expression exceeded the evaluation depth or time budget"},
    };
    return table;
}

void replace_all(std::string& s, const std::string& what, const std::string& with) {
    for (size_t pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
        s.replace(pos, what.size(), with);
}
}  // namespace

std::string error_message(const std::string& code, const std::string& token, const std::string& value) {
    auto it = messages().find(code);
    std::string text = it == messages().end() ? std::string("Error ") + code : it->second;
    replace_all(text, "{{token}}", token);
    replace_all(text, "{{value}}", value);
    return text;
}

Error make_error(const std::string& code, size_t position, const std::string& token, const std::string& value) {
    return Error(code, error_message(code, token, value), position, token);
}

}  // namespace stepwise::jsonata
