#include "cli/serve_command.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "api/local_cloud.h"
#include "api/ui/web_assets.h"
#include "cli/debug_prompt.h"
#include "cli/stop_signals.h"
#include "tasks/mock_config.h"
#include "tasks/project_config.h"

namespace stepwise::cli {

namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8083;
    std::string data_dir;
    bool in_memory = false;
    std::string mock_config;
    std::string project;
    std::string s3_dir;
    double time_scale = 1.0;
    bool virtual_time = false;
    size_t threads = 0;
    std::string account = "123456789012";
    std::string region = "us-east-1";
    std::string schemas = "warn";
    std::vector<std::string> schema_dirs;
    std::vector<std::string> allowed_target_hosts;
    std::vector<std::string> allowed_http_hosts;
    int64_t retention_days = 90;
    bool vacuum = false;
    std::string sync = "normal";
    std::vector<std::string> host_aliases;
    std::string access_key_id;
    std::string secret_access_key;
    std::string auth_token;
    std::vector<std::string> breaks;
};

// --break [MACHINE/]STATE[:after]: the state machine is named up to the first
// '/' (machine names have none).
std::optional<api::BreakRule> break_rule(const std::string& spec) {
    api::BreakRule rule;
    std::string state = spec;
    if (auto slash = spec.find('/'); slash != std::string::npos) {
        rule.machine = spec.substr(0, slash);
        state = spec.substr(slash + 1);
        if (rule.machine.empty()) return std::nullopt;
    }
    rule.breakpoint = parse_breakpoint(state);
    if (rule.breakpoint.state.empty()) return std::nullopt;
    return rule;
}

std::string from_env(const std::string& given, const char* variable) {
    if (!given.empty()) return given;
    const char* value = std::getenv(variable);
    return value ? value : "";
}

// Who may call the server: the credentials asked for (options, else the
// environment), checked for consistency; the warning for a non-loopback host.
std::string access_policy(const ServeOptions& options, api::AccessPolicy& policy) {
    policy.host_aliases = options.host_aliases;
    policy.access_key_id = from_env(options.access_key_id, "STEPWISE_ACCESS_KEY_ID");
    policy.secret_access_key = from_env(options.secret_access_key, "STEPWISE_SECRET_ACCESS_KEY");
    policy.auth_token = from_env(options.auth_token, "STEPWISE_AUTH_TOKEN");
    if (policy.access_key_id.empty() != policy.secret_access_key.empty())
        return "give both --access-key-id and --secret-access-key (or STEPWISE_ACCESS_KEY_ID and "
               "STEPWISE_SECRET_ACCESS_KEY), or neither";
    if (!api::is_loopback_name(options.host)) {
        std::cerr << "stepwise serve: WARNING: listening on " << options.host
                  << ", not loopback: anyone who can reach this address can run state machines, their local "
                     "Lambda handlers and commands as this user, read executions and send events.";
        if (policy.requires_credentials())
            std::cerr << " Requests must carry the configured credentials"
                      << (policy.access_key_id.empty() ? "" : " (SigV4 with --access-key-id)")
                      << (policy.auth_token.empty() ? "" : " (Authorization: Bearer --auth-token)")
                      << "; traffic is not encrypted (no TLS: put a TLS proxy in front).\n";
        else
            std::cerr << " There is NO authentication: give --access-key-id/--secret-access-key or --auth-token, "
                         "and put a TLS proxy in front.\n";
    }
    return "";
}

// $XDG_STATE_HOME/stepwise, else ~/.local/state/stepwise.
std::string default_data_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        return (std::filesystem::path(state) / "stepwise").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".local" / "state" / "stepwise").string();
    return ".stepwise";
}

int serve(const ServeOptions& options) {
    auto complain = [](const std::string& message) {
        std::cerr << "stepwise serve: " << message << "\n";
        return 1;
    };
    const sigset_t signals = block_stop_signals();  // taken by sigwait below

    api::LocalCloudOptions o;
    o.host = options.host;
    o.port = options.port;
    o.threads = options.threads;
    o.time_scale = options.time_scale;
    o.virtual_time = options.virtual_time;
    o.scope = {options.account, options.region};
    o.schema_dirs = options.schema_dirs;
    o.allowed_target_hosts = options.allowed_target_hosts;
    o.retention_days = options.retention_days;
    o.vacuum = options.vacuum;
    o.sync_full = options.sync == "full";
    o.schemas = options.schemas == "enforce" ? api::SchemaMode::Enforce
                : options.schemas == "off"   ? api::SchemaMode::Off
                                             : api::SchemaMode::Warn;
    if (std::string problem = access_policy(options, o.access); !problem.empty()) return complain(problem);
    for (const std::string& spec : options.breaks) {
        auto rule = break_rule(spec);
        if (!rule) return complain("--break '" + spec + "': give [MACHINE/]STATE[:after]");
        o.breakpoints.push_back(std::move(*rule));
    }
    if (!o.access.access_key_id.empty()) {
        // Local Lambda handlers call back with the SDK's default credentials.
        setenv("AWS_ACCESS_KEY_ID", o.access.access_key_id.c_str(), 1);
        setenv("AWS_SECRET_ACCESS_KEY", o.access.secret_access_key.c_str(), 1);
    }
    std::string mock_file = options.mock_config;
    if (mock_file.empty())
        if (const char* env = std::getenv("SFN_MOCK_CONFIG")) mock_file = env;
    std::unique_ptr<api::LocalCloud> cloud;
    try {
        if (!mock_file.empty())
            o.mocks = std::make_shared<const tasks::MockConfig>(tasks::MockConfig::load(mock_file));
        if (!options.project.empty())
            o.project = std::make_shared<const tasks::ProjectConfig>(tasks::ProjectConfig::load(options.project));
        o.endpoints = endpoint_options(o.project.get(), options.allowed_http_hosts);
        if (o.project)
            for (const std::string& dir : o.project->schema_dirs()) o.schema_dirs.push_back(dir);
        o.data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
        o.s3_dir = !options.s3_dir.empty() ? options.s3_dir : o.project ? o.project->s3_dir() : "";
        if (!o.s3_dir.empty() && !std::filesystem::is_directory(o.s3_dir))
            return complain("the local S3 folder " + o.s3_dir +
                            " is not a folder (--s3-dir, or the project file's \"s3Dir\")");
        o.database = options.in_memory ? ":memory:" : (std::filesystem::path(o.data_dir) / "stepwise.db").string();
        std::filesystem::create_directories(o.data_dir);
        cloud = std::make_unique<api::LocalCloud>(o);
    } catch (const std::exception& e) {
        return complain(e.what());
    }
    for (const std::string& warning : cloud->warnings()) std::cerr << "stepwise serve: " << warning << "\n";
    try {
        cloud->start();
    } catch (const std::exception& e) {
        return complain("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + e.what());
    }
    std::string url = "http://" + options.host + ":" + std::to_string(cloud->port());
    setenv("STEPWISE_ENDPOINT_URL", url.c_str(), 1);  // local Lambda handlers call back here
    cloud->resume();
    size_t resumed = cloud->resumed_executions();
    std::cerr << "stepwise serve: database " << o.database << "; " << resumed << " running execution"
              << (resumed == 1 ? "" : "s") << " resumed\n";
    if (!api::embedded_web_assets().empty()) std::cerr << "stepwise serve: the web page is at " << url << "/\n";
    // The SDKs send StartSyncExecution and TestState to "sync-" + the endpoint's host: a name under .localhost resolves.
    if (options.host == "127.0.0.1" || options.host == "localhost")
        std::cerr << "stepwise serve: the AWS CLI and SDKs' endpoint is http://stepwise.localhost:" << cloud->port()
                  << "\n";
    std::cout << "stepwise serve: listening on " << url << std::endl;

    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "stepwise serve: stopping\n";
    cloud->stop();
    return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ServeOptions>();
    CLI::App* command = app.add_subcommand(
        "serve", "Serve the AWS Step Functions and EventBridge APIs on localhost (use --endpoint-url http://stepwise.localhost:8083)");
    command->add_option("--host", options->host, "Address to listen on")->capture_default_str();
    command->add_option("--port", options->port, "Port (0 picks a free one)")->capture_default_str();
    command->add_option("--data-dir", options->data_dir,
                        "Where the database lives (default: $XDG_STATE_HOME/stepwise or ~/.local/state/stepwise)");
    command->add_flag("--in-memory", options->in_memory, "Keep nothing: a throwaway in-memory database");
    command->add_option("--mock-config", options->mock_config,
                        "Mocked responses (Step Functions Local format; also SFN_MOCK_CONFIG); choose a test case "
                        "with arn:...:stateMachine:NAME#TestCase in StartExecution");
    command->add_option("--project", options->project, "stepwise.json with local Lambda functions for unmocked tasks");
    command->add_option("--s3-dir", options->s3_dir,
                        "The local S3 folder Distributed Maps read (ItemReader) and write (ResultWriter): "
                        "s3://bucket/key is DIR/bucket/key (default: the project file's \"s3Dir\", else DATA_DIR/s3)");
    command->add_option("--time-scale", options->time_scale,
                        "Waits, retry back-off and the timeouts of tasks waiting for a callback last this fraction "
                        "of their time (0.01: 100 times shorter)")
        ->check(CLI::PositiveNumber);
    command->add_flag("--virtual-time", options->virtual_time,
                      "Waits and retry back-off take no time at all; timeouts fire when POST /_stepwise/clock moves "
                      "the clock past them");
    command->add_option("--threads", options->threads, "Worker threads (default: the number of cores)");
    command->add_option("--account", options->account, "Account id in ARNs")->capture_default_str();
    command->add_option("--region", options->region, "Default region (a request's SigV4 region wins)")
        ->capture_default_str();
    command->add_option("--schemas", options->schemas,
                        "Events that break their JSON Schema: warn (log and accept), enforce (reject the entry), off")
        ->check(CLI::IsMember({"warn", "enforce", "off"}))
        ->capture_default_str();
    command->add_option("--schema-dir", options->schema_dirs,
                        "Folder of JSON Schemas (one per file) to register for PutEvents checks; repeatable");
    command->add_option("--allow-target-host", options->allowed_target_hosts,
                        "A host http:// event targets may reach besides loopback (the default); repeatable");
    command->add_option("--allow-http-host", options->allowed_http_hosts,
                        "A host http:invoke Tasks may call besides loopback (the default); repeatable");
    command->add_option("--retention-days", options->retention_days,
                        "Delete executions closed more than this many days ago (AWS keeps them 90); 0 keeps them")
        ->check(CLI::Range(int64_t{0}, int64_t{36500}))
        ->capture_default_str();
    command->add_flag("--vacuum", options->vacuum,
                      "Rewrite the database without its free space before serving (also turns on incremental "
                      "space reclaiming for a database made by an older stepwise)");
    command->add_option("--sync", options->sync,
                        "normal: a commit survives the process crashing; full: also a power loss (an fsync per commit)")
        ->check(CLI::IsMember({"normal", "full"}))
        ->capture_default_str();
    command->add_option("--host-alias", options->host_aliases,
                        "Also serve requests addressed to this name (Host header), e.g. the machine's DNS name with "
                        "a non-loopback --host; repeatable (other names are refused: DNS rebinding)");
    command->add_option("--access-key-id", options->access_key_id,
                        "Requests must be SigV4-signed with this access key (also STEPWISE_ACCESS_KEY_ID)");
    command->add_option("--secret-access-key", options->secret_access_key,
                        "The secret of --access-key-id (also STEPWISE_SECRET_ACCESS_KEY)");
    command->add_option("--auth-token", options->auth_token,
                        "Requests may instead send Authorization: Bearer TOKEN (also STEPWISE_AUTH_TOKEN)");
    command->add_option("--break", options->breaks,
                        "Every new execution of MACHINE (any machine with the state when no MACHINE/) pauses before "
                        "STATE (after it with :after), for the web page's debugger: [MACHINE/]STATE[:after]; "
                        "repeatable");
    command->callback([options, &exit_code] { exit_code = serve(*options); });
}

}  // namespace stepwise::cli
