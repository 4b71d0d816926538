#include "api/ui/inspect_route.h"

#include <charconv>

#include "api/schemas/route.h"
#include "json/write.h"
#include "store/store.h"

namespace stepwise::api {
namespace {

constexpr std::string_view kJson = "application/json";

Response error(int status, std::string_view type, const std::string& message) {
    return aws_error(status, type, message, kJson);
}

std::optional<int64_t> event_id(const std::string& text) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
    return value;
}

}  // namespace

void serve_inspect(runtime::ExecutionHost& host, const Request& request, Responder respond) {
    if (request.method != "GET" || request.path != kInspectPath)
        return respond(error(404, "UnknownOperationException", "No operation at " + request.method + " " + request.path));
    std::optional<std::string> arn;
    std::optional<int64_t> id;
    for (const auto& [key, value] : parse_query_string(request.query)) {
        if (key == "executionArn") {
            arn = value;
        } else if (key == "eventId") {
            id = event_id(value);
            if (!id)
                return respond(error(400, "ValidationException",
                                     "eventId must be a StateEntered event's id (a whole number from 1), not '" +
                                         value + "'"));
        } else {
            return respond(error(400, "ValidationException",
                                 "Unknown query parameter '" + key + "' (" + std::string(kInspectPath) +
                                     " takes executionArn and eventId)"));
        }
    }
    if (!arn || arn->empty()) return respond(error(400, "ValidationException", "executionArn is required"));
    if (!id) return respond(error(400, "ValidationException", "eventId is required"));

    host.post([&host, arn = *arn, id = *id, respond = std::move(respond)] {
        try {
            std::optional<engine::EntryInspection> entry = host.inspect_entry(arn, id);
            if (!entry) return respond(error(404, "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
            if (!entry->seen)
                return respond(error(404, "ResourceNotFound",
                                     "Event " + std::to_string(id) + " of " + arn + " is not a state's entry"));
            json::Value body(json::Object{{"entry", entry->to_json(id)}});
            respond(Response(200, json::dump(body), std::string(kJson)));
        } catch (const store::StoreError& e) {
            respond(error(503, "ServiceUnavailable", e.what()));
        } catch (const std::exception& e) {
            respond(error(500, "InternalFailure", std::string("Replaying ") + arn + ": " + e.what()));
        }
    });
}

}  // namespace stepwise::api
