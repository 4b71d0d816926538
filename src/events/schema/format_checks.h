// The `format` values the JSON Schema drafts and OpenAPI 3.0 define, and the
// check of each, without std::regex (see format.h for how they reach valijson).
//
// A draft checks only the formats it defines; any other name is an annotation
// and passes, as the drafts say ("implementations MAY support custom formats").
//   draft-03: date-time, date, time, regex, uri, email, ip-address, ipv6, host-name
//             (color, style, phone and utc-millisec are not checked)
//   draft-04: date-time, email, hostname, ipv4, ipv6, uri
//   draft-06/07 (read as 7): draft-04's, uri-reference, uri-template, json-pointer,
//             relative-json-pointer, regex, iri, iri-reference, idn-email,
//             idn-hostname, date, time
//   OpenAPI 3.0: int32, int64, float, double, byte, binary, date, date-time,
//             password, and draft-04's (its schema objects are draft-04's Wright-00)
// 2019-09's duration and uuid belong to a draft the registry does not read.
#pragma once

#include <optional>
#include <string_view>

#include "events/schema/document.h"

namespace stepwise::events {

enum class FormatVocabulary { Draft3, Draft4, Draft7, OpenApi3 };

FormatVocabulary format_vocabulary(const SchemaDocument& document);
FormatVocabulary format_vocabulary(JsonSchemaDraft draft);

enum class FormatKind {
    DateTime, Date, Time, Draft3Time, Email, IdnEmail, Hostname, IdnHostname, Ipv4, Ipv6, Uri, UriReference, Iri,
    IriReference, UriTemplate, JsonPointer, RelativeJsonPointer, Regex,
    Int32, Int64, Float, Double, Byte,
    AnyString,  // OpenAPI's binary and password: any string is one
};

// The check `name` stands for under `vocabulary`; nullopt for an annotation.
std::optional<FormatKind> defined_format(FormatVocabulary vocabulary, std::string_view name);

// Formats of numbers (int32 ... double); the others apply to strings.
bool is_numeric_format(FormatKind kind);
// A string against a string format.
bool string_has_format(FormatKind kind, std::string_view text);
// A number against a numeric format: `integral` when the value is a whole
// number that fits int64 (then `integer` holds it), else `value`.
bool number_has_format(FormatKind kind, bool integral, long long integer, double value);

// RFC 3339 section 5.6.
bool is_rfc3339_date(std::string_view text);
bool is_rfc3339_time(std::string_view text);
// Draft-03's "time": hh:mm:ss, no fraction, no offset
// (https://datatracker.ietf.org/doc/html/draft-zyp-json-schema-03#section-5.23).
bool is_draft3_time(std::string_view text);
bool is_rfc3339_date_time(std::string_view text);
// RFC 5321 section 4.1.2 Mailbox; RFC 6531 section 3.3 with UTF-8 (idn).
bool is_email(std::string_view text);
bool is_idn_email(std::string_view text);
// RFC 1123 section 2.1 host names; RFC 5890 labels (without IDNA2008's code point tables).
bool is_hostname(std::string_view text);
bool is_idn_hostname(std::string_view text);
// RFC 2673 section 3.2 dotted-quad; RFC 4291 section 2.2.
bool is_ipv4(std::string_view text);
bool is_ipv6(std::string_view text);
// RFC 3986 URI and URI-reference; RFC 3987 IRI and IRI-reference.
bool is_uri(std::string_view text);
bool is_uri_reference(std::string_view text);
bool is_iri(std::string_view text);
bool is_iri_reference(std::string_view text);
// RFC 6570 section 2.
bool is_uri_template(std::string_view text);
// RFC 6901; draft-handrews-relative-json-pointer-01.
bool is_json_pointer(std::string_view text);
bool is_relative_json_pointer(std::string_view text);
// ECMA-262: malformed patterns fail; constructs the linear-time engine does not
// run (back-references, look-around) are still valid ECMA-262 and pass.
bool is_ecma_regex(std::string_view text);
// RFC 4648 section 4, padded (OpenAPI's byte).
bool is_base64(std::string_view text);

}  // namespace stepwise::events
