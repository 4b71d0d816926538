// Every `format` the JSON Schema drafts and OpenAPI 3.0 define: valid and
// invalid values of each (the RFC section each follows is named beside it),
// which draft defines which, and a format a draft does not define passing.
//   https://datatracker.ietf.org/doc/html/draft-fge-json-schema-validation-00#section-7.3 (draft-04)
//   https://json-schema.org/draft-07/json-schema-validation#rfc.section.7.3 (draft-07)
//   https://spec.openapis.org/oas/v3.0.3#data-types (OpenAPI 3.0)
#include <gtest/gtest.h>

#include "events/schema/format_checks.h"
#include "events/schema/registry.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

TEST(SchemaFormatChecks, Email) {  // RFC 5321 section 4.1.2
    EXPECT_TRUE(is_email("joe.bloggs@example.com"));
    EXPECT_TRUE(is_email("te~st+tag@example.com"));
    EXPECT_TRUE(is_email("\"joe bloggs\"@example.com"));
    EXPECT_TRUE(is_email("joe@[127.0.0.1]"));
    EXPECT_TRUE(is_email("joe@[IPv6:::1]"));
    EXPECT_FALSE(is_email("2962"));
    EXPECT_FALSE(is_email(".test@example.com"));
    EXPECT_FALSE(is_email("test.@example.com"));
    EXPECT_FALSE(is_email("te..st@example.com"));
    EXPECT_FALSE(is_email("joe@-example.com"));
    EXPECT_FALSE(is_email("j\xC3\xB6@example.com"));  // UTF-8 is idn-email's
    EXPECT_TRUE(is_idn_email("j\xC3\xB6@\xE5\xAE\x9E\xE4\xBE\x8B.\xE6\xB5\x8B\xE8\xAF\x95"));  // RFC 6531
    EXPECT_FALSE(is_idn_email("2962"));
}

TEST(SchemaFormatChecks, Hostname) {  // RFC 1123 section 2.1
    EXPECT_TRUE(is_hostname("www.example.com"));
    EXPECT_TRUE(is_hostname("1host.example"));
    EXPECT_FALSE(is_hostname("-a-host-name-that-starts-with--"));
    EXPECT_FALSE(is_hostname("not_a_valid_host_name"));
    EXPECT_FALSE(is_hostname(std::string(64, 'a') + ".com"));
    EXPECT_FALSE(is_hostname("a..b"));
    EXPECT_FALSE(is_hostname(""));
    // RFC 5890 U-labels
    EXPECT_TRUE(is_idn_hostname("\xEC\x8B\xA4\xEB\xA1\x80.\xED\x85\x8C\xEC\x8A\xA4\xED\x8A\xB8"));
    EXPECT_FALSE(is_idn_hostname("\xE3\x80\x82\xE3\x80\x82"));  // empty labels around ideographic full stops
    EXPECT_FALSE(is_idn_hostname("ab--c\xC3\xA9"));             // RFC 5891 4.2.3.1: "--" at 3 and 4
    EXPECT_FALSE(is_idn_hostname("a_b"));
    // 63 octets a label and 253 the name, IDN labels counted as their A-labels (RFC 5890
    // section 2.3.2.1, RFC 1034 section 3.1): "xn--" + 57 or 60 characters of Punycode (RFC 3492)
    const std::string e_acute = "\xC3\xA9";
    auto times = [](const std::string& text, int n) {
        std::string out;
        for (int i = 0; i < n; ++i) out += text;
        return out;
    };
    EXPECT_TRUE(is_idn_hostname(std::string(51, 'a') + times(e_acute, 5)));
    EXPECT_FALSE(is_idn_hostname(std::string(52, 'a') + times(e_acute, 5)));
    const std::string label = times(e_acute, 20);  // xn--9caaaaaaaaaaaaaaaaaaaa, 26 octets
    EXPECT_TRUE(is_idn_hostname(times(label + ".", 8) + label));   // 242 octets
    EXPECT_FALSE(is_idn_hostname(times(label + ".", 9) + label));  // 269 octets (but 409 bytes of UTF-8)
    EXPECT_TRUE(is_hostname(times(std::string(9, 'a') + ".", 25) + "abc"));  // 253 octets
    EXPECT_FALSE(is_hostname(times(std::string(9, 'a') + ".", 25) + "abcd"));
    EXPECT_FALSE(is_idn_hostname(times(std::string(9, 'a') + ".", 25) + "abcd"));
}

// Draft-03 section 5.23: "time ... in the format of hh:mm:ss"
// (https://datatracker.ietf.org/doc/html/draft-zyp-json-schema-03#section-5.23).
TEST(SchemaFormatChecks, Draft3TimeIsHoursMinutesSeconds) {
    EXPECT_EQ(defined_format(FormatVocabulary::Draft3, "time"), FormatKind::Draft3Time);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft7, "time"), FormatKind::Time);
    EXPECT_TRUE(string_has_format(FormatKind::Draft3Time, "12:00:00"));
    EXPECT_FALSE(string_has_format(FormatKind::Draft3Time, "12:00:00Z"));
    EXPECT_FALSE(string_has_format(FormatKind::Draft3Time, "24:00:00"));
    EXPECT_FALSE(string_has_format(FormatKind::Draft3Time, "12:00"));
    EXPECT_FALSE(string_has_format(FormatKind::Time, "12:00:00"));  // RFC 3339's needs an offset
}

TEST(SchemaFormatChecks, IpAddresses) {
    EXPECT_TRUE(is_ipv4("192.168.0.1"));  // RFC 2673 section 3.2
    EXPECT_FALSE(is_ipv4("127.0.0.0.1"));
    EXPECT_FALSE(is_ipv4("256.256.256.256"));
    EXPECT_FALSE(is_ipv4("087.10.0.1"));  // leading zeros
    EXPECT_FALSE(is_ipv4("1.2.3"));
    EXPECT_TRUE(is_ipv6("::1"));  // RFC 4291 section 2.2
    EXPECT_TRUE(is_ipv6("::"));
    EXPECT_TRUE(is_ipv6("2001:db8::ff00:42:8329"));
    EXPECT_TRUE(is_ipv6("1:2:3:4:5:6:7:8"));
    EXPECT_TRUE(is_ipv6("::ffff:192.168.0.1"));
    EXPECT_FALSE(is_ipv6("12345::"));
    EXPECT_FALSE(is_ipv6("1::2::3"));
    EXPECT_FALSE(is_ipv6("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(is_ipv6("1:2:3:4:5:6:7"));
    EXPECT_FALSE(is_ipv6(":1:2"));
    EXPECT_FALSE(is_ipv6("::laptop"));
}

TEST(SchemaFormatChecks, UrisAndIris) {  // RFC 3986 section 3 and 4.1; RFC 3987 section 2.2
    EXPECT_TRUE(is_uri("http://foo.bar/?baz=qux#quux"));
    EXPECT_TRUE(is_uri("urn:oasis:names:specification:docbook:dtd:xml:4.1.2"));
    EXPECT_TRUE(is_uri("http://[2001:db8::7]:8080/c=GB?objectClass?one"));
    EXPECT_TRUE(is_uri("mailto:John.Doe@example.com"));
    EXPECT_FALSE(is_uri("//foo.bar/?baz=qux#quux"));  // a reference, not a URI
    EXPECT_FALSE(is_uri("/abc"));
    EXPECT_FALSE(is_uri("http:// shouldfail.com"));
    EXPECT_FALSE(is_uri(":// should fail"));
    EXPECT_FALSE(is_uri("http://example.com/%zz"));
    EXPECT_FALSE(is_uri("http://\xC3\xA9.example/"));
    EXPECT_TRUE(is_uri_reference("//foo.bar/?baz=qux#quux"));
    EXPECT_TRUE(is_uri_reference("/abc"));
    EXPECT_TRUE(is_uri_reference("#fragment"));
    EXPECT_TRUE(is_uri_reference(""));
    EXPECT_FALSE(is_uri_reference("\\\\WINDOWS\\fileshare"));
    EXPECT_FALSE(is_uri_reference("#frag\\ment"));
    EXPECT_TRUE(is_iri("http://\xC6\x92\xC3\xB8\xC7\xBF.ßår/?\xE2\x88\x82\xC3\xA9\xC5\x93=\xCF\x80\xC3\xAE\x78#\xCF\x80\xC3\xAE\xC3\xBC\x78"));
    EXPECT_FALSE(is_iri("/abc"));
    EXPECT_TRUE(is_iri_reference("//\xC6\x92\xC3\xB8\xC7\xBF.\xC3\x9F\xC3\xA5r/?\xE2\x88\x82"));
    EXPECT_FALSE(is_iri_reference("\\\\WINDOWS\\fil\xC3\xA9share"));
}

TEST(SchemaFormatChecks, UriTemplate) {  // RFC 6570 section 2
    EXPECT_TRUE(is_uri_template("http://example.com/dictionary/{term:1}/{term}"));
    EXPECT_TRUE(is_uri_template("/search{?q,lang}{&page*}"));
    EXPECT_TRUE(is_uri_template("dictionary/{term:1}/{term}"));
    EXPECT_FALSE(is_uri_template("http://example.com/dictionary/{term:1}/{term"));
    EXPECT_FALSE(is_uri_template("{a b}"));
    EXPECT_FALSE(is_uri_template("{var:0}"));
    EXPECT_FALSE(is_uri_template("a<b"));
}

TEST(SchemaFormatChecks, JsonPointers) {  // RFC 6901 section 3; relative-json-pointer-01 section 3
    EXPECT_TRUE(is_json_pointer(""));
    EXPECT_TRUE(is_json_pointer("/foo/bar~0/baz~1/%a"));
    EXPECT_TRUE(is_json_pointer("/"));
    EXPECT_FALSE(is_json_pointer("/foo/bar~"));
    EXPECT_FALSE(is_json_pointer("/~2"));
    EXPECT_FALSE(is_json_pointer("foo"));
    EXPECT_TRUE(is_relative_json_pointer("1"));
    EXPECT_TRUE(is_relative_json_pointer("0/foo/bar"));
    EXPECT_TRUE(is_relative_json_pointer("2#"));
    EXPECT_FALSE(is_relative_json_pointer("/foo/bar"));
    EXPECT_FALSE(is_relative_json_pointer("-1/foo"));
    EXPECT_FALSE(is_relative_json_pointer("01/a"));
    EXPECT_FALSE(is_relative_json_pointer("0##"));
}

TEST(SchemaFormatChecks, Regex) {  // ECMA-262 section 22.2.1
    EXPECT_TRUE(is_ecma_regex("([abc])+\\s+$"));
    EXPECT_TRUE(is_ecma_regex("(a)\\1"));      // a back-reference: valid, though not run here
    EXPECT_TRUE(is_ecma_regex("a(?=b)"));
    EXPECT_FALSE(is_ecma_regex("^(abc]"));
    EXPECT_FALSE(is_ecma_regex("*a"));
}

TEST(SchemaFormatChecks, Base64) {  // RFC 4648 section 4
    EXPECT_TRUE(is_base64(""));
    EXPECT_TRUE(is_base64("aGVsbG8="));
    EXPECT_TRUE(is_base64("aGk/+w=="));
    EXPECT_FALSE(is_base64("aGVsbG8"));
    EXPECT_FALSE(is_base64("aGV=bG8="));
    EXPECT_FALSE(is_base64("aGVsbG8*"));
}

TEST(SchemaFormatChecks, NumbersOfOpenApi) {  // OpenAPI 3.0.3 section 4.4 (Data Types)
    EXPECT_TRUE(number_has_format(FormatKind::Int32, true, 2147483647, 0));
    EXPECT_FALSE(number_has_format(FormatKind::Int32, true, 2147483648LL, 0));
    EXPECT_FALSE(number_has_format(FormatKind::Int32, false, 0, 1.5));
    EXPECT_TRUE(number_has_format(FormatKind::Int64, true, -9223372036854775807LL, 0));
    EXPECT_FALSE(number_has_format(FormatKind::Int64, false, 0, 1e19));
    EXPECT_TRUE(number_has_format(FormatKind::Float, false, 0, 3.4e38));
    EXPECT_FALSE(number_has_format(FormatKind::Float, false, 0, 3.5e38));
    EXPECT_TRUE(number_has_format(FormatKind::Double, false, 0, 1.7e308));
}

TEST(SchemaFormatChecks, WhichDraftDefinesWhat) {
    EXPECT_EQ(defined_format(FormatVocabulary::Draft4, "email"), FormatKind::Email);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft4, "date"), std::nullopt);  // a draft-07 format
    EXPECT_EQ(defined_format(FormatVocabulary::Draft4, "uri-reference"), std::nullopt);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft7, "uri-reference"), FormatKind::UriReference);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft7, "idn-hostname"), FormatKind::IdnHostname);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft7, "int32"), std::nullopt);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft3, "ip-address"), FormatKind::Ipv4);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft3, "host-name"), FormatKind::Hostname);
    EXPECT_EQ(defined_format(FormatVocabulary::OpenApi3, "int32"), FormatKind::Int32);
    EXPECT_EQ(defined_format(FormatVocabulary::OpenApi3, "date"), FormatKind::Date);
    EXPECT_EQ(defined_format(FormatVocabulary::OpenApi3, "password"), FormatKind::AnyString);
    EXPECT_EQ(defined_format(FormatVocabulary::Draft7, "uuid"), std::nullopt);  // 2019-09's
}

json::Value event_with_detail(const char* detail) {
    return json::parse(std::string(R"({"version":"0","id":"1","detail-type":"T","source":"s","account":"1",)"
                                   R"("time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":)") +
                       detail + "}");
}

// The checks reach events: each format the schema's draft defines is enforced,
// one it does not define is an annotation.
TEST(SchemaFormatChecks, EnforcedOnEventsByDraft) {
    SchemaRegistry registry;
    registry.add("r", "d7", json::parse(R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"source": {"const": "s7"}, "detail-type": {"const": "T"}, "detail": {"properties": {
          "mail": {"format": "email"}, "site": {"format": "uri-reference"}, "ptr": {"format": "json-pointer"}}}}})"));
    registry.add("r", "d4", json::parse(R"({"$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"source": {"const": "s4"}, "detail-type": {"const": "T"}, "detail": {"properties": {
          "mail": {"format": "email"}, "ptr": {"format": "json-pointer"}}}}})"));
    registry.add("r", "oa", json::parse(R"({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"AWSEvent": {"x-amazon-events-source": "so", "x-amazon-events-detail-type": "T",
          "properties": {"detail": {"properties": {"n": {"type": "integer", "format": "int32"},
                                                    "b": {"type": "string", "format": "byte"}}}}}}}})"));
    auto with_source = [](const char* source, const char* detail) {
        json::Value event = event_with_detail(detail);
        event.mutable_object().set("source", json::Value(source));
        return event;
    };
    EXPECT_TRUE(registry.check(with_source("s7", R"({"mail": "a@b.example", "site": "/x", "ptr": "/a"})")).ok());
    auto bad = registry.check(with_source("s7", R"({"mail": "nope", "site": "a b", "ptr": "a"})"));
    ASSERT_EQ(bad.violations.size(), 3u);
    EXPECT_EQ(bad.violations[0].message, "/detail/mail: must be a valid email (format)");
    // draft-04 checks email, but json-pointer is not a draft-04 format: it passes.
    auto draft4 = registry.check(with_source("s4", R"({"mail": "nope", "ptr": "a"})"));
    ASSERT_EQ(draft4.violations.size(), 1u);
    EXPECT_EQ(draft4.violations[0].path, "/detail/mail");
    EXPECT_TRUE(registry.check(with_source("so", R"({"n": 7, "b": "aGk="})")).ok());
    auto openapi = registry.check(with_source("so", R"({"n": 4294967296, "b": "a"})"));
    ASSERT_EQ(openapi.violations.size(), 2u);
    EXPECT_EQ(openapi.violations[0].message, "/detail/b: must be a valid byte (format)");
    EXPECT_EQ(openapi.violations[1].message, "/detail/n: must be a valid int32 (format)");
}

}  // namespace
}  // namespace stepwise::events
