// The http runtime against a fake Lambda Invoke endpoint (as `sam local
// start-lambda` serves it) on a loopback socket.
#include "tasks/http_runner.h"

#include <gtest/gtest.h>

#include <memory>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "loopback_server.h"
#include "tasks/http_client.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

std::string http_response(int status, const std::string& body, const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

InvokeRequest request_with(const std::string& payload) {
    InvokeRequest r;
    r.request_id = "id-1";
    r.payload = payload;
    r.function_deadline = Clock::now() + std::chrono::seconds(3);
    return r;
}

FunctionConfig http_function(const std::string& endpoint) {
    FunctionConfig f;
    f.name = "Remote";
    f.remote_name = "ValidateOrderFunction";
    f.runtime = FunctionRuntime::Http;
    f.endpoint = endpoint;
    return f;
}

}  // namespace

TEST(HttpRunner, PostsTheEventToTheInvokeApi) {
    LoopbackServer server([](const Request&) {
        return http_response(200, R"({"isValid":true})", "X-Amz-Executed-Version: $LATEST\r\nX-Amz-Log-Result: aGVsbG8Kd29ybGQK\r\n");
    });
    HttpRunner runner(http_function(server.url()));
    InvokeResult r = runner.invoke(request_with(R"({"orderId":"ORD-1"})"));
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.error << r.cause;
    EXPECT_EQ(r.payload, R"({"isValid":true})");
    EXPECT_EQ(server.last.head.rfind("POST /2015-03-31/functions/ValidateOrderFunction/invocations HTTP/1.1", 0), 0u);
    EXPECT_EQ(server.last.body, R"({"orderId":"ORD-1"})");
    ASSERT_EQ(r.logs.size(), 2u);
    EXPECT_EQ(r.logs[0], "hello");
    EXPECT_EQ(r.logs[1], "world");
}

TEST(HttpRunner, FunctionErrorHeaderIsAFunctionError) {
    LoopbackServer server([](const Request&) {
        return http_response(200, R"({"errorType":"InventoryLockedError","errorMessage":"locked"})", "X-Amz-Function-Error: Unhandled\r\n");
    });
    HttpRunner runner(http_function(server.url()));
    InvokeResult r = runner.invoke(request_with("{}"));
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(json::parse(r.payload).find("errorType")->as_string(), "InventoryLockedError");
}

TEST(HttpRunner, ServiceErrorsAndChunkedBodies) {
    LoopbackServer server([](const Request& req) {
        if (req.head.find("/functions/Missing/") != std::string::npos) {
            return http_response(404, R"({"Type":"User","message":"Function not found: arn:aws:lambda:us-west-2:012345678912:function:Missing"})",
                                 "x-amzn-errortype: ResourceNotFound\r\n");
        }
        return std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
    });
    FunctionConfig missing = http_function(server.url());
    missing.remote_name = "Missing";
    InvokeResult r = HttpRunner(missing).invoke(request_with("{}"));
    ASSERT_EQ(r.status, InvokeResult::Status::ServiceError);
    EXPECT_EQ(r.error, "Lambda.ResourceNotFound");
    EXPECT_NE(r.cause.find("Function not found"), std::string::npos);
    EXPECT_NE(r.cause.find("Status Code: 404"), std::string::npos);
    InvokeResult chunked = HttpRunner(http_function(server.url())).invoke(request_with("{}"));
    ASSERT_EQ(chunked.status, InvokeResult::Status::Ok);
    EXPECT_EQ(chunked.payload, R"({"a":1})");
}

TEST(HttpRunner, UnreachableEndpointIsSdkClientException) {
    int port;
    {
        LoopbackServer gone([](const Request&) { return std::string(); });
        port = gone.port();
    }
    HttpRunner runner(http_function("http://127.0.0.1:" + std::to_string(port)));
    InvokeResult r = runner.invoke(request_with("{}"));
    ASSERT_EQ(r.status, InvokeResult::Status::ServiceError);
    EXPECT_EQ(r.error, "Lambda.SdkClientException");
    EXPECT_NE(r.cause.find("Unable to execute HTTP request: Connect to 127.0.0.1:" + std::to_string(port) + " failed: Connection refused"),
              std::string::npos) << r.cause;
}

TEST(HttpRunner, StateTimeoutWhileWaiting) {
    LoopbackServer server([](const Request&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        return http_response(200, "{}");
    });
    HttpRunner runner(http_function(server.url()));
    InvokeRequest req = request_with("{}");
    req.state_deadline = Clock::now() + std::chrono::milliseconds(100);
    EXPECT_EQ(runner.invoke(req).status, InvokeResult::Status::StateTimedOut);
}

TEST(HttpClient, ParsesUrls) {
    HttpUrl u = parse_http_url("http://localhost:3001/base/");
    EXPECT_EQ(u.host, "localhost");
    EXPECT_EQ(u.port, 3001);
    EXPECT_EQ(u.path, "/base");
    EXPECT_EQ(parse_http_url("http://h").port, 80);
    EXPECT_THROW(parse_http_url("https://h"), HttpError);
}
