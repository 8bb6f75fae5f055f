// `when:` conditions: tokenizer, recursive-descent parser and type checker in one pass,
// emitting a postfix program. See condition_compiler.hpp for the grammar.
#include "policy/condition_compiler.hpp"

#include "common/did_you_mean.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

using fact = condition_fact;

// ---------------------------------------------------------------------------------------------
// Tokens

enum class tok : std::uint8_t { name, number, cmp, lparen, rparen, lbracket, rbracket, comma, kw_and, kw_or, kw_not, kw_in, kw_has, end, bad };

struct token {
  tok kind = tok::end;
  std::string_view text;
  std::size_t offset = 0;
  condition_compare cmp = condition_compare::eq;
};

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '.'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

token next_token(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  token t;
  t.offset = i;
  if (i >= s.size()) return t;
  const char c = s[i];
  auto take = [&](tok k, std::size_t n) {
    t.kind = k;
    t.text = s.substr(i, n);
    i += n;
    return t;
  };
  if (name_start(c)) {
    std::size_t j = i;
    while (j < s.size() && name_char(s[j])) ++j;
    const std::string_view w = s.substr(i, j - i);
    const tok k = w == "and" ? tok::kw_and : w == "or" ? tok::kw_or : w == "not" ? tok::kw_not : w == "in" ? tok::kw_in
                  : w == "has" ? tok::kw_has : tok::name;
    return take(k, j - i);
  }
  if (digit(c)) {
    std::size_t j = i;
    while (j < s.size() && (digit(s[j]) || name_start(s[j]))) ++j;  // "3h" is one (bad) number
    return take(tok::number, j - i);
  }
  const char d = i + 1 < s.size() ? s[i + 1] : '\0';
  auto cmp = [&](condition_compare k, std::size_t n) {
    t.cmp = k;
    return take(tok::cmp, n);
  };
  switch (c) {
    case '(': return take(tok::lparen, 1);
    case ')': return take(tok::rparen, 1);
    case '[': return take(tok::lbracket, 1);
    case ']': return take(tok::rbracket, 1);
    case ',': return take(tok::comma, 1);
    case '=': if (d == '=') return cmp(condition_compare::eq, 2); break;
    case '!': if (d == '=') return cmp(condition_compare::ne, 2); break;
    case '<': return d == '=' ? cmp(condition_compare::le, 2) : cmp(condition_compare::lt, 1);
    case '>': return d == '=' ? cmp(condition_compare::ge, 2) : cmp(condition_compare::gt, 1);
    default: break;
  }
  // One character (a whole UTF-8 sequence) that starts no token.
  std::size_t n = 1;
  while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  if ((c == '&' && d == '&') || (c == '|' && d == '|')) n = 2;
  return take(tok::bad, n);
}

const char* describe(const token& t) {
  switch (t.kind) {
    case tok::end: return "the end of the condition";
    default: return nullptr;
  }
}

// ---------------------------------------------------------------------------------------------
// Facts by name

/// A boolean name and the program it stands for: a fact, optionally negated.
struct boolean_name {
  const char* name;
  fact f;
  bool negated;
};
constexpr boolean_name boolean_names[] = {
    {"always", fact::constant, false},
    {"special_period", fact::special_period, false},
    {"not_special_period", fact::special_period, true},
    {"sensitive_period", fact::sensitive_period, false},
    {"not_sensitive_period", fact::sensitive_period, true},
    {"headquarters", fact::headquarters, false},
    {"headquarters_established", fact::headquarters, false},
    {"no_headquarters", fact::headquarters, true},
    {"above_threshold", fact::above_threshold, false},
    {"at_or_above_threshold", fact::above_threshold, false},
    {"below_threshold", fact::above_threshold, true},
    {"drill", fact::drill, false},
};

enum class kind : std::uint8_t { ordered_id, id, integer, capability_set };

struct valued_name {
  const char* name;
  fact f;
  kind k;
  const char* type_phrase;  ///< "a grade", "an incident type" …
  bool force;               ///< force.*: needs a per-force place
  bool request;             ///< read from the request: needs a chain
};
constexpr valued_name valued_names[] = {
    {"grade", fact::grade, kind::ordered_id, "a grade", false, false},
    {"type", fact::type, kind::id, "an incident type", false, false},
    {"level", fact::level, kind::id, "a jurisdiction level", false, false},
    {"forces", fact::forces, kind::integer, "a whole number", false, true},
    {"amount", fact::amount, kind::integer, "a whole number", false, true},
    {"quantity", fact::quantity, kind::integer, "a whole number", false, true},
    {"force.category", fact::force_category, kind::id, "a force category", true, false},
    {"force.sector", fact::force_sector, kind::id, "a sector", true, false},
    {"force.capability", fact::force_capability, kind::capability_set, "a capability", true, false},
};

const char* const level_ids[] = {"city", "county"};                                  // jurisdiction_level order
const char* const category_ids[] = {"government", "enterprise", "social", "expert"};  // force_category order


std::string listed(const std::vector<std::string>& ids, std::size_t max = 8) {
  std::string s;
  for (std::size_t i = 0; i < ids.size() && i < max; ++i) s += (i ? ", " : "") + ids[i];
  if (ids.size() > max) s += ", …";
  return s;
}

// ---------------------------------------------------------------------------------------------
// The parser

class parser {
 public:
  parser(const policy& p, std::string_view text, const condition_place& place, condition_program& out, condition_error& err)
      : p_(p), s_(text), place_(place), out_(out), err_(err) {
    advance();
  }

  /// False when the text is not a condition; `err` says why. Every parse step below returns
  /// false at the first error, which stops the parse.
  bool run() {
    if (t_.kind == tok::end)
      return fail("condition-syntax", "the condition is empty", "write a condition, e.g. special_period, or leave when: out");
    if (!parse_or(0)) return false;
    if (t_.kind != tok::end) return expected("'and', 'or' or the end of the condition");
    return true;
  }

 private:
  const policy& p_;
  std::string_view s_;
  const condition_place& place_;
  condition_program& out_;
  condition_error& err_;
  std::size_t pos_ = 0;
  token t_;

  void advance() { t_ = next_token(s_, pos_); }

  bool fail(const char* code, std::string message, std::string hint, std::size_t offset) {
    err_ = {code, std::move(message), std::move(hint), offset};
    return false;
  }
  bool fail(const char* code, std::string message, std::string hint = {}) {
    return fail(code, std::move(message), std::move(hint), t_.offset);
  }

  std::string spelled(const token& t) const {
    if (const char* d = describe(t)) return d;
    return "'" + std::string(t.text) + "'";
  }

  bool expected(const std::string& what) {
    std::string hint;
    if (t_.text == "&&") hint = "write 'and'";
    else if (t_.text == "||") hint = "write 'or'";
    else if (t_.text == "!") hint = "write 'not'";
    else if (t_.text == "=") hint = "write '==' to compare";
    else if (t_.kind == tok::name || t_.kind == tok::number) hint = "join two tests with 'and' or 'or'";
    return fail("condition-syntax", "expected " + what + ", found " + spelled(t_), hint);
  }

  /// Appends `op`; an error at byte `at` (default: the current token) when the program is full.
  bool emit(condition_op op, std::size_t at = std::string_view::npos) {
    if (out_.ops.size() >= max_condition_ops)
      return fail("condition-too-complex", "the condition has more than " + std::to_string(max_condition_ops) + " steps",
                  "split it, or use in [..] instead of a chain of or", at == std::string_view::npos ? t_.offset : at);
    out_.ops.push_back(op);
    return true;
  }
  bool emit(condition_opcode c, std::size_t at = std::string_view::npos) {
    return emit(condition_op{c, fact::constant, condition_compare::eq, 0}, at);
  }

  bool deeper(unsigned depth) {
    if (depth <= max_condition_depth) return true;
    return fail("condition-too-complex", "the condition nests deeper than " + std::to_string(max_condition_depth) + " levels",
                "flatten it: and/or chains need no parentheses");
  }

  bool parse_or(unsigned depth) {
    if (!parse_and(depth)) return false;
    while (t_.kind == tok::kw_or) {
      const std::size_t at = t_.offset;
      advance();
      if (!parse_and(depth) || !emit(condition_opcode::op_or, at)) return false;
    }
    return true;
  }

  bool parse_and(unsigned depth) {
    if (!parse_unary(depth)) return false;
    while (t_.kind == tok::kw_and) {
      const std::size_t at = t_.offset;
      advance();
      if (!parse_unary(depth) || !emit(condition_opcode::op_and, at)) return false;
    }
    return true;
  }

  bool parse_unary(unsigned depth) {
    if (t_.kind == tok::kw_not) {
      if (!deeper(depth + 1)) return false;
      const std::size_t at = t_.offset;
      advance();
      return parse_unary(depth + 1) && emit(condition_opcode::op_not, at);
    }
    if (t_.kind == tok::lparen) {
      if (!deeper(depth + 1)) return false;
      advance();
      if (!parse_or(depth + 1)) return false;
      if (t_.kind != tok::rparen) {
        if (t_.kind == tok::end) return fail("condition-syntax", "expected ')', found the end of the condition", "close the parenthesis");
        return expected("')', 'and' or 'or'");
      }
      advance();
      return true;
    }
    if (t_.kind == tok::name) return parse_test();
    if (t_.kind == tok::number)
      return fail("condition-syntax", "expected a fact, found the number " + std::string(t_.text),
                  "a test starts with the fact: forces > 3, not 3 < forces");
    return expected("a test (a fact such as grade or special_period), 'not' or '('");
  }

  /// Every name a test may start with, for did-you-mean.
  std::vector<std::string> start_names() const {
    std::vector<std::string> names;
    for (const auto& b : boolean_names) names.emplace_back(b.name);
    for (const auto& v : valued_names) names.emplace_back(v.name);
    for (const auto& x : p_.periods) names.push_back(x.id);
    for (const auto& x : p_.flags) names.push_back(x.id);
    return names;
  }

  bool check_place(const token& name, const valued_name& v) {
    if (v.force && !place_.per_force)
      return fail("condition-context", std::string(v.name) + " is about one force, and " + place_.where + " is not applied per force",
                  "use it in a step or action with for_each: force, or in issue_orders / request_support", name.offset);
    if (v.request && !place_.in_chain)
      return fail("condition-context", std::string(v.name) + " is read from a request, and " + place_.where + " has none",
                  "use it in a chain's steps or on_approved actions", name.offset);
    return true;
  }

  bool parse_test() {
    const token name = t_;
    advance();
    const bool compared = t_.kind == tok::cmp || t_.kind == tok::kw_in || t_.kind == tok::kw_has;
    for (const auto& b : boolean_names)
      if (name.text == b.name) {
        if (compared) return boolean_compared(name);
        return emit({condition_opcode::test, b.f, condition_compare::eq, 1}) && (!b.negated || emit(condition_opcode::op_not));
      }
    auto test_index = [&](fact f, std::size_t i) {
      if (compared) return boolean_compared(name);
      return emit({condition_opcode::test, f, condition_compare::eq, static_cast<std::int64_t>(i)});
    };
    for (std::size_t i = 0; i < p_.periods.size(); ++i)
      if (name.text == p_.periods[i].id) return test_index(fact::period, i);
    for (std::size_t i = 0; i < p_.flags.size(); ++i)
      if (name.text == p_.flags[i].id) return test_index(fact::flag, i);
    for (const auto& v : valued_names)
      if (name.text == v.name) return check_place(name, v) && parse_comparison(name, v);
    const std::string word(name.text);
    if (word.rfind("force.", 0) == 0) {
      std::vector<std::string> force_names;
      for (const auto& v : valued_names)
        if (v.force) force_names.emplace_back(v.name);
      const std::string guess = did_you_mean(word, force_names);
      return fail("unknown-condition", "'" + word + "' is not a fact of a force",
                  guess.empty() ? "a force has force.category, force.sector and force.capability" : "did you mean '" + guess + "'?",
                  name.offset);
    }
    const std::string guess = did_you_mean(word, start_names());
    return fail("unknown-condition", "condition '" + word + "' is not one the engine knows",
                guess.empty() ? "name a fact (grade, type, level, forces, special_period, headquarters …), a period or a flag"
                              : "did you mean '" + guess + "'?",
                name.offset);
  }

  bool boolean_compared(const token& name) {
    return fail("condition-type", "'" + std::string(name.text) + "' is true or false, so it cannot be compared",
                "write it alone, or with not: not " + std::string(name.text));
  }

  bool parse_comparison(const token& name, const valued_name& v) {
    const std::string fact_name(name.text);
    std::int64_t x = 0;
    if (t_.kind == tok::kw_has) {
      if (v.k != kind::capability_set)
        return fail("condition-type", "'has' asks a set, and " + fact_name + " is " + v.type_phrase, "compare it with == or in [..]");
      advance();
      return value(v, x) && emit({condition_opcode::member, v.f, condition_compare::eq, mask_of(x)});
    }
    if (t_.kind == tok::kw_in) {
      if (v.k == kind::integer)
        return fail("condition-type", "'in' needs a list of ids, and " + fact_name + " is a whole number",
                    "compare it: " + fact_name + " >= 3");
      advance();
      if (t_.kind != tok::lbracket) return expected("'[' to start the list");
      advance();
      std::vector<std::int64_t> items;
      for (;;) {
        if (!value(v, x)) return false;
        if (std::find(items.begin(), items.end(), x) == items.end()) items.push_back(x);
        if (t_.kind == tok::rbracket) break;
        if (t_.kind != tok::comma) return expected("',' or ']'");
        advance();
      }
      advance();
      const bool fits = std::all_of(items.begin(), items.end(), [](std::int64_t i) { return i >= 0 && i < 64; });
      if (fits) {
        std::int64_t m = 0;
        for (std::int64_t i : items) m |= mask_of(i);
        return emit({condition_opcode::member, v.f, condition_compare::eq, m});
      }
      for (std::size_t i = 0; i < items.size(); ++i)  // an index past 63 (many sectors or types): a chain of ==
        if (!emit({condition_opcode::compare, v.f, condition_compare::eq, items[i]}) || (i && !emit(condition_opcode::op_or))) return false;
      return true;
    }
    if (t_.kind != tok::cmp) {
      const char* how = v.k == kind::integer          ? "compare it, e.g. forces > 3"
                        : v.k == kind::ordered_id     ? "compare it, e.g. grade >= larger"
                        : v.k == kind::capability_set ? "ask it, e.g. force.capability has heavy_machinery"
                                                      : "compare it with == or in [..]";
      if (t_.kind == tok::end || t_.kind == tok::kw_and || t_.kind == tok::kw_or || t_.kind == tok::rparen)
        return fail("condition-type", fact_name + " is " + v.type_phrase + ", not true or false", how, name.offset);
      return expected("a comparison after " + fact_name + " (==, !=, <, <=, >, >=, in or has)");
    }
    const condition_compare cmp = t_.cmp;
    const bool ordering = cmp != condition_compare::eq && cmp != condition_compare::ne;
    if (v.k == kind::capability_set)
      return fail("condition-type", fact_name + " is a set of capabilities; it cannot be compared with " + std::string(t_.text),
                  "write force.capability has <capability>, or force.capability in [a, b]");
    if (ordering && v.k == kind::id)
      return fail("condition-type", "'" + std::string(t_.text) + "' needs an order, and " + fact_name + " has none",
                  "use ==, != or in [..]");
    advance();
    return value(v, x) && emit({condition_opcode::compare, v.f, cmp, x});
  }

  static std::int64_t mask_of(std::int64_t bit) {
    return bit >= 0 && bit < 64 ? static_cast<std::int64_t>(std::uint64_t{1} << bit) : 0;
  }

  /// The ids a fact's value may be, for messages and did-you-mean.
  std::vector<std::string> ids_for(fact f) const {
    switch (f) {
      case fact::grade: return ids_of(p_.grades);
      case fact::type: return ids_of(p_.incident_types);
      case fact::level: return {std::begin(level_ids), std::end(level_ids)};
      case fact::force_category: return {std::begin(category_ids), std::end(category_ids)};
      case fact::force_sector: return ids_of(p_.sectors);
      case fact::force_capability: return ids_of(p_.capabilities);
      default: return {};
    }
  }

  /// A value for fact `v` into `out`: an integer literal, or one of its ids (as an index).
  bool value(const valued_name& v, std::int64_t& out) {
    const token t = t_;
    if (v.k == kind::integer) {
      if (t.kind == tok::name)
        return fail("condition-type", std::string(v.name) + " is a whole number, and '" + std::string(t.text) + "' is not one",
                    "compare it with a number: " + std::string(v.name) + " > 3");
      if (t.kind != tok::number) return expected("a whole number");
      std::string why;
      const auto n = parse_integer(t.text, &why);
      if (!n || *n < 0)
        return fail("condition-syntax", "'" + std::string(t.text) + "' is not a whole number" + (why.empty() ? "" : " (" + why + ")"),
                    "write plain digits, without units or leading zeros");
      advance();
      out = *n;
      return true;
    }
    const std::vector<std::string> ids = ids_for(v.f);
    if (t.kind == tok::number)
      return fail("condition-type", std::string(v.name) + " is compared with " + v.type_phrase + ", and " + std::string(t.text) + " is a number",
                  "name " + std::string(v.type_phrase) + ": " + listed(ids));
    if (t.kind != tok::name) return expected(std::string(v.type_phrase) + " (" + listed(ids, 4) + ")");
    const auto it = std::find(ids.begin(), ids.end(), t.text);
    if (it == ids.end()) {
      const std::string guess = did_you_mean(t.text, ids);
      return fail("unknown-condition", "'" + std::string(t.text) + "' is not " + v.type_phrase,
                  guess.empty() ? "name one of: " + listed(ids) : "did you mean '" + guess + "'?");
    }
    advance();
    out = it - ids.begin();
    return true;
  }
};

/// The deepest the evaluation stack gets; 0 when the program is malformed.
std::size_t stack_needed(const std::vector<condition_op>& ops) {
  std::size_t top = 0, most = 0;
  for (const auto& op : ops) {
    switch (op.code) {
      case condition_opcode::test:
      case condition_opcode::compare:
      case condition_opcode::member: most = std::max(most, ++top); break;
      case condition_opcode::op_not: if (top < 1) return 0; break;
      case condition_opcode::op_and:
      case condition_opcode::op_or: if (top < 2) return 0; --top; break;
    }
  }
  return top == 1 ? most : 0;
}

}  // namespace

bool is_condition_fact(std::string_view word) {
  for (const auto& b : boolean_names)
    if (word == b.name) return true;
  for (const auto& v : valued_names)
    if (word == v.name) return true;
  return false;
}

bool compile_condition(const policy& p, std::string_view text, const condition_place& place, condition_program& out,
                       condition_error& err) {
  out.text = std::string(text);
  out.ops.clear();
  if (!parser(p, text, place, out, err).run()) return false;
  const std::size_t stack = stack_needed(out.ops);
  if (stack == 0 || stack > max_condition_depth) {
    err = {"condition-too-complex", "the condition needs more than " + std::to_string(max_condition_depth) + " values at once",
           "flatten it: and/or chains need no parentheses", 0};
    return false;
  }
  out.uses_force = std::any_of(out.ops.begin(), out.ops.end(), [](const condition_op& op) {
    return op.fact == fact::force_category || op.fact == fact::force_sector || op.fact == fact::force_capability;
  });
  return true;
}

index_t compile_when(policy_context& cx, const yaml_node& n, const condition_place& place) {
  condition_program prog;
  condition_error err;
  prog.where = cx.where(n);
  if (!compile_condition(cx.p, n.text, place, prog, err)) {
    // The token's own column when the text stands verbatim on the node's line; else the node.
    std::uint32_t column = n.column;
    if (n.text_column != 0) {
      column = n.text_column;
      for (std::size_t i = 0; i < err.offset && i < n.text.size(); ++i)
        if ((static_cast<unsigned char>(n.text[i]) & 0xC0) != 0x80) ++column;
    }
    cx.diags.push_back({severity::error, err.code, {cx.doc.file, n.line, column, -1}, err.message, err.hint});
    return no_index;
  }
  // `always` (alone) is no condition at all: the engine's one compare.
  if (prog.ops.size() == 1 && prog.ops[0].code == condition_opcode::test && prog.ops[0].fact == fact::constant) return no_index;
  if (cx.p.conditions.size() >= no_index) return no_index;
  cx.p.conditions.push_back(std::move(prog));
  return static_cast<index_t>(cx.p.conditions.size() - 1);
}

}  // namespace detail
MUSTER_END_NAMESPACE
