// Tokenizer for JSONata expression text. Pull-based: the parser asks for the
// next token and says whether an operand may start there (only then is `/`
// the start of a regular expression literal).
#pragma once

#include <string>
#include <string_view>

#include "jsonata/language_level.h"

namespace stepwise::jsonata {

enum class TokenType : uint8_t { End, Operator, Name, Variable, String, Number, Value, Regex };

struct Token {
    TokenType type = TokenType::End;
    std::string value;   // operator text, name, variable name (without $), string contents, regex pattern
    std::string flags;   // regex flags
    double number = 0;
    int literal = 0;     // Value: 0 null, 1 false, 2 true
    size_t position = 0; // offset just past the token, as jsonata-js reports
};

class Lexer {
public:
    Lexer(std::string_view text, LanguageLevel level) : text_(text), level_(level) {}
    // Throws Error (S0101..S0106, S0301, S0302).
    Token next(bool infix);

private:
    std::string_view text_;
    LanguageLevel level_;
    size_t pos_ = 0;

    Token make(TokenType type, std::string value);
    Token scan_regex();
    Token scan_string(char quote);
};

}  // namespace stepwise::jsonata
