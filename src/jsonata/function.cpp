#include "jsonata/function.h"

namespace stepwise::jsonata {

size_t FnNode::arity() const {
    switch (kind) {
        case Kind::Lambda: return lambda->thunk ? 0 : lambda->params.size();
        case Kind::Builtin: return builtin->arity;
        case Kind::Host: return host_signature ? host_signature->arity() : 1;
        case Kind::Partial: {
            size_t n = 0;
            for (bool p : placeholder) n += p;
            return n;
        }
        case Kind::Regex: return 1;
        case Kind::RegexNext: return 0;
        case Kind::Compose: return 1;
        case Kind::Transform: return 1;
    }
    return 0;
}

const Signature* FnNode::signature() const {
    switch (kind) {
        case Kind::Lambda: return lambda->signature.get();
        case Kind::Builtin: return &builtin->signature;
        case Kind::Host: return host_signature.get();
        case Kind::Transform: {
            static const Signature transform = Signature::parse("<(oa):o>");
            return &transform;
        }
        default: return nullptr;
    }
}

Val make_builtin_value(const Builtin* b) {
    auto node = std::make_shared<FnNode>(FnNode::Kind::Builtin);
    node->builtin = b;
    return Val::from_node(std::move(node));
}

}  // namespace stepwise::jsonata
