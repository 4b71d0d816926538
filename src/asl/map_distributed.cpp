// A Distributed Map's own fields: ItemReader, ItemBatcher, ResultWriter and
// Label, read into their typed specs and validated as AWS documents them.
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
//   https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
//   https://states-language.net/spec.html (Reading Items, Batching Items, Writing Results)
#include <array>
#include <limits>
#include <vector>

#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

constexpr int64_t kMaxReaderItems = 100'000'000;       // ReaderConfig.MaxItems
constexpr int64_t kMaxInputBytesPerBatch = 256 * 1024;  // 256 KiB
constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();

// "\"A\" or \"B\"", "one of \"A\", \"B\", \"C\"".
std::string allowed_values(std::initializer_list<std::string_view> names) {
    std::string list;
    size_t i = 0;
    for (std::string_view name : names) {
        if (i > 0) list += names.size() == 2 ? " or " : ", ";
        list += "\"" + std::string(name) + "\"";
        ++i;
    }
    return names.size() == 2 ? list : "one of " + list;
}

// The index of the string value of `key` among `names`; nullopt when absent or not one of them (reported).
std::optional<size_t> read_enum(Fields& f, std::string_view key, std::initializer_list<std::string_view> names) {
    std::optional<std::string> value = f.string(key);
    if (!value) return std::nullopt;
    size_t i = 0;
    for (std::string_view name : names) {
        if (*value == name) return i;
        ++i;
    }
    f.error(key, "Field " + quoted_field(key) + " must be " + allowed_values(names) + ", not \"" + *value + "\"");
    return std::nullopt;
}

std::string_view parameters_key(QueryLanguage language) {
    return language == QueryLanguage::JSONPath ? "Parameters" : "Arguments";
}

// Parameters (JSONPath, a payload template) or Arguments (JSONata, an object
// or one expression), with the members an S3 call needs (`required`, checked
// when they can be: a JSONata expression is only known when it runs).
void read_s3_arguments(Fields& f, QueryLanguage language, const std::vector<std::string_view>& required,
                       query::Template& parameters, std::optional<JsonataValue>& arguments) {
    f.language_gate("Parameters", language, QueryLanguage::JSONPath);
    f.language_gate("Arguments", language, QueryLanguage::JSONata);
    std::string_view key = parameters_key(language);
    const json::Value* value = f.take(key);
    if (!value) return;
    if (language == QueryLanguage::JSONPath) {
        if (!f.object(key)) return;
        parameters = read_template(f, key);
    } else {
        arguments = read_jsonata_value(f, key);
        if (value->is_string() && is_jsonata_expression(value->as_string())) return;
        if (!value->is_object()) {
            f.error(key, "Field 'Arguments' must be an object or a JSONata expression '{% ... %}'");
            return;
        }
    }
    std::string missing;
    for (std::string_view name : required) {
        bool present = value->find(name) != nullptr ||
                       (language == QueryLanguage::JSONPath && value->find(std::string(name) + ".$") != nullptr);
        if (present) continue;
        if (!missing.empty()) missing += ", ";
        missing += name;
    }
    if (!missing.empty())
        f.diags().schema(f.pointer_of(key), "These fields are required: [" + missing + "]");
}

// The Resource of an ItemReader or ResultWriter; nullopt when absent or not one it allows (reported).
std::optional<Resource> read_s3_resource(Fields& f, ResourceField field) {
    std::optional<std::string> text = f.string("Resource");
    if (!text) return std::nullopt;
    std::string error;
    std::optional<Resource> resource = parse_resource(*text, &error, field);
    if (!resource) f.diags().add(f.pointer_of("Resource"), code::kInvalidResource, error);
    return resource;
}

void read_csv_options(ItemReaderSpec& spec, Fields& config) {
    using InputType = ItemReaderSpec::InputType;
    const bool csv = spec.input_type == InputType::Csv;
    const bool csv_like = csv || spec.input_type == InputType::Manifest;
    if (config.has("CSVDelimiter") && !csv_like)
        config.reject("CSVDelimiter", "Field 'CSVDelimiter' is only supported when 'InputType' is \"CSV\" or \"MANIFEST\"");
    // A MANIFEST's columns are its fileSchema's: header settings would be ignored, so they are refused.
    for (std::string_view key : {"CSVHeaderLocation", "CSVHeaders"})
        if (config.has(key) && !csv)
            config.reject(key, "Field " + quoted_field(key) + " is only supported when 'InputType' is \"CSV\"");
    if (!csv_like) return;
    if (spec.input_type == InputType::Csv) config.require({"CSVHeaderLocation"});
    if (auto location = read_enum(config, "CSVHeaderLocation", {"FIRST_ROW", "GIVEN"}))
        spec.csv_header_given = *location == 1;
    if (auto delimiter = read_enum(config, "CSVDelimiter", {"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"}))
        spec.csv_delimiter = ",|; \t"[*delimiter];
    if (spec.csv_header_given && !config.has("CSVHeaders"))
        config.error_here("These fields are required: [CSVHeaders]");
    if (!config.has("CSVHeaders")) return;
    if (!spec.csv_header_given) {
        config.reject("CSVHeaders", "Field 'CSVHeaders' is only supported when 'CSVHeaderLocation' is \"GIVEN\"");
        return;
    }
    const json::Value* headers = config.array("CSVHeaders");
    if (!headers) return;
    if (headers->as_array().size() == 0) config.error("CSVHeaders", "Field 'CSVHeaders' must hold at least one header");
    size_t i = 0;
    for (const json::Value& header : headers->as_array()) {
        if (header.is_string())
            spec.csv_headers.emplace_back(header.as_string());
        else
            config.diags().schema(json::pointer_child(config.pointer_of("CSVHeaders"), i),
                                  "Each CSV header must be a string, not " + kind_with_article(header));
        ++i;
    }
}

void read_reader_config(ItemReaderSpec& spec, Fields& reader, QueryLanguage language) {
    using InputType = ItemReaderSpec::InputType;
    const bool get_object = spec.resource.is_service("s3", "getObject");
    const bool list_objects = spec.resource.is_service("s3", "listObjectsV2");
    const json::Value* value = reader.object("ReaderConfig");
    if (!value) {
        if (get_object && !reader.has("ReaderConfig")) reader.error_here("These fields are required: [ReaderConfig]");
        return;
    }
    Fields config(*value, reader.pointer_of("ReaderConfig"), reader.diags(), "ReaderConfig");
    if (get_object) config.require({"InputType"});
    if (list_objects && config.has("InputType"))
        config.reject("InputType",
                      "Field 'InputType' is only supported for 's3:listObjectsV2' with 'Transformation' "
                      "\"LOAD_AND_FLATTEN\", which stepwise does not support yet");
    else if (auto type = read_enum(config, "InputType", {"CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"}))
        spec.input_type = std::array{InputType::Csv, InputType::Json, InputType::Jsonl, InputType::Manifest,
                                     InputType::Parquet}[*type];
    if (auto transformation = read_enum(config, "Transformation", {"NONE", "LOAD_AND_FLATTEN"});
        transformation == 1)
        config.error("Transformation", "Field 'Transformation' \"LOAD_AND_FLATTEN\" is not supported by stepwise yet");
    if (config.has("ManifestType"))
        config.reject("ManifestType", "Field 'ManifestType' is not supported by stepwise yet");
    read_csv_options(spec, config);
    spec.max_items = read_dynamic_number(config, "MaxItems", "MaxItemsPath", language, 0, kMaxReaderItems);
    if (config.has("ItemsPointer")) {
        if (spec.input_type != InputType::Json) {
            config.reject("ItemsPointer", "Field 'ItemsPointer' is only supported when 'InputType' is \"JSON\"");
        } else if (auto pointer = config.string("ItemsPointer")) {
            if (!pointer->empty() && pointer->front() != '/')
                config.error("ItemsPointer", "Field 'ItemsPointer' must be a JSON pointer ('' or starting with '/'), "
                                             "not '" + *pointer + "'");
            spec.items_pointer = *pointer;
        }
    }
    config.finish();
}

}  // namespace

std::optional<ItemReaderSpec> read_item_reader(Fields& state, QueryLanguage language) {
    const json::Value* value = state.object("ItemReader");
    if (!value) return std::nullopt;
    Fields f(*value, state.pointer_of("ItemReader"), state.diags(), "ItemReader");
    ItemReaderSpec spec;
    f.require({"Resource"});
    if (!f.has(parameters_key(language)) && f.has("Resource"))
        f.error_here("These fields are required: [" + std::string(parameters_key(language)) + "]");
    std::optional<Resource> resource = read_s3_resource(f, ResourceField::ItemReader);
    if (resource) spec.resource = *resource;
    std::vector<std::string_view> required;  // unknown for a Resource that is not valid
    if (resource && resource->is_service("s3", "getObject"))
        required = {"Bucket", "Key"};
    else if (resource && resource->is_service("s3", "listObjectsV2"))
        required = {"Bucket"};
    read_s3_arguments(f, language, required, spec.parameters, spec.arguments);
    read_reader_config(spec, f, language);
    f.finish();
    return spec;
}

std::optional<ItemBatcherSpec> read_item_batcher(Fields& state, QueryLanguage language) {
    const json::Value* value = state.object("ItemBatcher");
    if (!value) return std::nullopt;
    Fields f(*value, state.pointer_of("ItemBatcher"), state.diags(), "ItemBatcher");
    ItemBatcherSpec spec;
    if (f.is_object() && !f.has("MaxItemsPerBatch") && !f.has("MaxItemsPerBatchPath") &&
        !f.has("MaxInputBytesPerBatch") && !f.has("MaxInputBytesPerBatchPath"))
        f.error_here("At least one of the fields 'MaxItemsPerBatch', 'MaxItemsPerBatchPath', "
                     "'MaxInputBytesPerBatch' or 'MaxInputBytesPerBatchPath' is required");
    spec.max_items_per_batch =
        read_dynamic_number(f, "MaxItemsPerBatch", "MaxItemsPerBatchPath", language, 1, kMaxInt32);
    spec.max_input_bytes_per_batch = read_dynamic_number(f, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath",
                                                         language, 1, kMaxInputBytesPerBatch);
    if (language == QueryLanguage::JSONPath)
        spec.batch_input = read_template(f, "BatchInput");
    else
        spec.batch_input_jsonata = read_jsonata_value(f, "BatchInput");
    f.finish();
    return spec;
}

std::optional<ResultWriterSpec> read_result_writer(Fields& state, QueryLanguage language) {
    const json::Value* value = state.object("ResultWriter");
    if (!value) return std::nullopt;
    Fields f(*value, state.pointer_of("ResultWriter"), state.diags(), "ResultWriter");
    ResultWriterSpec spec;
    const std::string params(parameters_key(language));
    const bool has_resource = f.has("Resource");
    const bool has_params = f.has(params);
    if (f.is_object() && !has_resource && !f.has("WriterConfig"))
        f.error_here("The 'ResultWriter' field cannot be empty: it needs 'WriterConfig', or 'Resource' and '" + params +
                     "', or all three");
    else if (has_resource && !has_params)
        f.error_here("These fields are required: [" + params + "]");
    else if (has_params && !has_resource)
        f.error_here("These fields are required: [Resource]");
    spec.resource = read_s3_resource(f, ResourceField::ResultWriter);
    read_s3_arguments(f, language, {"Bucket"}, spec.parameters, spec.arguments);
    if (const json::Value* config_value = f.object("WriterConfig")) {
        Fields config(*config_value, f.pointer_of("WriterConfig"), f.diags(), "WriterConfig");
        if (auto type = read_enum(config, "OutputType", {"JSON", "JSONL"}))
            spec.output_type = *type == 0 ? ResultWriterSpec::OutputType::Json : ResultWriterSpec::OutputType::Jsonl;
        if (auto t = read_enum(config, "Transformation", {"NONE", "COMPACT", "FLATTEN"}))
            spec.transformation = std::array{ResultWriterSpec::Transformation::None,
                                             ResultWriterSpec::Transformation::Compact,
                                             ResultWriterSpec::Transformation::Flatten}[*t];
        config.finish();
    }
    f.finish();
    return spec;
}

std::optional<std::string> read_map_label(Fields& state, Context& context) {
    std::optional<std::string> label = state.string("Label");
    if (!label) return std::nullopt;
    if (utf8_length(*label) > kMaxMapLabelLength)
        state.diags().add(state.pointer_of("Label"), code::kInvalidLabelName,
                          "Field 'Label' must be at most " + std::to_string(kMaxMapLabelLength) + " characters");
    constexpr std::string_view kForbidden = " \t\n\r\v\f?*<>{}[]:;,\\|^~$#%&`\"";
    for (size_t i = 0; i < label->size(); ++i) {
        unsigned char c = static_cast<unsigned char>((*label)[i]);
        // U+0080..U+009F are C2 80..C2 9F in UTF-8.
        bool control = c < 0x20 || c == 0x7F ||
                       (c == 0xC2 && i + 1 < label->size() && static_cast<unsigned char>((*label)[i + 1]) <= 0x9F);
        if (control || kForbidden.find(static_cast<char>(c)) != std::string_view::npos) {
            state.diags().add(state.pointer_of("Label"), code::kInvalidLabelName,
                              "Field 'Label' must not contain whitespace, wildcard (? *), bracket (< > { } [ ]), "
                              "special (: ; , \\ | ^ ~ $ # % & ` \") or control characters");
            break;
        }
    }
    auto [it, inserted] = context.seen_labels.emplace(*label, state.pointer_of("Label"));
    if (!inserted)
        state.diags().add(state.pointer_of("Label"), code::kDuplicateLabelName,
                          "Labels must be unique within a state machine definition: '" + *label + "' is also at " +
                              it->second);
    return label;
}

}  // namespace stepwise::asl::detail
