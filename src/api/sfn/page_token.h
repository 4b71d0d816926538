// Pagination tokens (nextToken): opaque to clients, they carry a store cursor
// or the last id of a page. A token that was not made here is InvalidToken.
#pragma once

#include <string>
#include <string_view>

namespace stepwise::api {

// `kind` names what the token pages ("executions", "history", ...), so a token
// of one list is refused by another.
std::string make_page_token(std::string_view kind, std::string_view cursor);

// The cursor of a token made by make_page_token with the same kind; throws
// SfnError InvalidToken otherwise.
std::string read_page_token(std::string_view kind, std::string_view token);

}  // namespace stepwise::api
