#include "api/sfn/ids.h"
#include "query/uuid.h"

#include <chrono>
#include <mutex>
#include <random>

namespace stepwise::api {

int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string random_uuid() { return query::random_uuid(); }

json::Value epoch_seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

}  // namespace stepwise::api
