// The local S3 folder the Distributed Map reads and writes: s3://bucket/key is
// DIR/bucket/key, with S3's error codes and messages.
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
#include <gtest/gtest.h>

#include <sstream>

#include "lambda_test_util.h"
#include "tasks/map_run/local_s3.h"

using namespace stepwise::tasks;
using stepwise::tasks::testing::TempDir;

namespace {

std::string read_all(std::istream& in) {
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(LocalS3, OpensAnObjectAsAStream) {
    TempDir dir;
    dir.write("bucket/data/items.json", "[1,2]");
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    auto in = s3.open("bucket", "data/items.json", error);
    ASSERT_TRUE(in) << error.message;
    EXPECT_FALSE(error);
    EXPECT_EQ(read_all(*in), "[1,2]");
}

TEST(LocalS3, MissingBucketAndKeyAreS3Errors) {
    TempDir dir;
    dir.write("bucket/a.json", "[]");
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    EXPECT_FALSE(s3.open("nobucket", "a.json", error));
    EXPECT_EQ(error.code, "NoSuchBucket");
    EXPECT_EQ(error.message, "The specified bucket does not exist");
    EXPECT_FALSE(s3.open("bucket", "b.json", error));
    EXPECT_EQ(error.code, "NoSuchKey");
    EXPECT_EQ(error.message, "The specified key does not exist.");
    std::filesystem::create_directories(dir.file("bucket/folder"));
    EXPECT_FALSE(s3.open("bucket", "folder", error));  // a folder is no object
    EXPECT_EQ(error.code, "NoSuchKey");
}

TEST(LocalS3, KeysCannotLeaveTheBucket) {
    TempDir dir;
    dir.write("bucket/a.json", "[]");
    dir.write("secret.txt", "no");
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    for (const char* key : {"../secret.txt", "/etc/passwd", "a/../../secret.txt", "./a.json", "a//b", ""}) {
        EXPECT_FALSE(s3.open("bucket", key, error)) << key;
        EXPECT_EQ(error.code, "InvalidObjectName") << key;
        EXPECT_FALSE(s3.create("bucket", key, error)) << key;
        EXPECT_EQ(error.code, "InvalidObjectName") << key;
    }
    for (const char* bucket : {"..", ".", "a/b", ""}) {
        EXPECT_FALSE(s3.open(bucket, "a.json", error)) << bucket;
        EXPECT_EQ(error.code, "NoSuchBucket") << bucket;
    }
}

TEST(LocalS3, ListsKeysUnderAPrefixInByteOrderWithMd5ETags) {
    TempDir dir;
    dir.write("bucket/logs/b.txt", "hello");
    dir.write("bucket/logs/a/z.txt", "");
    dir.write("bucket/logs/B.txt", "x");
    dir.write("bucket/logs2/c.txt", "y");
    dir.write("bucket/other.txt", "z");
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    auto listing = s3.list("bucket", "logs/", error);
    ASSERT_TRUE(listing) << error.message;
    std::vector<s3::ObjectInfo> objects;
    while (auto o = listing->next()) objects.push_back(*o);
    ASSERT_EQ(objects.size(), 3u);
    EXPECT_EQ(objects[0].key, "logs/B.txt");  // 'B' < 'a' < 'b' in bytes
    EXPECT_EQ(objects[1].key, "logs/a/z.txt");
    EXPECT_EQ(objects[2].key, "logs/b.txt");
    // S3's ETag of a single-part upload: the quoted MD5 of the content.
    EXPECT_EQ(objects[2].etag, "\"5d41402abc4b2a76b9719d911017c592\"");
    EXPECT_EQ(objects[1].etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
    EXPECT_EQ(objects[2].size, 5);
    EXPECT_EQ(objects[2].storage_class, "STANDARD");
    EXPECT_GT(objects[2].last_modified_ms, 0);

    auto all = s3.list("bucket", "", error);
    int count = 0;
    while (all->next()) ++count;
    EXPECT_EQ(count, 5);
    EXPECT_FALSE(s3.list("nobucket", "", error));
    EXPECT_EQ(error.code, "NoSuchBucket");
}

TEST(LocalS3, CreateAppearsOnlyOnCommitAndMakesKeyFolders) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    auto writer = s3.create("bucket", "out/run/manifest.json", error);
    ASSERT_TRUE(writer) << error.message;
    EXPECT_FALSE(writer->append("{\"a\":"));
    EXPECT_FALSE(writer->append("1}"));
    EXPECT_EQ(writer->size(), 7);
    EXPECT_FALSE(std::filesystem::exists(dir.file("bucket/out/run/manifest.json")));
    // The upload in progress is no object of the listing.
    auto listing = s3.list("bucket", "", error);
    EXPECT_FALSE(listing->next());
    EXPECT_FALSE(writer->commit());
    auto in = s3.open("bucket", "out/run/manifest.json", error);
    ASSERT_TRUE(in);
    EXPECT_EQ(read_all(*in), "{\"a\":1}");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.file("bucket/out/run")),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(LocalS3, AnUncommittedWriterLeavesNothing) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    s3::LocalS3 s3(dir.path());
    s3::S3Error error;
    {
        auto writer = s3.create("bucket", "a.json", error);
        writer->append("partial");
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir.file("bucket")));
    EXPECT_FALSE(s3.create("nobucket", "a.json", error));
    EXPECT_EQ(error.code, "NoSuchBucket");
}

}  // namespace
