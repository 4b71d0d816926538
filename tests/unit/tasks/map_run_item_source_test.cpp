// The Distributed Map's items: an array, or an ItemReader over the local S3
// folder, read as AWS documents it.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "asl/resource.h"
#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/map_run/item_source.h"

using namespace stepwise;
using namespace stepwise::tasks;
using map_run::ItemReaderError;
using map_run::ItemSource;
using stepwise::tasks::testing::TempDir;
using Spec = asl::ItemReaderSpec;

namespace {

Spec reader(const std::string& action, Spec::InputType type = Spec::InputType::None) {
    Spec spec;
    spec.resource = *asl::parse_resource("arn:aws:states:::s3:" + action, nullptr, asl::ResourceField::ItemReader);
    spec.input_type = type;
    return spec;
}

json::Value params(const std::string& text) { return json::parse(text); }

// Every item, as compact JSON texts.
std::vector<std::string> drain(ItemSource& source) {
    std::vector<std::string> out;
    while (auto item = source.next()) out.push_back(json::dump(*item));
    return out;
}

std::vector<std::string> read_object(const std::string& content, const Spec& spec,
                                     std::optional<int64_t> max_items = std::nullopt) {
    TempDir dir;
    dir.write("bucket/data", content);
    s3::LocalS3 s3(dir.path());
    auto source = map_run::open_reader(s3, spec, params(R"({"Bucket":"bucket","Key":"data"})"), max_items);
    return drain(*source);
}

std::string cause_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const ItemReaderError& e) {
        return e.what();
    }
    return "(no error)";
}

void write_gzip(const std::string& path, const std::string& content) {
    gzFile f = gzopen(path.c_str(), "wb");
    ASSERT_TRUE(f);
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
}

using Items = std::vector<std::string>;

TEST(ItemSource, ArrayItemsAndMaxItems) {
    auto all = map_run::array_items(json::parse("[1,\"a\",{}]"));
    EXPECT_EQ(drain(*all), (Items{"1", "\"a\"", "{}"}));
    auto two = map_run::array_items(json::parse("[1,2,3]"), 2);
    EXPECT_EQ(drain(*two), (Items{"1", "2"}));
    // MaxItems 0 is no limit (AWS's samples use it so).
    auto zero = map_run::array_items(json::parse("[1,2,3]"), 0);
    EXPECT_EQ(drain(*zero), (Items{"1", "2", "3"}));
}

TEST(ItemSource, JsonArrayElementsAreStreamedOneByOne) {
    Spec spec = reader("getObject", Spec::InputType::Json);
    EXPECT_EQ(read_object(R"( [ {"a":"x,]}\"[{"}, [1,[2]] , "s\\", 3.5e1, null, true ] )", spec),
              (Items{R"({"a":"x,]}\"[{"})", "[1,[2]]", R"("s\\")", "3.5e1", "null", "true"}));
    EXPECT_EQ(read_object("[]", spec), Items{});
    EXPECT_EQ(read_object("[1,2,3]", spec, 2), (Items{"1", "2"}));
}

TEST(ItemSource, JsonMustBeAnArray) {
    Spec spec = reader("getObject", Spec::InputType::Json);
    EXPECT_NE(cause_of([&] { read_object(R"({"a":1})", spec); }).find("is an object"), std::string::npos);
    EXPECT_NE(cause_of([&] { read_object("42", spec); }).find("s3://bucket/data is not an array"), std::string::npos);
    EXPECT_NE(cause_of([&] { read_object("[1,2", spec); }).find("not valid JSON"), std::string::npos);
    EXPECT_NE(cause_of([&] { read_object("[1,{]", spec); }).find("not valid JSON"), std::string::npos);
    EXPECT_NE(cause_of([&] { read_object("[1] x", spec); }).find("not valid JSON"), std::string::npos);
}

TEST(ItemSource, JsonItemsPointerSelectsANestedArray) {
    Spec spec = reader("getObject", Spec::InputType::Json);
    spec.items_pointer = "/inventory/products/featured";
    EXPECT_EQ(read_object(R"({"inventory":{"products":{"featured":[{"id":1},{"id":2}]}}})", spec),
              (Items{R"({"id":1})", R"({"id":2})"}));
    spec.items_pointer = "/a/1/b";
    EXPECT_EQ(read_object(R"({"a":[0,{"b":["x"]}]})", spec), (Items{"\"x\""}));
    spec.items_pointer = "/missing";
    EXPECT_NE(cause_of([&] { read_object(R"({"a":[]})", spec); }).find("ItemsPointer /missing"), std::string::npos);
    spec.items_pointer = "/a";
    EXPECT_NE(cause_of([&] { read_object(R"({"a":"x"})", spec); }).find("a string"), std::string::npos);
}

TEST(ItemSource, JsonLinesOneValueALine) {
    Spec spec = reader("getObject", Spec::InputType::Jsonl);
    EXPECT_EQ(read_object("{\"verdict\": \"true\"}\n\n{\"verdict\": \"false\"}\r\n7\n", spec),
              (Items{R"({"verdict":"true"})", R"({"verdict":"false"})", "7"}));
    EXPECT_EQ(read_object("1\n2", spec), (Items{"1", "2"}));
    EXPECT_NE(cause_of([&] { read_object("1\n{x\n", spec); }).find("Line 2 of s3://bucket/data is not valid JSON"),
              std::string::npos);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/example-csv-parse-dist-map.html
TEST(ItemSource, CsvFirstRowHeaderFieldsAreStrings) {
    Spec spec = reader("getObject", Spec::InputType::Csv);
    EXPECT_EQ(read_object("userId,movieId,rating\r\n1,307,3.5\r\n1,481,3.5\r\n", spec),
              (Items{R"({"userId":"1","movieId":"307","rating":"3.5"})",
                     R"({"userId":"1","movieId":"481","rating":"3.5"})"}));
    EXPECT_EQ(read_object("", spec), Items{});
    EXPECT_EQ(read_object("a,b\n", spec), Items{});
}

TEST(ItemSource, CsvQuotesAndBackslashesAsAwsParsesThem) {
    Spec spec = reader("getObject", Spec::InputType::Csv);
    spec.csv_header_given = true;
    spec.csv_headers = {"a", "b", "c"};
    // AWS's example: quoted commas, doubled quotes and a newline in one field;
    // doubled quotes outside quotes too.
    EXPECT_EQ(read_object("abc,\"has, a \"\"quote\"\" and a newline (\n)\",{\"\"k\"\":1}\n", spec),
              (Items{R"x({"a":"abc","b":"has, a \"quote\" and a newline (\n)","c":"{\"k\":1}"})x"}));
    // A backslash keeps a backslash, a quote or the delimiter; before anything else it is dropped.
    EXPECT_EQ(read_object("\"\",x\"y,z\"w\n", spec), (Items{R"({"a":"","b":"xy,zw","c":""})"}));
    EXPECT_EQ(read_object(R"(C:\\Program Files\\x.exe,a\,b,\q\")", spec),
              (Items{R"({"a":"C:\\Program Files\\x.exe","b":"a,b","c":"q\""})"}));
}

TEST(ItemSource, CsvShortRowsGetEmptyStringsLongRowsAreCut) {
    Spec spec = reader("getObject", Spec::InputType::Csv);
    EXPECT_EQ(read_object("a,b,c\n1\n1,2,3,4\n", spec),
              (Items{R"({"a":"1","b":"","c":""})", R"({"a":"1","b":"2","c":"3"})"}));
}

TEST(ItemSource, CsvDelimiterAndGivenHeaders) {
    Spec spec = reader("getObject", Spec::InputType::Csv);
    spec.csv_delimiter = '|';
    spec.csv_header_given = true;
    spec.csv_headers = {"userId", "movieId"};
    EXPECT_EQ(read_object("1|307\n1,5|481\n", spec),
              (Items{R"({"userId":"1","movieId":"307"})", R"({"userId":"1,5","movieId":"481"})"}));
    spec.csv_delimiter = '\t';
    EXPECT_EQ(read_object("a b\tc\n", spec), (Items{R"({"userId":"a b","movieId":"c"})"}));
}

TEST(ItemSource, CsvUnclosedQuoteFails) {
    Spec spec = reader("getObject", Spec::InputType::Csv);
    EXPECT_NE(cause_of([&] { read_object("a\n\"open\n", spec); }).find("ends inside a quoted field"), std::string::npos);
}

TEST(ItemSource, GzipObjectsAreReadDecompressed) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    write_gzip(dir.file("bucket/items.jsonl.gz"), "{\"n\":1}\n{\"n\":2}\n");
    s3::LocalS3 s3(dir.path());
    auto source = map_run::open_reader(s3, reader("getObject", Spec::InputType::Jsonl),
                                       params(R"({"Bucket":"bucket","Key":"items.jsonl.gz"})"), std::nullopt);
    EXPECT_EQ(drain(*source), (Items{R"({"n":1})", R"({"n":2})"}));
}

TEST(ItemSource, S3InventoryManifestRowsBecomeItems) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("inventory/dest/data"));
    dir.write("inventory/dest/manifest.json", R"({
        "sourceBucket": "source", "destinationBucket": "arn:aws:s3:::inventory",
        "version": "2016-11-30", "creationTimestamp": "1668560400000", "fileFormat": "CSV",
        "fileSchema": "Bucket, Key, Size, LastModifiedDate",
        "files": [{"key": "dest/data/one.csv.gz", "size": 1, "MD5checksum": "x"},
                  {"key": "dest/data/two.csv.gz", "size": 1, "MD5checksum": "x"}]})");
    write_gzip(dir.file("inventory/dest/data/one.csv.gz"),
               "\"source\",\"csvDataset/\",\"0\",\"2022-11-16T00:27:19.000Z\"\n"
               "\"source\",\"csvDataset/titles.csv\",\"3399671\",\"2022-11-16T00:29:32.000Z\"\n");
    write_gzip(dir.file("inventory/dest/data/two.csv.gz"), "\"source\",\"img/a.jpg\",\"27034\",\"2022-11-15T20:02:16.000Z\"\n");
    s3::LocalS3 s3(dir.path());
    auto source = map_run::open_reader(s3, reader("getObject", Spec::InputType::Manifest),
                                       params(R"({"Bucket":"inventory","Key":"dest/manifest.json"})"), 2);
    EXPECT_EQ(drain(*source),
              (Items{R"({"Bucket":"source","Key":"csvDataset/","Size":"0","LastModifiedDate":"2022-11-16T00:27:19.000Z"})",
                     R"({"Bucket":"source","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"})"}));
    auto all = map_run::open_reader(s3, reader("getObject", Spec::InputType::Manifest),
                                    params(R"({"Bucket":"inventory","Key":"dest/manifest.json"})"), std::nullopt);
    EXPECT_EQ(drain(*all).size(), 3u);
}

TEST(ItemSource, S3InventoryMustBeCsv) {
    Spec spec = reader("getObject", Spec::InputType::Manifest);
    EXPECT_NE(cause_of([&] { read_object(R"({"fileFormat":"ORC","fileSchema":"x","files":[]})", spec); })
                  .find("only CSV"),
              std::string::npos);
}

TEST(ItemSource, ListObjectsV2GivesObjectMetadata) {
    TempDir dir;
    dir.write("bucket/processData/images/a.jpg", "hello");
    dir.write("bucket/processData/b.json", "{}");
    dir.write("bucket/other/c", "");
    s3::LocalS3 s3(dir.path());
    auto source = map_run::open_reader(s3, reader("listObjectsV2"),
                                       params(R"({"Bucket":"bucket","Prefix":"processData"})"), std::nullopt);
    auto first = source->next();
    ASSERT_TRUE(first);
    const auto& item = first->as_object();
    ASSERT_EQ(item.size(), 5u);
    EXPECT_EQ(item.at(0).name(), "Etag");
    EXPECT_EQ(item.at(0).value.as_string(), "\"99914b932bd37a50b983c5e7c90ae93b\"");  // md5("{}")
    EXPECT_EQ(item.at(1).name(), "Key");
    EXPECT_EQ(item.at(1).value.as_string(), "processData/b.json");
    EXPECT_EQ(item.at(2).name(), "LastModified");  // epoch seconds, a number
    EXPECT_TRUE(item.at(2).value.is_integer());
    EXPECT_LT(item.at(2).value.as_int(), int64_t(1) << 35);
    EXPECT_EQ(item.at(3).name(), "Size");
    EXPECT_EQ(item.at(3).value.as_int(), 2);
    EXPECT_EQ(item.at(4).name(), "StorageClass");
    EXPECT_EQ(item.at(4).value.as_string(), "STANDARD");
    auto second = source->next();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->as_object().find("Key")->as_string(), "processData/images/a.jpg");
    EXPECT_FALSE(source->next());
}

TEST(ItemSource, ReaderErrorsNameTheProblem) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    s3::LocalS3 s3(dir.path());
    auto open = [&](const Spec& spec, const std::string& p) {
        return cause_of([&] { map_run::open_reader(s3, spec, params(p), std::nullopt); });
    };
    Spec json = reader("getObject", Spec::InputType::Json);
    EXPECT_EQ(open(json, R"({"Bucket":"bucket","Key":"missing.json"})"),
              "S3 GetObject failed for s3://bucket/missing.json: NoSuchKey: The specified key does not exist.");
    EXPECT_EQ(open(json, R"({"Bucket":"nope","Key":"a"})"),
              "S3 GetObject failed for s3://nope/a: NoSuchBucket: The specified bucket does not exist");
    EXPECT_NE(open(json, R"({"Bucket":"bucket","Key":"a","VersionId":"v1"})").find("VersionId is not supported"),
              std::string::npos);
    EXPECT_NE(open(json, R"({"Bucket":"bucket"})").find("need a non-empty string Key"), std::string::npos);
    EXPECT_NE(open(json, R"({"Key":"a"})").find("need a non-empty string Bucket"), std::string::npos);
    EXPECT_NE(open(reader("getObject", Spec::InputType::Parquet), R"({"Bucket":"bucket","Key":"a"})")
                  .find("ReaderConfig.InputType PARQUET is not supported"),
              std::string::npos);
    EXPECT_NE(open(reader("getObject"), R"({"Bucket":"bucket","Key":"a"})").find("ReaderConfig.InputType is required"),
              std::string::npos);
    EXPECT_NE(open(reader("listObjectsV2", Spec::InputType::Csv), R"({"Bucket":"bucket"})").find("LOAD_AND_FLATTEN"),
              std::string::npos);
}

// Parameters stepwise does not apply are refused, never dropped (a StartAfter would otherwise list everything).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
TEST(ItemSource, UnsupportedParametersAreRefused) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    s3::LocalS3 s3(dir.path());
    auto open = [&](const Spec& spec, const std::string& p) {
        return cause_of([&] { map_run::open_reader(s3, spec, params(p), std::nullopt); });
    };
    EXPECT_EQ(open(reader("listObjectsV2"), R"({"Bucket":"bucket","StartAfter":"k"})"),
              "The ItemReader's StartAfter for s3:listObjectsV2 is not supported by stepwise");
    EXPECT_EQ(open(reader("getObject", Spec::InputType::Json), R"({"Bucket":"bucket","Key":"a","Range":"bytes=0-9"})"),
              "The ItemReader's Range for s3:getObject is not supported by stepwise");
}

// Untrusted data stays bounded: a record of delimiters, an index past any array.
TEST(ItemSource, MalformedDataFailsWithinBounds) {
    Spec csv = reader("getObject", Spec::InputType::Csv);
    EXPECT_NE(cause_of([&] { read_object("a\n" + std::string(9'000'000, ','), csv); }).find("larger than 8 MB"),
              std::string::npos);
    Spec json = reader("getObject", Spec::InputType::Json);
    json.items_pointer = "/99999999999999999999999";
    EXPECT_NE(cause_of([&] { read_object("[1, 2]", json); }), "(no error)");
}

// A UTF-8 byte order mark, as editors write it, is read past in every text format.
TEST(ItemSource, ByteOrderMarkIsSkipped) {
    const std::string bom = "\xEF\xBB\xBF";
    EXPECT_EQ(read_object(bom + "[1,2]", reader("getObject", Spec::InputType::Json)), (Items{"1", "2"}));
    EXPECT_EQ(read_object(bom + "{\"a\":1}\n", reader("getObject", Spec::InputType::Jsonl)), (Items{R"({"a":1})"}));
    Spec csv = reader("getObject", Spec::InputType::Csv);
    EXPECT_EQ(read_object(bom + "a\n1\n", csv), (Items{R"({"a":"1"})"}));
}

TEST(ItemSource, DataGivenWhole) {
    Spec csv = reader("getObject", Spec::InputType::Csv);
    EXPECT_EQ(drain(*map_run::data_reader(csv, json::Value("a,b\n1,2\n"), std::nullopt)),
              (Items{R"({"a":"1","b":"2"})"}));
    Spec jsonl = reader("getObject", Spec::InputType::Jsonl);
    EXPECT_EQ(drain(*map_run::data_reader(jsonl, json::Value("1\n2\n3\n"), 2)), (Items{"1", "2"}));
    Spec json = reader("getObject", Spec::InputType::Json);
    json.items_pointer = "/x";
    EXPECT_EQ(drain(*map_run::data_reader(json, json::Value(R"({"x":[true]})"), std::nullopt)), (Items{"true"}));
    EXPECT_EQ(drain(*map_run::data_reader(reader("listObjectsV2"), json::parse(R"([{"Key":"a"}])"), std::nullopt)),
              (Items{R"({"Key":"a"})"}));
    EXPECT_NE(cause_of([&] { map_run::data_reader(json, json::Value(3), std::nullopt); }).find("must be a string"),
              std::string::npos);
}

// A large object is read through, an item at a time, never whole.
TEST(ItemSource, LargeObjectsStream) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    constexpr int kLines = 200000;
    {
        std::ofstream jsonl(dir.file("bucket/big.jsonl"));
        std::ofstream array(dir.file("bucket/big.json"));
        std::ofstream csv(dir.file("bucket/big.csv"));
        array << "[";
        csv << "id,name\n";
        for (int i = 0; i < kLines; ++i) {
            jsonl << "{\"id\":" << i << ",\"name\":\"item " << i << "\"}\n";
            array << (i ? "," : "") << "{\"id\":" << i << "}";
            csv << i << ",\"item, " << i << "\"\n";
        }
        array << "]";
    }
    s3::LocalS3 s3(dir.path());
    struct Case {
        Spec::InputType type;
        const char* key;
    };
    for (auto [type, key] : {Case{Spec::InputType::Jsonl, "big.jsonl"}, Case{Spec::InputType::Json, "big.json"},
                             Case{Spec::InputType::Csv, "big.csv"}}) {
        auto source = map_run::open_reader(s3, reader("getObject", type),
                                           params(std::string(R"({"Bucket":"bucket","Key":")") + key + "\"}"),
                                           std::nullopt);
        int count = 0;
        std::optional<json::Value> last;
        while (auto item = source->next()) {
            ++count;
            last = std::move(item);
        }
        EXPECT_EQ(count, kLines) << key;
        ASSERT_TRUE(last) << key;
        const json::Value* id = last->as_object().find("id");
        ASSERT_TRUE(id) << key;
        EXPECT_EQ(id->is_string() ? std::string(id->as_string()) : json::dump(*id), std::to_string(kLines - 1)) << key;
    }
}

}  // namespace
