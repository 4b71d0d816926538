// The rewrite pass: turns the parser's tree into the evaluator's. Paths become
// flat step lists; predicates attach to steps as stages; `@`/`#` bindings mark
// tuple steps; `%` parent references are resolved to the step they climb to
// (slots); tail calls inside lambdas become thunks.
#include <string>

#include "jsonata/error.h"
#include "jsonata/parser.h"

namespace stepwise::jsonata {

namespace {

class Rewriter {
public:
    explicit Rewriter(Arena& arena) : arena_(arena) {}

    Node* process(Node* expr);

private:
    Arena& arena_;
    int ancestor_label_ = 0;
    int ancestor_index_ = 0;
    std::vector<Node*> ancestry_;

    Slot* seek_parent(Node* node, Slot* slot);
    void push_ancestry(Node* result, Node* value);
    void resolve_ancestry(Node* path);
    Node* tail_call_optimize(Node* expr);
    Node* make_path(Node* first) {
        Node* path = arena_.make(NodeType::Path, first->position);
        path->steps.push_back(first);
        return path;
    }
};

Slot* Rewriter::seek_parent(Node* node, Slot* slot) {
    switch (node->type) {
        case NodeType::Name:
        case NodeType::Wildcard:
            slot->level--;
            if (slot->level == 0) {
                if (node->ancestor) {
                    ancestry_[slot->index]->slot->label = node->ancestor->label;
                }
                node->ancestor = slot;
                node->tuple = true;
            }
            break;
        case NodeType::Parent: slot->level++; break;
        case NodeType::Block:
            if (!node->expressions.empty()) {
                node->tuple = true;
                slot = seek_parent(node->expressions.back(), slot);
            }
            break;
        case NodeType::Path: {
            node->tuple = true;
            long index = static_cast<long>(node->steps.size()) - 1;
            slot = seek_parent(node->steps[index--], slot);
            while (slot->level > 0 && index >= 0) slot = seek_parent(node->steps[index--], slot);
            break;
        }
        default: throw make_error("S0217", node->position, node_type_name(node->type));
    }
    return slot;
}

void Rewriter::push_ancestry(Node* result, Node* value) {
    if (!value) return;
    if (value->has_seeking_parent || value->type == NodeType::Parent) {
        std::vector<Slot*> slots = value->seeking_parent;
        if (value->type == NodeType::Parent) slots.push_back(value->slot);
        if (!result->has_seeking_parent) {
            result->seeking_parent = slots;
            result->has_seeking_parent = true;
        } else {
            result->seeking_parent.insert(result->seeking_parent.end(), slots.begin(), slots.end());
        }
    }
}

void Rewriter::resolve_ancestry(Node* path) {
    long index = static_cast<long>(path->steps.size()) - 1;
    Node* last = path->steps[index];
    std::vector<Slot*> slots = last->seeking_parent;
    if (last->type == NodeType::Parent) slots.push_back(last->slot);
    for (Slot* slot : slots) {
        index = static_cast<long>(path->steps.size()) - 2;
        while (slot->level > 0) {
            if (index < 0) {
                path->seeking_parent.push_back(slot);
                path->has_seeking_parent = true;
                break;
            }
            Node* step = path->steps[index--];
            while (index >= 0 && step->has_focus && path->steps[index]->has_focus) step = path->steps[index--];
            slot = seek_parent(step, slot);
        }
    }
}

Node* Rewriter::tail_call_optimize(Node* expr) {
    if (expr->type == NodeType::Function && expr->predicate.empty()) {
        Node* thunk = arena_.make(NodeType::Lambda, expr->position);
        thunk->thunk = true;
        thunk->body = expr;
        return thunk;
    }
    if (expr->type == NodeType::Condition) {
        expr->then = tail_call_optimize(expr->then);
        if (expr->otherwise) expr->otherwise = tail_call_optimize(expr->otherwise);
        return expr;
    }
    if (expr->type == NodeType::Block && !expr->expressions.empty()) {
        expr->expressions.back() = tail_call_optimize(expr->expressions.back());
    }
    return expr;
}

Node* Rewriter::process(Node* expr) {
    Node* result = nullptr;
    switch (expr->type) {
        case NodeType::Binary: {
            const std::string& op = expr->value;
            if (op == ".") {
                Node* lstep = process(expr->lhs);
                if (lstep->type == NodeType::Path) {
                    result = lstep;
                } else {
                    result = make_path(lstep);
                }
                if (lstep->type == NodeType::Parent) {
                    result->seeking_parent = {lstep->slot};
                    result->has_seeking_parent = true;
                }
                Node* rest = process(expr->rhs);
                if (rest->type == NodeType::Path) {
                    result->steps.insert(result->steps.end(), rest->steps.begin(), rest->steps.end());
                } else {
                    if (!rest->predicate.empty()) {
                        rest->stages = std::move(rest->predicate);
                        rest->predicate.clear();
                        rest->has_stages = true;
                    }
                    result->steps.push_back(rest);
                }
                for (Node* step : result->steps) {
                    if (step->type == NodeType::Number || step->type == NodeType::Value)
                        throw make_error("S0213", step->position, "", step->value);
                    if (step->type == NodeType::String) step->type = NodeType::Name;
                }
                for (Node* step : result->steps)
                    if (step->keep_array) result->keep_singleton_array = true;
                Node* first = result->steps.front();
                if (first->type == NodeType::Unary && first->value == "[") first->consarray = true;
                Node* last = result->steps.back();
                if (last->type == NodeType::Unary && last->value == "[") last->consarray = true;
                resolve_ancestry(result);
            } else if (op == "[") {
                result = process(expr->lhs);
                Node* step = result;
                bool stages = false;
                if (result->type == NodeType::Path) {
                    step = result->steps.back();
                    stages = true;
                }
                if (step->group) throw make_error("S0209", expr->position);
                Node* predicate = process(expr->rhs);
                if (predicate->has_seeking_parent) {
                    for (Slot* slot : predicate->seeking_parent) {
                        if (slot->level == 1) seek_parent(step, slot);
                        else slot->level--;
                    }
                    push_ancestry(step, predicate);
                }
                Stage stage;
                stage.expr = predicate;
                stage.position = expr->position;
                if (stages) {
                    step->stages.push_back(stage);
                    step->has_stages = true;
                } else {
                    step->predicate.push_back(stage);
                }
            } else if (op == "{") {
                result = process(expr->lhs);
                if (result->group) throw make_error("S0210", expr->position);
                result->group = std::make_unique<Group>();
                result->group->position = expr->position;
                for (auto& [k, v] : expr->pairs) result->group->pairs.emplace_back(process(k), process(v));
            } else if (op == "^") {
                result = process(expr->lhs);
                if (result->type != NodeType::Path) result = make_path(result);
                Node* sort = arena_.make(NodeType::Sort, expr->position);
                for (auto& term : expr->terms) {
                    SortTerm t{process(term.expr), term.descending};
                    push_ancestry(sort, t.expr);
                    sort->terms.push_back(t);
                }
                result->steps.push_back(sort);
                resolve_ancestry(result);
            } else if (op == ":=") {
                result = arena_.make(NodeType::Bind, expr->position);
                result->value = op;
                result->lhs = process(expr->lhs);
                result->rhs = process(expr->rhs);
                push_ancestry(result, result->rhs);
            } else if (op == "@") {
                result = process(expr->lhs);
                Node* step = result;
                if (result->type == NodeType::Path) step = result->steps.back();
                if (!step->stages.empty() || !step->predicate.empty()) throw make_error("S0215", expr->position, "@");
                if (step->type == NodeType::Sort) throw make_error("S0216", expr->position, "@");
                if (expr->keep_array) step->keep_array = true;
                step->focus = expr->rhs->value;
                step->has_focus = true;
                step->tuple = true;
            } else if (op == "#") {
                result = process(expr->lhs);
                Node* step = result;
                if (result->type == NodeType::Path) {
                    step = result->steps.back();
                } else {
                    result = make_path(result);
                    if (!step->predicate.empty()) {
                        step->stages = std::move(step->predicate);
                        step->predicate.clear();
                        step->has_stages = true;
                    }
                }
                if (!step->has_stages) {
                    step->index = expr->rhs->value;
                    step->has_index = true;
                } else {
                    Stage stage;
                    stage.is_index = true;
                    stage.var = expr->rhs->value;
                    stage.position = expr->position;
                    step->stages.push_back(stage);
                }
                step->tuple = true;
            } else if (op == "~>") {
                result = arena_.make(NodeType::Apply, expr->position);
                result->value = op;
                result->lhs = process(expr->lhs);
                result->rhs = process(expr->rhs);
                result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
            } else {
                result = arena_.make(NodeType::Binary, expr->position);
                result->value = op;
                result->op = binop_of(op);
                result->lhs = process(expr->lhs);
                result->rhs = process(expr->rhs);
                push_ancestry(result, result->lhs);
                push_ancestry(result, result->rhs);
            }
            break;
        }
        case NodeType::Unary: {
            result = arena_.make(NodeType::Unary, expr->position);
            result->value = expr->value;
            if (expr->value == "[") {
                for (Node* item : expr->expressions) {
                    Node* v = process(item);
                    push_ancestry(result, v);
                    result->expressions.push_back(v);
                }
            } else if (expr->value == "{") {
                for (auto& [k, v] : expr->pairs) {
                    Node* key = process(k);
                    push_ancestry(result, key);
                    Node* value = process(v);
                    push_ancestry(result, value);
                    result->pairs.emplace_back(key, value);
                }
            } else {
                result->expression = process(expr->expression);
                if (result->expression->type == NodeType::Number) {
                    result = result->expression;
                    result->number = -result->number;
                    result->value = "-" + result->value;
                } else {
                    push_ancestry(result, result->expression);
                }
            }
            break;
        }
        case NodeType::Function:
        case NodeType::Partial: {
            result = arena_.make(expr->type, expr->position);
            result->value = expr->value;
            for (Node* arg : expr->expressions) {
                Node* a = arg->type == NodeType::Placeholder ? arg : process(arg);
                push_ancestry(result, a);
                result->expressions.push_back(a);
            }
            result->procedure = process(expr->procedure);
            break;
        }
        case NodeType::Lambda: {
            result = arena_.make(NodeType::Lambda, expr->position);
            result->params = expr->params;
            result->signature = expr->signature;
            result->body = tail_call_optimize(process(expr->body));
            break;
        }
        case NodeType::Condition: {
            result = arena_.make(NodeType::Condition, expr->position);
            result->condition = process(expr->condition);
            push_ancestry(result, result->condition);
            result->then = expr->then == expr->condition ? result->condition : process(expr->then);
            push_ancestry(result, result->then);
            if (expr->otherwise) {
                result->otherwise = process(expr->otherwise);
                push_ancestry(result, result->otherwise);
            }
            break;
        }
        case NodeType::Transform: {
            result = arena_.make(NodeType::Transform, expr->position);
            result->pattern = process(expr->pattern);
            result->update = process(expr->update);
            if (expr->remove) result->remove = process(expr->remove);
            break;
        }
        case NodeType::Block: {
            result = arena_.make(NodeType::Block, expr->position);
            for (Node* item : expr->expressions) {
                Node* part = process(item);
                push_ancestry(result, part);
                if (part->consarray || (part->type == NodeType::Path && part->steps.front()->consarray))
                    result->consarray = true;
                result->expressions.push_back(part);
            }
            break;
        }
        case NodeType::Name: {
            result = make_path(expr);
            if (expr->keep_array) result->keep_singleton_array = true;
            break;
        }
        case NodeType::Parent: {
            result = expr;
            result->slot = arena_.make_slot();
            result->slot->label = "!" + std::to_string(ancestor_label_++);
            result->slot->level = 1;
            result->slot->index = ancestor_index_++;
            ancestry_.push_back(result);
            break;
        }
        case NodeType::String:
        case NodeType::Number:
        case NodeType::Value:
        case NodeType::Wildcard:
        case NodeType::Descendant:
        case NodeType::Variable:
        case NodeType::Regex:
        case NodeType::Placeholder: result = expr; break;
        case NodeType::Operator: {
            if (expr->value == "and" || expr->value == "or" || expr->value == "in") {
                expr->type = NodeType::Name;
                result = process(expr);
            } else {
                throw make_error("S0201", expr->position, expr->value);
            }
            break;
        }
        default: throw make_error("S0206", expr->position, node_type_name(expr->type));
    }
    if (expr->keep_array) result->keep_array = true;
    return result;
}

}  // namespace

BinOp binop_of(const std::string& op) {
    static const std::pair<const char*, BinOp> table[] = {
        {"and", BinOp::And}, {"or", BinOp::Or},  {"+", BinOp::Add},  {"-", BinOp::Sub},     {"*", BinOp::Mul},
        {"/", BinOp::Div},   {"%", BinOp::Mod},  {"=", BinOp::Eq},   {"!=", BinOp::Ne},     {"<", BinOp::Lt},
        {"<=", BinOp::Le},   {">", BinOp::Gt},   {">=", BinOp::Ge},  {"&", BinOp::Concat},  {"..", BinOp::Range},
        {"in", BinOp::In}};
    for (const auto& [text, code] : table)
        if (op == text) return code;
    return BinOp::None;
}

const char* node_type_name(NodeType t) {
    switch (t) {
        case NodeType::Path: return "path";
        case NodeType::Binary: return "binary";
        case NodeType::Unary: return "unary";
        case NodeType::Name: return "name";
        case NodeType::String: return "string";
        case NodeType::Number: return "number";
        case NodeType::Value: return "value";
        case NodeType::Wildcard: return "wildcard";
        case NodeType::Descendant: return "descendant";
        case NodeType::Parent: return "parent";
        case NodeType::Condition: return "condition";
        case NodeType::Block: return "block";
        case NodeType::Bind: return "bind";
        case NodeType::Regex: return "regex";
        case NodeType::Function: return "function";
        case NodeType::Partial: return "partial";
        case NodeType::Variable: return "variable";
        case NodeType::Lambda: return "lambda";
        case NodeType::Apply: return "apply";
        case NodeType::Transform: return "transform";
        case NodeType::Sort: return "sort";
        case NodeType::Operator: return "operator";
        case NodeType::End: return "end";
        case NodeType::Placeholder: return "operator";
    }
    return "unknown";
}

Node* rewrite_ast(Node* raw, Arena& arena) {
    Rewriter rewriter(arena);
    Node* result = rewriter.process(raw);
    if (result->type == NodeType::Parent || result->has_seeking_parent)
        throw make_error("S0217", result->position, node_type_name(result->type));
    return result;
}

}  // namespace stepwise::jsonata
