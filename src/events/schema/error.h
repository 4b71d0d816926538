// The error a schema registry operation throws: a schema that does not compile,
// a file that does not parse, a schema that does not say which events it describes.
#pragma once

#include <stdexcept>
#include <string>

namespace stepwise::events {

class SchemaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace stepwise::events
