// The HTTP server against a real socket: an echo handler on port 0.
#include "api/http/server.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <mutex>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "api/http/aws_protocol.h"

namespace stepwise::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

using HttpResponse = http::response<http::string_body>;

// Answers with what it saw: {"service":...,"operation":...,"region":...,"body":...}.
void echo(Request request, Responder respond) {
    std::string body = "{\"service\":" + json_quote(request.service) + ",\"operation\":" +
                       json_quote(request.operation) + ",\"region\":" + json_quote(request.region) +
                       ",\"method\":" + json_quote(request.method) + ",\"path\":" + json_quote(request.path) +
                       ",\"query\":" + json_quote(request.query) + ",\"body\":" + json_quote(request.body) + "}";
    respond(Response{200, std::move(body)});
}

class Client {
public:
    explicit Client(uint16_t port) : socket_(io_) { socket_.connect({asio::ip::make_address("127.0.0.1"), port}); }

    void send_raw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

    void send(std::string_view target, std::string body, std::string_view path = "/",
              std::vector<std::pair<std::string, std::string>> headers = {}, http::verb method = http::verb::post) {
        http::request<http::string_body> request(method, path, 11);
        request.set(http::field::host, "localhost");
        if (!target.empty()) request.set("X-Amz-Target", target);
        request.set(http::field::content_type, "application/x-amz-json-1.0");
        for (auto& [name, value] : headers) request.set(name, value);
        request.body() = std::move(body);
        request.prepare_payload();
        http::write(socket_, request);
    }

    HttpResponse receive() {
        HttpResponse response;
        http::read(socket_, buffer_, response);
        return response;
    }

    HttpResponse call(std::string_view target, std::string body = "{}",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        send(target, std::move(body), "/", std::move(headers));
        return receive();
    }

    // True when the server closed the connection (reads EOF or a reset).
    bool closed_by_server() {
        beast::error_code error;
        char byte;
        socket_.read_some(asio::buffer(&byte, 1), error);
        return error == asio::error::eof || error == asio::error::connection_reset;
    }

    // Everything the server sends until it closes the connection.
    std::string read_until_closed() {
        std::string received;
        beast::error_code error;
        char chunk[4096];
        while (!error) received.append(chunk, socket_.read_some(asio::buffer(chunk), error));
        return received;
    }

    tcp::socket& socket() { return socket_; }

private:
    asio::io_context io_;
    tcp::socket socket_;
    beast::flat_buffer buffer_;
};

ServerOptions test_options() {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    return options;
}

struct Served {
    explicit Served(ServerOptions options = test_options(), Handler handler = echo)
        : server(std::move(options), std::move(handler)) {
        server.start();
    }
    HttpServer server;
    uint16_t port() const { return server.port(); }
};

TEST(HttpServer, AnswersAnAwsJsonCall) {
    Served served;
    Client client(served.port());
    auto response = client.call("AWSStepFunctions.StartExecution", R"({"name":"a"})");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response[http::field::content_type], "application/x-amz-json-1.0");
    EXPECT_EQ(response["x-amzn-RequestId"].size(), 36u);
    EXPECT_EQ(response.body(),
              R"({"service":"AWSStepFunctions","operation":"StartExecution","region":"us-east-1","method":"POST",)"
              R"("path":"/","query":"","body":"{\"name\":\"a\"}"})");
}

TEST(HttpServer, AnswersJson11CallsInJson11) {
    Served served;
    Client client(served.port());
    auto response = client.call("AWSEvents.PutEvents", "{}", {{"Content-Type", "application/x-amz-json-1.1"}});
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_EQ(response[http::field::content_type], "application/x-amz-json-1.1");
}

TEST(HttpServer, ServesSeveralRequestsOnOneKeepAliveConnection) {
    Served served;
    Client client(served.port());
    for (int i = 0; i < 5; ++i) {
        auto response = client.call("AWSStepFunctions.ListStateMachines", "{\"i\":" + std::to_string(i) + "}");
        EXPECT_EQ(response.result_int(), 200);
        EXPECT_TRUE(response.keep_alive());
        EXPECT_NE(response.body().find("{\\\"i\\\":" + std::to_string(i) + "}"), std::string::npos);
    }
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
    Served served;
    Client client(served.port());
    std::string two;
    for (int i = 0; i < 2; ++i) {
        std::string body = "{\"n\":" + std::to_string(i) + "}";
        two += "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.ListExecutions\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    }
    client.send_raw(two);
    EXPECT_NE(client.receive().body().find("{\\\"n\\\":0}"), std::string::npos);
    EXPECT_NE(client.receive().body().find("{\\\"n\\\":1}"), std::string::npos);
}

TEST(HttpServer, TakesTheAnswerLaterFromAnotherThread) {
    std::vector<std::thread> workers;
    std::mutex workers_mutex;
    Handler later = [&](Request request, Responder respond) {
        std::lock_guard lock(workers_mutex);
        workers.emplace_back([request = std::move(request), respond = std::move(respond)]() mutable {
            std::this_thread::sleep_for(50ms);
            echo(std::move(request), std::move(respond));
        });
    };
    {
        Served served(test_options(), later);
        Client client(served.port());
        auto response = client.call("AWSStepFunctions.StartSyncExecution");
        EXPECT_EQ(response.result_int(), 200);
        EXPECT_NE(response.body().find("StartSyncExecution"), std::string::npos);

        // A client that leaves before its answer arrives harms nobody.
        {
            Client impatient(served.port());
            impatient.send("AWSStepFunctions.StartSyncExecution", "{}");
        }
        std::this_thread::sleep_for(100ms);
        EXPECT_EQ(client.call("AWSStepFunctions.DescribeExecution").result_int(), 200);
    }
    for (auto& worker : workers) worker.join();
}

// A long poll's answer hands something out (an activity task): when its
// client has hung up meanwhile, the handler learns the answer was not
// delivered, so that it can give the task to the next poller.
TEST(HttpServer, TellsTheHandlerAnAnswerItsClientNeverGot) {
    std::mutex held_mutex;
    std::vector<Responder> held;
    std::promise<void> arrived;
    std::atomic<int> requests{0};
    Handler hold = [&](Request, Responder respond) {
        std::lock_guard lock(held_mutex);
        held.push_back(std::move(respond));
        if (++requests == 1) arrived.set_value();
    };
    Served served(test_options(), hold);
    auto answer_with_flag = [](std::promise<void>& undelivered) {
        Response response{200, "{\"taskToken\":\"t\"}"};
        response.undelivered = [&undelivered] { undelivered.set_value(); };
        return response;
    };
    {
        Client gone(served.port());
        gone.send("AWSStepFunctions.GetActivityTask", "{}");
        ASSERT_EQ(arrived.get_future().wait_for(20s), std::future_status::ready);
    }  // the client closes its socket
    std::promise<void> undelivered;
    {
        std::lock_guard lock(held_mutex);
        held[0](answer_with_flag(undelivered));
    }
    EXPECT_EQ(undelivered.get_future().wait_for(20s), std::future_status::ready);

    // A client still there gets the answer, and nothing is reported.
    Client present(served.port());
    present.send("AWSStepFunctions.GetActivityTask", "{}");
    for (int i = 0; i < 2000 && requests < 2; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_EQ(requests, 2);
    std::promise<void> not_expected;
    auto reported = not_expected.get_future();
    {
        std::lock_guard lock(held_mutex);
        held[1](answer_with_flag(not_expected));
    }
    EXPECT_EQ(present.receive().body(), "{\"taskToken\":\"t\"}");
    EXPECT_NE(reported.wait_for(0s), std::future_status::ready);
}

TEST(HttpServer, AnswersOversizedBodiesWith413AndKeepsServing) {
    auto options = test_options();
    options.max_body_bytes = 1024;
    Served served(options);
    {
        Client client(served.port());
        auto response = client.call("AWSStepFunctions.StartExecution", std::string(4096, 'x'));
        EXPECT_EQ(response.result_int(), 413);
        EXPECT_EQ(response.body().find(R"({"__type":"RequestEntityTooLargeException")"), 0u) << response.body();
        EXPECT_FALSE(response.keep_alive());
    }
    {
        Client client(served.port());  // a huge Content-Length, refused before any body is sent
        client.send_raw("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.StartExecution\r\n"
                        "Content-Length: 999999999\r\n\r\n");
        EXPECT_EQ(client.receive().result_int(), 413);
    }
    Client client(served.port());
    EXPECT_EQ(client.call("AWSStepFunctions.StartExecution", std::string(1000, 'x')).result_int(), 200);
}

TEST(HttpServer, RefusesAnOversizedChunkedBody) {
    auto options = test_options();
    options.max_body_bytes = 1024;
    Served served(options);
    Client client(served.port());
    std::string chunk(800, 'z');
    client.send_raw("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.StartExecution\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n320\r\n" + chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(client.receive().result_int(), 413);
}

TEST(HttpServer, AnswersExpectContinue) {
    Served served;
    Client client(served.port());
    client.send_raw("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.StartExecution\r\n"
                    "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    char interim[64] = {};
    size_t got = 0;
    while (std::string_view(interim, got).find("\r\n\r\n") == std::string_view::npos)
        got += client.socket().read_some(asio::buffer(interim + got, sizeof interim - got));
    EXPECT_EQ(std::string_view(interim, got), "HTTP/1.1 100 Continue\r\n\r\n");
    client.send_raw("{}");
    EXPECT_EQ(client.receive().result_int(), 200);
}

TEST(HttpServer, ServesManyClientsAnsweredFromOtherThreads) {
    std::atomic<int> answered{0};
    Handler from_a_pool = [&](Request request, Responder respond) {
        std::thread([&answered, request = std::move(request), respond = std::move(respond)]() mutable {
            ++answered;
            echo(std::move(request), std::move(respond));
        }).detach();
    };
    Served served(test_options(), from_a_pool);
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int c = 0; c < 8; ++c)
        clients.emplace_back([&, c] {
            Client client(served.port());
            for (int i = 0; i < 100; ++i) {
                std::string body = "{\"c\":" + std::to_string(c) + ",\"i\":" + std::to_string(i) + "}";
                auto response = client.call("AWSStepFunctions.StartExecution", body);
                if (response.result_int() == 200 && response.body().find(json_quote(body)) != std::string::npos) ++ok;
            }
        });
    for (auto& client : clients) client.join();
    EXPECT_EQ(ok, 800);
    while (answered < 800) std::this_thread::sleep_for(1ms);
}

TEST(HttpServer, AcceptsABodyAtTheDefaultLimit) {
    Served served;
    Client client(served.port());
    std::string body(1024 * 1024, 'y');
    auto response = client.call("AWSStepFunctions.StartExecution", body);
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_GT(response.body().size(), body.size());
}

TEST(HttpServer, RejectsMissingOrGarbledTargets) {
    Served served;
    Client client(served.port());
    for (std::string target : {"", "AWSStepFunctions", "AWSStepFunctions.", ".StartExecution", "A.B.C", "A B.C"}) {
        auto response = client.call(target);
        EXPECT_EQ(response.result_int(), 400) << target;
        EXPECT_EQ(response.body().find(R"({"__type":"UnknownOperationException","message":)"), 0u) << target;
        EXPECT_EQ(response["x-amzn-RequestId"].size(), 36u);
    }
    EXPECT_EQ(client.call("AWSStepFunctions.StartExecution").result_int(), 200);  // still open
}

TEST(HttpServer, PassesRestCallsThrough) {
    Served served;
    Client client(served.port());
    client.send("", "", "/v1/registries/name/r1/schemas?limit=5&nextToken=a", {}, http::verb::get);
    auto response = client.receive();
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_NE(response.body().find(R"("service":"","operation":"","region":"us-east-1","method":"GET",)"
                                   R"("path":"/v1/registries/name/r1/schemas","query":"limit=5&nextToken=a")"),
              std::string::npos)
        << response.body();
}

TEST(HttpServer, AnswersHealthChecks) {
    Served served;
    Client client(served.port());
    for (std::string path : {"/", "/health"}) {
        client.send("", "", path, {}, http::verb::get);
        auto response = client.receive();
        EXPECT_EQ(response.result_int(), 200);
        EXPECT_EQ(response.body(), R"({"status":"ok"})");
    }
}

TEST(HttpServer, TakesTheRegionFromTheSignature) {
    Served served;
    Client client(served.port());
    auto response = client.call(
        "AWSStepFunctions.ListStateMachines", "{}",
        {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/eu-west-1/states/aws4_request, "
                           "SignedHeaders=host;x-amz-date, Signature=abc"}});
    EXPECT_NE(response.body().find(R"("region":"eu-west-1")"), std::string::npos) << response.body();
}

TEST(HttpServer, AnswersAThrowingHandlerWith500) {
    Served served(test_options(), [](Request, Responder) { throw std::runtime_error("boom"); });
    Client client(served.port());
    auto response = client.call("AWSStepFunctions.StartExecution");
    EXPECT_EQ(response.result_int(), 500);
    EXPECT_EQ(response.body(), R"({"__type":"InternalFailure","message":"boom"})");
    EXPECT_EQ(client.call("AWSStepFunctions.StartExecution").result_int(), 500);  // connection still served
}

TEST(HttpServer, AnswersADroppedResponderWith500AndIgnoresASecondAnswer) {
    Served served(test_options(), [](Request request, Responder respond) {
        if (request.operation == "Drop") return;
        respond(Response{200, "{\"first\":1}"});
        respond(Response{200, "{\"second\":2}"});
    });
    Client client(served.port());
    EXPECT_EQ(client.call("AWSStepFunctions.Drop").result_int(), 500);
    EXPECT_EQ(client.call("AWSStepFunctions.Twice").body(), "{\"first\":1}");
    EXPECT_EQ(client.call("AWSStepFunctions.Drop").result_int(), 500);
}

TEST(HttpServer, AnswersMalformedHttpWith400AndCloses) {
    Served served;
    Client client(served.port());
    client.send_raw("POST / HTTP/1.1\r\nHost x\r\n\r\n");
    auto response = client.receive();
    EXPECT_EQ(response.result_int(), 400);
    EXPECT_EQ(response.body().find(R"({"__type":"MalformedHttpRequestException")"), 0u);
    EXPECT_TRUE(client.closed_by_server());
}

TEST(HttpServer, AnswersOversizedHeadersWith431) {
    auto options = test_options();
    options.max_header_bytes = 2048;
    Served served(options);
    Client client(served.port());
    auto response = client.call("AWSStepFunctions.StartExecution", "{}", {{"X-Big", std::string(4096, 'h')}});
    EXPECT_EQ(response.result_int(), 431);
    Client next(served.port());
    EXPECT_EQ(next.call("AWSStepFunctions.StartExecution").result_int(), 200);
}

TEST(HttpServer, ClosesAnIdleKeepAliveConnection) {
    auto options = test_options();
    options.idle_timeout = 200ms;
    Served served(options);
    Client client(served.port());
    EXPECT_EQ(client.call("AWSStepFunctions.ListActivities").result_int(), 200);
    auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
}

TEST(HttpServer, TimesOutAClientThatSendsItsHeaderSlowly) {
    auto options = test_options();
    options.header_timeout = 200ms;
    Served served(options);
    Client client(served.port());
    client.send_raw("POST / HTTP/1.1\r\nHost: localhost\r\n");
    auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
    Client silent(served.port());  // a connection that never says anything
    EXPECT_TRUE(silent.closed_by_server());
}

TEST(HttpServer, StillAnswersWithAThousandIdleConnectionsOpen) {
    Served served;
    std::vector<std::unique_ptr<Client>> idle;
    for (int i = 0; i < 1000; ++i) idle.push_back(std::make_unique<Client>(served.port()));
    Client client(served.port());
    EXPECT_EQ(client.call("AWSStepFunctions.StartExecution").result_int(), 200);
    EXPECT_EQ(idle[500]->call("AWSStepFunctions.StartExecution").result_int(), 200);
    EXPECT_GE(served.server.open_connections(), 1001u);
}

TEST(HttpServer, ShedsConnectionsPastTheLimit) {
    auto options = test_options();
    options.max_connections = 3;
    Served served(options);
    std::vector<std::unique_ptr<Client>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<Client>(served.port()));
        EXPECT_EQ(held.back()->call("AWSStepFunctions.ListActivities").result_int(), 200);
    }
    Client refused(served.port());
    auto answer = refused.read_until_closed();  // shed at accept: a 503, or a plain close
    EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 503")) << answer;
    held.clear();
    for (int i = 0; i < 50 && served.server.open_connections() > 0; ++i) std::this_thread::sleep_for(20ms);
    Client client(served.port());
    EXPECT_EQ(client.call("AWSStepFunctions.ListActivities").result_int(), 200);
}

TEST(HttpServer, PausesAcceptingWhenOutOfDescriptorsAndRecovers) {
    Served served;
    asio::io_context io;
    tcp::socket socket(io);
    socket.open(tcp::v4());  // the client's descriptor, taken before there are none left
    std::vector<int> hogs;
    for (int fd; hogs.size() < 1'000'000 && (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) hogs.push_back(fd);
    ASSERT_EQ(errno, EMFILE);
    socket.connect({asio::ip::make_address("127.0.0.1"), served.port()});  // queued; accept fails with EMFILE
    std::string request = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.ListActivities\r\n"
                          "Content-Length: 2\r\n\r\n{}";
    asio::write(socket, asio::buffer(request));
    std::this_thread::sleep_for(300ms);
    for (int fd : hogs) ::close(fd);
    beast::flat_buffer buffer;
    HttpResponse response;
    http::read(socket, buffer, response);
    EXPECT_EQ(response.result_int(), 200);
}

TEST(HttpServer, StopsWithConnectionsOpenAndAnswersPending) {
    std::vector<Responder> parked;
    std::mutex parked_mutex;
    auto server = std::make_unique<HttpServer>(test_options(), [&](Request, Responder respond) {
        std::lock_guard lock(parked_mutex);
        parked.push_back(std::move(respond));
    });
    server->start();
    Client idle(server->port());
    Client waiting(server->port());
    waiting.send("AWSStepFunctions.StartSyncExecution", "{}");
    for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
        {
            std::lock_guard lock(parked_mutex);
            if (!parked.empty()) break;
        }
        std::this_thread::sleep_for(10ms);  // a loaded CI machine may take seconds to read the request
    }
    {
        std::lock_guard lock(parked_mutex);
        ASSERT_EQ(parked.size(), 1u);
    }
    server->stop();
    server.reset();
    // Stopping closed both connections, the idle one and the one still waiting.
    EXPECT_TRUE(idle.closed_by_server());
    EXPECT_TRUE(waiting.closed_by_server());
    std::lock_guard lock(parked_mutex);
    for (auto& respond : parked) respond(Response{});  // the server is gone: dropped quietly
    parked.clear();
}

TEST(HttpServer, ReportsAnAddressInUse) {
    Served served;
    auto options = test_options();
    options.port = served.port();
    HttpServer second(options, echo);
    EXPECT_THROW(second.start(), std::system_error);
}

// botocore's own parsing of our answers, when Debian's python3-boto3 is here.
TEST(HttpServer, Boto3ReadsErrorsAndTheRegion) {
    if (std::system("/usr/bin/python3 -c 'import boto3' 2>/dev/null") != 0) GTEST_SKIP() << "no boto3";
    Served served(test_options(), [](Request request, Responder respond) {
        if (request.operation == "ListStateMachines")
            return respond(Response{200, R"({"stateMachines":[{"stateMachineArn":"arn:aws:states:)" +
                                                 request.region + R"(:1:stateMachine:m","name":"m",)"
                                                 R"("type":"STANDARD","creationDate":1.5}]})"});
        respond(aws_error(400, "ExecutionDoesNotExist", "Execution does not exist"));
    });
    std::string script =
        "import boto3, botocore.exceptions as e\n"
        "c = boto3.client('stepfunctions', endpoint_url='http://127.0.0.1:" + std::to_string(served.port()) +
        "', region_name='ap-south-2', aws_access_key_id='a', aws_secret_access_key='b')\n"
        "print(c.list_state_machines()['stateMachines'][0]['stateMachineArn'])\n"
        "try:\n  c.describe_execution(executionArn='arn:aws:states:us-east-1:1:execution:m:x')\n"
        "except e.ClientError as x:\n  print(x.response['Error']['Code'], x.response['Error']['Message'])\n";
    std::string command = "/usr/bin/python3 -c \"" + script + "\" 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char chunk[512];
    while (size_t n = fread(chunk, 1, sizeof chunk, pipe)) output.append(chunk, n);
    pclose(pipe);
    EXPECT_EQ(output,
              "arn:aws:states:ap-south-2:1:stateMachine:m\n"
              "ExecutionDoesNotExist Execution does not exist\n");
}

}  // namespace
}  // namespace stepwise::api
