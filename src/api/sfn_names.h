// Names of state machines, executions, activities and aliases as AWS accepts them.
#pragma once

#include <string_view>

namespace stepwise::api {

// 1..80 characters, none of: white space, < > { } [ ], ? *, " # % \ ^ | ~ ` $ & , ; : /,
// and no control characters (U+0000-U+001F, U+007F-U+009F).
bool valid_resource_name(std::string_view name);

// An alias name: 1..80 of [a-zA-Z0-9_.-], at least one of them not a digit
// (so it can never be mistaken for a version number).
bool valid_alias_name(std::string_view name);

}  // namespace stepwise::api
