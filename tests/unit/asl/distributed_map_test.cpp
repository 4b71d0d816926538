// A Distributed Map's fields: ItemReader, ItemBatcher, ResultWriter, Label,
// each rule with the AWS page that states it, and the processor compiled as
// a child machine. Sources:
//  reader:  https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
//  batcher: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html
//  writer:  https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
//  map:     https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
//  spec:    https://states-language.net/spec.html (Reading Items, Batching Items, Writing Results)
#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {

constexpr const char* kSchema = "SCHEMA_VALIDATION_FAILED";

const std::string kDistributed =
    R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
const std::string kInline = R"("ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";

// A one-state machine with a Distributed Map "S" holding `fields` (members text, each ending in a comma).
CompileResult dmap(const std::string& fields, const std::string& top_extra = "") {
    return compile(std::string_view(one_state(R"({"Type":"Map","End":true,)" + fields + kDistributed + "}", top_extra)));
}
CompileResult dmap_jsonata(const std::string& fields) { return dmap(fields, R"("QueryLanguage":"JSONata",)"); }

const MapState& map_of(const CompileResult& result) { return result.machine->all_states.at("S")->as<MapState>(); }

const std::string kGet = R"("Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"})";
std::string reader(const std::string& config) {
    return R"("ItemReader":{)" + kGet + R"(,"ReaderConfig":)" + config + "},";
}

}  // namespace

// state-map-distributed.html and state-map-inline.html: ItemReader, ItemBatcher,
// ResultWriter and Label are Distributed Map fields; an inline Map would
// ignore them. ToleratedFailure* stay accepted on an inline Map: AWS ran one
// (conformance corpus evaluate_jsonata/base_map__TOLERATED_FAILURE_PERCENTAGE).
TEST(AslDistributedMap, FieldsOnlyForDistributed) {
    const std::pair<const char*, const char*> fields[] = {
        {"ItemReader", R"({"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"}})"},
        {"ItemBatcher", R"({"MaxItemsPerBatch":2})"},
        {"ResultWriter", R"({"WriterConfig":{"OutputType":"JSON"}})"},
        {"Label", R"("L")"},
    };
    for (const auto& [key, value] : fields) {
        CompileResult r = compile(std::string_view(
            one_state(R"({"Type":"Map","End":true,")" + std::string(key) + "\":" + value + "," + kInline + "}")));
        EXPECT_ASL_ERROR(r, "/States/S/" + std::string(key), kSchema, "only supported when 'Mode' is \"DISTRIBUTED\"");
    }
    EXPECT_COMPILES(compile(std::string_view(
        one_state(R"({"Type":"Map","End":true,"ToleratedFailurePercentage":5,"ToleratedFailureCount":1,)" + kInline + "}"))));
}

// input-output-itemreader.html: Resource (s3:getObject, s3:listObjectsV2) is
// required; getObject reads the object named by Bucket and Key, listObjectsV2
// lists a Bucket; JSONPath uses Parameters, JSONata Arguments.
TEST(AslDistributedMap, ItemReaderResourceAndParameters) {
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"ReaderConfig":{"InputType":"JSON"}},)"), "/States/S/ItemReader", kSchema,
                     "These fields are required: [Resource]");
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2"},)"), "/States/S/ItemReader",
                     kSchema, "These fields are required: [Parameters]");
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b"},"ReaderConfig":{"InputType":"JSON"}},)"),
                     "/States/S/ItemReader/Parameters", kSchema, "These fields are required: [Key]");
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Prefix":"p"}},)"),
                     "/States/S/ItemReader/Parameters", kSchema, "These fields are required: [Bucket]");
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}},)"),
                     "/States/S/ItemReader/Resource", "INVALID_RESOURCE", "arn:aws:states:::s3:putObject");
    // `Bucket.$` names the member as well; JSONata Arguments may be one expression.
    EXPECT_COMPILES(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket.$":"$.b","Key":"k"},"ReaderConfig":{"InputType":"JSONL"}},)"));
    EXPECT_COMPILES(dmap_jsonata(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Arguments":"{% $states.input.where %}"},)"));
    EXPECT_ASL_ERROR(dmap_jsonata(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Arguments":{"Prefix":"p"}},)"),
                     "/States/S/ItemReader/Arguments", kSchema, "These fields are required: [Bucket]");
    EXPECT_ASL_ERROR(dmap_jsonata(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"},"Arguments":{"Bucket":"b"}},)"),
                     "/States/S/ItemReader", kSchema, "field 'Parameters' is only supported for the 'JSONPath'");

    CompileResult list = dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"p/"}},)");
    ASSERT_TRUE(list.ok()) << describe(list);
    EXPECT_TRUE(map_of(list).item_reader->resource.is_service("s3", "listObjectsV2"));
    EXPECT_EQ(map_of(list).item_reader->input_type, ItemReaderSpec::InputType::None);
}

// input-output-itemreader.html, ReaderConfig: InputType is one of CSV, JSON,
// JSONL, PARQUET, MANIFEST (getObject needs it); a CSV file needs its header
// (CSVHeaderLocation FIRST_ROW or GIVEN, CSVHeaders with GIVEN); CSVDelimiter
// COMMA, PIPE, SEMICOLON, SPACE, TAB and both CSV fields only with CSV or
// MANIFEST; ItemsPointer selects a node of a JSON file.
TEST(AslDistributedMap, ReaderConfig) {
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{)" + kGet + "},"), "/States/S/ItemReader", kSchema,
                     "These fields are required: [ReaderConfig]");
    EXPECT_ASL_ERROR(dmap(reader("{}")), "/States/S/ItemReader/ReaderConfig", kSchema,
                     "These fields are required: [InputType]");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"XML"})")), "/States/S/ItemReader/ReaderConfig/InputType", kSchema,
                     R"(must be one of "CSV", "JSON", "JSONL", "MANIFEST", "PARQUET", not "XML")");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV"})")), "/States/S/ItemReader/ReaderConfig", kSchema,
                     "These fields are required: [CSVHeaderLocation]");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"LAST_ROW"})")),
                     "/States/S/ItemReader/ReaderConfig/CSVHeaderLocation", kSchema, R"("FIRST_ROW" or "GIVEN")");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"GIVEN"})")),
                     "/States/S/ItemReader/ReaderConfig", kSchema, "These fields are required: [CSVHeaders]");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","CSVHeaders":["a"]})")),
                     "/States/S/ItemReader/ReaderConfig", kSchema,
                     "Field 'CSVHeaders' is only supported when 'CSVHeaderLocation' is \"GIVEN\"");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["a",1]})")),
                     "/States/S/ItemReader/ReaderConfig/CSVHeaders/1", kSchema, "must be a string");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","CSVDelimiter":"COLON"})")),
                     "/States/S/ItemReader/ReaderConfig/CSVDelimiter", kSchema,
                     R"(one of "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB")");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","CSVDelimiter":"PIPE"})")), "/States/S/ItemReader/ReaderConfig",
                     kSchema, "Field 'CSVDelimiter' is only supported when 'InputType' is \"CSV\" or \"MANIFEST\"");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSONL","ItemsPointer":"/a"})")), "/States/S/ItemReader/ReaderConfig",
                     kSchema, "Field 'ItemsPointer' is only supported when 'InputType' is \"JSON\"");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","ItemsPointer":"a/b"})")),
                     "/States/S/ItemReader/ReaderConfig/ItemsPointer", kSchema, "must be a JSON pointer");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","Foo":1})")), "/States/S/ItemReader/ReaderConfig", kSchema,
                     "Field 'Foo' is not supported");

    CompileResult csv = dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["id","name"],"CSVDelimiter":"PIPE"})"));
    ASSERT_TRUE(csv.ok()) << describe(csv);
    const ItemReaderSpec& spec = *map_of(csv).item_reader;
    EXPECT_EQ(spec.input_type, ItemReaderSpec::InputType::Csv);
    EXPECT_TRUE(spec.csv_header_given);
    EXPECT_EQ(spec.csv_headers, (std::vector<std::string>{"id", "name"}));
    EXPECT_EQ(spec.csv_delimiter, '|');

    CompileResult json = dmap(reader(R"({"InputType":"JSON","ItemsPointer":"/inventory/products"})"));
    ASSERT_TRUE(json.ok()) << describe(json);
    EXPECT_EQ(map_of(json).item_reader->items_pointer, "/inventory/products");
    for (const char* type : {"JSONL", "MANIFEST", "PARQUET"}) EXPECT_COMPILES(dmap(reader(R"({"InputType":")" + std::string(type) + "\"}")));
}

// input-output-itemreader.html (updated Sep 11, 2025): Transformation
// LOAD_AND_FLATTEN and ManifestType are AWS's, not stepwise's yet: they fail
// loudly rather than run as something else.
TEST(AslDistributedMap, ReaderConfigNotSupportedYet) {
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"},"ReaderConfig":{"InputType":"JSON","Transformation":"LOAD_AND_FLATTEN"}},)"),
                     "/States/S/ItemReader/ReaderConfig/Transformation", kSchema, "not supported by stepwise yet");
    EXPECT_ASL_ERROR(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"},"ReaderConfig":{"InputType":"JSON"}},)"),
                     "/States/S/ItemReader/ReaderConfig", kSchema, "'InputType' is only supported for 's3:listObjectsV2'");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW","ManifestType":"ATHENA_DATA"})")),
                     "/States/S/ItemReader/ReaderConfig", kSchema, "Field 'ManifestType' is not supported by stepwise yet");
    EXPECT_COMPILES(dmap(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"},"ReaderConfig":{"Transformation":"NONE"}},)"));
}

// input-output-itemreader.html: "a limit of up to 100,000,000 after which the
// Distributed Map stops reading items"; spec.html: a ReaderConfig MUST NOT
// include both MaxItems and MaxItemsPath, which is JSONPath only.
TEST(AslDistributedMap, ReaderMaxItems) {
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","MaxItems":100000001})")),
                     "/States/S/ItemReader/ReaderConfig/MaxItems", kSchema, "between 0 and 100000000");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","MaxItems":-1})")), "/States/S/ItemReader/ReaderConfig/MaxItems",
                     kSchema, "between 0 and 100000000");
    EXPECT_ASL_ERROR(dmap(reader(R"({"InputType":"JSON","MaxItems":2,"MaxItemsPath":"$.n"})")),
                     "/States/S/ItemReader/ReaderConfig", kSchema, "cannot be used together");
    CompileResult literal = dmap(reader(R"({"InputType":"JSON","MaxItems":100000000})"));
    ASSERT_TRUE(literal.ok()) << describe(literal);
    EXPECT_EQ(map_of(literal).item_reader->max_items.literal, 100000000.0);
    CompileResult path = dmap(reader(R"({"InputType":"JSON","MaxItemsPath":"$.n"})"));
    ASSERT_TRUE(path.ok()) << describe(path);
    EXPECT_EQ(map_of(path).item_reader->max_items.path.text(), "$.n");
    CompileResult ata = dmap_jsonata(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Arguments":{"Bucket":"b","Key":"k"},"ReaderConfig":{"InputType":"JSON","MaxItems":"{% $states.input.n %}"}},)");
    ASSERT_TRUE(ata.ok()) << describe(ata);
    EXPECT_TRUE(map_of(ata).item_reader->max_items.jsonata);
    EXPECT_TRUE(map_of(ata).item_reader->arguments);
    EXPECT_ASL_ERROR(dmap_jsonata(R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Arguments":{"Bucket":"b","Key":"k"},"ReaderConfig":{"InputType":"JSON","MaxItemsPath":"$.n"}},)"),
                     "/States/S/ItemReader/ReaderConfig", kSchema, "field 'MaxItemsPath' is only supported for the 'JSONPath'");
}

// input-output-itembatcher.html: MaxItemsPerBatch is a positive integer,
// MaxInputBytesPerBatch up to 256 KiB, each either literal or Path (JSONPath
// only) but not both; spec.html: at least one of the four is required.
TEST(AslDistributedMap, ItemBatcher) {
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{},)"), "/States/S/ItemBatcher", kSchema,
                     "At least one of the fields 'MaxItemsPerBatch', 'MaxItemsPerBatchPath'");
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{"MaxItemsPerBatch":0},)"), "/States/S/ItemBatcher/MaxItemsPerBatch", kSchema,
                     "must be an integer between 1 and");
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{"MaxInputBytesPerBatch":262145},)"),
                     "/States/S/ItemBatcher/MaxInputBytesPerBatch", kSchema, "between 1 and 262144");
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{"MaxItemsPerBatch":2,"MaxItemsPerBatchPath":"$.n"},)"), "/States/S/ItemBatcher",
                     kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{"MaxInputBytesPerBatch":2,"MaxInputBytesPerBatchPath":"$.n"},)"),
                     "/States/S/ItemBatcher", kSchema, "cannot be used together");
    EXPECT_ASL_ERROR(dmap(R"("ItemBatcher":{"MaxItems":3},)"), "/States/S/ItemBatcher", kSchema,
                     "Field 'MaxItems' is not supported");
    EXPECT_ASL_ERROR(dmap_jsonata(R"("ItemBatcher":{"MaxItemsPerBatchPath":"$.n"},)"), "/States/S/ItemBatcher", kSchema,
                     "field 'MaxItemsPerBatchPath' is only supported for the 'JSONPath'");

    CompileResult ok = dmap(R"("ItemBatcher":{"MaxItemsPerBatchPath":"$.n","MaxInputBytesPerBatch":262144,"BatchInput":{"at.$":"$.when"}},)");
    ASSERT_TRUE(ok.ok()) << describe(ok);
    const ItemBatcherSpec& batcher = *map_of(ok).item_batcher;
    EXPECT_EQ(batcher.max_items_per_batch.path.text(), "$.n");
    EXPECT_EQ(batcher.max_input_bytes_per_batch.literal, 262144.0);
    EXPECT_TRUE(batcher.batch_input);

    CompileResult ata = dmap_jsonata(R"("ItemBatcher":{"MaxItemsPerBatch":"{% $states.input.n %}","BatchInput":{"at":"{% $now() %}"}},)");
    ASSERT_TRUE(ata.ok()) << describe(ata);
    EXPECT_TRUE(map_of(ata).item_batcher->max_items_per_batch.jsonata);
    EXPECT_TRUE(map_of(ata).item_batcher->batch_input_jsonata);
}

// input-output-resultwriter.html: "The ResultWriter field cannot be empty":
// WriterConfig, or Resource (s3:putObject) and Parameters (with the Bucket),
// or all three; WriterConfig's OutputType JSON or JSONL, Transformation NONE,
// COMPACT or FLATTEN.
TEST(AslDistributedMap, ResultWriter) {
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{},)"), "/States/S/ResultWriter", kSchema,
                     "The 'ResultWriter' field cannot be empty");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject"},)"), "/States/S/ResultWriter",
                     kSchema, "These fields are required: [Parameters]");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"Parameters":{"Bucket":"b"},"WriterConfig":{"OutputType":"JSON"}},)"),
                     "/States/S/ResultWriter", kSchema, "These fields are required: [Resource]");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Prefix":"p"}},)"),
                     "/States/S/ResultWriter/Parameters", kSchema, "These fields are required: [Bucket]");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b"}},)"),
                     "/States/S/ResultWriter/Resource", "INVALID_RESOURCE", "arn:aws:states:::s3:getObject");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"WriterConfig":{"OutputType":"CSV"}},)"),
                     "/States/S/ResultWriter/WriterConfig/OutputType", kSchema, R"("JSON" or "JSONL", not "CSV")");
    EXPECT_ASL_ERROR(dmap(R"("ResultWriter":{"WriterConfig":{"Transformation":"SQUASH"}},)"),
                     "/States/S/ResultWriter/WriterConfig/Transformation", kSchema,
                     R"(one of "NONE", "COMPACT", "FLATTEN", not "SQUASH")");

    CompileResult preview = dmap(R"("ResultWriter":{"WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSONL"}},)");
    ASSERT_TRUE(preview.ok()) << describe(preview);
    const ResultWriterSpec& writer = *map_of(preview).result_writer;
    EXPECT_FALSE(writer.resource.has_value());
    EXPECT_EQ(writer.transformation, ResultWriterSpec::Transformation::Flatten);
    EXPECT_EQ(writer.output_type, ResultWriterSpec::OutputType::Jsonl);

    CompileResult ata = dmap_jsonata(R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Arguments":{"Bucket":"b","Prefix":"{% $states.input.p %}"},"WriterConfig":{"Transformation":"COMPACT"}},)");
    ASSERT_TRUE(ata.ok()) << describe(ata);
    EXPECT_TRUE(map_of(ata).result_writer->arguments);
    EXPECT_EQ(map_of(ata).result_writer->transformation, ResultWriterSpec::Transformation::Compact);
}

// state-map-distributed.html, Label: "Labels can't exceed 40 characters in
// length, must be unique within a state machine definition, and can't
// contain" whitespace, wildcard, bracket, special or control characters.
// Codes INVALID_LABEL_NAME and DUPLICATE_LABEL_NAME:
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
TEST(AslDistributedMap, Label) {
    EXPECT_ASL_ERROR(dmap(R"("Label":")" + std::string(41, 'l') + "\","), "/States/S/Label", "INVALID_LABEL_NAME", "at most 40 characters");
    EXPECT_COMPILES(dmap(R"("Label":")" + std::string(40, 'l') + "\","));
    for (const char* bad : {"a b", "a*", "a?", "a<b", "a{", "a]", "a:b", "a;", "a,b", "a\\\\b", "a|", "a^", "a~", "a$", "a#",
                            "a%", "a&", "a`", "a\\\"", "a\\u0001", "a\\u007f", "a\\u0085"})
        EXPECT_ASL_ERROR(dmap(R"("Label":")" + std::string(bad) + "\","), "/States/S/Label", "INVALID_LABEL_NAME",
                         "must not contain whitespace")
            << bad;
    EXPECT_COMPILES(dmap(R"("Label":"Étiquette-1_ok.v2",)"));

    auto labelled = [](const std::string& step) {
        return R"({"Type":"Map","Label":"Same","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":")" +
               step + R"(","States":{")" + step + R"(":{"Type":"Pass","End":true}}}})";
    };
    CompileResult twice = compile(std::string_view(
        R"({"StartAt":"S","States":{"S":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":)" +
        labelled("P") + R"(}},{"StartAt":"B","States":{"B":)" + labelled("Q") + "}}]}}}"));
    EXPECT_ASL_ERROR(twice, "/States/S/Branches/1/States/B/Label", "DUPLICATE_LABEL_NAME", "Labels must be unique");
}

// The processor of a Distributed Map runs as a child execution of a machine of
// its own (state-map-distributed.html, "child workflow executions"): compiled
// standalone, without ProcessorConfig, in the parent's query language; an
// inline Map has none.
TEST(AslDistributedMap, ChildMachine) {
    CompileResult r = dmap(R"("Label":"L",)");
    ASSERT_TRUE(r.ok()) << describe(r);
    const MapState& map = map_of(r);
    ASSERT_NE(map.child_machine, nullptr);
    EXPECT_EQ(map.child_machine->root.start_at, "P");
    EXPECT_EQ(map.child_machine->root.states.size(), 1u);
    EXPECT_EQ(map.child_machine->root.start->pointer, "/States/P");
    EXPECT_EQ(map.child_machine->definition.find("ProcessorConfig"), nullptr);
    EXPECT_EQ(map.child_machine->root.query_language, QueryLanguage::JSONPath);

    CompileResult inline_map = compile(std::string_view(one_state(R"({"Type":"Map","End":true,)" + kInline + "}")));
    ASSERT_TRUE(inline_map.ok()) << describe(inline_map);
    EXPECT_EQ(map_of(inline_map).child_machine, nullptr);

    CompileResult ata = dmap_jsonata("");
    ASSERT_TRUE(ata.ok()) << describe(ata);
    EXPECT_EQ(map_of(ata).child_machine->root.query_language, QueryLanguage::JSONata);
    EXPECT_EQ(map_of(ata).child_machine->root.start->query_language, QueryLanguage::JSONata);

    // A Distributed Map inside a Distributed Map: the inner one's child machine
    // comes with the outer one's.
    const std::string nested =
        R"({"StartAt":"S","States":{"S":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Inner","States":{"Inner":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Leaf","States":{"Leaf":{"Type":"Pass","End":true}}}}}}}}})";
    CompileResult two = compile(std::string_view(nested));
    ASSERT_TRUE(two.ok()) << describe(two);
    const MapState& outer = map_of(two);
    ASSERT_NE(outer.child_machine, nullptr);
    const MapState& inner = outer.child_machine->all_states.at("Inner")->as<MapState>();
    ASSERT_NE(inner.child_machine, nullptr);
    EXPECT_EQ(inner.child_machine->root.start_at, "Leaf");
    EXPECT_EQ(inner.execution_type, "EXPRESS");

    // A definition with errors gets no machine, so no child machine either.
    EXPECT_FALSE(dmap(R"("ItemBatcher":{},)").ok());
}
