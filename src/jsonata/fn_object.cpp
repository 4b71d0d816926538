// Object functions: $keys $lookup $spread $merge $each $sift $type $clone $error $assert.
#include "jsonata/builtins.h"

namespace stepwise::jsonata {

namespace {

bool is_plain_object(const Val& v) { return v.is_object(); }

// jsonata-js: functions.js keys()
Val fn_keys(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    auto add = [&](std::string_view key) {
        for (const auto& k : out->items)
            if (k.as_string() == key) return;
        out->items.push_back(Val::string(key));
    };
    if (a.is_array()) {
        for_each_item(a, [&](const Val& item) {
            if (is_plain_object(item)) for_each_member(item, [&](std::string_view k, const Val&) { add(k); });
        });
    } else if (is_plain_object(a)) {
        for_each_member(a, [&](std::string_view k, const Val&) { out->items.push_back(Val::string(k)); });
    }
    return Val::from_node(std::move(out));
}

Val lookup_key(const Val& input, std::string_view key) {
    if (input.is_array()) {
        auto out = std::make_shared<ArrNode>();
        out->sequence = true;
        for_each_item(input, [&](const Val& item) {
            Val r = lookup_key(item, key);
            if (r.is_undefined()) return;
            if (r.is_array()) for_each_item(r, [&](const Val& y) { out->items.push_back(y); });
            else out->items.push_back(r);
        });
        return Val::from_node(std::move(out));
    }
    return input.get(key);
}

// jsonata-js: functions.js lookup()
Val fn_lookup(Context&, std::vector<Val>& args) { return lookup_key(arg(args, 0), arg(args, 1).as_string()); }

Val spread(const Val& v) {
    if (v.is_array()) {
        Val result = make_sequence();
        for_each_item(v, [&](const Val& item) { result = append(result, spread(item)); });
        return result;
    }
    if (is_plain_object(v)) {
        auto out = std::make_shared<ArrNode>();
        out->sequence = true;
        for_each_member(v, [&](std::string_view k, const Val& value) {
            auto obj = std::make_shared<ObjNode>();
            obj->set(k, value);
            out->items.push_back(Val::from_node(std::move(obj)));
        });
        return Val::from_node(std::move(out));
    }
    return v;
}

// jsonata-js: functions.js spread()
Val fn_spread(Context&, std::vector<Val>& args) { return spread(arg(args, 0)); }

// jsonata-js: functions.js merge()
Val fn_merge(Context&, std::vector<Val>& args) {
    Val a = arg(args, 0);
    if (a.is_undefined()) return {};
    auto out = std::make_shared<ObjNode>();
    for_each_item(a, [&](const Val& obj) {
        for_each_member(obj, [&](std::string_view k, const Val& v) { out->set(k, v); });
    });
    return Val::from_node(std::move(out));
}

// jsonata-js: functions.js each()
Val fn_each(Context& ctx, std::vector<Val>& args) {
    Val obj = arg(args, 0), fn = arg(args, 1);
    if (obj.is_undefined()) return {};
    auto out = std::make_shared<ArrNode>();
    out->sequence = true;
    for_each_member(obj, [&](std::string_view k, const Val& v) {
        Val r = ctx.apply_hof(fn, v, Val::string(k), obj);
        if (r.is_defined()) out->items.push_back(r);
    });
    return Val::from_node(std::move(out));
}

// jsonata-js: functions.js sift()
Val fn_sift(Context& ctx, std::vector<Val>& args) {
    Val obj = arg(args, 0), fn = arg(args, 1);
    if (obj.is_undefined()) return {};
    auto out = std::make_shared<ObjNode>();
    for_each_member(obj, [&](std::string_view k, const Val& v) {
        if (truthy(ctx.apply_hof(fn, v, Val::string(k), obj))) out->set(k, v);
    });
    if (out->members.empty()) return {};
    return Val::from_node(std::move(out));
}

// jsonata-js: functions.js type()
Val fn_type(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    return Val::string(type_name(v));
}

// jsonata-js: jsonata.js functionClone()
Val fn_clone(Context&, std::vector<Val>& args) {
    Val v = arg(args, 0);
    if (v.is_undefined()) return {};
    return deep_clone(v);
}

// jsonata-js: functions.js error()
Val fn_error(Context&, std::vector<Val>& args) {
    Val m = arg(args, 0);
    std::string message = m.is_string() ? std::string(m.as_string()) : "$error() function evaluated";
    throw Error("D3137", message);
}

// jsonata-js: functions.js assert()
Val fn_assert(Context&, std::vector<Val>& args) {
    if (!arg(args, 0).as_bool()) {
        Val m = arg(args, 1);
        std::string message = m.is_string() ? std::string(m.as_string()) : "$assert() statement failed";
        throw Error("D3141", message);
    }
    return {};
}

}  // namespace

std::vector<BuiltinDef> object_functions() {
    return {
        {"keys", "<x-:a<s>>", fn_keys},
        {"lookup", "<x-s:x>", fn_lookup},
        {"spread", "<x-:a<o>>", fn_spread},
        {"merge", "<a<o>:o>", fn_merge},
        {"each", "<o-f:a>", fn_each},
        {"sift", "<o-f?:o>", fn_sift},
        {"type", "<x:s>", fn_type},
        {"clone", "<(oa)-:o>", fn_clone},
        {"error", "<s?:x>", fn_error},
        {"assert", "<bs?:x>", fn_assert},
    };
}

}  // namespace stepwise::jsonata
