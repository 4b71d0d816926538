// Any bytes as a JSONata expression, evaluated against a small fixed document
// under tight guards (depth, steps, time). Evaluation either yields a value
// or throws jsonata::Error; it must not crash, hang or throw anything else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "jsonata/expression.h"
#include "json/parse.h"
#include "json/write.h"

namespace {
const stepwise::json::Value& document() {
    static const stepwise::json::Value doc = stepwise::json::parse(R"({
        "Account": {"Name": "Firefly", "Order": [
            {"OrderID": "order103", "Product": [
                {"Name": "Bowler Hat", "SKU": "0406654608", "Price": 34.45, "Quantity": 2,
                 "Description": {"Colour": "Purple", "Weight": 0.75}},
                {"Name": "Trilby hat", "SKU": "0406634348", "Price": 21.67, "Quantity": 1}]},
            {"OrderID": "order104", "Product": [
                {"Name": "Cloak", "SKU": "040657863", "Price": 107.99, "Quantity": 1}]}]},
        "nums": [1, 2, 3.5, -4, 1e3], "strs": ["a", "b\u00e9", "\ud83d\ude00"], "nested": [[1, [2]], {"x": null}],
        "flag": true, "nothing": null
    })");
    return doc;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace stepwise;
    try {
        auto expr = jsonata::Expression::compile(text);
        jsonata::EvalOptions options;
        options.now_ms = 1.5e12;
        options.max_depth = 200;
        options.max_steps = 20000;
        options.timeout_ms = 200;
        options.max_output_bytes = 16 << 20;
        auto result = expr.evaluate(&document(), {}, options);
        if (result) (void)json::dump(*result);
    } catch (const jsonata::Error&) {
    }
    return 0;
}
