// One test group per EventBridge operator. Documented behaviour cites:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
#include "test_helpers.h"

namespace stepwise::events::testing {
namespace {

TEST(ExactMatch, StringsAreCaseSensitiveAndWholeValue) {
    EXPECT_TRUE(pattern_matches(R"({"source":["aws.ec2"]})", R"({"source":"aws.ec2"})"));
    EXPECT_FALSE(pattern_matches(R"({"source":["aws.ec2"]})", R"({"source":"AWS.EC2"})"));
    EXPECT_FALSE(pattern_matches(R"({"source":["aws"]})", R"({"source":"aws.ec2"})"));
    EXPECT_FALSE(pattern_matches(R"({"source":["*"]})", R"({"source":"aws.ec2"})"));
}

TEST(ExactMatch, AnyListedValueMatches) {
    EXPECT_TRUE(pattern_matches(R"({"s":["a","b","c"]})", R"({"s":"b"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":["a","b","c"]})", R"({"s":"d"})"));
}

TEST(ExactMatch, NumbersCompareByValueButNotWithStrings) {
    EXPECT_TRUE(pattern_matches(R"({"n":[300]})", R"({"n":300.0})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[3.0e2]})", R"({"n":300})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[300]})", R"({"n":"300"})"));
    EXPECT_FALSE(pattern_matches(R"({"n":["300"]})", R"({"n":300})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[0]})", R"({"n":-0.0})"));
}

TEST(ExactMatch, BooleansAndNull) {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
    EXPECT_TRUE(pattern_matches(R"({"b":[true]})", R"({"b":true})"));
    EXPECT_FALSE(pattern_matches(R"({"b":[true]})", R"({"b":"true"})"));
    EXPECT_TRUE(pattern_matches(R"({"v":[null]})", R"({"v":null})"));
    EXPECT_FALSE(pattern_matches(R"({"v":[null]})", R"({"v":""})"));
    EXPECT_FALSE(pattern_matches(R"({"v":[null]})", R"({})"));
    EXPECT_TRUE(pattern_matches(R"({"v":[""]})", R"({"v":""})"));
    EXPECT_FALSE(pattern_matches(R"({"v":[""]})", R"({"v":null})"));
}

TEST(Prefix, CaseSensitiveStringOnly) {
    EXPECT_TRUE(pattern_matches(R"({"t":[{"prefix":"2022-"}]})", R"({"t":"2022-07-13"})"));
    EXPECT_FALSE(pattern_matches(R"({"t":[{"prefix":"ABC"}]})", R"({"t":"abcd"})"));
    EXPECT_FALSE(pattern_matches(R"({"t":[{"prefix":"12"}]})", R"({"t":123})"));
    EXPECT_TRUE(pattern_matches(R"({"t":[{"prefix":""}]})", R"({"t":"anything"})"));
}

TEST(Prefix, IgnoreCaseForm) {
    EXPECT_TRUE(pattern_matches(R"({"t":[{"prefix":{"equals-ignore-case":"EventB"}}]})", R"({"t":"eVENTbridge"})"));
    EXPECT_FALSE(pattern_matches(R"({"t":[{"prefix":{"equals-ignore-case":"EventB"}}]})", R"({"t":"Event"})"));
}

TEST(Suffix, CaseSensitiveAndIgnoreCaseForm) {
    EXPECT_TRUE(pattern_matches(R"({"f":[{"suffix":".png"}]})", R"({"f":"a.png"})"));
    EXPECT_FALSE(pattern_matches(R"({"f":[{"suffix":".PNG"}]})", R"({"f":"a.png"})"));
    EXPECT_TRUE(pattern_matches(R"({"f":[{"suffix":{"equals-ignore-case":".PNG"}}]})", R"({"f":"a.png"})"));
    EXPECT_FALSE(pattern_matches(R"({"f":[{"suffix":"5"}]})", R"({"f":15})"));
}

TEST(Prefix, RejectsNonStringOperands) {
    EXPECT_EQ(rejection(R"({"t":[{"prefix":1}]})"), "prefix match pattern must be a string");
    EXPECT_EQ(rejection(R"({"t":[{"suffix":["a"]}]})"), "suffix match pattern must be a string");
}

TEST(EqualsIgnoreCase, FoldsCaseIncludingNonAscii) {
    EXPECT_TRUE(pattern_matches(R"({"n":[{"equals-ignore-case":"alice"}]})", R"({"n":"ALICE"})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[{"equals-ignore-case":"ÉCOLE"}]})", R"({"n":"école"})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"equals-ignore-case":"alice"}]})", R"({"n":"alicex"})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"equals-ignore-case":""}]})", R"({"n":"x"})"));
    EXPECT_EQ(rejection(R"({"n":[{"equals-ignore-case":5}]})"), "equals-ignore-case match pattern must be a string");
}

TEST(Wildcard, MatchesWholeValue) {
    EXPECT_TRUE(pattern_matches(R"({"a":[{"wildcard":"arn:*:bus/*"}]})", R"({"a":"arn:aws:bus/x"})"));
    EXPECT_TRUE(pattern_matches(R"({"a":[{"wildcard":"*"}]})", R"({"a":""})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"wildcard":"a*b"}]})", R"({"a":"a-b-c"})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"wildcard":""}]})", R"({"a":"x"})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"wildcard":"1*"}]})", R"({"a":12})"));
}

TEST(Wildcard, EscapesAfterJsonDecoding) {
    EXPECT_TRUE(pattern_matches(R"({"a":[{"wildcard":"a\\*b"}]})", R"({"a":"a*b"})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"wildcard":"a\\*b"}]})", R"({"a":"axb"})"));
    EXPECT_TRUE(pattern_matches(R"({"a":[{"wildcard":"a\\\\*"}]})", R"({"a":"a\\zz"})"));
    EXPECT_EQ(rejection(R"({"a":[{"wildcard":"a\\b"}]})"), "Invalid escape character at pos 1");
}

TEST(Wildcard, Errors) {
    EXPECT_EQ(rejection(R"({"a":[{"wildcard":"x**"}]})"), "Consecutive wildcard characters at pos 2");
    EXPECT_EQ(rejection(R"({"a":[{"wildcard":["x"]}]})"), "wildcard match pattern must be a string");
    EXPECT_EQ(rejection(R"({"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})"),
              "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences "
              "after a wildcard character");
    EXPECT_EQ(rejection(R"({"a":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]})"), "");
}

TEST(AnythingBut, SingleValuesAndLists) {
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":"b"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":"a"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":["a","b"]}]})", R"({"s":"b"})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"anything-but":[1,2]}]})", R"({"n":2.0})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[{"anything-but":[1,2]}]})", R"({"n":3})"));
}

TEST(AnythingBut, FieldMustBePresentNullAndOtherTypesMatch) {
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":null})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":"1"}]})", R"({"s":1})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":1}]})", R"({"s":"1"})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":true})"));
}

TEST(AnythingBut, EventArrayMatchesWhenAnyElementIsNotExcluded) {
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":["a","b"]})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":["a","a"]})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":[]})"));
}

TEST(AnythingBut, PrefixSuffixIgnoreCaseWildcardForms) {
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":"initial"})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":{"prefix":["a","b"]}}]})", R"({"s":"cat"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":{"suffix":[".txt",".md"]}}]})", R"({"s":"x.md"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":{"equals-ignore-case":["Stop"]}}]})", R"({"s":"STOP"})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":{"equals-ignore-case":"Stop"}}]})", R"({"s":"go"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":{"wildcard":"*/x/*"}}]})", R"({"s":"a/x/b"})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":{"wildcard":""}}]})", R"({"s":"a"})"));
    EXPECT_FALSE(pattern_matches(R"({"s":[{"anything-but":{"wildcard":""}}]})", R"({"s":""})"));
    EXPECT_TRUE(pattern_matches(R"({"s":[{"anything-but":{"prefix":"1"}}]})", R"({"s":12})"));
}

TEST(AnythingBut, Errors) {
    const std::string bad = "Value of anything-but must be an array or single string/number value.";
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":null}]})"), bad);
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":true}]})"), bad);
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"prefix":{"equals-ignore-case":"x"}}}]})"), bad);
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":["a",true]}]})"),
              "Inside anything but list, start|null|boolean is not supported.");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":["a",1]}]})"),
              "Inside anything but list, either all values are number or string, mixed type is not supported");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"equals-ignore-case":1}}]})"),
              "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"prefix":""}}]})"), "Null prefix/suffix not allowed");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"suffix":[1]}}]})"), "prefix/suffix match pattern must be a string");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"wildcard":1}}]})"), "wildcard match pattern must be a string");
    EXPECT_EQ(rejection(R"({"s":[{"anything-but":{"prefix":"a","suffix":"b"}}]})"),
              "Only one key allowed in match expression");
}

TEST(Numeric, ComparisonsAndRanges) {
    EXPECT_TRUE(pattern_matches(R"({"n":[{"numeric":[">",0,"<=",5]}]})", R"({"n":5})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"numeric":[">",0,"<=",5]}]})", R"({"n":0})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[{"numeric":[">=",0,"<",5]}]})", R"({"n":0})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"numeric":[">=",0,"<",5]}]})", R"({"n":5})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[{"numeric":["=",301.8]}]})", R"({"n":3.018e2})"));
    EXPECT_TRUE(pattern_matches(R"({"n":[{"numeric":["<",-1.5]}]})", R"({"n":-2})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"numeric":[">",1]}]})", R"({"n":"5"})"));
    EXPECT_FALSE(pattern_matches(R"({"n":[{"numeric":[">",1]}]})", R"({"n":null})"));
}

TEST(Numeric, Errors) {
    EXPECT_EQ(rejection(R"({"n":[{"numeric":5}]})"), "Value of numeric must be an array.");
    EXPECT_EQ(rejection(R"({"n":[{"numeric":[">",0,">",1]}]})"), "Bad numeric range operator: >");
    EXPECT_EQ(rejection(R"({"n":[{"numeric":[">",0,"<"]}]})"), "Value of < must be numeric");
    EXPECT_EQ(rejection(R"({"n":[{"numeric":["~",0]}]})"), "Unrecognized numeric range operator: ~");
    EXPECT_EQ(rejection(R"({"n":[{"numeric":["=",0,"<",1]}]})"), "Too many elements in numeric expression");
    EXPECT_EQ(rejection(R"({"n":[{"numeric":[">",0,"<",1,"<",2]}]})"), "Too many terms in numeric range expression");
    EXPECT_EQ(rejection(R"({"n":[{"NUMERIC":[">",0]}]})"), "Unrecognized match type NUMERIC");
}

TEST(Exists, TrueNeedsALeafFalseNeedsNone) {
    EXPECT_TRUE(pattern_matches(R"({"a":[{"exists":true}]})", R"({"a":"x"})"));
    EXPECT_TRUE(pattern_matches(R"({"a":[{"exists":true}]})", R"({"a":0})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"exists":true}]})", R"({"a":{"b":1}})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"exists":true}]})", R"({"a":[]})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"exists":true}]})", R"({})"));
    EXPECT_TRUE(pattern_matches(R"({"a":[{"exists":false}]})", R"({})"));
    EXPECT_TRUE(pattern_matches(R"({"a":{"b":[{"exists":false}]}})", R"({"c":1})"));
    EXPECT_TRUE(pattern_matches(R"({"a":[{"exists":false}]})", R"({"a":{"b":1}})"));
    EXPECT_FALSE(pattern_matches(R"({"a":[{"exists":false}]})", R"({"a":"x"})"));
    EXPECT_EQ(rejection(R"({"a":[{"exists":"yes"}]})"), "exists match pattern must be either true or false.");
    EXPECT_EQ(rejection(R"({"a":[{"EXISTS":true}]})"), "Unrecognized match type EXISTS");
}

TEST(Exists, CombinedWithOtherAlternatives) {
    const char* pattern = R"({"s":[{"anything-but":["roses"]},{"exists":false}]})";
    EXPECT_TRUE(pattern_matches(pattern, R"({})"));
    EXPECT_TRUE(pattern_matches(pattern, R"({"s":"tulips"})"));
    EXPECT_FALSE(pattern_matches(pattern, R"({"s":"roses"})"));
}

TEST(Cidr, Ipv4AndIpv6Blocks) {
    EXPECT_TRUE(pattern_matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.0.255"})"));
    EXPECT_FALSE(pattern_matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.1.0"})"));
    EXPECT_FALSE(pattern_matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.0.256"})"));
    EXPECT_TRUE(pattern_matches(R"({"ip":[{"cidr":"0.0.0.0/0"}]})", R"({"ip":"8.8.8.8"})"));
    EXPECT_TRUE(pattern_matches(R"({"ip":[{"cidr":"2001:db8::/32"}]})", R"({"ip":"2001:0DB8:ffff::1"})"));
    EXPECT_FALSE(pattern_matches(R"({"ip":[{"cidr":"2001:db8::/32"}]})", R"({"ip":"2001:db9::1"})"));
    EXPECT_FALSE(pattern_matches(R"({"ip":[{"cidr":"10.0.0.0/8"}]})", R"({"ip":"::ffff:10.0.0.1"})"));
    EXPECT_TRUE(pattern_matches(R"({"ip":[{"cidr":"::ffff:10.0.0.0/120"}]})", R"({"ip":"::ffff:10.0.0.1"})"));
    EXPECT_FALSE(pattern_matches(R"({"ip":[{"cidr":"10.0.0.0/8"}]})", R"({"ip":10})"));
}

TEST(Cidr, Errors) {
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":"10.0.0.0"}]})"), "Malformed CIDR, one '/' required");
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":"10.0.0.0/x"}]})"), "Malformed CIDR, mask bits must be an integer");
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":"10.0.0.0/-1"}]})"), "Malformed CIDR, mask bits must not be negative");
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":"10.0.0/8"}]})"), "Nonstandard IP address: 10.0.0");
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":"1::2::3/8"}]})"), "Nonstandard IP address: 1::2::3");
    EXPECT_EQ(rejection(R"({"ip":[{"cidr":["10.0.0.0/8"]}]})"), "prefix match pattern must be a string");
}

}  // namespace
}  // namespace stepwise::events::testing
