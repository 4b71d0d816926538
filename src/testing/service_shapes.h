// What AWS API operations return, as Step Functions hands it to a Task: the
// output shapes of botocore's service models (Debian's python3-botocore),
// turned into compact text at build time by generate_service_shapes.py and
// compiled in. Member names are PascalCase, as Step Functions returns them
// for optimized and AWS SDK integrations alike
// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
//
//   auto dynamodb = ServiceShapes::find("dynamodb");        // or an SDK name: "sfn", "eventbridge"
//   auto type = dynamodb->output("GetItem");                  // "26": structure 26
//   dynamodb->structure(26);                                  // {Item: "{52"}, {ConsumedCapacity: "51"}
//
// A type is a token of the generated text: s string, n number, b boolean,
// t timestamp, * anything, o an object not described further, e an empty
// object, [X a list of X, {X a map of X, digits a structure of the service.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace stepwise::testing {

namespace detail {
struct ServiceShapesText {
    std::string_view service;  // botocore's folder name: "dynamodb", "stepfunctions", "acm-pca"
    std::string_view text;
};
struct ServiceAlias {
    std::string_view alias;  // "sfn", "eventbridge", "acmpca"
    std::string_view service;
};
}  // namespace detail

struct ShapeMember {
    std::string_view name;
    std::string_view type;
};

class ServiceShapes {
public:
    // By botocore's folder name, else by the name the AWS SDKs (and
    // aws-sdk:<service>:<action> resources) give it; nullopt when unknown.
    static std::optional<ServiceShapes> find(std::string_view service);
    // Where the data comes from: "botocore 1.29.27".
    static std::string_view source();

    std::string_view service() const { return service_; }
    // The type of the operation's output ("GetItem"); nullopt when the service has no such operation.
    std::optional<std::string_view> output(std::string_view operation) const;
    // The members of a structure type (a type of all digits); empty for other types.
    std::vector<ShapeMember> structure(std::string_view type) const;

private:
    std::string_view service_;
    std::string_view text_;
    std::vector<std::string_view> structures_;  // each "Name:type Name:type ..."
};

}  // namespace stepwise::testing
