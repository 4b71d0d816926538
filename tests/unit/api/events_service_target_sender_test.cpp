// serve's call_service hook for SQS/SNS/Kinesis/Firehose/CloudWatch Logs targets:
// a service without a configured endpoint is not taken (the outbox gets it); one
// with an endpoint is sent, and its failure is the attempt's error.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "api/events/service_target_sender.h"
#include "json/parse.h"

namespace stepwise::api {
namespace {

// A loopback port nothing listens on.
int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

TEST(EventsServiceCaller, OnlyServicesWithAnEndpointAreTaken) {
    tasks::EndpointOptions options;
    options.use_process_environment = false;
    options.environment = {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
    options.service_urls = {{"sqs", "http://127.0.0.1:" + std::to_string(closed_port())}};
    auto call = events_service_caller(options);
    bool called = false;
    EXPECT_FALSE(call({"sns", "Publish", json::parse(R"({"TopicArn":"t","Message":"m"})")},
                      [&](std::string) { called = true; }));
    EXPECT_FALSE(called);
    std::string error = "unset";
    EXPECT_TRUE(call({"sqs", "SendMessage", json::parse(R"({"QueueUrl":"q","MessageBody":"b"})")},
                     [&](std::string e) { error = std::move(e); }));
    EXPECT_EQ(error.rfind("CONNECTION_FAILURE: ", 0), 0u) << error;
}

}  // namespace
}  // namespace stepwise::api
