#include "jsonata/parser.h"

#include <string>

#include "jsonata/error.h"
#include "jsonata/lexer.h"
#include "jsonata/regex.h"
#include "jsonata/signature.h"

namespace stepwise::jsonata {

namespace {

int left_binding_power(const Token& t) {
    if (t.type != TokenType::Operator) return 0;
    const std::string& v = t.value;
    if (v == "." ) return 75;
    if (v == "[" || v == "(" || v == "@" || v == "#") return 80;
    if (v == "{") return 70;
    if (v == "*" || v == "/" || v == "%") return 60;
    if (v == "+" || v == "-" || v == "&") return 50;
    if (v == "=" || v == "<" || v == ">" || v == "!=" || v == "<=" || v == ">=" || v == "^" || v == "~>" ||
        v == "?:" || v == "??" || v == "in")
        return 40;
    if (v == "and") return 30;
    if (v == "or") return 25;
    if (v == "?") return 20;
    if (v == ":=") return 10;
    return 0;
}

bool is_known_operator(const std::string& v) {
    static const char* const known[] = {".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-",
                                        "*", "/", "%", "|", "=", "<", ">", "^", "**", "..", ":=", "!=", "<=", ">=",
                                        "~>", "?:", "??", "and", "or", "in", "&"};
    for (const char* k : known)
        if (v == k) return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, Arena& arena, const ParseOptions& options)
        : lexer_(text, options.level), arena_(arena), options_(options), length_(text.size()) {}

    Node* parse() {
        advance();
        Node* expr = expression(0);
        if (tok_.type != TokenType::End) throw make_error("S0201", tok_.position, tok_.value);
        return expr;
    }

private:
    Lexer lexer_;
    Arena& arena_;
    ParseOptions options_;
    size_t length_;
    Token tok_;
    size_t depth_ = 0;

    bool is_op(const char* v) const { return tok_.type == TokenType::Operator && tok_.value == v; }
    bool at_end() const { return tok_.type == TokenType::End; }
    std::string token_id() const { return at_end() ? "(end)" : tok_.value; }

    // Consumes the current token (checking it is `id` when given) and reads the next.
    Token advance(const char* id = nullptr, bool infix = false) {
        if (id && !is_op(id)) {
            if (at_end()) throw make_error("S0203", tok_.position, token_id(), id);
            throw make_error("S0202", tok_.position, tok_.value, id);
        }
        Token previous = std::move(tok_);
        tok_ = lexer_.next(infix);
        if (tok_.type == TokenType::End) tok_.position = length_;
        if (tok_.type == TokenType::Operator && !is_known_operator(tok_.value))
            throw make_error("S0204", tok_.position, tok_.value);
        return previous;
    }

    struct DepthGuard {
        size_t& d;
        DepthGuard(size_t& depth, size_t max) : d(depth) {
            if (++d > max) throw Error("U1001", "The expression is nested too deeply", 0);
        }
        ~DepthGuard() { --d; }
    };

    Node* expression(int rbp) {
        DepthGuard guard(depth_, options_.max_depth);
        Token t = advance(nullptr, true);
        Node* left = nud(t);
        while (rbp < left_binding_power(tok_)) {
            Token op = advance();
            left = led(op, left);
        }
        return left;
    }

    Node* nud(const Token& t) {
        switch (t.type) {
            case TokenType::End: throw make_error("S0207", t.position);
            case TokenType::Name: {
                Node* n = arena_.make(NodeType::Name, t.position);
                n->value = t.value;
                return n;
            }
            case TokenType::Variable: {
                Node* n = arena_.make(NodeType::Variable, t.position);
                n->value = t.value;
                return n;
            }
            case TokenType::String: {
                Node* n = arena_.make(NodeType::String, t.position);
                n->value = t.value;
                return n;
            }
            case TokenType::Number: {
                Node* n = arena_.make(NodeType::Number, t.position);
                n->number = t.number;
                n->value = t.value;
                return n;
            }
            case TokenType::Value: {
                Node* n = arena_.make(NodeType::Value, t.position);
                n->literal = t.literal;
                n->value = t.value;
                return n;
            }
            case TokenType::Regex: {
                Node* n = arena_.make(NodeType::Regex, t.position);
                n->value = t.value;
                n->regex = Regex::compile(t.value, t.flags);
                return n;
            }
            case TokenType::Operator: break;
        }
        const std::string& v = t.value;
        if (v == "-") {
            Node* n = arena_.make(NodeType::Unary, t.position);
            n->value = "-";
            n->expression = expression(70);
            return n;
        }
        if (v == "*") return named(NodeType::Wildcard, t);
        if (v == "**") return named(NodeType::Descendant, t);
        if (v == "%") return named(NodeType::Parent, t);
        if (v == "and" || v == "or" || v == "in") {
            Node* n = arena_.make(NodeType::Operator, t.position);
            n->value = v;
            return n;
        }
        if (v == "(") {
            Node* n = arena_.make(NodeType::Block, t.position);
            while (!is_op(")")) {
                n->expressions.push_back(expression(0));
                if (!is_op(";")) break;
                advance(";");
            }
            advance(")", true);
            return n;
        }
        if (v == "[") {
            Node* n = arena_.make(NodeType::Unary, t.position);
            n->value = "[";
            if (!is_op("]")) {
                for (;;) {
                    Node* item = expression(0);
                    if (is_op("..")) {
                        Node* range = arena_.make(NodeType::Binary, tok_.position);
                        range->value = "..";
                        range->lhs = item;
                        advance("..");
                        range->rhs = expression(0);
                        item = range;
                    }
                    n->expressions.push_back(item);
                    if (!is_op(",")) break;
                    advance(",");
                }
            }
            advance("]", true);
            return n;
        }
        if (v == "{") {
            Node* n = arena_.make(NodeType::Unary, t.position);
            n->value = "{";
            n->pairs = object_pairs();
            return n;
        }
        if (v == "|") {
            Node* n = arena_.make(NodeType::Transform, t.position);
            n->pattern = expression(0);
            advance("|");
            n->update = expression(0);
            if (is_op(",")) {
                advance(",");
                n->remove = expression(0);
            }
            advance("|");
            return n;
        }
        throw make_error("S0211", t.position, v);
    }

    Node* named(NodeType type, const Token& t) {
        Node* n = arena_.make(type, t.position);
        n->value = t.value;
        return n;
    }

    std::vector<std::pair<Node*, Node*>> object_pairs() {
        std::vector<std::pair<Node*, Node*>> pairs;
        if (!is_op("}")) {
            for (;;) {
                Node* key = expression(0);
                advance(":");
                Node* value = expression(0);
                pairs.emplace_back(key, value);
                if (!is_op(",")) break;
                advance(",");
            }
        }
        advance("}", true);
        return pairs;
    }

    Node* binary(const Token& op, Node* left, Node* right) {
        Node* n = arena_.make(NodeType::Binary, op.position);
        n->value = op.value;
        n->lhs = left;
        n->rhs = right;
        return n;
    }

    Node* led(const Token& op, Node* left) {
        const std::string& v = op.value;
        if (v == "(") return call(op, left);
        if (v == "[") {
            if (is_op("]")) {
                Node* step = left;
                while (step && step->type == NodeType::Binary && step->value == "[") step = step->lhs;
                step->keep_array = true;
                advance("]");
                return left;
            }
            Node* n = binary(op, left, expression(0));
            advance("]", true);
            return n;
        }
        if (v == "{") {
            Node* n = arena_.make(NodeType::Binary, op.position);
            n->value = "{";
            n->lhs = left;
            n->pairs = object_pairs();
            return n;
        }
        if (v == "^") {
            advance("(");
            Node* n = arena_.make(NodeType::Binary, op.position);
            n->value = "^";
            n->lhs = left;
            for (;;) {
                SortTerm term;
                if (is_op("<")) {
                    advance("<");
                } else if (is_op(">")) {
                    term.descending = true;
                    advance(">");
                }
                term.expr = expression(0);
                n->terms.push_back(term);
                if (!is_op(",")) break;
                advance(",");
            }
            advance(")");
            return n;
        }
        if (v == "@" || v == "#") {
            Node* rhs = expression(80);
            if (rhs->type != NodeType::Variable) throw make_error("S0214", rhs->position, v);
            return binary(op, left, rhs);
        }
        if (v == "?") {
            Node* n = arena_.make(NodeType::Condition, op.position);
            n->condition = left;
            n->then = expression(0);
            if (is_op(":")) {
                advance(":");
                n->otherwise = expression(0);
            }
            return n;
        }
        if (v == "?:") {
            Node* n = arena_.make(NodeType::Condition, op.position);
            n->condition = left;
            n->then = left;
            n->otherwise = expression(0);
            return n;
        }
        if (v == "??") {
            Node* n = arena_.make(NodeType::Condition, op.position);
            Node* exists = arena_.make(NodeType::Function, op.position);
            exists->value = "(";
            exists->procedure = arena_.make(NodeType::Variable, op.position);
            exists->procedure->value = "exists";
            exists->expressions.push_back(left);
            n->condition = exists;
            n->then = left;
            n->otherwise = expression(0);
            return n;
        }
        if (v == ":=") {
            if (left->type != NodeType::Variable) throw make_error("S0212", left->position, left->value);
            return binary(op, left, expression(9));
        }
        int bp = left_binding_power(op);
        if (bp == 0 || v == "**") throw make_error("S0201", op.position, v);
        return binary(op, left, expression(bp));
    }

    Node* call(const Token& op, Node* left) {
        Node* n = arena_.make(NodeType::Function, op.position);
        n->value = "(";
        n->procedure = left;
        if (!is_op(")")) {
            for (;;) {
                if (is_op("?")) {
                    n->type = NodeType::Partial;
                    n->expressions.push_back(arena_.make(NodeType::Placeholder, tok_.position));
                    advance("?");
                } else {
                    n->expressions.push_back(expression(0));
                }
                if (!is_op(",")) break;
                advance(",");
            }
        }
        advance(")", true);
        if (left->type == NodeType::Name && (left->value == "function" || left->value == "\xCE\xBB")) {
            for (size_t i = 0; i < n->expressions.size(); ++i) {
                Node* arg = n->expressions[i];
                if (arg->type != NodeType::Variable)
                    throw make_error("S0208", arg->position, arg->value, std::to_string(i + 1));
            }
            n->type = NodeType::Lambda;
            n->params = std::move(n->expressions);
            n->expressions.clear();
            if (is_op("<")) {
                std::string sig = "<";
                int depth = 1;
                while (depth > 0 && !is_op("{") && !at_end()) {
                    advance();
                    if (is_op(">")) --depth;
                    else if (is_op("<")) ++depth;
                    sig += tok_.value;
                }
                advance(">");
                n->signature = std::make_shared<Signature>(Signature::parse(sig));
            }
            advance("{");
            n->body = expression(0);
            advance("}");
        }
        return n;
    }
};

}  // namespace

Node* parse_expression(std::string_view text, Arena& arena, const ParseOptions& options) {
    Parser parser(text, arena, options);
    Node* raw = parser.parse();
    return rewrite_ast(raw, arena);
}

}  // namespace stepwise::jsonata
