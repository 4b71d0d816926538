// XPath F&O 3.1 integer pictures (fn:format-integer), used by $formatInteger,
// $parseInteger and the date/time components: decimal digit patterns in any
// Unicode digit family with grouping separators, letters (a, A), roman
// numerals (i, I), English words (w, W, Ww), ordinals (;o).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stepwise::jsonata {

struct IntegerPicture {
    enum class Primary { Decimal, Letters, Roman, Words, Sequence } primary = Primary::Decimal;
    enum class Case { Upper, Lower, Title } letter_case = Case::Lower;
    bool ordinal = false;
    uint32_t zero_code = '0';
    int mandatory_digits = 0;
    int optional_digits = 0;
    bool regular = false;
    struct Separator {
        int position;
        uint32_t character;
    };
    std::vector<Separator> separators;  // irregular, or one entry (interval) when regular
    std::u32string token;
};

// Throws D3131 when digits from different families are mixed.
IntegerPicture analyse_integer_picture(const std::u32string& picture);
// Throws D3130 for unsupported numbering sequences.
std::u32string format_integer(double value, const IntegerPicture& picture);
// nullopt-like: returns false when the text does not match the picture.
bool parse_integer(const std::u32string& text, const IntegerPicture& picture, double& out);

std::string number_to_words(double value, bool ordinal);
double words_to_number(const std::string& text);
// Regex alternatives matching number words (for parsing pictures).
std::string number_words_regex();
std::string to_roman(uint64_t value);
uint64_t from_roman(const std::string& roman);
std::string to_letters(uint64_t value, char a);
uint64_t from_letters(const std::string& letters, char a);

std::u32string to_u32(const std::string& s);
std::string from_u32(const std::u32string& s);
// Start of the decimal digit family containing cp, or 0 when cp is not a digit.
uint32_t digit_family(uint32_t cp);

}  // namespace stepwise::jsonata
