#include "events/schema/format_checks.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "regex/regex.h"

namespace stepwise::events {

namespace {

// --- characters ---

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
bool is_sub_delim(char c) { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

// --- RFC 3339 pieces; each consumes from the front of `text` ---

bool digits(std::string_view& text, size_t count, int& value) {
    if (text.size() < count) return false;
    value = 0;
    for (size_t i = 0; i < count; ++i) {
        if (!is_digit(text[i])) return false;
        value = value * 10 + (text[i] - '0');
    }
    text.remove_prefix(count);
    return true;
}

bool literal(std::string_view& text, char expected) {
    if (text.empty() || text.front() != expected) return false;
    text.remove_prefix(1);
    return true;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool full_date(std::string_view& text) {
    int year, month, day;
    return digits(text, 4, year) && literal(text, '-') && digits(text, 2, month) && month >= 1 && month <= 12 &&
           literal(text, '-') && digits(text, 2, day) && day >= 1 && day <= days_in_month(year, month);
}

bool full_time(std::string_view& text) {
    int hour, minute, second;
    if (!(digits(text, 2, hour) && hour <= 23 && literal(text, ':') && digits(text, 2, minute) && minute <= 59 &&
          literal(text, ':') && digits(text, 2, second) && second <= 60))
        return false;
    if (literal(text, '.')) {
        int digit;
        if (!digits(text, 1, digit)) return false;
        while (digits(text, 1, digit)) {
        }
    }
    if (literal(text, 'Z') || literal(text, 'z')) return true;
    if (!literal(text, '+') && !literal(text, '-')) return false;
    int offset_hour, offset_minute;
    return digits(text, 2, offset_hour) && offset_hour <= 23 && literal(text, ':') && digits(text, 2, offset_minute) &&
           offset_minute <= 59;
}

// --- host names ---

bool ldh_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
        if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    return true;
}

// The code points of UTF-8 text (JSON strings are valid UTF-8).
std::vector<uint32_t> code_points(std::string_view text) {
    std::vector<uint32_t> out;
    for (size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        uint32_t point = length == 1 ? lead : lead & (0x7F >> length);
        for (size_t k = 1; k < length && i + k < text.size(); ++k)
            point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        out.push_back(point);
        i += length;
    }
    return out;
}

// The length of a label's Punycode (RFC 3492 section 6.3, without the output
// itself): an IDN label's A-label is "xn--" and this, bounded to 63 octets and
// the whole name to 253 (RFC 5890 section 2.3.2.1, RFC 1034 section 3.1).
size_t punycode_length(const std::vector<uint32_t>& input) {
    constexpr uint64_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
    auto adapt = [&](uint64_t delta, uint64_t points, bool first) {
        delta = first ? delta / kDamp : delta / 2;
        delta += delta / points;
        uint64_t k = 0;
        for (; delta > ((kBase - kTMin) * kTMax) / 2; k += kBase) delta /= kBase - kTMin;
        return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
    };
    size_t basic = 0;
    for (uint32_t point : input) basic += point < 0x80;
    size_t out = basic + (basic > 0 ? 1 : 0);
    uint64_t n = 0x80, delta = 0, bias = 72;
    for (size_t handled = basic; handled < input.size();) {
        uint64_t next = UINT32_MAX;
        for (uint32_t point : input)
            if (point >= n && point < next) next = point;
        delta += (next - n) * (handled + 1);  // at most 2^21 * 2^20 for a name's label
        n = next;
        for (uint32_t point : input) {
            if (point < n) ++delta;
            if (point != n) continue;
            uint64_t q = delta;
            for (uint64_t k = kBase;; k += kBase) {
                const uint64_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
                if (q < t) break;
                ++out;
                q = (q - t) / (kBase - t);
            }
            ++out;
            bias = adapt(delta, handled + 1, handled == basic);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return out;
}

// A label's length in octets as DNS carries it: an IDN label as its A-label.
size_t a_label_length(std::string_view label) {
    for (char c : label)
        if (is_non_ascii(c)) return 4 + punycode_length(code_points(label));
    return label.size();
}

// A label with UTF-8 beside letters, digits and hyphens (RFC 5891 section 4.2.3.1:
// no hyphen at both the third and fourth positions, none at either end).
bool idn_label(std::string_view label) {
    bool ascii_only = true;
    for (char c : label) {
        if (is_non_ascii(c)) ascii_only = false;
        else if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    }
    if (ascii_only) return ldh_label(label);
    if (label.size() > 4 * 63 || a_label_length(label) > 63 || label.front() == '-' || label.back() == '-')
        return false;
    return !(label.size() >= 4 && label[2] == '-' && label[3] == '-');
}

// Splits at '.' and, for IDNs, the full stops of RFC 3490 section 3.1
// (U+3002, U+FF0E, U+FF61), and checks each label, and the whole name's
// 253 octets (labels as A-labels, dots between them).
template <typename Label>
bool labels(std::string_view text, bool idn, Label check) {
    if (text.empty()) return false;
    size_t start = 0, octets = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        size_t separator = 0;
        if (i == text.size() || text[i] == '.') separator = 1;
        else if (idn && (text.substr(i, 3) == "\xE3\x80\x82" || text.substr(i, 3) == "\xEF\xBC\x8E" ||
                         text.substr(i, 3) == "\xEF\xBD\xA1"))
            separator = 3;
        if (separator == 0) continue;
        const std::string_view label = text.substr(start, i - start);
        if (!check(label)) return false;
        octets += (start > 0 ? 1 : 0) + a_label_length(label);
        if (octets > 253) return false;
        start = i + separator;
        i += separator - 1;
    }
    return true;
}

// --- e-mail ---

bool is_atext(char c, bool idn) {
    return is_alpha(c) || is_digit(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos ||
           (idn && is_non_ascii(c));
}

bool local_part(std::string_view local, bool idn) {
    if (local.empty() || local.size() > 64) return false;
    if (local.front() == '"') {
        if (local.size() < 2 || local.back() != '"') return false;
        for (size_t i = 1; i + 1 < local.size(); ++i) {
            const char c = local[i];
            if (c == '\\') {
                if (i + 2 >= local.size() || local[i + 1] < 32 || local[i + 1] > 126) return false;
                ++i;
            } else if (!((c >= 32 && c <= 126 && c != '"') || (idn && is_non_ascii(c)))) {
                return false;
            }
        }
        return true;
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
    for (char c : local)
        if (c != '.' && !is_atext(c, idn)) return false;
    return true;
}

bool mailbox(std::string_view text, bool idn) {
    const size_t at = text.rfind('@');
    if (at == std::string_view::npos) return false;
    if (!local_part(text.substr(0, at), idn)) return false;
    std::string_view domain = text.substr(at + 1);
    if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
        std::string_view literal_address = domain.substr(1, domain.size() - 2);
        if (literal_address.starts_with("IPv6:")) return is_ipv6(literal_address.substr(5));
        return is_ipv4(literal_address);
    }
    return idn ? is_idn_hostname(domain) : is_hostname(domain);
}

// --- URIs (RFC 3986) and IRIs (RFC 3987) ---

// Characters of `text` from `i` on: pchar, plus any of `extra`; a '%' must start
// a pct-encoded octet; an IRI also allows UTF-8 (ucschar, iprivate).
bool uri_chars(std::string_view text, bool iri, std::string_view extra) {
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
            i += 2;
        } else if (!(is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' ||
                     extra.find(c) != std::string_view::npos || (iri && is_non_ascii(c)))) {
            return false;
        }
    }
    return true;
}

bool authority(std::string_view text, bool iri) {
    const size_t at = text.find('@');
    if (at != std::string_view::npos) {
        if (!uri_chars(text.substr(0, at), iri, "") || text.substr(0, at).find('@') != std::string_view::npos)
            return false;
        text.remove_prefix(at + 1);
    }
    std::string_view host = text;
    std::string_view port;
    if (text.starts_with('[')) {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) return false;
        host = text.substr(1, close - 1);
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return false;
            port = rest.substr(1);
        }
        if (host.starts_with('v') || host.starts_with('V')) {  // IPvFuture
            const size_t dot = host.find('.');
            if (dot == std::string_view::npos || dot < 2 || dot + 1 == host.size()) return false;
            for (char c : host.substr(1, dot - 1))
                if (!is_hex(c)) return false;
            for (char c : host.substr(dot + 1))
                if (!is_unreserved(c) && !is_sub_delim(c) && c != ':') return false;
        } else if (!is_ipv6(host)) {
            return false;
        }
    } else {
        const size_t colon = text.rfind(':');
        if (colon != std::string_view::npos) {
            host = text.substr(0, colon);
            port = text.substr(colon + 1);
        }
        if (host.find(':') != std::string_view::npos || host.find('@') != std::string_view::npos ||
            !uri_chars(host, iri, ""))
            return false;
    }
    for (char c : port)
        if (!is_digit(c)) return false;
    return true;
}

bool uri_reference(std::string_view text, bool iri, bool require_scheme) {
    if (const size_t hash = text.find('#'); hash != std::string_view::npos) {
        if (!uri_chars(text.substr(hash + 1), iri, "/?")) return false;
        text = text.substr(0, hash);
    }
    if (const size_t question = text.find('?'); question != std::string_view::npos) {
        if (!uri_chars(text.substr(question + 1), iri, "/?")) return false;
        text = text.substr(0, question);
    }
    const size_t colon = text.find(':');
    const size_t slash = text.find('/');
    bool has_scheme = false;
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
        // Before the first '/', a ':' ends a scheme, or the reference is malformed
        // (a relative path's first segment holds no ':').
        std::string_view scheme = text.substr(0, colon);
        if (scheme.empty() || !is_alpha(scheme.front())) return false;
        for (char c : scheme)
            if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
        has_scheme = true;
        text.remove_prefix(colon + 1);
    }
    if (require_scheme && !has_scheme) return false;
    if (text.starts_with("//")) {
        text.remove_prefix(2);
        const size_t path = text.find('/');
        if (!authority(text.substr(0, path), iri)) return false;
        text = path == std::string_view::npos ? std::string_view() : text.substr(path);
    }
    return uri_chars(text, iri, "/");
}

// --- URI templates (RFC 6570 section 2) ---

bool template_literal(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) return true;  // ucschar / iprivate
    return u == 0x21 || u == 0x23 || u == 0x24 || u == 0x26 || (u >= 0x28 && u <= 0x3B) || u == 0x3D ||
           (u >= 0x3F && u <= 0x5B) || u == 0x5D || u == 0x5F || (u >= 0x61 && u <= 0x7A) || u == 0x7E;
}

bool varspec(std::string_view spec) {
    std::string_view name = spec;
    if (spec.ends_with('*')) {
        name = spec.substr(0, spec.size() - 1);
    } else if (const size_t colon = spec.find(':'); colon != std::string_view::npos) {
        name = spec.substr(0, colon);
        std::string_view length = spec.substr(colon + 1);
        if (length.empty() || length.size() > 4 || length.front() == '0') return false;
        for (char c : length)
            if (!is_digit(c)) return false;
    }
    if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string_view::npos)
        return false;
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '%') {
            if (i + 2 >= name.size() || !is_hex(name[i + 1]) || !is_hex(name[i + 2])) return false;
            i += 2;
        } else if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '.') {
            return false;
        }
    }
    return true;
}

bool expression(std::string_view body) {
    if (!body.empty() && std::string_view("+#./;?&=,!@|").find(body.front()) != std::string_view::npos)
        body.remove_prefix(1);
    while (true) {
        const size_t comma = body.find(',');
        if (!varspec(body.substr(0, comma))) return false;
        if (comma == std::string_view::npos) return true;
        body.remove_prefix(comma + 1);
    }
}

// --- numbers ---

bool is_non_negative_integer(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0')) return false;
    for (char c : text)
        if (!is_digit(c)) return false;
    return true;
}

}  // namespace

FormatVocabulary format_vocabulary(JsonSchemaDraft draft) {
    switch (draft) {
        case JsonSchemaDraft::Draft3: return FormatVocabulary::Draft3;
        case JsonSchemaDraft::Draft4: return FormatVocabulary::Draft4;
        case JsonSchemaDraft::Draft7: return FormatVocabulary::Draft7;
    }
    return FormatVocabulary::Draft4;
}

FormatVocabulary format_vocabulary(const SchemaDocument& document) {
    return document.type == SchemaType::OpenApi3 ? FormatVocabulary::OpenApi3 : format_vocabulary(document.draft);
}

std::optional<FormatKind> defined_format(FormatVocabulary vocabulary, std::string_view name) {
    struct Entry {
        std::string_view name;
        FormatKind kind;
        bool draft3, draft4, draft7, openapi;
    };
    static constexpr Entry kFormats[] = {
        {"date-time", FormatKind::DateTime, true, true, true, true},
        {"date", FormatKind::Date, true, false, true, true},
        {"time", FormatKind::Time, false, false, true, false},
        {"time", FormatKind::Draft3Time, true, false, false, false},
        {"email", FormatKind::Email, true, true, true, true},
        {"idn-email", FormatKind::IdnEmail, false, false, true, false},
        {"hostname", FormatKind::Hostname, false, true, true, true},
        {"host-name", FormatKind::Hostname, true, false, false, false},
        {"idn-hostname", FormatKind::IdnHostname, false, false, true, false},
        {"ipv4", FormatKind::Ipv4, false, true, true, true},
        {"ip-address", FormatKind::Ipv4, true, false, false, false},
        {"ipv6", FormatKind::Ipv6, true, true, true, true},
        {"uri", FormatKind::Uri, true, true, true, true},
        {"uri-reference", FormatKind::UriReference, false, false, true, false},
        {"iri", FormatKind::Iri, false, false, true, false},
        {"iri-reference", FormatKind::IriReference, false, false, true, false},
        {"uri-template", FormatKind::UriTemplate, false, false, true, false},
        {"json-pointer", FormatKind::JsonPointer, false, false, true, false},
        {"relative-json-pointer", FormatKind::RelativeJsonPointer, false, false, true, false},
        {"regex", FormatKind::Regex, true, false, true, false},
        {"int32", FormatKind::Int32, false, false, false, true},
        {"int64", FormatKind::Int64, false, false, false, true},
        {"float", FormatKind::Float, false, false, false, true},
        {"double", FormatKind::Double, false, false, false, true},
        {"byte", FormatKind::Byte, false, false, false, true},
        {"binary", FormatKind::AnyString, false, false, false, true},
        {"password", FormatKind::AnyString, false, false, false, true},
    };
    for (const Entry& entry : kFormats) {
        if (entry.name != name) continue;
        const bool defined = vocabulary == FormatVocabulary::Draft3   ? entry.draft3
                             : vocabulary == FormatVocabulary::Draft4 ? entry.draft4
                             : vocabulary == FormatVocabulary::Draft7 ? entry.draft7
                                                                      : entry.openapi;
        if (defined) return entry.kind;
    }
    return std::nullopt;
}

bool is_numeric_format(FormatKind kind) {
    return kind == FormatKind::Int32 || kind == FormatKind::Int64 || kind == FormatKind::Float ||
           kind == FormatKind::Double;
}

bool string_has_format(FormatKind kind, std::string_view text) {
    switch (kind) {
        case FormatKind::DateTime: return is_rfc3339_date_time(text);
        case FormatKind::Date: return is_rfc3339_date(text);
        case FormatKind::Time: return is_rfc3339_time(text);
        case FormatKind::Draft3Time: return is_draft3_time(text);
        case FormatKind::Email: return is_email(text);
        case FormatKind::IdnEmail: return is_idn_email(text);
        case FormatKind::Hostname: return is_hostname(text);
        case FormatKind::IdnHostname: return is_idn_hostname(text);
        case FormatKind::Ipv4: return is_ipv4(text);
        case FormatKind::Ipv6: return is_ipv6(text);
        case FormatKind::Uri: return is_uri(text);
        case FormatKind::UriReference: return is_uri_reference(text);
        case FormatKind::Iri: return is_iri(text);
        case FormatKind::IriReference: return is_iri_reference(text);
        case FormatKind::UriTemplate: return is_uri_template(text);
        case FormatKind::JsonPointer: return is_json_pointer(text);
        case FormatKind::RelativeJsonPointer: return is_relative_json_pointer(text);
        case FormatKind::Regex: return is_ecma_regex(text);
        case FormatKind::Byte: return is_base64(text);
        case FormatKind::AnyString: return true;
        case FormatKind::Int32:
        case FormatKind::Int64:
        case FormatKind::Float:
        case FormatKind::Double: return true;  // formats of numbers say nothing about strings
    }
    return true;
}

bool number_has_format(FormatKind kind, bool integral, long long integer, double value) {
    switch (kind) {
        case FormatKind::Int32: return integral && integer >= INT32_MIN && integer <= INT32_MAX;
        case FormatKind::Int64: return integral;
        case FormatKind::Float: return std::isfinite(value) && std::fabs(value) <= FLT_MAX;
        case FormatKind::Double: return std::isfinite(value);
        default: return true;  // string formats say nothing about numbers
    }
}

bool is_rfc3339_date(std::string_view text) { return full_date(text) && text.empty(); }

bool is_rfc3339_time(std::string_view text) { return full_time(text) && text.empty(); }

bool is_draft3_time(std::string_view text) {
    int hour, minute, second;
    return digits(text, 2, hour) && hour <= 23 && literal(text, ':') && digits(text, 2, minute) && minute <= 59 &&
           literal(text, ':') && digits(text, 2, second) && second <= 60 && text.empty();
}

bool is_rfc3339_date_time(std::string_view text) {
    if (!full_date(text)) return false;
    if (!literal(text, 'T') && !literal(text, 't')) return false;
    return full_time(text) && text.empty();
}

bool is_email(std::string_view text) { return mailbox(text, false); }
bool is_idn_email(std::string_view text) { return mailbox(text, true); }

bool is_hostname(std::string_view text) { return labels(text, false, ldh_label); }
bool is_idn_hostname(std::string_view text) { return labels(text, true, idn_label); }

bool is_ipv4(std::string_view text) {
    int parts = 0;
    while (true) {
        const size_t dot = text.find('.');
        std::string_view part = text.substr(0, dot);
        if (!is_non_negative_integer(part) || part.size() > 3 || std::stoi(std::string(part)) > 255) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        text.remove_prefix(dot + 1);
    }
    return parts == 4;
}

bool is_ipv6(std::string_view text) {
    if (text.empty()) return false;
    int groups = 0;
    bool compressed = false;
    if (text.starts_with("::")) {
        compressed = true;
        text.remove_prefix(2);
        if (text.empty()) return true;
    } else if (text.starts_with(':')) {
        return false;
    }
    while (true) {
        const size_t colon = text.find(':');
        std::string_view group = text.substr(0, colon);
        if (colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
            if (!is_ipv4(group)) return false;  // the last 32 bits in dotted-quad form
            groups += 2;
            break;
        }
        if (group.empty() || group.size() > 4) return false;
        for (char c : group)
            if (!is_hex(c)) return false;
        ++groups;
        if (colon == std::string_view::npos) break;
        text.remove_prefix(colon + 1);
        if (text.starts_with(':')) {
            if (compressed) return false;
            compressed = true;
            text.remove_prefix(1);
            if (text.empty()) break;
        } else if (text.empty()) {
            return false;
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

bool is_uri(std::string_view text) { return uri_reference(text, false, true); }
bool is_uri_reference(std::string_view text) { return uri_reference(text, false, false); }
bool is_iri(std::string_view text) { return uri_reference(text, true, true); }
bool is_iri_reference(std::string_view text) { return uri_reference(text, true, false); }

bool is_uri_template(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '{') {
            const size_t close = text.find('}', i);
            if (close == std::string_view::npos || !expression(text.substr(i + 1, close - i - 1))) return false;
            i = close;
        } else if (c == '%') {
            if (i + 2 >= text.size() || !is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
            i += 2;
        } else if (!template_literal(c)) {
            return false;
        }
    }
    return true;
}

bool is_json_pointer(std::string_view text) {
    if (text.empty()) return true;
    if (text.front() != '/') return false;
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '~' && (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))) return false;
    return true;
}

bool is_relative_json_pointer(std::string_view text) {
    size_t end = 0;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (!is_non_negative_integer(text.substr(0, end))) return false;
    std::string_view rest = text.substr(end);
    return rest == "#" || is_json_pointer(rest);
}

bool is_ecma_regex(std::string_view text) {
    try {
        regex::Regex::compile(text, regex::Dialect::JavaScript);
        return true;
    } catch (const regex::CompileError& e) {
        // Valid ECMA-262 the engine does not run, or too large for it: not malformed.
        const std::string_view message = e.what();
        return message.find("not supported") != std::string_view::npos ||
               message.find("too large") != std::string_view::npos ||
               message.find("nested too deeply") != std::string_view::npos ||
               message.find("repetition count above") != std::string_view::npos;
    }
}

bool is_base64(std::string_view text) {
    if (text.size() % 4 != 0) return false;
    size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
    for (size_t i = 0; i < text.size() - padding; ++i) {
        const char c = text[i];
        if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/') return false;
    }
    return true;
}

}  // namespace stepwise::events
