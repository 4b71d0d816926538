#include "api/local_cloud.h"

#include <atomic>
#include <filesystem>
#include <future>
#include <iostream>
#include <mutex>

#include "api/events/http_target.h"
#include "api/events/service_target_sender.h"
#include "api/execution_log_files.h"
#include "api/events/service.h"
#include "api/http/server.h"
#include "api/http/router.h"
#include "api/schemas/service.h"
#include "api/ui/debug_routes.h"
#include "api/ui/bus_events_route.h"
#include "api/ui/inspect_route.h"
#include "api/ui/live_feed.h"
#include "api/ui/web_page.h"
#include "api/sfn/service.h"
#include "api/sfn/execution_port.h"
#include "api/sfn/map_run_records.h"
#include "api/sfn/status_change_events.h"
#include "api/virtual_clock_service.h"
#include "events/bus/event_bus.h"
#include "events/bus/event_tap.h"
#include "events/bus/schema_verdict.h"
#include "events/schema/registry.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/commit_queue.h"
#include "runtime/execution_host.h"
#include "store/data_dir_lock.h"
#include "tasks/map_run/map_runner.h"
#include "store/retention.h"
#include "store/store.h"
#include "tasks/function_ref.h"
#include "tasks/endpoint_invoker.h"
#include "tasks/integrations/put_events.h"
#include "tasks/integrations/send_task.h"
#include "tasks/integrations/start_execution.h"
#include "tasks/lambda_dispatcher.h"

namespace stepwise::api {

struct LocalCloud::Parts {
    LocalCloudOptions options;
    LiveFeed feed;  // the web page's live updates: outlives the host and the server
    BusActivity bus_activity;  // the bus's recent activity (GET /ui/bus/events), told to `feed`
    events::EventTap bus_tap{&bus_activity};  // the bus's observer: events of discovered buses to schemas_api
    std::unique_ptr<store::DataDirLock> lock;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<store::RetentionSweeper> retention;
    // The Map Runs of Distributed Maps: what the Step Functions API answers
    // about them, kept in the store; the Map Run coordinator reports to it.
    std::shared_ptr<tasks::map_run::MapRunRegistry> map_runs = std::make_shared<tasks::map_run::MapRunRegistry>();
    std::shared_ptr<tasks::LambdaDispatcher> lambdas;
    events::SchemaRegistry schemas;
    VirtualClock clock;
    std::unique_ptr<ExecutionLogFiles> execution_logs;  // state machines' loggingConfiguration
    // Connections and API destinations; before `bus`, whose deliveries call it, so that it outlives them.
    std::unique_ptr<events::ApiDestinations> api_destinations;
    std::unique_ptr<events::EventBus> bus;
    // Group commit of PutEvents' deliveries: one transaction for all the calls waiting.
    std::unique_ptr<runtime::CommitQueue> bus_commits;
    std::unique_ptr<BreakpointBook> breakpoints;  // what new executions pause at (--break, the page's)
    std::unique_ptr<runtime::ExecutionHost> host;
    std::unique_ptr<StepFunctionsService> sfn;
    std::unique_ptr<DebugRoutes> debug;
    std::shared_ptr<ServerExecutionPort> execution_port;  // states:startExecution, aws-sdk:sfn:* Tasks
    std::unique_ptr<EventsService> events;
    std::unique_ptr<SchemasService> schemas_api;
    Router router;
    std::unique_ptr<HttpServer> server;
    std::atomic<bool> accepting{true};
    // Requests that came before resume(), answered once it is done.
    std::mutex waiting_mutex;
    bool resumed_all = false;
    std::vector<std::pair<Request, Responder>> waiting;
    size_t resumed = 0;
    std::vector<std::string> warnings;

    events::SchemaVerdict check_event(const json::Value& event);
    void start_execution(const std::string& state_machine_arn, const std::string& input, events::DeliveryDone done);
    void invoke_lambda(const std::string& function_arn, const std::string& input, events::DeliveryDone done);
};

events::SchemaVerdict LocalCloud::Parts::check_event(const json::Value& event) {
    return events::schema_verdict(schemas, options.schemas, event);
}

void LocalCloud::Parts::start_execution(const std::string& state_machine_arn, const std::string& input,
                                        events::DeliveryDone done) {
    if (!accepting) return done("stepwise serve is stopping");
    sfn->start_execution(state_machine_arn, input, std::move(done));
}

void LocalCloud::Parts::invoke_lambda(const std::string& function_arn, const std::string& input,
                                      events::DeliveryDone done) {
    if (!lambdas) return done("no local function serves " + function_arn + " (give serve a --project stepwise.json)");
    std::string problem;
    auto function = tasks::parse_function_name(function_arn, &problem);
    if (!function) return done("not a Lambda function ARN: " + function_arn + " (" + problem + ")");
    tasks::InvokeResult result = lambdas->invoke_function(function->name, input, function->qualifier);
    switch (result.status) {
        case tasks::InvokeResult::Status::Ok: return done("");
        case tasks::InvokeResult::Status::FunctionError: return done("function error: " + result.payload);
        default: return done(result.error + ": " + result.cause);
    }
}

namespace {

// What serves the server's unmocked Task calls.
tasks::RouterOptions router_options(LocalCloud::Parts& p) {
    tasks::RouterOptions r;
    const std::shared_ptr<ServerExecutionPort>& port = p.execution_port;
    r.integrations.push_back(std::make_shared<tasks::PutEventsIntegration>(*p.bus));
    r.integrations.push_back(std::make_shared<tasks::StartExecutionIntegration>(port));
    r.integrations.push_back(std::make_shared<tasks::SendTaskIntegration>(port));
    r.functions = p.lambdas;
    r.endpoints = std::make_shared<tasks::EndpointInvoker>(p.options.endpoints);
    r.shell = "this server";
    tasks::map_run::MapRunnerOptions runner;
    runner.port = port;
    std::filesystem::path s3_dir = p.options.s3_dir.empty() ? std::filesystem::path(p.options.data_dir) / "s3"
                                                            : std::filesystem::path(p.options.s3_dir);
    std::error_code ignored;
    std::filesystem::create_directories(s3_dir, ignored);  // a missing bucket is then NoSuchBucket, as S3 says
    runner.s3 = std::make_shared<tasks::s3::LocalS3>(s3_dir);
    runner.s3_hint = "serve --s3-dir DIR (default DATA_DIR/s3)";
    runner.registry = p.map_runs;
    runner.now_ms = [&p] { return p.clock.now_ms(); };
    r.map_runs = std::make_shared<tasks::map_run::MapRunner>(std::move(runner));
    return r;
}

}  // namespace

LocalCloud::LocalCloud(LocalCloudOptions options) : parts_(std::make_unique<Parts>()) {
    Parts& p = *parts_;
    p.options = std::move(options);
    const LocalCloudOptions& o = p.options;
    if (o.database != ":memory:") p.lock = std::make_unique<store::DataDirLock>(o.data_dir);
    store::SqliteOptions store_options;
    store_options.sync_full = o.sync_full;
    p.store = store::open_sqlite(o.database, store_options);
    if (o.vacuum) p.store->vacuum();
    for (std::string& w : restore_map_runs(*p.store, *p.map_runs)) p.warnings.push_back(std::move(w));
    persist_map_runs(*p.map_runs, *p.store);
    if (o.project) p.lambdas = std::make_shared<tasks::LambdaDispatcher>(o.project);
    for (const std::string& dir : o.schema_dirs) p.schemas.load_folder(dir);

    p.clock.virtual_time = o.virtual_time;
    events::BusOptions bus_options;
    bus_options.scope = o.scope;
    bus_options.data_dir = o.data_dir;
    bus_options.now_ms = [&p] { return p.clock.now_ms(); };
    bus_options.check_event = [&p](const json::Value& event) { return p.check_event(event); };
    bus_options.callbacks.start_execution = [&p](std::string arn, std::string input, events::DeliveryDone done) {
        p.start_execution(arn, input, std::move(done));
    };
    bus_options.callbacks.invoke_lambda = [&p](std::string arn, std::string input, events::DeliveryDone done) {
        p.invoke_lambda(arn, input, std::move(done));
    };
    bus_options.callbacks.http_request = events_http_requester();
    events::ApiDestinationsOptions destination_options;
    destination_options.scope = o.scope;
    destination_options.store = p.store.get();
    destination_options.allowed_target_hosts = o.allowed_target_hosts;
    destination_options.http_request = events_http_requester();
    p.api_destinations = std::make_unique<events::ApiDestinations>(std::move(destination_options));
    for (std::string& w : p.api_destinations->load()) p.warnings.push_back(std::move(w));
    bus_options.callbacks.invoke_api_destination = [&p](const events::DeliveryRequest& r, events::DeliveryDone done) {
        p.api_destinations->invoke(r, std::move(done));
    };
    bus_options.callbacks.call_service = events_service_caller(o.endpoints);
    bus_options.backoff_scale = o.virtual_time ? 0.0 : o.time_scale;
    bus_options.store = p.store.get();
    bus_options.allowed_target_hosts = o.allowed_target_hosts;
    bus_options.observer = &p.bus_tap;
    p.feed.connect(p.bus_activity);
    // Completions only queue deliveries and answer: cheap enough for the committing thread.
    p.bus_commits = std::make_unique<runtime::CommitQueue>(*p.store, [](std::function<void()> f) { f(); });
    bus_options.commit = [&p](std::vector<store::Write> writes, std::function<void(const std::string&)> done) {
        p.bus_commits->submit(std::move(writes), std::move(done));
    };
    p.bus = std::make_unique<events::EventBus>(std::move(bus_options));

    runtime::HostOptions host_options;
    host_options.threads = o.threads;
    host_options.time_scale = o.time_scale;
    host_options.virtual_time = o.virtual_time;
    host_options.now_ms = [&p] { return p.clock.now_ms(); };
    host_options.mocks = o.mocks;
    p.execution_logs = std::make_unique<ExecutionLogFiles>(o.data_dir);
    host_options.write_log = [&p](const std::string& group, const std::string& lines) {
        p.execution_logs->write(group, lines);
    };
    p.execution_port = std::make_shared<ServerExecutionPort>(*p.store);
    host_options.router = router_options(p);
    // Status-change events are stored with the step that changed the status,
    // so a crash cannot lose one that the execution's history shows.
    host_options.stage_status_change = [&p](const runtime::StatusChange& change) {
        runtime::StatusChangeWrites out;
        try {
            events::StagedDeliveries staged = p.bus->stage_publish(
                "default", execution_status_change_event(change.record, p.options.scope,
                                                         events::random_uuid(), p.clock.now_ms()),
                change.record.arn);
            out.writes = std::move(staged.writes);
            out.durable = std::move(staged.release);
        } catch (const std::exception& e) {
            std::cerr << "stepwise serve: status change event of " << change.record.arn << ": " << e.what() << "\n";
        }
        return out;
    };
    p.breakpoints = std::make_unique<BreakpointBook>(o.breakpoints, p.store.get());
    host_options.debug_for = [&p](const runtime::StartRequest& r) { return p.breakpoints->debug_for(r); };
    runtime::MachineResolver resolver = [&p](const std::string& id) { return p.sfn->resolver()(id); };
    p.host = std::make_unique<runtime::ExecutionHost>(*p.store, resolver, host_options);
    p.feed.connect(*p.host);
    SfnOptions sfn_options;
    sfn_options.scope = o.scope;
    sfn_options.machine_documents = {BreakpointBook::kKind};
    sfn_options.machine_deleted = [&p](const std::string& machine_arn) { p.breakpoints->forget(machine_arn); };
    sfn_options.map_runs = p.map_runs;
    p.sfn = std::make_unique<StepFunctionsService>(*p.store, *p.host, std::move(sfn_options));
    p.execution_port->connect(*p.sfn, *p.host);
    p.debug = std::make_unique<DebugRoutes>(*p.store, *p.host, *p.sfn, *p.breakpoints);
    EventsOptions events_options{o.data_dir, p.api_destinations.get()};
    events_options.bus_has_discoverer = [&p](const std::string& bus) {
        return p.schemas_api && p.schemas_api->has_discoverer(bus);
    };
    p.events = std::make_unique<EventsService>(*p.store, std::move(events_options), *p.bus);
    SchemasOptions schemas_options;
    schemas_options.scope = o.scope;
    schemas_options.watch_buses = [&p](std::set<std::string> buses) { p.bus_tap.watch(std::move(buses)); };
    schemas_options.bus_exists = [&p](const std::string& bus) { return p.bus->find_bus(bus).has_value(); };
    schemas_options.bus_has_customer_key = [&p](const std::string& bus) {
        auto spec = p.bus->find_bus(bus);
        return spec && spec->has_customer_key();
    };
    p.schemas_api = std::make_unique<SchemasService>(*p.store, p.schemas, std::move(schemas_options));
    for (std::string& w : p.events->load()) p.warnings.push_back(std::move(w));
    for (std::string& w : p.schemas_api->load()) p.warnings.push_back(std::move(w));
    p.bus_tap.start([&p](const std::string& bus, const json::Value& event) { p.schemas_api->discover(bus, event); });
    p.bus->recover_deliveries();  // events accepted before a crash or stop, not yet delivered

    p.router.add("AWSStepFunctions", [&p](Request r, Responder respond) { p.sfn->handle(std::move(r), std::move(respond)); });
    p.router.add("AWSEvents", [&p](Request r, Responder respond) { p.events->handle(std::move(r), std::move(respond)); });
    auto schemas_api = [&p](Request r, Responder respond) { p.schemas_api->handle(std::move(r), std::move(respond)); };
    p.router.add_rest("/v1/registries", schemas_api);
    p.router.add_rest("/tags/", schemas_api);
    p.router.add_rest("/v1/policy", schemas_api);  // the Schemas API's PutResourcePolicy and the like
    p.router.add_rest("/v1/discover", schemas_api);  // discoverers, GetDiscoveredSchema
    p.router.add_rest(VirtualClock::kPath, [&p](Request r, Responder respond) {
        p.clock.handle(std::move(r), std::move(respond), *p.bus, [&p] { p.host->clock_advanced(); });
    });
    p.router.add_rest(std::string(LiveFeed::kPath), [&p](Request r, Responder respond) {
        p.feed.handle(std::move(r), std::move(respond));
    });
    p.router.add_rest(std::string(DebugRoutes::kPrefix), [&p](Request r, Responder respond) {
        p.debug->handle(std::move(r), std::move(respond));
    });
    p.router.add_rest(std::string(kBusRoutesPrefix), [&p](Request r, Responder respond) {
        serve_bus_events(p.bus_activity, r, respond);
    });
    p.router.add_rest(std::string(kInspectPath), [&p](Request r, Responder respond) {
        serve_inspect(*p.host, r, std::move(respond));
    });
    p.router.set_files([page = std::make_shared<const WebPage>(embedded_web_assets())](const Request& r) {
        return page->file(r);
    });
}

LocalCloud::~LocalCloud() { stop(); }

void LocalCloud::start() {
    Parts& p = *parts_;
    ServerOptions server_options;
    server_options.host = p.options.host;
    server_options.port = p.options.port;
    server_options.scope = p.options.scope;
    server_options.access = p.options.access;
    server_options.threads = 2;  // a slow call (a history replay, a store read) must not hold up every connection
    Handler route = p.router.handler();
    Parts* parts = &p;
    p.server = std::make_unique<HttpServer>(server_options, [parts, route](Request request, Responder respond) {
        {
            std::lock_guard lock(parts->waiting_mutex);
            if (!parts->resumed_all) {
                parts->waiting.emplace_back(std::move(request), std::move(respond));
                return;
            }
        }
        route(std::move(request), std::move(respond));
    });
    p.server->start();
}

void LocalCloud::resume() {
    Parts& p = *parts_;
    p.resumed = p.host->recover();
    if (!p.options.virtual_time) p.bus->start_scheduler();
    Handler route = p.router.handler();
    std::vector<std::pair<Request, Responder>> waiting;
    {
        std::lock_guard lock(p.waiting_mutex);
        p.resumed_all = true;
        waiting.swap(p.waiting);
    }
    for (auto& [request, respond] : waiting) route(std::move(request), std::move(respond));
    // Stop times are the executions' own clock (ahead of the host's under
    // --virtual-time, never behind), so the host's clock never deletes early.
    store::RetentionOptions retention;
    retention.retention_days = p.options.retention_days;
    retention.now_ms = [&p] { return p.host->now_ms(); };
    retention.after_sweep = [&p] { forget_orphaned_map_runs(*p.map_runs, *p.store); };
    p.retention = std::make_unique<store::RetentionSweeper>(*p.store, std::move(retention), [](const std::string& m) {
        std::cerr << "stepwise serve: " << m << "\n";
    });
}

uint16_t LocalCloud::port() const { return parts_->server ? parts_->server->port() : 0; }

void LocalCloud::stop() {
    Parts& p = *parts_;
    if (!p.host) return;
    if (p.server) p.server->stop();
    p.server.reset();
    p.accepting = false;
    p.bus->stop_scheduler();
    p.retention.reset();  // ends after the batch in progress
    p.bus_commits->flush();  // PutEvents Tasks waiting on a commit get their answer while the host is there
    p.host.reset();  // finishes the steps in flight; executions stay RUNNING in the store
    p.bus_tap.stop();  // discovery writes through schemas_api
    p.schemas_api.reset();
    p.events.reset();
    p.bus_commits.reset();  // commits (and answers) the PutEvents still waiting
    p.bus.reset();   // joins the deliveries (which no longer start executions)
    p.debug.reset();
    p.sfn.reset();
    p.map_runs->on_change({});  // a late child end must not write to the store about to go
    p.store.reset();
}

Response LocalCloud::call(Request request) {
    Parts& p = *parts_;
    if (request.region.empty()) request.region = p.options.scope.region;
    if (request.account.empty()) request.account = p.options.scope.account;
    std::promise<Response> answer;
    p.router.handler()(std::move(request), [&answer](Response r) { answer.set_value(std::move(r)); });
    return answer.get_future().get();
}

runtime::ExecutionHost& LocalCloud::host() { return *parts_->host; }
const BusActivity& LocalCloud::bus_activity() const { return parts_->bus_activity; }

size_t LocalCloud::resumed_executions() const { return parts_->resumed; }
const std::vector<std::string>& LocalCloud::warnings() const { return parts_->warnings; }

}  // namespace stepwise::api
