// Picture-string formatting and parsing for $fromMillis / $toMillis / $now
// (XPath F&O 3.1 section 9.8 date/time pictures, English names only).
#include <cmath>
#include <cstring>
#include <map>

#include "jsonata/datetime.h"
#include "jsonata/error.h"
#include "jsonata/integer_format.h"
#include "regex/regex.h"

namespace stepwise::jsonata {

namespace {

using U = std::u32string;
constexpr double kDay = 86400000.0;

const char* const kDays[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};

struct Marker {
    bool literal = false;
    std::string text;  // literal text
    char component = 0;
    std::string presentation1, presentation2;
    bool has_width = false;
    int width_min = -1, width_max = -1;
    enum class Names { None, Lower, Upper, Title } names = Names::None;
    IntegerPicture integer;
    bool has_integer = false;
    int n = -1;
};

const char* default_presentation(char c) {
    switch (c) {
        case 'Y': case 'M': case 'D': case 'd': case 'W': case 'w': case 'X': case 'x': case 'H': case 'h': case 'f':
            return "1";
        case 'F': case 'P': case 'C': case 'E': return "n";
        case 'm': case 's': return "01";
        case 'Z': case 'z': return "01:01";
        default: return nullptr;
    }
}

std::vector<Marker> analyse(const std::string& picture) {
    std::vector<Marker> spec;
    auto add_literal = [&](size_t start, size_t end) {
        if (end <= start) return;
        std::string lit = picture.substr(start, end - start);
        std::string out;
        for (size_t i = 0; i < lit.size(); ++i) {
            out += lit[i];
            if (lit[i] == ']' && i + 1 < lit.size() && lit[i + 1] == ']') ++i;
        }
        Marker m;
        m.literal = true;
        m.text = out;
        spec.push_back(m);
    };
    size_t start = 0, pos = 0;
    while (pos < picture.size()) {
        if (picture[pos] == '[') {
            if (pos + 1 < picture.size() && picture[pos + 1] == '[') {
                add_literal(start, pos);
                Marker m;
                m.literal = true;
                m.text = "[";
                spec.push_back(m);
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(start, pos);
            start = pos;
            pos = picture.find(']', start);
            if (pos == std::string::npos) throw make_error("D3135");
            std::string raw = picture.substr(start + 1, pos - start - 1), marker;
            for (char c : raw)
                if (!std::isspace(static_cast<unsigned char>(c))) marker += c;
            Marker def;
            def.component = marker.empty() ? 0 : marker[0];
            size_t comma = marker.rfind(',');
            std::string pres;
            if (comma != std::string::npos) {
                std::string width = marker.substr(comma + 1);
                size_t dash = width.find('-');
                std::string min = dash == std::string::npos ? width : width.substr(0, dash);
                std::string max = dash == std::string::npos ? "" : width.substr(dash + 1);
                auto parse_width = [](const std::string& w) { return (w.empty() || w == "*") ? -1 : std::atoi(w.c_str()); };
                def.has_width = true;
                def.width_min = parse_width(min);
                def.width_max = dash == std::string::npos ? -1 : parse_width(max);
                pres = marker.substr(1, comma - 1);
            } else {
                pres = marker.size() > 1 ? marker.substr(1) : "";
            }
            if (pres.size() == 1) {
                def.presentation1 = pres;
            } else if (pres.size() > 1) {
                char last = pres.back();
                if (std::string("atco").find(last) != std::string::npos) {
                    def.presentation2 = std::string(1, last);
                    def.presentation1 = pres.substr(0, pres.size() - 1);
                } else {
                    def.presentation1 = pres;
                }
            } else {
                const char* d = default_presentation(def.component);
                if (!d) throw make_error("D3132", 0, "", std::string(1, def.component));
                def.presentation1 = d;
            }
            if (def.presentation1[0] == 'n') {
                def.names = Marker::Names::Lower;
            } else if (def.presentation1[0] == 'N') {
                def.names = def.presentation1.size() > 1 && def.presentation1[1] == 'n' ? Marker::Names::Title : Marker::Names::Upper;
            } else if (std::string("YMDdFWwXxHhmsf").find(def.component) != std::string::npos) {
                std::string pattern = def.presentation1;
                if (!def.presentation2.empty()) pattern += ";" + def.presentation2;
                def.integer = analyse_integer_picture(to_u32(pattern));
                def.has_integer = true;
                if (def.has_width && def.width_min >= 0 && def.integer.mandatory_digits < def.width_min)
                    def.integer.mandatory_digits = def.width_min;
                if (std::string("YMD").find(def.component) != std::string::npos) {
                    def.n = -1;
                    if (def.has_width && def.width_max >= 0) {
                        def.n = def.width_max;
                        def.integer.mandatory_digits = def.n;
                    } else {
                        int w = def.integer.mandatory_digits + def.integer.optional_digits;
                        if (w >= 2) def.n = w;
                    }
                }
            }
            if (def.component == 'Z' || def.component == 'z') {
                def.integer = analyse_integer_picture(to_u32(def.presentation1));
                def.has_integer = true;
            }
            spec.push_back(def);
            start = pos + 1;
        }
        ++pos;
    }
    add_literal(start, pos);
    return spec;
}

double utc(int64_t year, int month0, int day = 1) {
    int64_t y = year + month0 / 12;
    int m = month0 % 12;
    if (m < 0) { m += 12; --y; }
    return static_cast<double>(days_from_civil(y, m + 1, 1) + (day - 1)) * kDay;
}

double start_of_first_week(int64_t year, int month0) {
    double first = utc(year, month0);
    int dow = civil_from_millis(first).weekday;  // 1 = Monday .. 7 = Sunday
    return dow > 4 ? first + (8 - dow) * kDay : first - (dow - 1) * kDay;
}

double delta_weeks(double start, double end) { return (end - start) / (kDay * 7) + 1; }

// The value of a component; strings (am/pm, ISO) in `text`.
double fragment(double millis, char component, std::string& text) {
    CivilTime t = civil_from_millis(millis);
    double today = utc(t.year, t.month - 1, t.day);
    switch (component) {
        case 'Y': return static_cast<double>(t.year);
        case 'M': return t.month;
        case 'D': return t.day;
        case 'd': return (today - utc(t.year, 0)) / kDay + 1;
        case 'F': return t.weekday;
        case 'W': {
            double week = delta_weeks(start_of_first_week(t.year, 0), today);
            if (week > 52) {
                if (today >= start_of_first_week(t.year + 1, 0)) week = 1;
            } else if (week < 1) {
                week = delta_weeks(start_of_first_week(t.year - 1, 0), today);
            }
            return std::floor(week);
        }
        case 'w': {
            double week = delta_weeks(start_of_first_week(t.year, t.month - 1), today);
            if (week > 4) {
                if (today >= start_of_first_week(t.year, t.month)) week = 1;
            } else if (week < 1) {
                week = delta_weeks(start_of_first_week(t.year, t.month - 2), today);
            }
            return std::floor(week);
        }
        case 'X': {
            double start = start_of_first_week(t.year, 0), end = start_of_first_week(t.year + 1, 0);
            if (millis < start) return static_cast<double>(t.year - 1);
            if (millis >= end) return static_cast<double>(t.year + 1);
            return static_cast<double>(t.year);
        }
        case 'x': {
            double start = start_of_first_week(t.year, t.month - 1), end = start_of_first_week(t.year, t.month);
            if (millis < start) return t.month == 1 ? 12 : t.month - 1;
            if (millis >= end) return t.month == 12 ? 1 : t.month + 1;
            return t.month;
        }
        case 'H': return t.hour;
        case 'h': {
            int h = t.hour % 12;
            return h == 0 ? 12 : h;
        }
        case 'P': text = t.hour >= 12 ? "pm" : "am"; return 0;
        case 'm': return t.minute;
        case 's': return t.second;
        case 'f': return t.millis;
        case 'C':
        case 'E': text = "ISO"; return 0;
        default: return 0;
    }
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string fmt_int(double v, const IntegerPicture& p) { return from_u32(format_integer(v, p)); }

}  // namespace

std::string format_datetime(double millis, const Val& picture, const Val& timezone) {
    double offset_hours = 0, offset_minutes = 0;
    if (timezone.is_string()) {
        std::string tz(timezone.as_string());
        char* end = nullptr;
        long offset = std::strtol(tz.c_str(), &end, 10);
        offset_hours = std::floor(static_cast<double>(offset) / 100);
        offset_minutes = static_cast<double>(offset % 100);
    }
    static const std::vector<Marker> iso = analyse("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]");
    std::vector<Marker> local;
    const std::vector<Marker>* spec = &iso;
    if (picture.is_string()) {
        local = analyse(std::string(picture.as_string()));
        spec = &local;
    }
    double offset_millis = (60 * offset_hours + offset_minutes) * 60 * 1000;
    double date = millis + offset_millis;
    std::string result;
    for (const Marker& m : *spec) {
        if (m.literal) {
            result += m.text;
            continue;
        }
        std::string text;
        double value = fragment(date, m.component, text);
        std::string out;
        if (std::string("YMDdFWwXxHhms").find(m.component) != std::string::npos) {
            if (m.component == 'Y' && m.n != -1) value = std::fmod(value, std::pow(10.0, m.n));
            if (m.names != Marker::Names::None) {
                if (m.component == 'M' || m.component == 'x') out = kMonths[static_cast<int>(value) - 1];
                else if (m.component == 'F') out = kDays[static_cast<int>(value)];
                else throw make_error("D3133", 0, "", std::string(1, m.component));
                if (m.names == Marker::Names::Upper) out = upper(out);
                else if (m.names == Marker::Names::Lower) out = lower(out);
                if (m.has_width && m.width_max >= 0 && static_cast<int>(out.size()) > m.width_max)
                    out = out.substr(0, static_cast<size_t>(m.width_max));
            } else {
                out = fmt_int(value, m.integer);
            }
        } else if (m.component == 'f') {
            out = fmt_int(value, m.integer);
        } else if (m.component == 'Z' || m.component == 'z') {
            double offset = offset_hours * 100 + offset_minutes;
            if (m.integer.regular) {
                out = fmt_int(offset, m.integer);
            } else {
                int digits = m.integer.mandatory_digits;
                if (digits == 1 || digits == 2) {
                    out = fmt_int(offset_hours, m.integer);
                    if (offset_minutes != 0) {
                        static const IntegerPicture two = analyse_integer_picture(U"00");
                        out += ":" + fmt_int(offset_minutes, two);
                    }
                } else if (digits == 3 || digits == 4) {
                    out = fmt_int(offset, m.integer);
                } else {
                    throw make_error("D3134", 0, "", std::to_string(digits));
                }
            }
            if (offset >= 0) out = "+" + out;
            if (m.component == 'z') out = "GMT" + out;
            if (offset == 0 && m.presentation2 == "t") out = "Z";
        } else if (m.component == 'P') {
            out = m.names == Marker::Names::Upper ? upper(text) : text;
        } else if (m.component == 'C' || m.component == 'E') {
            out = text;
        } else {
            throw make_error("D3132", 0, "", std::string(1, m.component));
        }
        result += out;
    }
    return result;
}

namespace {

std::string regex_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::strchr("\\^$.|?*+()[]{}", c) && c != 0) out += '\\';
        out += c;
    }
    return out;
}

using MatchGroups = std::vector<std::optional<std::string>>;

struct Part {
    std::string regex;
    char component = 0;
    int kind = 0;  // 0 literal, 1 integer, 2 name, 3 ampm, 4 timezone
    const Marker* marker = nullptr;
};

// The match of an anchored pattern (^...$) on the linear-time engine; its
// errors (a picture too large to compile, a search over its work budget) are
// the evaluation's errors.
std::optional<MatchGroups> match_whole(const regex::Regex& re, const std::string& text) {
    std::optional<regex::Match> m;
    try {
        m = re.search(text, 0);
    } catch (const regex::WorkLimitExceeded& e) {
        throw Error("U1001", e.what());
    }
    if (!m) return std::nullopt;
    MatchGroups out;
    for (const auto& g : m->groups) out.push_back(g.matched() ? std::optional<std::string>(text.substr(g.start, g.end - g.start)) : std::nullopt);
    return out;
}

regex::Regex compile_picture_regex(const std::string& pattern, bool icase) {
    try {
        regex::Flags flags;
        flags.icase = icase;
        return regex::Regex::compile(pattern, regex::Dialect::JavaScript, flags);
    } catch (const regex::CompileError& e) {
        throw Error("U1001", std::string("The date/time picture string gives a pattern over the matcher's bounds: ") + e.what());
    }
}

std::optional<double> parse_iso(const std::string& text) {
    static const regex::Regex iso = compile_picture_regex(
        "^(\\d{4})(?:-([01]\\d))?(?:-([0-3]\\d))?(?:T([0-2]\\d):([0-5]\\d)(?::([0-5]\\d))?(?:\\.(\\d+))?)?([+-][0-2]\\d:?[0-5]\\d|Z)?$", false);
    static const regex::Regex shape = compile_picture_regex(
        "^\\d{4}(-[01]\\d)*(-[0-3]\\d)*(T[0-2]\\d:[0-5]\\d:[0-5]\\d)*(\\.\\d+)?([+-][0-2]\\d:?[0-5]\\d|Z)?$", false);
    if (!match_whole(shape, text)) throw make_error("D3110", 0, "", text);
    auto found = match_whole(iso, text);
    if (!found) return std::nan("");
    const MatchGroups& m = *found;  // m[i - 1] is group i
    auto num = [&](int i, int def) { return m[i - 1] ? std::atoi(m[i - 1]->c_str()) : def; };
    double millis = utc(num(1, 1970), num(2, 1) - 1, num(3, 1)) + num(4, 0) * 3600000.0 + num(5, 0) * 60000.0 + num(6, 0) * 1000.0;
    if (m[6]) {
        std::string f = *m[6] + "000";
        millis += std::atoi(f.substr(0, 3).c_str());
    }
    if (m[7] && *m[7] != "Z") {
        std::string tz = *m[7];
        int sign = tz[0] == '-' ? -1 : 1;
        std::string digits;
        for (char c : tz.substr(1))
            if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        int hh = std::atoi(digits.substr(0, 2).c_str()), mm = std::atoi(digits.substr(2).c_str());
        millis -= sign * (hh * 60 + mm) * 60000.0;
    }
    return millis;
}

}  // namespace

std::optional<double> parse_datetime(const std::string& text, const Val& picture, double now_ms) {
    if (!picture.is_string()) return parse_iso(text);
    std::vector<Marker> spec = analyse(std::string(picture.as_string()));
    std::vector<Part> parts;
    for (const Marker& m : spec) {
        Part p;
        p.marker = &m;
        p.component = m.component;
        if (m.literal) {
            p.regex = regex_escape(m.text);
        } else if (m.component == 'Z' || m.component == 'z') {
            p.kind = 4;
            p.regex = m.component == 'z' ? "GMT[-+][0-9]+(?::[0-9]{2})?" : "[-+][0-9]+(?::[0-9]{2})?|Z";
        } else if (m.component == 'P') {
            p.kind = 3;
            p.regex = "[aApP][mM]";
        } else if (m.names != Marker::Names::None) {
            if (m.component != 'M' && m.component != 'x' && m.component != 'F')
                throw make_error("D3133", 0, "", std::string(1, m.component));
            p.kind = 2;
            p.regex = "[a-zA-Z]+";
        } else if (m.has_integer) {
            p.kind = 1;
            const IntegerPicture& ip = m.integer;
            using P = IntegerPicture::Primary;
            switch (ip.primary) {
                case P::Letters: p.regex = ip.letter_case == IntegerPicture::Case::Upper ? "[A-Z]+" : "[a-z]+"; break;
                case P::Roman: p.regex = ip.letter_case == IntegerPicture::Case::Upper ? "[MDCLXVI]+" : "[mdclxvi]+"; break;
                case P::Words: p.regex = number_words_regex(); break;
                case P::Decimal: {
                    std::string occurrences = "+";
                    if (m.n > 0) {
                        occurrences = ip.optional_digits == 0 ? "{" + std::to_string(m.n) + "}"
                                                              : "{" + std::to_string(m.n - ip.optional_digits) + "," + std::to_string(m.n) + "}";
                    }
                    p.regex = "[0-9]" + occurrences;
                    if (ip.ordinal) p.regex += "(?:th|st|nd|rd)";
                    break;
                }
                case P::Sequence: throw make_error("D3130", 0, "", from_u32(ip.token));
            }
        } else {
            p.regex = "[a-zA-Z]+";
        }
        parts.push_back(p);
    }
    std::string full = "^";
    for (const auto& p : parts) full += "(" + p.regex + ")";
    full += "$";
    const regex::Regex re = compile_picture_regex(full, true);
    auto found = match_whole(re, text);
    if (!found) return std::nullopt;
    auto info = [&](size_t i) { return (*found)[i - 1].value_or(""); };

    std::map<char, double> components;
    double tz_minutes = 0;
    bool has_tz = false;
    for (size_t i = 0; i < parts.size(); ++i) {
        const Part& p = parts[i];
        std::string v = info(i + 1);
        switch (p.kind) {
            case 1: {
                std::string digits = v;
                const IntegerPicture& ip = p.marker->integer;
                if (ip.primary == IntegerPicture::Primary::Decimal && ip.ordinal && digits.size() >= 2)
                    digits = digits.substr(0, digits.size() - 2);
                double out = 0;
                if (p.component == 'f') {
                    std::string ms = (digits + "000").substr(0, 3);
                    out = std::atoi(ms.c_str());
                } else if (ip.primary == IntegerPicture::Primary::Words) {
                    out = words_to_number(v);
                } else if (!parse_integer(to_u32(digits), ip, out)) {
                    return std::nullopt;
                }
                components[p.component] = out;
                break;
            }
            case 2: {
                std::string lv = lower(v);
                double found = -1;
                if (p.component == 'M' || p.component == 'x') {
                    for (int k = 0; k < 12; ++k)
                        if (lower(kMonths[k]).rfind(lv, 0) == 0) { found = k + 1; break; }
                } else if (p.component == 'F') {
                    for (int k = 1; k <= 7; ++k)
                        if (lower(kDays[k]).rfind(lv, 0) == 0) { found = k; break; }
                }
                if (found < 0) return std::nullopt;
                components[p.component] = found;
                break;
            }
            case 3: components['P'] = lower(v) == "am" ? 0 : 1; break;
            case 4: {
                if (v == "Z" || v == "z") {
                    has_tz = true;
                    tz_minutes = 0;
                    break;
                }
                std::string s = p.component == 'z' ? v.substr(3) : v;
                int sign = s[0] == '-' ? -1 : 1;
                std::string body = s.substr(1);
                int hh = 0, mm = 0;
                size_t colon = body.find(':');
                if (colon != std::string::npos) {
                    hh = std::atoi(body.substr(0, colon).c_str());
                    mm = std::atoi(body.substr(colon + 1).c_str());
                } else if (body.size() > 2) {
                    hh = std::atoi(body.substr(0, body.size() - 2).c_str());
                    mm = std::atoi(body.substr(body.size() - 2).c_str());
                } else {
                    hh = std::atoi(body.c_str());
                }
                has_tz = true;
                tz_minutes = sign * (hh * 60 + mm);
                break;
            }
            default: break;
        }
    }
    if (components.empty() && !has_tz) return std::nullopt;

    auto has = [&](char c) {
        auto it = components.find(c);
        return it != components.end() && it->second != 0;
    };
    auto mask_of = [&](const char* order) {
        int mask = 0;
        for (const char* c = order; *c; ++c) mask = (mask << 1) + (has(*c) ? 1 : 0);
        return mask;
    };
    auto is_type = [](int type, int mask) { return !(~type & mask) && (type & mask); };
    int mask = mask_of("YXMxWwdD");
    bool date_a = is_type(161, mask), date_b = !date_a && is_type(130, mask), date_c = is_type(84, mask),
         date_d = !date_c && is_type(72, mask);
    mask = mask_of("PHhmsf");
    bool time_a = is_type(23, mask), time_b = !time_a && is_type(47, mask);
    std::string comps = std::string(date_b ? "Yd" : date_c ? "XxwF" : date_d ? "XWF" : "YMD") + (time_b ? "Phmsf" : "Hmsf");
    bool start_specified = false, end_specified = false;
    for (char part : comps) {
        if (components.find(part) == components.end()) {
            if (start_specified) {
                components[part] = std::string("MDd").find(part) != std::string::npos ? 1 : 0;
                end_specified = true;
            } else {
                std::string unused;
                components[part] = fragment(now_ms, part, unused);
            }
        } else {
            start_specified = true;
            if (end_specified) throw make_error("D3136");
        }
    }
    double month0 = components['M'] > 0 ? components['M'] - 1 : 0;
    double day = components['D'];
    if (date_b) {
        CivilTime derived = civil_from_millis(utc(static_cast<int64_t>(components['Y']), 0) + (components['d'] - 1) * kDay);
        month0 = derived.month - 1;
        day = derived.day;
    }
    if (date_c || date_d) throw make_error("D3136");
    double hour = components['H'];
    if (time_b) {
        hour = components['h'] == 12 ? 0 : components['h'];
        if (components['P'] == 1) hour += 12;
    }
    double millis = utc(static_cast<int64_t>(components['Y']), static_cast<int>(month0), 1) + (day - 1) * kDay +
                    hour * 3600000.0 + components['m'] * 60000.0 + components['s'] * 1000.0 + components['f'];
    if (has_tz) millis -= tz_minutes * 60 * 1000;
    return millis;
}

}  // namespace stepwise::jsonata
