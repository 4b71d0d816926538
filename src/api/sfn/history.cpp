// GetExecutionHistory: pages of the AWS-shaped events (the host replays them
// from the stored journal).
#include <limits>

#include "api/sfn/arn.h"
#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "api/sfn/operations.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api::sfn {

namespace {

// includeExecutionData = false: events keep their shape but lose the
// payloads (input/output and their details) of every *EventDetails member.
std::string without_execution_data(const std::string& event_text) {
    auto event = json::try_parse(event_text);
    if (!event || !event->is_object()) return event_text;
    for (auto& member : event->mutable_object()) {
        if (!member.value.is_object() || !member.name().ends_with("EventDetails")) continue;
        auto& details = member.value.mutable_object();
        for (auto key : {"input", "output", "inputDetails", "outputDetails"}) details.erase(key);
    }
    return json::dump(*event);
}

int64_t token_event_id(const std::string& token) {
    std::string cursor = read_page_token("history", token);
    try {
        size_t used = 0;
        int64_t id = std::stoll(cursor, &used);
        if (used == cursor.size()) return id;
    } catch (const std::exception&) {
    }
    throw SfnError("InvalidToken", "Invalid Token: '" + token + "'");
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html
void get_execution_history(SfnCall& call) {
    Fields fields(call.body);
    auto arn = fields.text("executionArn", rule::required(1, 256));
    auto max_results = fields.integer("maxResults", 0, 1000);
    auto reverse = fields.flag("reverseOrder").value_or(false);
    auto token = fields.text("nextToken", rule::optional(1, 1024));
    bool include_data = fields.flag("includeExecutionData").value_or(true);
    fields.check();
    if (auto problem = resource_arn_problem(*arn, "execution"); !problem.empty())
        throw invalid_arn(problem);
    size_t limit = max_results.value_or(0) > 0 ? static_cast<size_t>(*max_results) : 100;  // AWS's default page
    int64_t position = token ? token_event_id(*token) : 0;
    auto page = call.shared.host.history(*arn, reverse ? 0 : position,
                                         reverse && token ? position : std::numeric_limits<int64_t>::max(), limit + 1,
                                         reverse);
    if (!page) throw execution_does_not_exist(*arn);
    std::vector<runtime::HistoryRow>& rows = *page;
    bool more = rows.size() > limit;
    if (more) rows.resize(limit);

    // The events come as AWS JSON text: splice them in.
    std::string body = "{\"events\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i) body += ',';
        body += include_data ? rows[i].event : without_execution_data(rows[i].event);
    }
    body += ']';
    if (more) {
        body += ",\"nextToken\":";
        json::append_quoted(body, make_page_token("history", std::to_string(rows.back().id)));
    }
    body += '}';
    Response response;
    response.body = std::move(body);
    call.responder(std::move(response));
}

}  // namespace stepwise::api::sfn
