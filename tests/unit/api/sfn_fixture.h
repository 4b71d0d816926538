// A StepFunctionsService over an in-memory store and a real ExecutionHost
// (virtual time), driven through handle() without HTTP.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <algorithm>

#include "api/sfn/definitions.h"
#include "api/sfn/service.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api::testing {

inline constexpr const char* kRole = "arn:aws:iam::123456789012:role/stepwise";
inline constexpr const char* kMachinePrefix = "arn:aws:states:us-east-1:123456789012:stateMachine:";
inline constexpr const char* kPassDefinition =
    R"({"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}})";

struct Answer {
    int status = 0;
    json::Value body;
    std::string type() const {
        const json::Value* t = body.find("__type");
        return t && t->is_string() ? std::string(t->as_string()) : "";
    }
    std::string message() const {
        const json::Value* m = body.find("message");
        return m && m->is_string() ? std::string(m->as_string()) : "";
    }
    std::string text(std::string_view key) const {
        const json::Value* v = body.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : "";
    }
};

using MockConfigFactory = std::shared_ptr<const tasks::MockConfig> (*)();

// VirtualTime: Waits take no time (false for tests that must catch an execution while it waits).
// Mocks: the host's --mock-config (none by default).
template <bool VirtualTime, MockConfigFactory Mocks = nullptr>
class SfnTestOf : public ::testing::Test {
protected:
    static runtime::HostOptions host_options() {
        runtime::HostOptions options;
        options.threads = 2;
        options.virtual_time = VirtualTime;
        if constexpr (Mocks != nullptr) options.mocks = Mocks();
        return options;
    }

    std::unique_ptr<store::Store> store_ = store::open_sqlite(":memory:");
    runtime::ExecutionHost host_{*store_, make_machine_resolver(*store_), host_options()};
    StepFunctionsService service_{*store_, host_, SfnOptions{}};

    // Calls `operation` with the request body `body` (any text) and waits for the answer.
    Answer call_raw(const std::string& operation, const std::string& body) {
        Request request;
        request.service = "AWSStepFunctions";
        request.operation = operation;
        request.method = "POST";
        request.path = "/";
        request.body = body;
        request.region = "us-east-1";
        request.account = "123456789012";
        auto promise = std::make_shared<std::promise<Response>>();
        auto future = promise->get_future();
        service_.handle(request, [promise](Response response) { promise->set_value(std::move(response)); });
        if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
            ADD_FAILURE() << operation << " did not answer";
            return {};
        }
        Response response = future.get();
        Answer answer;
        answer.status = response.status;
        answer.body = json::try_parse(response.body).value_or(json::Value());
        return answer;
    }
    Answer call(const std::string& operation, const json::Value& body) { return call_raw(operation, json::dump(body)); }

    Answer create_machine(const std::string& name, const std::string& definition = kPassDefinition,
                          json::Object extra = {}) {
        json::Object body{{"name", name}, {"definition", definition}, {"roleArn", kRole}};
        for (const auto& member : extra) body.set(member.name(), member.value);
        return call("CreateStateMachine", json::Value(std::move(body)));
    }

    // Polls DescribeExecution until the execution is no longer RUNNING.
    Answer wait_done(const std::string& execution_arn) {
        for (int i = 0; i < 2000; ++i) {
            Answer d = call("DescribeExecution", json::Object{{"executionArn", execution_arn}});
            if (d.status != 200 || d.text("status") != "RUNNING") return d;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ADD_FAILURE() << execution_arn << " still RUNNING";
        return {};
    }
};

using SfnTest = SfnTestOf<true>;
using SfnRealTimeTest = SfnTestOf<false>;

#define EXPECT_AWS_ERROR(answer, error_type)                                           \
    do {                                                                               \
        auto&& answer_ = (answer);                                                     \
        EXPECT_EQ(answer_.status, 400) << json::dump(answer_.body);                    \
        EXPECT_EQ(answer_.type(), error_type) << answer_.message();                    \
    } while (0)

}  // namespace stepwise::api::testing
