#include "cli/test_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "asl/definition_file.h"
#include "cli/file_watch.h"
#include "cli/painter.h"
#include "cli/run_machines.h"
#include "cli/test_runner.h"
#include "json/parse.h"
#include "json/write.h"
#include "tasks/mock_config.h"
#include "json/source_map.h"
#include "testing/coverage_report.h"
#include "testing/report.h"

namespace stepwise::cli {
namespace fs = std::filesystem;

namespace {

struct TestCommandOptions {
    std::vector<std::string> paths;
    aws::Scope scope;  // --account, --region
    std::string mocks_file;
    std::string input_file;
    std::string state_machine_name;
    std::string filter;
    std::string s3_dir;
    unsigned jobs = 0;
    bool watch = false;
    bool update_snapshots = false;
    bool no_timing = false;
    std::string junit_file;
    std::string report_file;
    bool no_coverage = false;
    double min_coverage = 0;
    std::vector<std::string> coverage_report;  // FORMAT FILE
};

// One FileCoverage a definition file, the hits of every suite testing it merged.
std::vector<testing::FileCoverage> coverage_of(const std::vector<SuiteRun>& runs) {
    std::vector<testing::FileCoverage> files;
    std::map<std::string, size_t> by_file;
    for (const SuiteRun& run : runs) {
        if (!run.coverage_map) continue;
        std::error_code ec;
        std::string key = fs::weakly_canonical(run.definition, ec).string();
        auto [it, fresh] = by_file.emplace(key, files.size());
        if (fresh) {
            // Shown (and named in lcov/Cobertura) relative to here when below it, as CI systems match them.
            fs::path shown = fs::path(run.definition).lexically_relative(fs::current_path());
            std::string path = shown.empty() || shown.string().starts_with("..") ? run.definition : shown.string();
            testing::FileCoverage file{path, run.definition_positions, *run.coverage_map, run.coverage_hits};
            files.push_back(std::move(file));
        } else {
            files[it->second].hits += run.coverage_hits;
        }
    }
    return files;
}

// A definition beside a mock config: *.asl.json, *.asl.yaml, *.asl.yml.
bool is_test_file(const fs::path& path) {
    std::string name = path.filename().string();
    for (std::string_view suffix : {".test.yaml", ".test.yml", ".test.json"})
        if (name.size() > suffix.size() && name.ends_with(suffix)) return true;
    return false;
}

// The test files of the paths: files as given, folders searched below
// (hidden folders and node_modules skipped), sorted.
std::vector<std::string> find_test_files(const std::vector<std::string>& paths, std::string& problem) {
    std::vector<std::string> files;
    for (const std::string& path : paths.empty() ? std::vector<std::string>{"."} : paths) {
        std::error_code ec;
        if (fs::is_regular_file(path, ec)) {
            files.push_back(path);
            continue;
        }
        if (!fs::is_directory(path, ec)) {
            problem = path + ": no such file or folder";
            return {};
        }
        std::vector<std::string> found;
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            std::string name = it->path().filename().string();
            if (it->is_directory(ec) && (name.starts_with(".") || name == "node_modules" || name == "__snapshots__")) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && is_test_file(it->path())) found.push_back(it->path().lexically_normal().string());
        }
        if (ec) {  // a folder that cannot be read: its test files would be missed
            problem = path + ": " + ec.message();
            return {};
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// `--mocks FILE [DEFINITION]`: the definition and machine name, found beside the mock file when not given.
std::optional<testing::Suite> mock_config_suite(const TestCommandOptions& options, std::string& problem) {
    if (options.paths.size() > 1) {
        problem = "--mocks takes at most one definition";
        return std::nullopt;
    }
    tasks::MockConfig config;
    try {
        config = tasks::MockConfig::load(options.mocks_file);
    } catch (const std::exception& e) {
        problem = e.what();
        return std::nullopt;
    }
    std::vector<std::string> machines = config.state_machines();
    std::string definition = options.paths.empty() ? "" : options.paths.front();
    std::string name = options.state_machine_name;
    fs::path dir = fs::path(options.mocks_file).parent_path();
    if (name.empty() && machines.size() == 1) name = machines.front();
    if (name.empty() && !definition.empty()) name = machine_name_from_file(definition);
    if (name.empty()) {
        problem = options.mocks_file + " has several state machines: choose one with --state-machine-name";
        return std::nullopt;
    }
    if (std::find(machines.begin(), machines.end(), name) == machines.end()) {
        std::string known;
        for (const auto& m : machines) known += (known.empty() ? "" : ", ") + m;
        problem = options.mocks_file + " has no state machine " + name + " (it has: " + (known.empty() ? "none" : known) + ")";
        return std::nullopt;
    }
    if (definition.empty()) {
        std::vector<std::string> candidates;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, ec))
            if (asl::is_asl_file_name(entry.path().filename().string())) candidates.push_back(entry.path().string());
        std::sort(candidates.begin(), candidates.end());
        for (const std::string& c : candidates)
            if (machine_name_from_file(c) == name) definition = c;
        if (definition.empty() && candidates.size() == 1) definition = candidates.front();
        if (definition.empty()) {
            problem = "no definition for " + name + " beside " + options.mocks_file + " (" + name +
                      ".asl.json or .asl.yaml, or the folder's only definition): give it after the options";
            return std::nullopt;
        }
    }
    testing::Suite suite = testing::suite_from_mock_config(options.mocks_file, definition, name, config.test_cases(name));
    if (!options.input_file.empty()) {
        try {
            json::Value input = json::parse_file(options.input_file);
            for (auto& c : suite.cases) c.input = input;
            suite.files.push_back(options.input_file);
        } catch (const std::exception& e) {
            problem = e.what();
            return std::nullopt;
        }
    }
    return suite;
}

std::string format_micros(int64_t micros) {
    char buffer[32];
    if (micros < 10'000) std::snprintf(buffer, sizeof buffer, "%.1f ms", micros / 1000.0);
    else std::snprintf(buffer, sizeof buffer, "%.0f ms", micros / 1000.0);
    return buffer;
}

std::string indent(const std::string& text, const std::string& prefix) {
    std::string out = prefix;
    for (char c : text) {
        out += c;
        if (c == '\n') out += prefix;
    }
    return out;
}

void print_results(std::ostream& out, const std::vector<SuiteRun>& runs, const Painter& p, bool timing) {
    for (const SuiteRun& run : runs) {
        const testing::SuiteResult& s = run.result;
        if (s.cases.empty() && s.error.empty()) continue;
        out << p.bold(s.file) << "\n";
        if (!s.error.empty()) out << "  " << p.red("✗ cannot use this file") << "\n" << indent(s.error, "      ") << "\n";
        for (const testing::CaseResult& c : s.cases) {
            out << "  " << (c.passed ? p.green("✓") : p.red("✗")) << " " << c.name;
            // Without expectations (--mocks) the outcome is the news; with them, a failed status says it.
            if (run.show_status && !c.status.empty()) out << "  " << c.status << (c.error.empty() ? "" : " " + c.error);
            if (timing) out << p.dim("  " + format_micros(c.real_micros));
            out << "\n";
            for (const testing::Failure& f : c.failures) {
                out << "      " << p.red(f.what) << (f.where.empty() ? "" : p.dim("  " + f.where)) << "\n";
                out << indent(f.message, "        ") << "\n";
                if (!f.state.empty()) out << p.dim("        (the run went differently at " + f.state + ")") << "\n";
            }
            for (const std::string& w : c.warnings) out << "      warning: " << w << "\n";
        }
    }
}

// What a run watches: for each test file, the files and folders its results depend on.
using WatchedSuites = std::map<std::string, std::vector<std::string>>;

int run_tests(const TestCommandOptions& options, WatchedSuites* watched) {
    auto complain = [](const std::string& message) {
        std::cerr << "stepwise test: " << message << "\n";
        return 2;
    };
    std::vector<testing::Suite> suites;
    std::vector<testing::SuiteResult> unreadable;
    if (!options.mocks_file.empty()) {
        std::string problem;
        auto suite = mock_config_suite(options, problem);
        if (!suite) return complain(problem);
        suites.push_back(std::move(*suite));
    } else {
        std::string problem;
        std::vector<std::string> files = find_test_files(options.paths, problem);
        if (!problem.empty()) return complain(problem);
        if (files.empty())
            return complain("no test files (*.test.yaml, *.test.yml, *.test.json) below " +
                            (options.paths.empty() ? std::string(".") : options.paths.front()));
        for (const std::string& file : files) {
            if (watched) (*watched)[file].push_back(file);
            try {
                suites.push_back(testing::load_suite(file));
            } catch (const std::exception& e) {
                unreadable.push_back(testing::SuiteResult{file, {}, e.what()});
            }
        }
    }

    Painter palette{Painter::wanted(STDOUT_FILENO)};
    TestRunOptions run_options;
    run_options.jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    run_options.filter = options.filter;
    run_options.s3_dir = options.s3_dir;
    run_options.scope = options.scope;
    run_options.update_snapshots = options.update_snapshots;
    run_options.coverage = !options.no_coverage;
    size_t total = 0, done = 0;
    for (const auto& s : suites) total += s.cases.size();
    bool progress = isatty(STDERR_FILENO) != 0 && total >= 50;
    if (progress)
        run_options.on_case = [&](const testing::CaseResult&) {
            if (++done % 10 == 0 || done == total) std::cerr << "\r" << done << "/" << total << " cases" << std::flush;
        };
    auto started = std::chrono::steady_clock::now();
    std::vector<SuiteRun> runs = run_suites(suites, run_options);
    int64_t real_micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    if (progress) std::cerr << "\r\x1b[K" << std::flush;
    for (testing::SuiteResult& broken : unreadable) runs.push_back(SuiteRun{std::move(broken), "", {}});
    if (watched)
        for (const SuiteRun& run : runs) {
            auto& list = (*watched)[run.result.file];
            list.insert(list.end(), run.watched.begin(), run.watched.end());
        }

    std::vector<testing::SuiteResult> results;
    for (const SuiteRun& run : runs) results.push_back(run.result);
    print_results(std::cout, runs, palette, !options.no_timing);
    testing::RunTotals t = testing::totals_of(results);
    if (t.passed + t.failed == 0 && t.broken_files == 0) return complain("no case matches --filter " + options.filter);
    std::string summary = std::to_string(t.passed + t.failed) + " cases: " + std::to_string(t.passed) + " passed";
    if (t.failed) summary += ", " + std::to_string(t.failed) + " failed";
    if (t.broken_files) summary += ", " + std::to_string(t.broken_files) + (t.broken_files == 1 ? " file" : " files") + " unusable";
    std::cout << "\n" << (t.failed || t.broken_files ? palette.red(summary) : palette.green(summary));
    if (!options.no_timing) std::cout << palette.dim(" in " + format_micros(real_micros));
    std::cout << "\n";

    int status = t.broken_files ? 2 : t.failed ? 1 : 0;
    std::vector<testing::FileCoverage> coverage = coverage_of(runs);
    if (!coverage.empty()) {
        std::cout << "\n";
        testing::print_coverage(std::cout, coverage, palette.on);
        testing::CoverageSummary all;
        for (const auto& file : coverage) all += testing::summarize(file.map, file.hits);
        if (options.min_coverage > 0 && all.total.percent() < options.min_coverage) {
            char text[160];
            std::snprintf(text, sizeof text, "coverage %.1f%% is under --min-coverage %g%%", all.total.percent(), options.min_coverage);
            std::cout << palette.red(text) << "\n";
            status = std::max(status, 1);
        }
    }
    try {
        if (!options.coverage_report.empty()) {
            const std::string& format = options.coverage_report[0];
            std::ofstream out(options.coverage_report[1]);
            if (!out) throw std::runtime_error("--coverage-report " + options.coverage_report[1] + ": cannot write");
            if (format == "lcov") testing::write_lcov(out, coverage);
            else testing::write_cobertura(out, coverage);
        }
        if (!options.junit_file.empty()) {
            std::ofstream out(options.junit_file);
            if (!out) throw std::runtime_error("--junit " + options.junit_file + ": cannot write");
            testing::write_junit(out, results, real_micros);
        }
        if (!options.report_file.empty()) {
            std::ofstream out(options.report_file);
            if (!out) throw std::runtime_error("--report " + options.report_file + ": cannot write");
            json::Value report = testing::json_report(results, real_micros);
            if (!coverage.empty()) report.mutable_object().set("coverage", testing::coverage_json(coverage));
            out << json::pretty(report) << "\n";
        }
    } catch (const std::exception& e) {
        return complain(e.what());
    }
    return status;
}

// The test files whose results `changed` can change: it is one of their files
// or lies below one of their folders. None when it is nobody's (a new file).
std::vector<std::string> affected_by(const std::string& changed, const WatchedSuites& watched) {
    std::error_code ec;
    fs::path path = fs::weakly_canonical(changed, ec);
    std::vector<std::string> files;
    for (const auto& [file, paths] : watched)
        for (const std::string& p : paths) {
            fs::path base = fs::weakly_canonical(p, ec);
            auto [end, _] = std::mismatch(base.begin(), base.end(), path.begin(), path.end());
            if (end == base.end()) {
                files.push_back(file);
                break;
            }
        }
    return files;
}

int test(const TestCommandOptions& options) {
    WatchedSuites watched;
    int status;
    try {
        status = run_tests(options, options.watch ? &watched : nullptr);
    } catch (const std::exception& e) {
        std::cerr << "stepwise test: " << e.what() << "\n";
        return 2;
    }
    if (!options.watch) return status;
    for (;;) {
        std::vector<std::string> paths(options.paths.begin(), options.paths.end());
        for (const auto& [file, list] : watched) paths.insert(paths.end(), list.begin(), list.end());
        FileWatch watch(paths);
        std::cout << "\n(watching " << watched.size() << " test files and what they use; Ctrl-C to stop)" << std::endl;
        std::string changed = watch.wait_for_change();
        TestCommandOptions again = options;
        again.paths = options.mocks_file.empty() ? affected_by(changed, watched) : options.paths;
        if (again.paths.empty()) again.paths = options.paths;  // a new file: look again
        else
            for (const std::string& file : again.paths) watched.erase(file);
        std::cout << "\n── " << changed << " changed: running " << (again.paths == options.paths ? std::string("everything") :
                     std::to_string(again.paths.size()) + " test file(s)") << " again ──\n\n";
        if (again.paths == options.paths) watched.clear();
        try {
            run_tests(again, &watched);
        } catch (const std::exception& e) {
            std::cerr << "stepwise test: " << e.what() << "\n";
        }
    }
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<TestCommandOptions>();
    CLI::App* command = app.add_subcommand(
        "test", "Run the test suites of state machines (*.test.yaml, *.test.json; see docs/testing.md) and report");
    command->add_option("paths", options->paths,
                        "Test files, or folders searched for them (default: the current folder); with --mocks: the definition");
    command->add_option("--mocks", options->mocks_file,
                        "Run every test case of a Step Functions Local mock config (MockConfigFile.json) as a case")
        ->check(CLI::ExistingFile);
    command->add_option("--input", options->input_file, "With --mocks: every case's execution input (JSON file); {} when absent")
        ->check(CLI::ExistingFile);
    command->add_option("--state-machine-name", options->state_machine_name,
                        "With --mocks: the mock config's state machine (default: its only one)");
    command->add_option("--filter", options->filter, "Only cases whose \"file > name\" contains this text");
    command->add_option("--account", options->scope.account, "Account id in ARNs (as run and serve)")->capture_default_str();
    command->add_option("--region", options->scope.region, "Region in ARNs (as run and serve)")->capture_default_str();
    command->add_option("--s3-dir", options->s3_dir,
                        "The local S3 folder Distributed Maps read (ItemReader) and write (ResultWriter): "
                        "s3://bucket/key is DIR/bucket/key (default: the project file's \"s3Dir\")")
        ->check(CLI::ExistingDirectory);
    command->add_option("--jobs", options->jobs, "Cases run at once (default: the number of cores)")->check(CLI::Range(1u, 1024u));
    command->add_flag("--watch", options->watch, "Run again whenever a test file, definition, mock, input or handler changes");
    command->add_flag("--update-snapshots", options->update_snapshots,
                      "Write the snapshots of cases with `snapshot: true` instead of comparing them");
    command->add_flag("--no-timing", options->no_timing, "Leave real durations out, so the output is the same on every run");
    command->add_option("--junit", options->junit_file, "Write a JUnit XML report (GitHub Actions, GitLab, Jenkins)");
    command->add_option("--report", options->report_file, "Write the results as JSON");
    command->add_flag("--no-coverage", options->no_coverage, "Do not record state-machine coverage");
    command->add_option("--min-coverage", options->min_coverage,
                        "Fail (exit 1) when the coverage of states, transitions, retriers and catchers is under N %")
        ->check(CLI::Range(0.0, 100.0));
    command->add_option("--coverage-report", options->coverage_report,
                        "Write coverage mapped onto the definition's lines: --coverage-report lcov|cobertura FILE")
        ->expected(2)
        ->allow_extra_args(false);
    command->callback([options, &exit_code] {
        if (!options->coverage_report.empty() && options->coverage_report[0] != "lcov" && options->coverage_report[0] != "cobertura")
            throw CLI::ValidationError("--coverage-report", "the format is lcov or cobertura, then the file");
        if (options->mocks_file.empty() && (!options->input_file.empty() || !options->state_machine_name.empty()))
            throw CLI::ValidationError(options->input_file.empty() ? "--state-machine-name" : "--input",
                                       "goes with --mocks (a test file names its own input and state machine)");
        if (options->no_coverage && (options->min_coverage > 0 || !options->coverage_report.empty()))
            throw CLI::ValidationError("--no-coverage", "cannot go with --min-coverage or --coverage-report");
        exit_code = test(*options);
    });
}

}  // namespace stepwise::cli
