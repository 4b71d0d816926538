// The settings the AWS SDKs read from the environment, read the same way for
// the calls stepwise sends to configured endpoints: credentials and region.
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html
// https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "aws/sigv4.h"

namespace stepwise::tasks {

// A variable's value; nullopt when unset or empty.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

// `values` first, then (when `use_process`) the process's environment.
Environment make_environment(std::map<std::string, std::string> values, bool use_process);

// No credentials anywhere; the message names the variables and the file.
class CredentialsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), else the
// profile AWS_PROFILE ("default") of AWS_SHARED_CREDENTIALS_FILE
// (~/.aws/credentials). Throws CredentialsError.
aws::Credentials resolve_credentials(const Environment& env);

// AWS_REGION, else AWS_DEFAULT_REGION, else `fallback`.
std::string resolve_region(const Environment& env, const std::string& fallback);

}  // namespace stepwise::tasks
