// Map: runs its processor (ItemProcessor, or the legacy Iterator) once per
// item, inline or distributed.
#include <limits>
#include <optional>

#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();

void read_processor_config(MapState& state, Fields& processor) {
    const json::Value* config = processor.object("ProcessorConfig");
    if (!config) return;
    Fields f(*config, processor.pointer_of("ProcessorConfig"), processor.diags(), "ProcessorConfig");
    if (auto mode = f.string("Mode")) {
        if (*mode == "DISTRIBUTED")
            state.mode = MapState::Mode::Distributed;
        else if (*mode != "INLINE")
            f.error("Mode", "Field 'Mode' must be \"INLINE\" or \"DISTRIBUTED\", not \"" + *mode + "\"");
    }
    if (auto type = f.string("ExecutionType")) {
        if (*type != "STANDARD" && *type != "EXPRESS")
            f.error("ExecutionType", "Field 'ExecutionType' must be \"STANDARD\" or \"EXPRESS\", not \"" + *type + "\"");
        else if (state.mode != MapState::Mode::Distributed)
            f.error("ExecutionType", "Field 'ExecutionType' is only supported when 'Mode' is \"DISTRIBUTED\"");
        state.execution_type = *type;
    } else if (state.mode == MapState::Mode::Distributed) {
        f.error_here("These fields are required: [ExecutionType]");
    }
    f.finish();
}

// A Distributed Map's processor as a definition of its own: the ItemProcessor
// without ProcessorConfig, in the query language its states were compiled in.
json::Value child_definition(const json::Value& processor, QueryLanguage language) {
    json::Object definition = processor.as_object();
    definition.erase("ProcessorConfig");
    if (language == QueryLanguage::JSONata && !definition.contains("QueryLanguage"))
        definition.set("QueryLanguage", "JSONata");
    return json::Value(std::move(definition));
}

void read_processor(MapState& state, Fields& f, Context& context) {
    f.exclusive({"ItemProcessor", "Iterator"});
    if (!f.has("ItemProcessor") && !f.has("Iterator")) {
        f.error_here("These fields are required: [ItemProcessor]");
        return;
    }
    std::string_view key = f.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    if (key == "ItemProcessor") f.take("Iterator");
    const json::Value* definition = f.take(key);
    state.processor = std::make_unique<StateMachine>();
    state.processor->query_language = context.machine_language;
    Fields pf(*definition, f.pointer_of(key), context.diags, "Field " + quoted_field(key));
    read_processor_config(state, pf);
    const bool distributed = state.mode == MapState::Mode::Distributed;
    if (distributed && !context.inside_distributed_processor && definition->is_object())
        context.child_machines.push_back({&state, child_definition(*definition, context.machine_language)});
    const bool was_inside = context.inside_distributed_processor;
    context.inside_distributed_processor = was_inside || distributed;
    compile_scope(*state.processor, pf, context);
    context.inside_distributed_processor = was_inside;
    pf.finish();
}

}  // namespace

void compile_map(MapState& state, Fields& f, Context& context) {
    Capabilities caps;
    caps.result_path = true;
    caps.result_selector = true;
    caps.retry_catch = true;
    read_common_fields(state, f, caps, context);
    const QueryLanguage lang = state.query_language;
    constexpr QueryLanguage kPath = QueryLanguage::JSONPath;
    constexpr QueryLanguage kAta = QueryLanguage::JSONata;

    read_processor(state, f, context);

    if (f.language_gate("ItemsPath", lang, kPath))
        state.items_path = read_path(f, "ItemsPath", PathKind::Definite);
    else if (lang == kPath)
        state.items_path = query::Path::compile("$");  // the documented default
    if (f.language_gate("Items", lang, kAta)) {
        state.items = read_jsonata_value(f, "Items");
        const json::Value& raw = state.items->raw;
        if (!raw.is_array() && !(raw.is_string() && is_jsonata_expression(raw.as_string())))
            f.error("Items", "Field 'Items' must be an array or a JSONata expression '{% ... %}'");
    }

    f.exclusive({"ItemSelector", "Parameters"});
    if (lang == kPath) {
        if (f.has("ItemSelector"))
            state.item_selector = read_template(f, "ItemSelector");
        else if (f.has("Parameters")) {
            state.item_selector = read_template(f, "Parameters");
            state.item_selector_field = "Parameters";
        }
    } else {
        f.language_gate("Parameters", lang, kPath);
        state.item_selector_jsonata = read_jsonata_value(f, "ItemSelector");
    }

    state.max_concurrency = read_dynamic_number(f, "MaxConcurrency", "MaxConcurrencyPath", lang, 0, kMaxInt32);
    state.tolerated_failure_count =
        read_dynamic_number(f, "ToleratedFailureCount", "ToleratedFailureCountPath", lang, 0, kMaxInt32);
    state.tolerated_failure_percentage =
        read_dynamic_number(f, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", lang, 0, 100);

    if (state.mode == MapState::Mode::Distributed) {
        state.item_reader = read_item_reader(f, lang);
        state.item_batcher = read_item_batcher(f, lang);
        state.result_writer = read_result_writer(f, lang);
        if (auto label = read_map_label(f, context)) state.label = *label;
        return;
    }
    // They change what only a Distributed Map does: an inline Map would silently ignore them.
    for (std::string_view key : {"ItemReader", "ItemBatcher", "ResultWriter", "Label"})
        if (f.take(key))
            f.error(key, "Field " + quoted_field(key) + " is only supported when 'Mode' is \"DISTRIBUTED\"");
}

}  // namespace stepwise::asl::detail
