#include "api/sfn_call.h"

#include "json/write.h"

namespace stepwise::api {

std::string SfnCall::region() const { return request.region.empty() ? shared.options.region : request.region; }

std::string SfnCall::account() const {
    return request.account.empty() ? shared.options.account : request.account;
}

void SfnCall::answer(const json::Value& result) const { responder(sfn_ok(result)); }

Response sfn_ok(const json::Value& result) {
    Response response;
    response.body = json::dump(result);
    return response;
}

Response sfn_error(const std::string& type, const std::string& message) { return aws_error(400, type, message); }

}  // namespace stepwise::api
