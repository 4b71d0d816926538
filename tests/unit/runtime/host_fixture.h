// The ExecutionHost tests' fixture: an in-memory store, definitions by id,
// and waits on what the host stores.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <thread>

#include "asl/compile.h"
#include "json/parse.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::host_test {

inline std::shared_ptr<const asl::Machine> compile(const std::string& text) {
    auto r = asl::compile(std::string_view(text));
    EXPECT_TRUE(r.ok());
    return r.machine;
}

struct Fixture {
    std::unique_ptr<store::Store> store = store::open_sqlite(":memory:");
    std::map<std::string, std::shared_ptr<const asl::Machine>> definitions;

    runtime::MachineResolver resolver() {
        return [this](const std::string& id) {
            auto it = definitions.find(id);
            return it == definitions.end() ? nullptr : it->second;
        };
    }
    runtime::StartRequest request(const std::string& id, const std::string& definition, const std::string& name,
                                  const std::string& input = "{}") {
        definitions[id] = compile(definition);
        runtime::StartRequest r;
        r.machine = definitions[id];
        r.definition_id = id;
        r.state_machine_name = "M";
        r.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
        r.name = name;
        r.input = {json::parse(input), input};
        return r;
    }
    runtime::StartResult start(runtime::ExecutionHost& host, runtime::StartRequest r) {
        std::promise<runtime::StartResult> p;
        host.start(std::move(r), [&](runtime::StartResult s) { p.set_value(std::move(s)); });
        return p.get_future().get();
    }
    store::ExecutionRecord wait_end(const std::string& arn) {
        for (int i = 0; i < 2000; ++i) {
            auto r = store->get_execution(arn);
            if (r && r->status != "RUNNING") return *r;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ADD_FAILURE() << arn << " did not end";
        return {};
    }
    // The token of the task the execution waits for, from its stored history.
    std::string wait_token(runtime::ExecutionHost& host, const std::string& arn) {
        for (int i = 0; i < 2000; ++i) {
            for (const auto& row : host.history(arn, 0, INT64_MAX, 1000, false).value_or(std::vector<runtime::HistoryRow>{})) {
                json::Value e = json::parse(row.event);
                if (const json::Value* d = e.find("taskScheduledEventDetails")) {
                    json::Value params = json::parse(std::string(d->find("parameters")->as_string()));
                    if (const json::Value* body = params.find("MessageBody"))
                        if (const json::Value* t = body->find("Token")) return std::string(t->as_string());
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return "";
    }
};

inline const char* kPassWait = R"({"StartAt": "P", "States": {
    "P": {"Type": "Pass", "Result": {"a": 1}, "Next": "W"},
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "Q"},
    "Q": {"Type": "Pass", "End": true}}})";

inline const char* kCallback = R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}}, "End": true}}})";

}  // namespace stepwise::host_test
