// Names of state types and Choice operators, as written in ASL.
#include "asl/machine.h"

namespace stepwise::asl {

std::string_view state_type_name(StateType type) {
    switch (type) {
        case StateType::Pass: return "Pass";
        case StateType::Task: return "Task";
        case StateType::Choice: return "Choice";
        case StateType::Wait: return "Wait";
        case StateType::Parallel: return "Parallel";
        case StateType::Map: return "Map";
        case StateType::Succeed: return "Succeed";
        case StateType::Fail: return "Fail";
    }
    return "?";
}

bool is_type_test(ChoiceRule::Op op) {
    using Op = ChoiceRule::Op;
    return op == Op::IsPresent || op == Op::IsNull || op == Op::IsNumeric || op == Op::IsString ||
           op == Op::IsBoolean || op == Op::IsTimestamp;
}

std::string_view choice_op_name(ChoiceRule::Op op) {
    using Op = ChoiceRule::Op;
    switch (op) {
        case Op::And: return "And";
        case Op::Or: return "Or";
        case Op::Not: return "Not";
        case Op::StringEquals: return "StringEquals";
        case Op::StringEqualsPath: return "StringEqualsPath";
        case Op::StringLessThan: return "StringLessThan";
        case Op::StringLessThanPath: return "StringLessThanPath";
        case Op::StringGreaterThan: return "StringGreaterThan";
        case Op::StringGreaterThanPath: return "StringGreaterThanPath";
        case Op::StringLessThanEquals: return "StringLessThanEquals";
        case Op::StringLessThanEqualsPath: return "StringLessThanEqualsPath";
        case Op::StringGreaterThanEquals: return "StringGreaterThanEquals";
        case Op::StringGreaterThanEqualsPath: return "StringGreaterThanEqualsPath";
        case Op::StringMatches: return "StringMatches";
        case Op::NumericEquals: return "NumericEquals";
        case Op::NumericEqualsPath: return "NumericEqualsPath";
        case Op::NumericLessThan: return "NumericLessThan";
        case Op::NumericLessThanPath: return "NumericLessThanPath";
        case Op::NumericGreaterThan: return "NumericGreaterThan";
        case Op::NumericGreaterThanPath: return "NumericGreaterThanPath";
        case Op::NumericLessThanEquals: return "NumericLessThanEquals";
        case Op::NumericLessThanEqualsPath: return "NumericLessThanEqualsPath";
        case Op::NumericGreaterThanEquals: return "NumericGreaterThanEquals";
        case Op::NumericGreaterThanEqualsPath: return "NumericGreaterThanEqualsPath";
        case Op::BooleanEquals: return "BooleanEquals";
        case Op::BooleanEqualsPath: return "BooleanEqualsPath";
        case Op::TimestampEquals: return "TimestampEquals";
        case Op::TimestampEqualsPath: return "TimestampEqualsPath";
        case Op::TimestampLessThan: return "TimestampLessThan";
        case Op::TimestampLessThanPath: return "TimestampLessThanPath";
        case Op::TimestampGreaterThan: return "TimestampGreaterThan";
        case Op::TimestampGreaterThanPath: return "TimestampGreaterThanPath";
        case Op::TimestampLessThanEquals: return "TimestampLessThanEquals";
        case Op::TimestampLessThanEqualsPath: return "TimestampLessThanEqualsPath";
        case Op::TimestampGreaterThanEquals: return "TimestampGreaterThanEquals";
        case Op::TimestampGreaterThanEqualsPath: return "TimestampGreaterThanEqualsPath";
        case Op::IsNull: return "IsNull";
        case Op::IsPresent: return "IsPresent";
        case Op::IsNumeric: return "IsNumeric";
        case Op::IsString: return "IsString";
        case Op::IsBoolean: return "IsBoolean";
        case Op::IsTimestamp: return "IsTimestamp";
        case Op::Condition: return "Condition";
    }
    return "?";
}

}  // namespace stepwise::asl
