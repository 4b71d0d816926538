// The ResultWriter's files as AWS writes them: <Prefix>/<map run id>/
// manifest.json and SUCCEEDED_n / FAILED_n / PENDING_n.json, each entry
// transformed per WriterConfig.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/map_run/result_writer.h"

using namespace stepwise;
using namespace stepwise::tasks;
using map_run::ChildResult;
using map_run::ResultWriter;
using map_run::ResultWriterError;
using stepwise::tasks::testing::TempDir;
using Spec = asl::ResultWriterSpec;

namespace {

const std::string kMapRunArn =
    "arn:aws:states:us-east-2:123456789012:mapRun:csvProcess/Map:ad9b5f27-090b-3ac6-9beb-243cd77144a7";
const std::string kFolder = "csvProcessJobs/ad9b5f27-090b-3ac6-9beb-243cd77144a7/";

ChildResult succeeded(const std::string& name, const std::string& output) {
    ChildResult r;
    r.execution_arn = "arn:aws:states:us-east-2:123456789012:execution:csvProcess/Map:" + name;
    r.name = name;
    r.state_machine_arn = "arn:aws:states:us-east-2:123456789012:stateMachine:csvProcess/Map";
    r.status = "SUCCEEDED";
    r.input = "{\"id\":\"" + name + "\"}";
    r.output = output;
    r.start_ms = 1738633790099;  // 2025-02-04T01:49:50.099Z
    r.stop_ms = 1738633790163;
    return r;
}

ChildResult failed(const std::string& name) {
    ChildResult r = succeeded(name, "");
    r.output.reset();
    r.status = "FAILED";
    r.error = "Boom";
    r.cause = "it broke";
    return r;
}

Spec spec(Spec::Transformation t = Spec::Transformation::None, Spec::OutputType o = Spec::OutputType::Json) {
    Spec s;
    s.transformation = t;
    s.output_type = o;
    return s;
}

const json::Value kParams = json::parse(R"({"Bucket":"results","Prefix":"csvProcessJobs"})");

std::string file(const TempDir& dir, const std::string& key) {
    std::ifstream in(dir.file("results/" + key), std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(ResultWriter, ManifestAndSucceededFileWithNoneEntries) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    ResultWriter writer(s3, spec(), kParams, kMapRunArn);
    writer.add(succeeded("a", R"([{"customer_id":"145538"}])"));
    json::Value details = writer.finish();
    EXPECT_EQ(json::dump(details),
              R"({"Bucket":"results","Key":"csvProcessJobs/ad9b5f27-090b-3ac6-9beb-243cd77144a7/manifest.json"})");

    std::string succeeded_file = file(dir, kFolder + "SUCCEEDED_0.json");
    EXPECT_EQ(succeeded_file,
              R"([{"ExecutionArn":"arn:aws:states:us-east-2:123456789012:execution:csvProcess/Map:a",)"
              R"("Input":"{\"id\":\"a\"}","InputDetails":{"Included":true},"Name":"a",)"
              R"("Output":"[{\"customer_id\":\"145538\"}]","OutputDetails":{"Included":true},)"
              R"("RedriveCount":0,"RedriveStatus":"NOT_REDRIVABLE",)"
              R"("RedriveStatusReason":"Execution is SUCCEEDED and cannot be redriven",)"
              R"("StartDate":"2025-02-04T01:49:50.099Z",)"
              R"("StateMachineArn":"arn:aws:states:us-east-2:123456789012:stateMachine:csvProcess/Map",)"
              R"("Status":"SUCCEEDED","StopDate":"2025-02-04T01:49:50.163Z"}])");
    EXPECT_EQ(file(dir, kFolder + "manifest.json"),
              R"({"DestinationBucket":"results","MapRunArn":")" + kMapRunArn +
                  R"(","ResultFiles":{"FAILED":[],"PENDING":[],"SUCCEEDED":[{"Key":")" + kFolder +
                  R"(SUCCEEDED_0.json","Size":)" + std::to_string(succeeded_file.size()) + "}]}}");
    // An empty category gets no file.
    EXPECT_FALSE(std::filesystem::exists(dir.file("results/" + kFolder + "FAILED_0.json")));
    EXPECT_FALSE(std::filesystem::exists(dir.file("results/" + kFolder + "PENDING_0.json")));
}

TEST(ResultWriter, FailedTimedOutAndAbortedShareTheFailedFile) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    ResultWriter writer(s3, spec(Spec::Transformation::Compact), kParams, kMapRunArn);
    writer.add(failed("f1"));
    ChildResult timed_out = failed("f2");
    timed_out.status = "TIMED_OUT";
    timed_out.express = true;
    writer.add(timed_out);
    ChildResult pending;
    pending.status = "PENDING";
    pending.input = "{\"id\":\"p\"}";
    writer.add(pending);
    writer.finish();
    json::Value failures = json::parse(file(dir, kFolder + "FAILED_0.json"));
    ASSERT_EQ(failures.as_array().size(), 2u);
    // A child that failed keeps its NONE entry even under COMPACT.
    const auto& first = failures.as_array()[0].as_object();
    EXPECT_EQ(first.at(0).name(), "Cause");
    EXPECT_EQ(first.find("Error")->as_string(), "Boom");
    EXPECT_EQ(first.find("Status")->as_string(), "FAILED");
    // https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html (redriveStatus)
    EXPECT_EQ(first.find("RedriveStatus")->as_string(), "REDRIVABLE");
    EXPECT_FALSE(first.contains("Output"));
    EXPECT_EQ(failures.as_array()[1].as_object().find("Status")->as_string(), "TIMED_OUT");
    EXPECT_EQ(failures.as_array()[1].as_object().find("RedriveStatus")->as_string(), "REDRIVABLE_BY_MAP_RUN");
    EXPECT_EQ(file(dir, kFolder + "PENDING_0.json"),
              R"([{"Input":"{\"id\":\"p\"}","InputDetails":{"Included":true},"Status":"PENDING"}])");
    json::Value manifest = json::parse(file(dir, kFolder + "manifest.json"));
    const auto& files = manifest.as_object().find("ResultFiles")->as_object();
    EXPECT_EQ(files.find("FAILED")->as_array().size(), 1u);
    EXPECT_EQ(files.find("PENDING")->as_array().size(), 1u);
    EXPECT_EQ(files.find("SUCCEEDED")->as_array().size(), 0u);
}

TEST(ResultWriter, CompactAndFlattenWriteTheOutputs) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    {
        ResultWriter writer(s3, spec(Spec::Transformation::Compact), kParams, "arn:x:mapRun:m/l:compact");
        writer.add(succeeded("a", R"([{"order_id":"1"},{"order_id":"2"}])"));
        writer.add(succeeded("b", R"([{"order_id":"5"}])"));
        writer.finish();
    }
    EXPECT_EQ(file(dir, "csvProcessJobs/compact/SUCCEEDED_0.json"),
              R"([[{"order_id":"1"},{"order_id":"2"}],[{"order_id":"5"}]])");
    {
        ResultWriter writer(s3, spec(Spec::Transformation::Flatten), kParams, "arn:x:mapRun:m/l:flatten");
        writer.add(succeeded("a", R"([{"order_id":"1"},{"order_id":"2"}])"));
        writer.add(succeeded("b", R"({"order_id":"5"})"));
        writer.add(succeeded("c", "[]"));
        writer.finish();
    }
    EXPECT_EQ(file(dir, "csvProcessJobs/flatten/SUCCEEDED_0.json"),
              R"([{"order_id":"1"},{"order_id":"2"},{"order_id":"5"}])");
}

TEST(ResultWriter, JsonlWritesALineAnEntry) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    ResultWriter writer(s3, spec(Spec::Transformation::Flatten, Spec::OutputType::Jsonl), kParams, kMapRunArn);
    writer.add(succeeded("a", "[1,2]"));
    writer.add(succeeded("b", "\"x\""));
    writer.finish();
    EXPECT_EQ(file(dir, kFolder + "SUCCEEDED_0.json"), "1\n2\n\"x\"\n");
}

TEST(ResultWriter, AFullFileContinuesInTheNextIndex) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    ResultWriter writer(s3, spec(Spec::Transformation::Compact), kParams, kMapRunArn, /*max_file_bytes=*/10);
    writer.add(succeeded("a", "\"aaaa\""));
    writer.add(succeeded("b", "\"bbbb\""));
    writer.add(succeeded("c", "\"cccccccccccccccc\""));  // larger than a file: alone in one
    writer.finish();
    EXPECT_EQ(file(dir, kFolder + "SUCCEEDED_0.json"), R"(["aaaa"])");
    EXPECT_EQ(file(dir, kFolder + "SUCCEEDED_1.json"), R"(["bbbb"])");
    EXPECT_EQ(file(dir, kFolder + "SUCCEEDED_2.json"), R"(["cccccccccccccccc"])");
    json::Value manifest = json::parse(file(dir, kFolder + "manifest.json"));
    const auto& refs = manifest.as_object().find("ResultFiles")->as_object().find("SUCCEEDED")->as_array();
    ASSERT_EQ(refs.size(), 3u);
    EXPECT_EQ(refs[1].as_object().find("Key")->as_string(), kFolder + "SUCCEEDED_1.json");
    EXPECT_EQ(refs[1].as_object().find("Size")->as_int(), 8);
}

TEST(ResultWriter, NoPrefixAndMissingBucket) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("results"));
    s3::LocalS3 s3(dir.path());
    ResultWriter writer(s3, spec(), json::parse(R"({"Bucket":"results"})"), kMapRunArn);
    EXPECT_EQ(json::dump(writer.finish()),
              R"({"Bucket":"results","Key":"ad9b5f27-090b-3ac6-9beb-243cd77144a7/manifest.json"})");
    EXPECT_THROW(ResultWriter(s3, spec(), json::parse(R"({"Prefix":"p"})"), kMapRunArn), ResultWriterError);
    try {
        ResultWriter(s3, spec(), json::parse(R"({"Bucket":"nope","Prefix":"p"})"), kMapRunArn);
        FAIL() << "no error";
    } catch (const ResultWriterError& e) {
        EXPECT_NE(std::string(e.what()).find("NoSuchBucket"), std::string::npos);
    }
}

// The bucket and prefix are checked when the run starts, before any child runs.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
TEST(ResultWriter, ABadPrefixFailsAtOnce) {
    TempDir dir;
    std::filesystem::create_directories(dir.file("bucket"));
    s3::LocalS3 s3(dir.path());
    asl::ResultWriterSpec spec;
    try {
        map_run::ResultWriter writer(s3, spec, json::parse(R"({"Bucket":"bucket","Prefix":"../escape"})"),
                                     "arn:aws:states:us-east-1:123456789012:mapRun:m/M:11111111-2222-3333-4444-555555555555");
        ADD_FAILURE() << "a prefix leaving the bucket was accepted";
    } catch (const map_run::ResultWriterError& e) {
        EXPECT_NE(std::string(e.what()).find("InvalidObjectName"), std::string::npos) << e.what();
    }
}

// A WriterConfig without Resource: the transformed results are the state's output.
TEST(ResultWriter, TransformInOutput) {
    std::vector<ChildResult> results = {succeeded("a", "[1,2]"), failed("b"), succeeded("c", "3")};
    EXPECT_EQ(json::dump(map_run::transform_in_output(spec(Spec::Transformation::Flatten), results)).substr(0, 6),
              "[1,2,{");
    json::Value compact = map_run::transform_in_output(spec(Spec::Transformation::Compact), results);
    ASSERT_EQ(compact.as_array().size(), 3u);
    EXPECT_EQ(json::dump(compact.as_array()[0]), "[1,2]");
    EXPECT_EQ(compact.as_array()[1].as_object().find("Error")->as_string(), "Boom");
    EXPECT_EQ(json::dump(compact.as_array()[2]), "3");
    json::Value none = map_run::transform_in_output(spec(Spec::Transformation::None), results);
    ASSERT_EQ(none.as_array().size(), 3u);
    EXPECT_EQ(none.as_array()[0].as_object().find("Output")->as_string(), "[1,2]");
}

}  // namespace
