#include "jsonata/lexer.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "jsonata/error.h"
#include "json/utf8.h"
#include "json/hex.h"

namespace stepwise::jsonata {

namespace {
bool is_single_operator(char c) { return c != 0 && std::strchr(".[]{}(),@#;:?+-*/%|=<>^&!~", c) != nullptr; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }
}  // namespace

Token Lexer::make(TokenType type, std::string value) {
    Token t;
    t.type = type;
    t.value = std::move(value);
    t.position = pos_;
    return t;
}

Token Lexer::scan_regex() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '/' && depth == 0) {
            size_t backslashes = 0;
            while (pos_ >= backslashes + 1 && text_[pos_ - backslashes - 1] == '\\') ++backslashes;
            if (backslashes % 2 == 0) {
                std::string pattern(text_.substr(start, pos_ - start));
                if (pattern.empty()) throw make_error("S0301", pos_);
                ++pos_;
                size_t flag_start = pos_;
                while (pos_ < text_.size() && (text_[pos_] == 'i' || text_[pos_] == 'm')) ++pos_;
                Token t = make(TokenType::Regex, std::move(pattern));
                t.flags = std::string(text_.substr(flag_start, pos_ - flag_start));
                return t;
            }
        }
        bool escaped = pos_ > 0 && text_[pos_ - 1] == '\\';
        if ((c == '(' || c == '[' || c == '{') && !escaped) ++depth;
        if ((c == ')' || c == ']' || c == '}') && !escaped) --depth;
        ++pos_;
    }
    throw make_error("S0302", pos_);
}

Token Lexer::scan_string(char quote) {
    ++pos_;
    std::vector<uint32_t> units;  // UTF-16-ish: escapes give code units; raw text gives code points
    std::string out;
    auto flush_units = [&]() {
        for (size_t i = 0; i < units.size(); ++i) {
            uint32_t u = units[i];
            if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
                utf8::append(out, 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00));
                ++i;
            } else {
                utf8::append(out, u);
            }
        }
        units.clear();
    };
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '\\') {
            ++pos_;
            if (pos_ >= text_.size()) break;
            char e = text_[pos_];
            switch (e) {
                case '"': case '\\': case '/': case '\'': units.push_back(static_cast<unsigned char>(e)); break;
                case 'b': units.push_back('\b'); break;
                case 'f': units.push_back('\f'); break;
                case 'n': units.push_back('\n'); break;
                case 'r': units.push_back('\r'); break;
                case 't': units.push_back('\t'); break;
                case 'u': {
                    uint32_t code = 0;
                    for (int k = 1; k <= 4; ++k) {
                        int h = pos_ + k < text_.size() ? json::hex_digit_value(text_[pos_ + k]) : -1;
                        if (h < 0) throw make_error("S0104", pos_);
                        code = code * 16 + h;
                    }
                    units.push_back(code);
                    pos_ += 4;
                    break;
                }
                default: throw make_error("S0103", pos_, std::string(1, e));
            }
            ++pos_;
        } else if (c == quote) {
            flush_units();
            ++pos_;
            return make(TokenType::String, std::move(out));
        } else {
            flush_units();
            size_t p = pos_;
            uint32_t cp = utf8::decode(text_, p);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                units.push_back(cp);  // a lone surrogate in the text may pair with an escape
            } else {
                out.append(text_.substr(pos_, p - pos_));
            }
            pos_ = p;
        }
    }
    throw make_error("S0101", pos_);
}

Token Lexer::next(bool infix) {
    // whitespace and comments
    for (;;) {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
        if (pos_ + 1 < text_.size() && text_[pos_] == '/' && text_[pos_ + 1] == '*') {
            size_t end = text_.find("*/", pos_ + 2);
            if (end == std::string_view::npos) throw make_error("S0106", pos_);
            pos_ = end + 2;
            continue;
        }
        break;
    }
    if (pos_ >= text_.size()) return make(TokenType::End, "");
    char c = text_[pos_];
    if (!infix && c == '/') {
        ++pos_;
        return scan_regex();
    }
    if (pos_ + 1 < text_.size()) {
        std::string_view two = text_.substr(pos_, 2);
        static constexpr std::string_view doubles[] = {"..", ":=", "!=", ">=", "<=", "**", "~>"};
        // Before 2.1.0 these are two tokens each, which the parser then refuses.
        static constexpr std::string_view since_2_1_0[] = {"?:", "??"};
        bool known = std::find(std::begin(doubles), std::end(doubles), two) != std::end(doubles) ||
                     (level_ != LanguageLevel::V2_0_6 &&
                      std::find(std::begin(since_2_1_0), std::end(since_2_1_0), two) != std::end(since_2_1_0));
        if (known) {
            pos_ += 2;
            return make(TokenType::Operator, std::string(two));
        }
    }
    if (is_single_operator(c)) {
        ++pos_;
        return make(TokenType::Operator, std::string(1, c));
    }
    if (c == '"' || c == '\'') return scan_string(c);
    if (c >= '0' && c <= '9') {
        size_t p = pos_;
        if (text_[p] == '0') ++p;
        else while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
        if (p + 1 < text_.size() && text_[p] == '.' && std::isdigit(static_cast<unsigned char>(text_[p + 1]))) {
            ++p;
            while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) ++p;
        }
        if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
            size_t q = p + 1;
            if (q < text_.size() && (text_[q] == '+' || text_[q] == '-')) ++q;
            if (q < text_.size() && std::isdigit(static_cast<unsigned char>(text_[q]))) {
                while (q < text_.size() && std::isdigit(static_cast<unsigned char>(text_[q]))) ++q;
                p = q;
            }
        }
        std::string lexeme(text_.substr(pos_, p - pos_));
        double d = std::strtod(lexeme.c_str(), nullptr);
        if (!std::isfinite(d)) throw make_error("S0102", pos_, lexeme);
        pos_ = p;
        Token t = make(TokenType::Number, lexeme);
        t.number = d;
        return t;
    }
    if (c == '`') {
        size_t end = text_.find('`', pos_ + 1);
        if (end == std::string_view::npos) throw make_error("S0105", pos_);
        std::string name(text_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return make(TokenType::Name, std::move(name));
    }
    size_t i = pos_;
    while (i < text_.size() && !is_space(text_[i]) && !is_single_operator(text_[i])) ++i;
    std::string word(text_.substr(pos_, i - pos_));
    pos_ = i;
    if (!word.empty() && word[0] == '$') return make(TokenType::Variable, word.substr(1));
    if (word == "and" || word == "or" || word == "in") return make(TokenType::Operator, word);
    if (word == "true" || word == "false" || word == "null") {
        Token t = make(TokenType::Value, word);
        t.literal = word == "null" ? 0 : word == "false" ? 1 : 2;
        return t;
    }
    return make(TokenType::Name, std::move(word));
}

}  // namespace stepwise::jsonata
