// Map: runs its processor (ItemProcessor, or the legacy Iterator) once per
// item, inline or distributed.
#include <limits>
#include <optional>

#include "asl/compiler.h"
#include "asl/resource.h"
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
    compile_scope(*state.processor, pf, context);
    pf.finish();
}

// ItemReader, ItemBatcher, ResultWriter: kept as written; their shape is checked.
// `field` says which integrations a Resource may name; nullopt: no Resource.
json::Value read_raw_object(Fields& f, std::string_view key, QueryLanguage lang, std::optional<ResourceField> field,
                            std::initializer_list<std::string_view> required,
                            std::initializer_list<std::string_view> allowed) {
    const json::Value* value = f.object(key);
    if (!value) return nullptr;
    Fields inner(*value, f.pointer_of(key), f.diags(), key);
    inner.require(required);
    for (std::string_view name : allowed) inner.take(name);
    if (inner.language_gate("Parameters", lang, QueryLanguage::JSONPath)) inner.take("Parameters");
    if (inner.language_gate("Arguments", lang, QueryLanguage::JSONata)) inner.take("Arguments");
    std::string error;
    if (auto resource = field ? inner.string("Resource") : std::nullopt;
        resource && !parse_resource(*resource, &error, *field))
        inner.diags().add(inner.pointer_of("Resource"), code::kInvalidResource, error);
    inner.finish();
    return *value;
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

    // Placeholder until the typed compile lands: the shape is checked, the specs are empty.
    if (!read_raw_object(f, "ItemReader", lang, ResourceField::ItemReader, {"Resource"}, {"ReaderConfig"}).is_null())
        state.item_reader.emplace();
    if (!read_raw_object(f, "ItemBatcher", lang, std::nullopt, {},
                         {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                          "MaxInputBytesPerBatchPath", "BatchInput"})
             .is_null())
        state.item_batcher.emplace();
    if (!read_raw_object(f, "ResultWriter", lang, ResourceField::ResultWriter, {}, {"WriterConfig"}).is_null())
        state.result_writer.emplace();
    if (auto label = f.string("Label")) {
        if (utf8_length(*label) > kMaxMapLabelLength)
            f.error("Label", "Field 'Label' must be at most " + std::to_string(kMaxMapLabelLength) + " characters");
        state.label = *label;
    }
}

}  // namespace stepwise::asl::detail
