// Task tokens: the handle a callback (.waitForTaskToken) or activity worker
// answers with (SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat).
//
// A token looks opaque but can be decoded: it is the URL-safe base64 (no
// padding) of "v1|<execution arn>|<task id>|<nonce>", so the server finds the
// execution and the task of any token without a lookup table. The nonce makes
// tokens of different attempts and executions unguessable from each other.
//
// Where the nonce comes from: `stepwise run` derives it from the execution's
// seed (reproducible runs), but the seed also drives names, States.UUID and
// States.MathRandom, which an execution can observe; so `stepwise serve`
// gives each execution a secret drawn from a CSPRNG (kept in the execution's
// stored config, never in its history) and the nonce is an HMAC of the task
// under that secret: knowing other tokens, names or random values of the
// execution does not help to forge one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::engine {

struct TaskTokenParts {
    std::string execution_arn;
    uint64_t task_id = 0;  // the InvokeTask command's id (InputEvent::ref)
};

std::string make_task_token(std::string_view execution_arn, uint64_t task_id, std::string_view nonce);

// The nonce of task `task_id` under an execution's token secret: 32 hex digits
// of HMAC-SHA256(secret, "<execution arn>|<task id>").
std::string secret_token_nonce(std::string_view secret, std::string_view execution_arn, uint64_t task_id);

// nullopt for anything make_task_token did not produce (never throws).
std::optional<TaskTokenParts> parse_task_token(std::string_view token);


}  // namespace stepwise::engine
