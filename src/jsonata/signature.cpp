#include "jsonata/signature.h"

#include "jsonata/error.h"

namespace stepwise::jsonata {

char type_symbol(const Val& v) {
    switch (v.type()) {
        case VType::Function: return 'f';
        case VType::String: return 's';
        case VType::Number: return 'n';
        case VType::Bool: return 'b';
        case VType::Null: return 'l';
        case VType::Array: return 'a';
        case VType::Object: return 'o';
        default: return 'm';
    }
}

namespace {
size_t closing(const std::string& s, size_t start, char open, char close) {
    int depth = 1;
    size_t pos = start;
    while (pos < s.size()) {
        ++pos;
        if (pos >= s.size()) break;
        if (s[pos] == close) {
            if (--depth == 0) break;
        } else if (s[pos] == open) {
            ++depth;
        }
    }
    return pos;
}
}  // namespace

Signature Signature::parse(const std::string& text) {
    Signature sig;
    sig.text_ = text;
    Param param;
    Param* prev = nullptr;
    auto next = [&]() {
        sig.params_.push_back(param);
        param = Param();
    };
    for (size_t pos = 1; pos < text.size(); ++pos) {
        char symbol = text[pos];
        if (symbol == ':') break;
        prev = sig.params_.empty() ? &param : &sig.params_.back();
        switch (symbol) {
            case 's': case 'n': case 'b': case 'l': case 'o':
                param.accept = std::string(1, symbol) + "m";
                param.type = symbol;
                next();
                break;
            case 'a': param.accept = "asnblfom"; param.type = 'a'; next(); break;
            case 'f': param.accept = "f"; param.type = 'f'; next(); break;
            case 'j': param.accept = "asnblom"; param.type = 'j'; next(); break;
            case 'x': param.accept = "asnblfom"; param.type = 'x'; next(); break;
            case '-': prev->context = true; break;
            case '?': case '+': prev->quantifier = symbol; break;
            case '(': {
                size_t end = closing(text, pos, '(', ')');
                std::string choice = text.substr(pos + 1, end - pos - 1);
                if (choice.find('<') != std::string::npos) throw make_error("S0402", pos, "", choice);
                param.accept = choice + "m";
                param.type = '(';
                pos = end;
                next();
                break;
            }
            case '<': {
                if (prev->type == 'a' || prev->type == 'f') {
                    size_t end = closing(text, pos, '<', '>');
                    prev->subtype = text.substr(pos + 1, end - pos - 1);
                    pos = end;
                } else {
                    throw make_error("S0401", pos, "", std::string(1, prev->type));
                }
                break;
            }
            default: break;
        }
    }
    return sig;
}

size_t Signature::required_count() const {
    size_t n = 0;
    for (const auto& p : params_)
        if (p.quantifier != '?' && !p.context) ++n;
    return n;
}

size_t Signature::arity() const {
    size_t n = 0;
    for (const auto& p : params_)
        if (p.quantifier != '?') ++n;
    return n;
}

bool Signature::variadic() const {
    for (const auto& p : params_)
        if (p.quantifier == '+') return true;
    return false;
}

// Backtracking match of the argument type string against the parameters.
bool Signature::match(const std::string& sig, size_t pi, size_t si, std::vector<std::pair<size_t, size_t>>& spans) const {
    if (pi == params_.size()) return si == sig.size();
    const Param& p = params_[pi];
    auto accepts = [&](size_t i) { return i < sig.size() && p.accept.find(sig[i]) != std::string::npos; };
    size_t max_take = 0;
    if (p.quantifier == '+') {
        while (accepts(si + max_take)) ++max_take;
    } else {
        max_take = accepts(si) ? 1 : 0;
    }
    size_t min_take = (p.quantifier == '?' || p.context) ? 0 : 1;
    for (size_t take = max_take + 1; take-- > min_take;) {
        if (take == 0 && min_take == 1) break;
        spans[pi] = {si, take};
        if (match(sig, pi + 1, si + take, spans)) return true;
        if (take == 0) break;
    }
    return false;
}

std::vector<Val> Signature::validate(const std::vector<Val>& args, const Val& context, const std::string& name) const {
    std::string supplied;
    for (const auto& a : args) supplied += type_symbol(a);
    std::vector<std::pair<size_t, size_t>> spans(params_.size());
    if (!match(supplied, 0, 0, spans)) {
        // find the first argument that breaks the pattern
        size_t good = 0;
        for (size_t pi = 0; pi < params_.size(); ++pi) {
            const Param& p = params_[pi];
            size_t take = 0;
            auto accepts = [&](size_t i) { return i < supplied.size() && p.accept.find(supplied[i]) != std::string::npos; };
            if (p.quantifier == '+') {
                while (accepts(good + take)) ++take;
                if (take == 0) break;
            } else if (accepts(good)) {
                take = 1;
            } else if (p.quantifier != '?' && !p.context) {
                break;
            }
            good += take;
        }
        Error e("T0410", "Argument " + std::to_string(good + 1) + " of function " + name +
                             " does not match the function signature");
        if (good < args.size()) e.set_value(to_json(args[good]));
        throw e;
    }
    std::vector<Val> out;
    size_t arg_index = 0;
    for (size_t pi = 0; pi < params_.size(); ++pi) {
        const Param& p = params_[pi];
        auto [start, len] = spans[pi];
        if (len == 0) {
            if (p.context) {
                char ct = type_symbol(context);
                if (p.accept.find(ct) != std::string::npos && ct != 'm') {
                    out.push_back(context);
                } else if (ct == 'm' && p.accept.find('m') != std::string::npos) {
                    out.push_back(context);
                } else {
                    Error e("T0411", "Context value does not match the signature of function " + name);
                    e.set_value(to_json(context));
                    throw e;
                }
            } else {
                out.push_back(arg_index < args.size() ? args[arg_index] : Val());
                ++arg_index;
            }
            continue;
        }
        for (size_t k = 0; k < len; ++k) {
            char single = supplied[start + k];
            Val arg = arg_index < args.size() ? args[arg_index] : Val();
            if (p.type == 'a') {
                if (single == 'm') {
                    arg = Val();
                } else {
                    bool ok = true;
                    if (!p.subtype.empty()) {
                        if (single != 'a' && std::string(1, single) != p.subtype) {
                            ok = false;
                        } else if (single == 'a' && arg.size() > 0) {
                            char first = type_symbol(arg.at(0));
                            if (first != p.subtype[0]) {
                                ok = false;
                            } else {
                                for_each_item(arg, [&](const Val& item) {
                                    if (type_symbol(item) != first) ok = false;
                                });
                            }
                        }
                    }
                    if (!ok) {
                        Error e("T0412", "Argument " + std::to_string(arg_index + 1) + " of function " + name +
                                             " must be an array of the declared type");
                        e.set_value(to_json(arg));
                        throw e;
                    }
                    if (single != 'a') arg = make_array({arg});
                }
            }
            out.push_back(arg);
            ++arg_index;
        }
    }
    return out;
}

}  // namespace stepwise::jsonata
