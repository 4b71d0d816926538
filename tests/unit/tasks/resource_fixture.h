// A parsed Resource for a hand-made TaskRequest (requests point at their
// state's Resource; here it lives as long as the test binary).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "asl/resource.h"

namespace fixtures {

inline const stepwise::asl::Resource* resource_of(const std::string& arn) {
    static std::map<std::string, std::unique_ptr<stepwise::asl::Resource>> parsed;
    auto& slot = parsed[arn];
    if (!slot) slot = std::make_unique<stepwise::asl::Resource>(*stepwise::asl::parse_resource(arn));
    return slot.get();
}

}  // namespace fixtures
