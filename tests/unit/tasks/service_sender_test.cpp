// ServiceSender: the calls of EventBridge's SQS/SNS/Kinesis/Firehose/CloudWatch Logs targets
// sent to a configured endpoint: the wire protocol of each service (botocore's models: JSON
// 1.0 for SQS, 1.1 for Kinesis, Firehose and Logs; the query protocol for SNS), SigV4, and
// the dead-letter ERROR_CODE each failure starts with
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
#include <gtest/gtest.h>

#include "aws/digest.h"
#include "aws/sigv4.h"
#include "json/parse.h"
#include "loopback_server.h"
#include "tasks/service_sender.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

std::string response(int status, const std::string& body, const std::string& content_type) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

EndpointOptions options(std::map<std::string, std::string> environment) {
    EndpointOptions o;
    o.use_process_environment = false;
    environment.emplace("AWS_ACCESS_KEY_ID", "AKIDTEST");
    environment.emplace("AWS_SECRET_ACCESS_KEY", "secret");
    environment.emplace("AWS_REGION", "eu-west-1");
    o.environment = std::move(environment);
    return o;
}

// The Authorization header SigV4 gives the received request with its own signed headers.
std::string expected_authorization(const Request& received, const std::string& service) {
    std::string authorization = received.header("Authorization");
    size_t at = authorization.find("SignedHeaders=") + 14;
    std::string signed_headers = authorization.substr(at, authorization.find(',', at) - at);
    aws::HeaderList headers;
    for (size_t start = 0; start <= signed_headers.size();) {
        size_t end = signed_headers.find(';', start);
        if (end == std::string::npos) end = signed_headers.size();
        std::string name = signed_headers.substr(start, end - start);
        headers.emplace_back(name, received.header(name));
        start = end + 1;
    }
    std::string amz_date = received.header("X-Amz-Date");
    std::string date = amz_date.substr(0, 8);
    std::string canonical = aws::sigv4_canonical_request("POST", "/", "", headers, signed_headers,
                                                         aws::to_hex(aws::sha256(received.body)));
    std::string scope = aws::sigv4_scope(date, "eu-west-1", service);
    return "AWS4-HMAC-SHA256 Credential=AKIDTEST/" + scope + ", SignedHeaders=" + signed_headers + ", Signature=" +
           aws::sigv4_signature(aws::sigv4_signing_key("secret", date, "eu-west-1", service),
                                aws::sigv4_string_to_sign(amz_date, scope, canonical));
}

TEST(ServiceSender, SqsSendMessageIsASignedJsonCall) {
    LoopbackServer server([](const Request&) { return response(200, R"({"MessageId":"m-1"})", "application/x-amz-json-1.0"); });
    ServiceSender sender(options({{"AWS_ENDPOINT_URL_SQS", server.url()}}));
    ASSERT_TRUE(sender.serves("sqs"));
    EXPECT_FALSE(sender.serves("sns"));
    EXPECT_EQ(sender.send("sqs", "SendMessage", json::parse(R"({"QueueUrl":"https://q","MessageBody":"{}"})")), "");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "AmazonSQS.SendMessage");
    EXPECT_EQ(server.last.header("Content-Type"), "application/x-amz-json-1.0");
    EXPECT_EQ(json::parse(server.last.body).find("MessageBody")->as_string(), "{}");
    EXPECT_EQ(server.last.header("Authorization"), expected_authorization(server.last, "sqs"));
}

TEST(ServiceSender, SnsPublishIsASignedQueryCall) {
    LoopbackServer server([](const Request&) { return response(200, "<PublishResponse/>", "text/xml"); });
    ServiceSender sender(options({{"AWS_ENDPOINT_URL_SNS", server.url()}}));
    EXPECT_EQ(sender.send("sns", "Publish",
                          json::parse(R"({"TopicArn":"arn:aws:sns:eu-west-1:123456789012:t","Message":"{\"a\": 1}"})")),
              "");
    EXPECT_EQ(server.last.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
    EXPECT_EQ(server.last.body,
              "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012%3At"
              "&Message=%7B%22a%22%3A%201%7D");
    EXPECT_EQ(server.last.header("Authorization"), expected_authorization(server.last, "sns"));
}

TEST(ServiceSender, KinesisFirehoseAndLogsSpeakJson11) {
    LoopbackServer server([](const Request&) { return response(200, "{}", "application/x-amz-json-1.1"); });
    ServiceSender sender(options({{"AWS_ENDPOINT_URL", server.url()}}));
    EXPECT_EQ(sender.send("kinesis", "PutRecord", json::parse(R"({"StreamName":"s","Data":"e30=","PartitionKey":"k"})")), "");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "Kinesis_20131202.PutRecord");
    EXPECT_EQ(server.last.header("Content-Type"), "application/x-amz-json-1.1");
    EXPECT_EQ(sender.send("firehose", "PutRecord", json::parse(R"({"DeliveryStreamName":"d","Record":{"Data":"e30="}})")), "");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "Firehose_20150804.PutRecord");
    EXPECT_EQ(sender.send("cloudwatch_logs", "PutLogEvents",
                          json::parse(R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"m"}]})")),
              "");
    EXPECT_EQ(server.last.header("X-Amz-Target"), "Logs_20140328.PutLogEvents");
    EXPECT_EQ(json::parse(server.last.body).find("logEvents")->as_array()[0].find("message")->as_string(), "m");
    EXPECT_EQ(server.last.header("Authorization"), expected_authorization(server.last, "logs"));
}

TEST(ServiceSender, FailuresStartWithTheirDeadLetterErrorCode) {
    LoopbackServer json_error([](const Request&) {
        return response(400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no such queue"})",
                        "application/x-amz-json-1.0");
    });
    ServiceSender sqs(options({{"AWS_ENDPOINT_URL_SQS", json_error.url()}}));
    std::string error = sqs.send("sqs", "SendMessage", json::parse(R"({"QueueUrl":"q","MessageBody":"b"})"));
    EXPECT_EQ(error.rfind("SDK_CLIENT_ERROR: ", 0), 0u) << error;
    EXPECT_NE(error.find("QueueDoesNotExist"), std::string::npos) << error;
    EXPECT_NE(error.find("no such queue"), std::string::npos) << error;

    LoopbackServer xml_error([](const Request&) {
        return response(404, "<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code>"
                             "<Message>Topic does not exist</Message></Error></ErrorResponse>", "text/xml");
    });
    ServiceSender sns(options({{"AWS_ENDPOINT_URL_SNS", xml_error.url()}}));
    error = sns.send("sns", "Publish", json::parse(R"({"TopicArn":"t","Message":"m"})"));
    EXPECT_EQ(error.rfind("SDK_CLIENT_ERROR: ", 0), 0u) << error;
    EXPECT_NE(error.find("NotFound: Topic does not exist"), std::string::npos) << error;

    std::string gone_url;
    {
        LoopbackServer gone([](const Request&) { return std::string(); });
        gone_url = gone.url();
    }
    ServiceSender unreachable(options({{"AWS_ENDPOINT_URL_KINESIS", gone_url}}));
    error = unreachable.send("kinesis", "PutRecord", json::parse("{}"));
    EXPECT_EQ(error.rfind("CONNECTION_FAILURE: ", 0), 0u) << error;

    EndpointOptions no_credentials;
    no_credentials.use_process_environment = false;
    no_credentials.environment = {{"AWS_ENDPOINT_URL_SQS", json_error.url()}};
    error = ServiceSender(no_credentials).send("sqs", "SendMessage", json::parse("{}"));
    EXPECT_EQ(error.rfind("INVALID_PARAMETER: ", 0), 0u) << error;
}

TEST(ServiceSender, TheProjectFilesEndpointsServeToo) {
    EndpointOptions o = options({});
    o.service_urls = {{"firehose", "http://127.0.0.1:1"}};
    ServiceSender sender(o);
    EXPECT_EQ(sender.endpoint_url("firehose"), "http://127.0.0.1:1");
    EXPECT_FALSE(sender.serves("sqs"));
    EXPECT_FALSE(sender.serves("not-a-service"));
}

}  // namespace
