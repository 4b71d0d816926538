// Names of state machines, executions, activities and aliases as AWS accepts them.
#pragma once

#include <string_view>

namespace stepwise::api {

// 1..80 characters, none of: white space, < > { } [ ], ? *, " # % \ ^ | ~ ` $ & , ; : /,
// no control characters (U+0000-U+001F, U+007F-U+009F, U+FFFE-U+FFFF), no
// surrogates (U+D800-U+DFFF: a lone JSON "\ud800"), no U+10FFFF and no bytes
// that are not UTF-8.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
bool valid_resource_name(std::string_view name);

// An alias name: 1..80 of [a-zA-Z0-9_.-], at least one of them not a digit
// (so it can never be mistaken for a version number).
bool valid_alias_name(std::string_view name);

}  // namespace stepwise::api
