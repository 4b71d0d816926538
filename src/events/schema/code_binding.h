// Code bindings of an event schema, as the Schemas API's PutCodeBinding makes
// them: the source files of one language, for the classes of a BindingModel
// (code_binding_model.h), to be zipped (zip_writer.h).
//   Python36:    <package>/__init__.py, marshaller.py (Marshaller.marshall /
//                unmarshall), AWSEvent.py and one module per class, each class
//                with typed attributes, to_dict() and from_dict().
//   TypeScript3: <package>/AWSEvent.ts, one file per class, Marshaller.ts
//                (marshall, unmarshal, unmarshalEvent) and index.ts.
// Java8 and Go1, which AWS also generates, are not generated locally.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-code-bindings.html
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/schema/code_binding_model.h"
#include "events/schema/zip_writer.h"

namespace stepwise::events {

enum class BindingLanguage { Python36, TypeScript3 };

// "Python36" or "TypeScript3" (the API's names); nullopt for any other.
inline std::optional<BindingLanguage> binding_language(std::string_view name) {
    if (name == "Python36") return BindingLanguage::Python36;
    if (name == "TypeScript3") return BindingLanguage::TypeScript3;
    return std::nullopt;
}

// `origin` goes into each file's opening comment ("schema r/n version 2").
std::vector<ZipEntry> python_binding_files(const BindingModel& model, const std::string& origin);
std::vector<ZipEntry> typescript_binding_files(const BindingModel& model, const std::string& origin);

inline std::vector<ZipEntry> code_binding_files(BindingLanguage language, const BindingModel& model,
                                                const std::string& origin) {
    return language == BindingLanguage::Python36 ? python_binding_files(model, origin)
                                                 : typescript_binding_files(model, origin);
}

}  // namespace stepwise::events
