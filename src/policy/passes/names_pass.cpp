// Pass `names`: read every defined id into the policy's tables, refuse duplicates and check
// the table limits (64 roles and capabilities: they are bit masks in the engine).
#include "policy/condition_compiler.hpp"
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// Reads `items` (mappings with an id) into `out`, reporting a duplicate id at its second use.
template <class T, class Fill>
void read_list(policy_context& cx, std::string_view list_name, const std::vector<yaml_node>& items, std::vector<T>& out,
               std::vector<const yaml_node*>* nodes, Fill fill, std::size_t limit = no_index) {
  std::map<std::string, std::uint32_t> seen;  // id → line of first definition
  for (const auto& item : items) {
    const yaml_node* id = field(item, "id");
    if (!id) continue;
    auto [it, fresh] = seen.emplace(id->text, id->line);
    if (!fresh) {
      cx.report(*id, "duplicate-id", std::string(list_name) + ": id '" + id->text + "' is already defined on line " + std::to_string(it->second),
                "ids must be unique within their list");
      continue;
    }
    if (out.size() == limit) {
      cx.report(item, "too-many", std::string(list_name) + ": at most " + std::to_string(limit) + " entries are supported");
      return;
    }
    T t{};
    t.id = id->text;
    fill(t, item);
    out.push_back(std::move(t));
    if (nodes) nodes->push_back(&item);
  }
}

template <class T>
void read_named(policy_context& cx, std::string_view key, std::vector<T>& out, std::size_t limit = no_index) {
  read_list(cx, key, cx.list(key), out, nullptr, [](T& t, const yaml_node& n) { t.name = read_text(n); }, limit);
}

/// Administrative-division codes (GB/T 2260) are what a CAP alert's geocodes name: six digits,
/// and no two jurisdictions share one, or an alert's area could not be told apart.
void check_division_codes(policy_context& cx) {
  std::map<std::string, std::uint32_t> seen;  // code → line of first use
  for (std::size_t i = 0; i < cx.p.jurisdictions.size() && i < cx.jurisdiction_nodes.size(); ++i) {
    const std::string& code = cx.p.jurisdictions[i].code;
    const yaml_node* at = field(*cx.jurisdiction_nodes[i], "code");
    if (code.empty() || !at) continue;
    bool six_digits = code.size() == 6;
    for (char c : code) six_digits = six_digits && c >= '0' && c <= '9';
    if (!six_digits) {
      cx.report(*at, "invalid-code", "jurisdiction '" + cx.p.jurisdictions[i].id + "': code '" + code + "' is not a division code",
                "write the six-digit administrative-division code (GB/T 2260), e.g. code: \"371003\" for 文登区");
      continue;
    }
    auto [it, fresh] = seen.emplace(code, at->line);
    if (!fresh)
      cx.report(*at, "duplicate-code", "jurisdiction '" + cx.p.jurisdictions[i].id + "': code " + code + " is already given on line " + std::to_string(it->second),
                "each jurisdiction has its own division code");
  }
}

void check_has_name(policy_context& cx, const yaml_node& item) {
  // An empty string is no name: diagnostics and timelines would show nothing.
  const bool named = !scalar_or(item, "zh").empty() || !scalar_or(item, "en").empty();
  if (!named) cx.report(item, "missing-name", "give a name in zh, en or both", "e.g. zh: 文登区, en: Wendeng District");
}

}  // namespace

void resolve_names(policy_context& cx) {
  policy& p = cx.p;
  const yaml_node& meta = *field(cx.doc.root, "policy");
  p.id = scalar_or(meta, "id");
  p.name = read_text(meta);
  p.source = scalar_or(meta, "source");
  p.version = scalar_or(meta, "version");
  p.time_zone = scalar_or(meta, "time_zone", "Asia/Shanghai");

  for (auto key : {"grades", "roles", "sectors", "capabilities", "jurisdictions", "organisations", "incident_types", "periods", "flags", "chains"})
    for (const auto& item : cx.list(key)) check_has_name(cx, item);

  if (const yaml_node* document = field(cx.doc.root, "document")) {
    p.document.id = scalar_or(*document, "id");
    p.document.name = read_text(*document);
    read_list(cx, "document clauses", items_of(field(*document, "clauses")), p.document.clauses, nullptr,
              [](named_item& c, const yaml_node& n) { c.name = read_text(n); });
    if (const yaml_node* clauses = field(*document, "clauses"); clauses && clauses->is_seq() && clauses->items.empty())
      cx.report(*clauses, "empty-list", "document: clauses lists no clause, so no rule can cite one",
                "list the clauses of the document the policy encodes, e.g. - { id: \"art.7\", en: Calling in forces }");
  }
  read_named(cx, "grades", p.grades);
  read_list(cx, "roles", cx.list("roles"), p.roles, nullptr, [](role& r, const yaml_node& n) {
    r.name = read_text(n);
    r.one_per_jurisdiction = scalar_or(n, "one_per_jurisdiction") == "true";
  }, 64);
  read_named(cx, "sectors", p.sectors);
  read_named(cx, "capabilities", p.capabilities, 64);
  read_list(cx, "jurisdictions", cx.list("jurisdictions"), p.jurisdictions, &cx.jurisdiction_nodes, [](jurisdiction& j, const yaml_node& n) {
    j.name = read_text(n);
    j.level = scalar_or(n, "level") == "city" ? jurisdiction_level::city : jurisdiction_level::county;
    j.kind = scalar_or(n, "kind");
    j.code = scalar_or(n, "code");
  });
  check_division_codes(cx);
  read_list(cx, "organisations", cx.list("organisations"), p.organisations, &cx.organisation_nodes,
            [](organisation& o, const yaml_node& n) { o.name = read_text(n); });
  read_list(cx, "incident_types", cx.list("incident_types"), p.incident_types, &cx.incident_type_nodes,
            [&](incident_type& t, const yaml_node& n) { t.name = read_text(n); t.rule = cx.rule("incident_types." + t.id, n); });
  read_list(cx, "periods", cx.list("periods"), p.periods, &cx.period_nodes,
            [&](period& x, const yaml_node& n) { x.name = read_text(n); x.rule = cx.rule("periods." + x.id, n); });
  read_named(cx, "flags", p.flags, 64);
  // A `when:` names periods and flags by id, after the engine's own facts: one called like a
  // fact could never be read.
  for (const char* key : {"periods", "flags"})
    for (const yaml_node& n : cx.list(key))
      if (const yaml_node* id = n.is_map() ? field(n, "id") : nullptr; id && is_condition_fact(id->text))
        cx.report(*id, "reserved-id", std::string(key) + ": '" + id->text + "' is a fact conditions read (when: " + id->text + ")",
                  "choose another id, e.g. " + id->text + "_on");
  read_list(cx, "information", cx.list("information"), p.information, &cx.route_nodes, [&](information_route& r, const yaml_node& n) {
    r.rule = cx.rule("information." + r.id, n);
    if (items_of(field(n, "notify")).empty() && items_of(field(n, "copy")).empty())
      cx.report(n, "empty-route", "information route '" + r.id + "' tells nobody", "give it notify, copy or both");
  });
  read_list(cx, "chains", cx.list("chains"), p.chains, &cx.chain_nodes, [&](chain& c, const yaml_node& n) {
    c.name = read_text(n);
    c.rule = cx.rule("chains." + c.id, n);
    cx.step_nodes.emplace_back();
    cx.action_nodes.emplace_back();
    read_list(cx, "steps of chain '" + c.id + "'", items_of(field(n, "steps")), c.steps, &cx.step_nodes.back(),
              [&](chain_step& s, const yaml_node& sn) {
                s.rule = cx.rule("chains." + c.id + ".steps." + s.id, sn);
                // `next: done` ends a chain, so a step called done could never be pointed at.
                if (s.id == "done") cx.report(*field(sn, "id"), "reserved-id", "a step may not be called 'done'", "next: done means the end of the chain; choose another id");
              });
    read_list(cx, "on_approved of chain '" + c.id + "'", items_of(field(n, "on_approved")), c.on_approved,
              &cx.action_nodes.back(),
              [&](chain_action& a, const yaml_node& an) { a.rule = cx.rule("chains." + c.id + ".on_approved." + a.id, an); },
              max_chain_actions);  // an order keeps its action's index in one byte
  });

  auto& t = *cx.tables;
  t.grades = make_table(p.grades);
  t.roles = make_table(p.roles);
  t.sectors = make_table(p.sectors);
  t.capabilities = make_table(p.capabilities);
  t.jurisdictions = make_table(p.jurisdictions);
  t.organisations = make_table(p.organisations);
  t.incident_types = make_table(p.incident_types);
  t.periods = make_table(p.periods);
  t.chains = make_table(p.chains);
  t.flags = make_table(p.flags);

  if (p.grades.empty()) cx.report(*field(cx.doc.root, "grades"), "empty-list", "grades: at least one severity grade is needed");
  if (p.jurisdictions.empty()) cx.report(*field(cx.doc.root, "jurisdictions"), "empty-list", "jurisdictions: at least one is needed");
}

}  // namespace detail
MUSTER_END_NAMESPACE
