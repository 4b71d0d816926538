// The vehicle-order-cancellation example (../shared/examples/) as a test and
// benchmark fixture: its definition and an inline Executor that serves the
// example's mocks.json (MockConfigFile layout) for one test case, the way the
// lead's mock-config executor does. Kept here so the engine is tested without
// the tasks layer.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "asl/compile.h"
#include "json/parse.h"
#include "tasks/task.h"

namespace stepwise::fixtures {

inline std::string vehicle_dir() { return std::string(STEPWISE_SHARED_DIR) + "/examples/vehicle-order-cancellation/"; }

inline std::shared_ptr<const asl::Machine> vehicle_machine() {
    auto compiled = asl::compile(json::parse_file(vehicle_dir() + "statemachine.asl.json"));
    if (!compiled.ok()) throw std::runtime_error("vehicle example does not compile: " + compiled.errors[0].to_string());
    return compiled.machine;
}

// Serves `case_name` of mocks.json: state -> response name -> per-invocation
// entries ("0", "1", "1-2" ranges) of {"Return": ...} / {"Throw": {...}}.
class VehicleMocks : public tasks::Executor {
public:
    VehicleMocks(const json::Value& mocks, const std::string& case_name) {
        const json::Value* tc = mocks.find("StateMachines");
        tc = tc ? tc->find("VehicleOrderCancellation") : nullptr;
        tc = tc ? tc->find("TestCases") : nullptr;
        tc = tc ? tc->find(case_name) : nullptr;
        if (!tc) throw std::runtime_error("no test case " + case_name);
        const json::Value* responses = mocks.find("MockedResponses");
        for (const auto& m : tc->as_object()) {
            const json::Value* r = responses->find(m.value.as_string());
            if (!r) throw std::runtime_error("no mocked response " + std::string(m.value.as_string()));
            states_[std::string(m.name())] = *r;
        }
    }

    tasks::TaskOutcome invoke(const tasks::TaskRequest& request) override {
        auto it = states_.find(request.state_name);
        if (it == states_.end()) return tasks::TaskOutcome::failure("MockMissing", request.state_name);
        int n = counters_[request.state_name]++;
        for (const auto& m : it->second.as_object()) {
            std::string key(m.name());
            int lo, hi;
            auto dash = key.find('-');
            lo = std::stoi(key.substr(0, dash));
            hi = dash == std::string::npos ? lo : std::stoi(key.substr(dash + 1));
            if (n < lo || n > hi) continue;
            if (const json::Value* ret = m.value.find("Return")) return tasks::TaskOutcome::success(*ret);
            if (const json::Value* t = m.value.find("Throw")) {
                const json::Value* e = t->find("Error");
                const json::Value* c = t->find("Cause");
                return tasks::TaskOutcome::failure(e ? std::string(e->as_string()) : "",
                                                   c ? std::string(c->as_string()) : "");
            }
        }
        return tasks::TaskOutcome::failure("MockMissing", request.state_name + " #" + std::to_string(n));
    }

    void reset() { counters_.clear(); }

private:
    std::map<std::string, json::Value> states_;
    std::map<std::string, int> counters_;
};

}  // namespace stepwise::fixtures
