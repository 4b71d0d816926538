// Retry and Catch: Retriers and Catchers of Task, Parallel and Map states.
#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

constexpr std::string_view kAll = "States.ALL";

std::string_view trim_blanks(std::string_view text) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

// Names are matched exactly, and only the predefined errors may begin with
// `States.` (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
// " States.ALL" is neither States.ALL nor a name of the user's own.
bool is_blank_padded_states_name(std::string_view name) {
    std::string_view trimmed = trim_blanks(name);
    return trimmed.size() != name.size() && trimmed.starts_with("States.");
}

// ErrorEquals: a non-empty array of strings; States.ALL only alone.
// Returns whether the list holds States.ALL.
bool read_error_equals(Fields& fields, std::vector<std::string>& out) {
    const json::Value* list = fields.array("ErrorEquals");
    if (!list) return false;
    std::string pointer = fields.pointer_of("ErrorEquals");
    if (list->size() == 0) fields.error("ErrorEquals", "Field 'ErrorEquals' must list at least one error name");
    bool has_all = false;
    size_t i = 0;
    for (const json::Value& item : list->as_array()) {
        if (!item.is_string()) {
            fields.diags().schema(json::pointer_child(pointer, i),
                                  "Error names in 'ErrorEquals' must be strings, not " + kind_with_article(item));
        } else {
            if (is_blank_padded_states_name(item.as_string()))
                fields.diags().schema(json::pointer_child(pointer, i),
                                      "Error name '" + std::string(item.as_string()) +
                                          "' has blanks around a 'States.' name: error names match exactly, and only "
                                          "the predefined errors begin with 'States.'");
            out.emplace_back(item.as_string());
            if (item.as_string() == kAll) has_all = true;
        }
        ++i;
    }
    if (has_all && list->size() > 1)
        fields.error("ErrorEquals", "'States.ALL' must appear alone in 'ErrorEquals'");
    return has_all;
}

void check_all_is_last(const std::vector<bool>& has_all, const std::string& list_pointer, std::string_view what,
                       Diagnostics& diags) {
    for (size_t i = 0; i + 1 < has_all.size(); ++i)
        if (has_all[i])
            diags.schema(json::pointer_child(json::pointer_child(list_pointer, i), "ErrorEquals"),
                         "A " + std::string(what) + " with 'States.ALL' must be the last one in the list");
}

}  // namespace

std::vector<Retrier> read_retry(Fields& fields, Context& context) {
    std::vector<Retrier> out;
    const json::Value* list = fields.array("Retry");
    if (!list) return out;
    std::string pointer = fields.pointer_of("Retry");
    std::vector<bool> has_all;
    size_t i = 0;
    for (const json::Value& item : list->as_array()) {
        Fields f(item, json::pointer_child(pointer, i++), context.diags, "A Retrier");
        Retrier retrier;
        retrier.pointer = f.pointer();
        f.require({"ErrorEquals"});
        has_all.push_back(read_error_equals(f, retrier.error_equals));
        f.string("Comment");
        if (auto v = f.integer("IntervalSeconds", 1, kMaxSeconds)) retrier.interval_seconds = static_cast<double>(*v);
        if (auto v = f.integer("MaxAttempts", 0, kMaxSeconds)) retrier.max_attempts = *v;
        if (auto v = f.number("BackoffRate")) {
            if (*v < 1.0)
                f.error("BackoffRate", "Field 'BackoffRate' must be a number greater than or equal to 1.0");
            else
                retrier.backoff_rate = *v;
        }
        if (auto v = f.integer("MaxDelaySeconds", 1, kMaxDelaySecondsLimit))
            retrier.max_delay_seconds = static_cast<double>(*v);
        if (auto v = f.string("JitterStrategy")) {
            if (*v == "FULL")
                retrier.jitter = Retrier::Jitter::Full;
            else if (*v != "NONE")
                f.error("JitterStrategy", "Field 'JitterStrategy' must be \"FULL\" or \"NONE\", not \"" + *v + "\"");
        }
        f.finish();
        out.push_back(std::move(retrier));
    }
    check_all_is_last(has_all, pointer, "Retrier", context.diags);
    return out;
}

std::vector<Catcher> read_catch(Fields& fields, QueryLanguage language, Context& context) {
    std::vector<Catcher> out;
    const json::Value* list = fields.array("Catch");
    if (!list) return out;
    std::string pointer = fields.pointer_of("Catch");
    std::vector<bool> has_all;
    size_t i = 0;
    for (const json::Value& item : list->as_array()) {
        Fields f(item, json::pointer_child(pointer, i++), context.diags, "A Catcher");
        Catcher catcher;
        catcher.pointer = f.pointer();
        f.require({"ErrorEquals", "Next"});
        has_all.push_back(read_error_equals(f, catcher.error_equals));
        f.string("Comment");
        if (auto next = f.string("Next")) catcher.next_name = *next;
        if (f.language_gate("ResultPath", language, QueryLanguage::JSONPath))
            catcher.result_path = read_optional_path(f, "ResultPath", PathKind::Reference);
        if (f.language_gate("Output", language, QueryLanguage::JSONata))
            catcher.output = read_jsonata_value(f, "Output", /*in_catcher=*/true);
        catcher.assign = read_assign(f, language, /*in_catcher=*/true);
        f.finish();
        out.push_back(std::move(catcher));
    }
    check_all_is_last(has_all, pointer, "Catcher", context.diags);
    return out;
}

}  // namespace stepwise::asl::detail
