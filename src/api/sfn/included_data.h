// includedData (DescribeExecution, StartSyncExecution, DescribeStateMachine*):
// METADATA_ONLY leaves out what a customer managed key would encrypt (the
// execution's input and output; a definition shows as "{}").
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html#StepFunctions-DescribeExecution-request-includedData
#pragma once

#include "api/sfn/fields.h"

namespace stepwise::api {

enum class IncludedData { All, MetadataOnly };

// The request's includedData (ALL_DATA when absent), checked against AWS's enum.
inline IncludedData included_data_of(Fields& fields) {
    auto included = fields.text("includedData", rule::one_of({"ALL_DATA", "METADATA_ONLY"}));
    return included == "METADATA_ONLY" ? IncludedData::MetadataOnly : IncludedData::All;
}

}  // namespace stepwise::api
