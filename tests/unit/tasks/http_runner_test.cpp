// The http runtime against a fake Lambda Invoke endpoint (as `sam local
// start-lambda` serves it) on a loopback socket.
#include "tasks/http_runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/http_client.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

struct Request {
    std::string head;
    std::string body;
};

// Serves connections one at a time until stopped; `respond` gives the raw response.
class FakeLambdaEndpoint {
public:
    explicit FakeLambdaEndpoint(std::function<std::string(const Request&)> respond) : respond_(std::move(respond)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(fd_, 8);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeLambdaEndpoint() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    Request last;

private:
    void serve() {
        while (!stop_) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string data;
            char buf[4096];
            size_t want = std::string::npos;
            for (;;) {
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                data.append(buf, n);
                size_t end = data.find("\r\n\r\n");
                if (end != std::string::npos && want == std::string::npos) {
                    size_t cl = data.find("Content-Length: ");
                    want = end + 4 + (cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16)));
                }
                if (want != std::string::npos && data.size() >= want) break;
            }
            size_t end = data.find("\r\n\r\n");
            last.head = data.substr(0, end);
            last.body = end == std::string::npos ? "" : data.substr(end + 4);
            std::string response = respond_(last);
            ::send(c, response.data(), response.size(), MSG_NOSIGNAL);
            ::close(c);
        }
    }
    std::function<std::string(const Request&)> respond_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

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
    FakeLambdaEndpoint server([](const Request&) {
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
    FakeLambdaEndpoint server([](const Request&) {
        return http_response(200, R"({"errorType":"InventoryLockedError","errorMessage":"locked"})", "X-Amz-Function-Error: Unhandled\r\n");
    });
    HttpRunner runner(http_function(server.url()));
    InvokeResult r = runner.invoke(request_with("{}"));
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(json::parse(r.payload).find("errorType")->as_string(), "InventoryLockedError");
}

TEST(HttpRunner, ServiceErrorsAndChunkedBodies) {
    FakeLambdaEndpoint server([](const Request& req) {
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
        FakeLambdaEndpoint gone([](const Request&) { return std::string(); });
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
    FakeLambdaEndpoint server([](const Request&) {
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
