#include "tasks/lambda_invoke_result.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "json/parse.h"

namespace stepwise::tasks {

std::string http_date_now() { return http_date(static_cast<int64_t>(std::time(nullptr)) * 1000); }

std::string http_date(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string new_trace_id() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    uint64_t a = rng(), b = rng(), c = rng();
    char buf[128];
    std::snprintf(buf, sizeof buf, "root=1-%08x-%012llx%012llx;parent=%016llx;sampled=0;lineage=1:%08x:0",
                  static_cast<unsigned>(std::time(nullptr)), static_cast<unsigned long long>(a & 0xffffffffffffULL),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL), static_cast<unsigned long long>(c),
                  static_cast<unsigned>(a >> 48 << 16 | (b >> 48)));
    return buf;
}

json::Value lambda_invoke_result(std::string_view payload_text, const LambdaInvokeMetadata& metadata) {
    json::Value payload;
    if (auto parsed = json::try_parse(payload_text)) payload = std::move(*parsed);
    else payload = json::Value(payload_text);

    std::string length = std::to_string(payload_text.size());
    std::string date = metadata.date.empty() ? http_date_now() : metadata.date;
    std::string trace = metadata.trace_id.empty() ? new_trace_id() : metadata.trace_id;
    const std::string& version = metadata.executed_version;
    const std::string& id = metadata.request_id;

    auto one = [](std::string_view v) { return json::Value(json::Array{json::Value(v)}); };
    json::Object all{
        {"X-Amz-Executed-Version", one(version)},
        {"x-amzn-Remapped-Content-Length", one("0")},
        {"Connection", one("keep-alive")},
        {"x-amzn-RequestId", one(id)},
        {"Content-Length", one(length)},
        {"Date", one(date)},
        {"X-Amzn-Trace-Id", one(trace)},
        {"Content-Type", one("application/json")},
    };
    json::Object headers{
        {"Connection", "keep-alive"},
        {"Content-Length", length},
        {"Content-Type", "application/json"},
        {"Date", date},
        {"X-Amz-Executed-Version", version},
        {"x-amzn-Remapped-Content-Length", "0"},
        {"x-amzn-RequestId", id},
        {"X-Amzn-Trace-Id", trace},
    };
    json::Object http{
        {"AllHttpHeaders", json::Value(std::move(all))},
        {"HttpHeaders", json::Value(std::move(headers))},
        {"HttpStatusCode", 200},
    };
    json::Object result{
        {"ExecutedVersion", version},
        {"Payload", std::move(payload)},
        {"SdkHttpMetadata", json::Value(std::move(http))},
        {"SdkResponseMetadata", json::Value(json::Object{{"RequestId", id}})},
        {"StatusCode", 200},
    };
    return json::Value(std::move(result));
}

}  // namespace stepwise::tasks
