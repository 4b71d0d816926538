// The error type of the JSONata engine. Codes follow jsonata-js ("S0201",
// "T2001", "D3001", ...): S = syntax (compile time), T = type, D = dynamic,
// U = runaway guard (depth or time budget exceeded).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "json/value.h"

namespace stepwise::jsonata {

class Error : public std::runtime_error {
public:
    Error(std::string code, std::string message, size_t position = 0, std::string token = {});

    const std::string& code() const noexcept { return code_; }
    const std::string& message() const noexcept { return message_; }
    size_t position() const noexcept { return position_; }  // byte offset in the expression
    const std::string& token() const noexcept { return token_; }
    // The offending value, when the error is about one (as jsonata-js's `value`).
    const std::optional<json::Value>& value() const noexcept { return value_; }

    void set_position(size_t p) { position_ = p; }
    void set_token(std::string t) { token_ = std::move(t); }
    void set_value(json::Value v) { value_ = std::move(v); }
    bool has_position() const noexcept { return position_ != 0; }

private:
    std::string code_, message_;
    size_t position_;
    std::string token_;
    std::optional<json::Value> value_;
};

// The standard message for a code (our own wording), with {{token}} and
// {{value}} filled in.
std::string error_message(const std::string& code, const std::string& token = {}, const std::string& value = {});

// Builds an Error with the standard message.
Error make_error(const std::string& code, size_t position = 0, const std::string& token = {},
                 const std::string& value = {});

}  // namespace stepwise::jsonata
