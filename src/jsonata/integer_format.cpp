#include "jsonata/integer_format.h"

#include <cmath>
#include <map>
#include <numeric>
#include <cstring>

#include "jsonata/error.h"
#include "jsonata/text.h"
#include "json/utf8.h"

namespace stepwise::jsonata {

namespace {
const uint32_t kDecimalGroups[] = {0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6,
                                   0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
                                   0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
                                   0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

const char* const kFew[] = {"Zero",    "One",     "Two",       "Three",    "Four",     "Five",    "Six",
                            "Seven",   "Eight",   "Nine",      "Ten",      "Eleven",   "Twelve",  "Thirteen",
                            "Fourteen", "Fifteen", "Sixteen",  "Seventeen", "Eighteen", "Nineteen"};
const char* const kOrdinals[] = {"Zeroth",     "First",      "Second",     "Third",       "Fourth",
                                 "Fifth",      "Sixth",      "Seventh",    "Eighth",      "Ninth",
                                 "Tenth",      "Eleventh",   "Twelfth",    "Thirteenth",  "Fourteenth",
                                 "Fifteenth",  "Sixteenth",  "Seventeenth", "Eighteenth", "Nineteenth"};
const char* const kDecades[] = {"Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"};
const char* const kMagnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};

std::string lookup_words(double num, bool prev, bool ord) {
    std::string words;
    if (num <= 19) {
        words = std::string(prev ? " and " : "") + (ord ? kOrdinals[static_cast<int>(num)] : kFew[static_cast<int>(num)]);
    } else if (num < 100) {
        int tens = static_cast<int>(num / 10), rem = static_cast<int>(std::fmod(num, 10));
        words = std::string(prev ? " and " : "") + kDecades[tens - 2];
        if (rem > 0) words += "-" + lookup_words(rem, false, ord);
        else if (ord) words = words.substr(0, words.size() - 1) + "ieth";
    } else if (num < 1000) {
        int hundreds = static_cast<int>(num / 100);
        double rem = std::fmod(num, 100);
        words = std::string(prev ? ", " : "") + kFew[hundreds] + " Hundred";
        if (rem > 0) words += lookup_words(rem, true, ord);
        else if (ord) words += "th";
    } else {
        int mag = static_cast<int>(std::floor(std::log10(num) / 3));
        if (mag > 4) mag = 4;
        double factor = std::pow(10.0, mag * 3);
        double mant = std::floor(num / factor), rem = num - mant * factor;
        words = std::string(prev ? ", " : "") + lookup_words(mant, false, false) + " " + kMagnitudes[mag - 1];
        if (rem > 0) words += lookup_words(rem, true, ord);
        else if (ord) words += "th";
    }
    return words;
}

std::string ascii_lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
std::string ascii_upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::u32string to_u32(const std::string& s) {
    std::u32string out;
    for (size_t pos = 0; pos < s.size();) out.push_back(utf8::decode(s, pos));
    return out;
}

std::string from_u32(const std::u32string& s) {
    std::string out;
    for (char32_t c : s) utf8::append(out, c);
    return out;
}

uint32_t digit_family(uint32_t cp) {
    for (uint32_t g : kDecimalGroups)
        if (cp >= g && cp <= g + 9) return g;
    return 0;
}

std::string number_to_words(double value, bool ordinal) { return lookup_words(value, false, ordinal); }

double words_to_number(const std::string& text) {
    static const std::map<std::string, double> values = [] {
        std::map<std::string, double> m;
        for (int i = 0; i < 20; ++i) {
            m[ascii_lower(kFew[i])] = i;
            m[ascii_lower(kOrdinals[i])] = i;
        }
        for (int i = 0; i < 8; ++i) {
            std::string d = ascii_lower(kDecades[i]);
            m[d] = (i + 2) * 10;
            m[d.substr(0, d.size() - 1) + "ieth"] = (i + 2) * 10;
        }
        m["hundred"] = 100;
        m["hundredth"] = 100;
        double mag = 1000;
        for (const char* w : kMagnitudes) {
            m[ascii_lower(w)] = mag;
            m[ascii_lower(w) + "th"] = mag;
            mag *= 1000;
        }
        return m;
    }();
    // split on ", ", " and ", whitespace and '-'
    std::vector<std::string> parts;
    std::string current;
    std::string lower = ascii_lower(text);
    for (size_t i = 0; i < lower.size(); ++i) {
        char c = lower[i];
        if (c == ',' || c == ' ' || c == '-' || c == '\t') {
            if (!current.empty()) parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) parts.push_back(current);
    std::vector<double> segs{0};
    for (const auto& part : parts) {
        if (part == "and") continue;
        auto it = values.find(part);
        double value = it == values.end() ? 0 : it->second;
        if (value < 100) {
            double top = segs.back();
            segs.pop_back();
            if (top >= 1000) {
                segs.push_back(top);
                top = 0;
            }
            segs.push_back(top + value);
        } else {
            double top = segs.back();
            segs.pop_back();
            segs.push_back(top * value);
        }
    }
    return std::accumulate(segs.begin(), segs.end(), 0.0);
}

std::string number_words_regex() {
    std::string alternatives;
    auto add = [&](const std::string& w) { alternatives += (alternatives.empty() ? "" : "|") + w; };
    for (int i = 0; i < 20; ++i) { add(ascii_lower(kOrdinals[i])); add(ascii_lower(kFew[i])); }
    for (int i = 0; i < 8; ++i) {
        std::string d = ascii_lower(kDecades[i]);
        add(d.substr(0, d.size() - 1) + "ieth");
        add(d);
    }
    add("hundredth"); add("hundred");
    for (const char* w : kMagnitudes) { add(ascii_lower(w) + "th"); add(ascii_lower(w)); }
    add("and");
    add("[\\-, ]");
    return "(?:" + alternatives + ")+";
}

std::string to_roman(uint64_t value) {
    static const std::pair<uint64_t, const char*> numerals[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"},
                                                                {100, "c"},  {90, "xc"},  {50, "l"},  {40, "xl"},
                                                                {10, "x"},   {9, "ix"},   {5, "v"},   {4, "iv"},
                                                                {1, "i"}};
    std::string out;
    for (const auto& [v, letters] : numerals) {
        while (value >= v) {
            out += letters;
            value -= v;
        }
    }
    return out;
}

uint64_t from_roman(const std::string& roman) {
    auto value_of = [](char c) -> uint64_t {
        switch (std::tolower(static_cast<unsigned char>(c))) {
            case 'm': return 1000;
            case 'd': return 500;
            case 'c': return 100;
            case 'l': return 50;
            case 'x': return 10;
            case 'v': return 5;
            case 'i': return 1;
            default: return 0;
        }
    };
    int64_t decimal = 0;
    uint64_t max = 1;
    for (size_t i = roman.size(); i-- > 0;) {
        uint64_t v = value_of(roman[i]);
        if (v < max) {
            decimal -= static_cast<int64_t>(v);
        } else {
            max = v;
            decimal += static_cast<int64_t>(v);
        }
    }
    return static_cast<uint64_t>(decimal);
}

std::string to_letters(uint64_t value, char a) {
    std::string out;
    while (value > 0) {
        out.insert(out.begin(), static_cast<char>((value - 1) % 26 + static_cast<uint64_t>(a)));
        value = (value - 1) / 26;
    }
    return out;
}

uint64_t from_letters(const std::string& letters, char a) {
    uint64_t decimal = 0;
    for (size_t i = 0; i < letters.size(); ++i)
        decimal += static_cast<uint64_t>(letters[letters.size() - i - 1] - a + 1) * static_cast<uint64_t>(std::pow(26, i));
    return decimal;
}

IntegerPicture analyse_integer_picture(const std::u32string& picture) {
    IntegerPicture format;
    std::u32string primary = picture;
    size_t semicolon = picture.rfind(U';');
    if (semicolon != std::u32string::npos) {
        primary = picture.substr(0, semicolon);
        std::u32string modifier = picture.substr(semicolon + 1);
        if (!modifier.empty() && modifier[0] == U'o') format.ordinal = true;
    }
    using P = IntegerPicture::Primary;
    using C = IntegerPicture::Case;
    if (primary == U"A") { format.letter_case = C::Upper; format.primary = P::Letters; return format; }
    if (primary == U"a") { format.primary = P::Letters; return format; }
    if (primary == U"I") { format.letter_case = C::Upper; format.primary = P::Roman; return format; }
    if (primary == U"i") { format.primary = P::Roman; return format; }
    if (primary == U"W") { format.letter_case = C::Upper; format.primary = P::Words; return format; }
    if (primary == U"Ww") { format.letter_case = C::Title; format.primary = P::Words; return format; }
    if (primary == U"w") { format.primary = P::Words; return format; }

    uint32_t zero = 0;
    int mandatory = 0, optional = 0, position = 0;
    std::vector<IntegerPicture::Separator> separators;
    for (size_t i = primary.size(); i-- > 0;) {
        uint32_t cp = primary[i];
        uint32_t family = digit_family(cp);
        if (family) {
            ++mandatory;
            ++position;
            if (zero == 0) zero = family;
            else if (family != zero) throw make_error("D3131");
        } else if (cp == U'#') {
            ++position;
            ++optional;
        } else {
            separators.push_back({position, cp});
        }
    }
    if (mandatory == 0) {
        format.primary = P::Sequence;
        format.token = primary;
        return format;
    }
    format.primary = P::Decimal;
    format.zero_code = zero;
    format.mandatory_digits = mandatory;
    format.optional_digits = optional;
    int regular = 0;
    if (!separators.empty()) {
        bool same = true;
        for (const auto& s : separators)
            if (s.character != separators[0].character) same = false;
        if (same) {
            int factor = 0;
            for (const auto& s : separators) factor = std::gcd(factor, s.position);
            bool ok = factor > 0;
            for (size_t k = 1; ok && k <= separators.size(); ++k) {
                bool found = false;
                for (const auto& s : separators)
                    if (s.position == static_cast<int>(k) * factor) found = true;
                if (!found) ok = false;
            }
            if (ok) regular = factor;
        }
    }
    if (regular > 0) {
        format.regular = true;
        format.separators = {{regular, separators[0].character}};
    } else {
        format.separators = separators;
    }
    return format;
}

std::u32string format_integer(double value_in, const IntegerPicture& format) {
    double value = std::floor(value_in);
    bool negative = value < 0;
    value = std::fabs(value);
    uint64_t v = value < 1.8e19 ? static_cast<uint64_t>(value) : UINT64_MAX;
    std::u32string out;
    using P = IntegerPicture::Primary;
    using C = IntegerPicture::Case;
    switch (format.primary) {
        case P::Letters: out = to_u32(to_letters(v, format.letter_case == C::Upper ? 'A' : 'a')); break;
        case P::Roman: {
            if (value > 1e7) throw Error("U1001", "The number is too large to write in roman numerals");
            std::string r = to_roman(v);
            out = to_u32(format.letter_case == C::Upper ? ascii_upper(r) : r);
            break;
        }
        case P::Words: {
            std::string w = number_to_words(value, format.ordinal);
            if (format.letter_case == C::Upper) w = ascii_upper(w);
            else if (format.letter_case == C::Lower) w = ascii_lower(w);
            out = to_u32(w);
            break;
        }
        case P::Decimal: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.0f", value);
            std::string digits = buf;
            if (static_cast<int>(digits.size()) < format.mandatory_digits)
                digits.insert(0, static_cast<size_t>(format.mandatory_digits) - digits.size(), '0');
            for (char c : digits) out.push_back(static_cast<char32_t>(c - '0' + format.zero_code));
            if (format.regular) {
                int interval = format.separators[0].position;
                int n = (static_cast<int>(out.size()) - 1) / interval;
                for (int ii = n; ii > 0; --ii) {
                    size_t pos = out.size() - static_cast<size_t>(ii * interval);
                    out.insert(out.begin() + static_cast<long>(pos), static_cast<char32_t>(format.separators[0].character));
                }
            } else {
                for (auto it = format.separators.rbegin(); it != format.separators.rend(); ++it) {
                    long pos = static_cast<long>(out.size()) - it->position;
                    if (pos < 0) pos = 0;
                    out.insert(out.begin() + pos, static_cast<char32_t>(it->character));
                }
            }
            if (format.ordinal) {
                char32_t last = out.empty() ? U'0' : out.back();
                const char* suffix = last == U'1' ? "st" : last == U'2' ? "nd" : last == U'3' ? "rd" : nullptr;
                if (!suffix || (out.size() > 1 && out[out.size() - 2] == U'1')) suffix = "th";
                out += to_u32(suffix);
            }
            break;
        }
        case P::Sequence: throw make_error("D3130", 0, "", from_u32(format.token));
    }
    if (negative) out.insert(out.begin(), U'-');
    return out;
}

bool parse_integer(const std::u32string& text, const IntegerPicture& format, double& out) {
    using P = IntegerPicture::Primary;
    using C = IntegerPicture::Case;
    std::string s = from_u32(text);
    switch (format.primary) {
        case P::Letters: {
            char a = format.letter_case == C::Upper ? 'A' : 'a';
            for (char c : s)
                if (c < a || c > a + 25) return false;
            out = static_cast<double>(from_letters(s, a));
            return true;
        }
        case P::Roman: {
            for (char c : s)
                if (!std::strchr(format.letter_case == C::Upper ? "MDCLXVI" : "mdclxvi", c) || c == 0) return false;
            out = static_cast<double>(from_roman(s));
            return true;
        }
        case P::Words: out = words_to_number(s); return true;
        case P::Decimal: {
            double value = 0;
            int digits = 0;
            for (char32_t c : text) {
                uint32_t fam = digit_family(c);
                if (fam) {
                    value = value * 10 + static_cast<double>(c - fam);
                    ++digits;
                }
            }
            if (digits == 0) return false;
            out = value;
            return true;
        }
        case P::Sequence: throw make_error("D3130", 0, "", from_u32(format.token));
    }
    return false;
}

}  // namespace stepwise::jsonata
