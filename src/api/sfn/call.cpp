#include "api/sfn/call.h"

#include "json/write.h"

namespace stepwise::api {

aws::Scope SfnCall::scope() const {
    aws::Scope scope = shared.options.scope;
    if (!request.region.empty()) scope.region = request.region;
    if (!request.account.empty()) scope.account = request.account;
    return scope;
}

void SfnCall::answer(const json::Value& result) const { responder(sfn_ok(result)); }

std::optional<json::Value> DocumentCache::find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto found = documents_.find(key);
    if (found == documents_.end()) return std::nullopt;
    return found->second;
}

uint64_t DocumentCache::generation() const {
    std::shared_lock lock(mutex_);
    return generation_;
}

void DocumentCache::keep(const std::string& key, const json::Value& body, uint64_t generation_before_read) {
    std::unique_lock lock(mutex_);
    if (generation_ == generation_before_read) documents_.insert_or_assign(key, body);
}

void DocumentCache::clear() {
    std::unique_lock lock(mutex_);
    ++generation_;
    documents_.clear();
}

void apply_writes(SfnShared& shared, const std::vector<store::Write>& writes) {
    shared.store.apply(writes);
    // Also moves the generation on, so a reader that fetched a document while
    // the write was committing does not keep what it read.
    shared.documents.clear();
}

Response sfn_ok(const json::Value& result) {
    Response response;
    response.body = json::dump(result);
    return response;
}

Response sfn_error(const std::string& type, const std::string& message) {
    // ServiceUnavailable (a write the store refused) is AWS's retryable 503;
    // every other error the host answers is the client's (400).
    return aws_error(type == "ServiceUnavailable" ? 503 : 400, type, message);
}

}  // namespace stepwise::api
