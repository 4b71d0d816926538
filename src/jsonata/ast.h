// The abstract syntax tree. The parser produces raw nodes; the rewrite pass
// (rewrite.cpp) turns them into the evaluator's shape: paths of steps with
// stages (predicates, positional bindings), grouping, sorting, and the slots
// that resolve the parent operator %.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::jsonata {

class Signature;
class Regex;

enum class NodeType : uint8_t {
    // raw (parser) and final (evaluator) types
    Path, Binary, Unary, Name, String, Number, Value, Wildcard, Descendant, Parent,
    Condition, Block, Bind, Regex, Function, Partial, Variable, Lambda, Apply,
    Transform, Sort, Operator, End, Placeholder,
};

const char* node_type_name(NodeType t);

struct Node;

enum class BinOp : uint8_t { None, And, Or, Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, Concat, Range, In };
BinOp binop_of(const std::string& op);

// A slot links a % (parent) node to the step whose input it refers to.
struct Slot {
    std::string label;
    int level = 1;
    int index = 0;
};

struct Stage {
    bool is_index = false;  // true: #$var positional binding; false: filter
    Node* expr = nullptr;
    std::string var;
    size_t position = 0;
};

struct SortTerm {
    Node* expr = nullptr;
    bool descending = false;
};

struct Group {
    std::vector<std::pair<Node*, Node*>> pairs;
    size_t position = 0;
};

struct Node {
    NodeType type;
    std::string value;     // operator, name, variable name, string literal
    double number = 0;     // number literal
    int literal = 0;       // Value node: 0 null, 1 false, 2 true
    size_t position = 0;
    BinOp op = BinOp::None;  // Binary nodes

    Node* lhs = nullptr;
    Node* rhs = nullptr;
    Node* expression = nullptr;       // unary minus operand
    std::vector<Node*> expressions;   // block, array constructor, function arguments
    std::vector<Node*> steps;         // path
    std::vector<std::pair<Node*, Node*>> pairs;  // object constructor / raw group-by
    std::vector<SortTerm> terms;      // sort step
    Node* procedure = nullptr;        // function call
    Node* body = nullptr;             // lambda
    std::vector<Node*> params;        // lambda parameters (variables)
    std::shared_ptr<Signature> signature;
    Node* condition = nullptr;
    Node* then = nullptr;
    Node* otherwise = nullptr;
    Node* pattern = nullptr;          // transform
    Node* update = nullptr;
    Node* remove = nullptr;
    std::shared_ptr<Regex> regex;

    std::vector<Stage> predicate;
    std::vector<Stage> stages;
    bool has_stages = false;
    std::unique_ptr<Group> group;

    bool keep_array = false;
    bool keep_singleton_array = false;
    bool consarray = false;
    bool tuple = false;
    bool thunk = false;
    bool has_focus = false;
    std::string focus;
    bool has_index = false;
    std::string index;
    Slot* ancestor = nullptr;
    Slot* slot = nullptr;                 // parent node
    std::vector<Slot*> seeking_parent;
    bool has_seeking_parent = false;
};

// Owns every node and slot of one compiled expression.
struct Arena {
    std::vector<std::unique_ptr<Node>> nodes;
    std::vector<std::unique_ptr<Slot>> slots;
    Node* make(NodeType type, size_t position) {
        nodes.push_back(std::make_unique<Node>());
        nodes.back()->type = type;
        nodes.back()->position = position;
        return nodes.back().get();
    }
    Slot* make_slot() {
        slots.push_back(std::make_unique<Slot>());
        return slots.back().get();
    }
};

}  // namespace stepwise::jsonata
