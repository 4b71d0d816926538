#include <gtest/gtest.h>

#include <iterator>

#include "api/schemas/route.h"

namespace stepwise::api {
namespace {

TEST(SchemasRoute, LabelsMatchWholeSegmentsAndAreDecoded) {
    auto labels = match_request_uri("/v1/registries/name/{registryName}/schemas/name/{schemaName}",
                                    "/v1/registries/name/my-reg/schemas/name/aws.ec2%40Change%20Notice");
    ASSERT_TRUE(labels);
    EXPECT_EQ(labels->at("registryName"), "my-reg");
    EXPECT_EQ(labels->at("schemaName"), "aws.ec2@Change Notice");
}

TEST(SchemasRoute, LiteralSegmentsAndSegmentCountMustMatch) {
    EXPECT_FALSE(match_request_uri("/v1/registries/name/{registryName}", "/v1/registries/name/a/schemas"));
    EXPECT_FALSE(match_request_uri("/v1/registries/name/{registryName}", "/v1/registries/id/a"));
    EXPECT_FALSE(match_request_uri("/v1/registries/name/{registryName}", "/v1/registries/name/"));
    EXPECT_TRUE(match_request_uri("/v1/registries", "/v1/registries"));
    EXPECT_TRUE(match_request_uri("/v1/registries", "/v1/registries/"));
}

TEST(SchemasRoute, AnEncodedSlashStaysInsideItsLabel) {
    auto labels = match_request_uri("/v1/registries/name/{registryName}", "/v1/registries/name/a%2Fb");
    ASSERT_TRUE(labels);
    EXPECT_EQ(labels->at("registryName"), "a/b");
}

TEST(SchemasRoute, QueryStringsDecodeKeysAndValues) {
    auto query = parse_query_string("limit=2&schemaNamePrefix=Order%20Can+x&&nextToken=&flag");
    EXPECT_EQ(query.find("limit")->second, "2");
    EXPECT_EQ(query.find("schemaNamePrefix")->second, "Order Can x");
    EXPECT_EQ(query.find("nextToken")->second, "");
    EXPECT_EQ(query.find("flag")->second, "");
    EXPECT_EQ(query.size(), 4u);
}

TEST(SchemasRoute, ListParametersKeepEveryValueInOrder) {
    auto query = parse_query_string("tagKeys=b&tagKeys=a&other=1");
    auto [first, last] = query.equal_range("tagKeys");
    ASSERT_EQ(std::distance(first, last), 2);
    EXPECT_EQ(first->second, "b");
    EXPECT_EQ(std::next(first)->second, "a");
}

TEST(SchemasRoute, MalformedEscapesInALabelStayAsWritten) {
    auto labels = match_request_uri("/v1/registries/name/{registryName}", "/v1/registries/name/100%25%zz");
    ASSERT_TRUE(labels);
    EXPECT_EQ(labels->at("registryName"), "100%%zz");
}

}  // namespace
}  // namespace stepwise::api
