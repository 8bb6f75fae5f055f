// The force registry compiler: the same load and generic passes as the policy, then the
// registry's own passes, checked against a compiled policy's ids.
#include "policy/forces_compiler.hpp"

#include "common/digest.hpp"
#include "policy/diagnostic_codes.hpp"
#include "policy/lookup_tables.hpp"
#include "policy/pass_runner.hpp"
#include "policy/scalars.hpp"

#include <map>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

struct forces_context : compile_context {
  const policy& p;
  force_registry& out;
  std::vector<const yaml_node*> force_nodes;
  forces_context(const yaml_document& d, std::vector<diagnostic>& ds, const policy& pol, force_registry& r)
      : compile_context{d, forces_file_spec(), ds, {}}, p(pol), out(r) {}

  index_t resolve(const yaml_node& ref, index_t found, std::string_view what, const id_table& table) {
    if (found != no_index) return found;
    std::vector<std::string> names;
    for (const auto& e : table) names.push_back(e.first);
    std::string guess = did_you_mean(ref.text, names);
    report(ref, unknown_code(what), words(what) + " '" + ref.text + "' is not defined in the policy " + p.file,
           guess.empty() ? std::string() : "did you mean '" + guess + "'?");
    return no_index;
  }
};

std::vector<counted_item> read_items(const yaml_node* list) {
  std::vector<counted_item> out;
  for (const auto& item : items_of(list))
    out.push_back({read_text(item), static_cast<std::uint32_t>(parse_integer(scalar_or(item, "count")).value_or(0))});
  return out;
}

force_category category_of(const std::string& s) {
  return s == "enterprise" ? force_category::enterprise : s == "social" ? force_category::social
         : s == "expert" ? force_category::expert : force_category::government;
}

void read_forces(forces_context& cx) {
  cx.out.updated = parse_date(scalar_or(cx.doc.root, "updated")).value_or(date{});
  std::map<std::string, std::uint32_t> seen;
  for (const auto& n : items_of(field(cx.doc.root, "forces"))) {
    const yaml_node* id = field(n, "id");
    if (!id) continue;
    if (auto [it, fresh] = seen.emplace(id->text, id->line); !fresh) {
      cx.report(*id, "duplicate-id", "forces: id '" + id->text + "' is already defined on line " + std::to_string(it->second));
      continue;
    }
    if (!field(n, "zh") && !field(n, "en")) cx.report(n, "missing-name", "give the force a name in zh, en or both");
    force f;
    f.id = id->text;
    f.name = read_text(n);
    f.category = category_of(scalar_or(n, "category"));
    f.personnel = static_cast<std::uint32_t>(parse_integer(scalar_or(n, "personnel")).value_or(0));
    f.equipment = read_items(field(n, "equipment"));
    f.materials = read_items(field(n, "materials"));
    f.data_updated = parse_date(scalar_or(n, "data_updated")).value_or(date{});
    f.insured_until = parse_date(scalar_or(n, "insured_until")).value_or(date{});
    f.registered = scalar_or(n, "registered") == "true";
    parse_duty_status(scalar_or(n, "duty"), f.duty);  // unknown names: invalid-choice, from the scalar pass
    for (const auto& e : items_of(field(n, "expertise"))) f.expertise.push_back(e.text);
    f.where = cx.where(n);
    cx.out.forces.push_back(std::move(f));
    cx.force_nodes.push_back(&n);
  }
}

void resolve_forces(forces_context& cx) {
  const auto& t = *cx.p.tables;
  const object_spec& force_spec = *cx.spec.find("forces")->object;
  for (std::size_t i = 0; i < cx.out.forces.size(); ++i) {
    force& f = cx.out.forces[i];
    const yaml_node& n = *cx.force_nodes[i];
    const yaml_node* owner = field(n, "owner");
    const yaml_node* authority = field(n, force_spec, "authority");  // or its old name, still read (deprecated-key)
    const yaml_node* home = field(n, "jurisdiction");
    f.owner = cx.resolve(*owner, cx.p.find_organisation(owner->text), "organisation", t.organisations);
    f.authority = cx.resolve(*authority, cx.p.find_organisation(authority->text), "organisation", t.organisations);
    f.jurisdiction = cx.resolve(*home, cx.p.find_jurisdiction(home->text), "jurisdiction", t.jurisdictions);
    for (const auto& c : items_of(field(n, "capabilities"))) {
      index_t cap = cx.resolve(c, cx.p.find_capability(c.text), "capability", t.capabilities);
      if (cap != no_index) f.capabilities |= capability_mask{1} << cap;
    }
    if (const yaml_node* caps = field(n, "capabilities"); caps && caps->items.empty())
      cx.report(*caps, "empty-list", "force '" + f.id + "' has no capability, so it can never be proposed or called",
                "list what it can do, from the policy's capabilities");
    if (const yaml_node* s = field(n, "sector")) f.sector = cx.resolve(*s, cx.p.find_sector(s->text), "sector", t.sectors);
    if (f.authority != no_index) {
      const organisation& a = cx.p.organisations[f.authority];
      // `{ role: X, of: force }` is this organisation acting as X: it must hold every such role,
      // or a step naming one it lacks would be addressed to a department that is not an X.
      if (const role_mask missing = cx.p.force_authority_roles & ~a.roles) {
        std::string roles;
        for (std::size_t r = 0; r < cx.p.roles.size(); ++r)
          if (missing >> r & 1U) roles += (roles.empty() ? "" : ", ") + cx.p.roles[r].id;
        cx.report(*authority, "not-an-authority",
                  "organisation '" + a.id + "' does not hold " + roles + ", which the policy asks of a force's authority ({ role: …, of: force })",
                  "name the department that governs this force's sector (行业主管部门), or give it the role in the policy");
      }
    }
  }
}

void check_categories(forces_context& cx) {
  // 1.2–1.4: what each category must say about itself.
  for (std::size_t i = 0; i < cx.out.forces.size(); ++i) {
    const force& f = cx.out.forces[i];
    const yaml_node& n = *cx.force_nodes[i];
    if (f.category == force_category::enterprise && !field(n, "sector"))
      cx.report(n, "missing-key", "enterprise force '" + f.id + "' needs 'sector' (the industry it serves)");
    if (f.category == force_category::social && !field(n, "registered"))
      cx.report(n, "missing-key", "social force '" + f.id + "' needs 'registered' (its registration status)");
    if (f.category == force_category::expert && f.expertise.empty())
      cx.report(n, "missing-key", "expert '" + f.id + "' needs 'expertise' (the fields it advises on)");
  }
}

void check_dates(forces_context& cx) {
  for (std::size_t i = 0; i < cx.out.forces.size(); ++i) {
    const force& f = cx.out.forces[i];
    const yaml_node& n = *cx.force_nodes[i];
    if (cx.out.updated.valid() && cx.out.updated < f.data_updated)
      cx.report(*field(n, "data_updated"), "date-in-future", "force '" + f.id + "': data_updated is after the registry's updated date");
    if (cx.out.updated.valid() && f.insured_until < cx.out.updated)
      cx.warn(*field(n, "insured_until"), "insurance-expired", "force '" + f.id + "': accident insurance expired before the registry date");
  }
}

const pass<forces_context> forces_passes[] = {
    {"shape", [](forces_context& cx) { check_shape(cx); }, false},
    {"scalars", [](forces_context& cx) {
       for (const auto& c : cx.p.document.clauses) cx.clause_ids.push_back(c.id);
       check_scalars(cx);
     }, true},
    {"names", read_forces, false},
    {"references", resolve_forces, false},
    {"categories", check_categories, false},
    {"calendar", check_dates, true},
};

}  // namespace

registry_result compile_registry(bool loaded, const yaml_document& doc, std::string_view bytes, std::vector<diagnostic> diags,
                                 const policy& p, const compile_options& options) {
  registry_result result;
  result.diagnostics = std::move(diags);
  if (loaded) {
    auto out = std::make_shared<force_registry>();
    out->file = doc.file;
    out->digest = sha256_hex(bytes);
    out->source.assign(bytes.data(), bytes.size());
    out->policy_digest = p.digest;
    forces_context cx(doc, result.diagnostics, p, *out);
    run_passes(cx, forces_passes, result.passes);
    out->by_id = make_table(out->forces);
    if (!has_errors(result.diagnostics)) result.value = std::move(out);
  }
  finish_diagnostics(result.diagnostics, options.limits.max_diagnostics);
  return result;
}

}  // namespace detail

registry_result compile_forces_text(const policy& p, const std::string& file_name, std::string_view yaml, const compile_options& options) {
  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  bool loaded = detail::load_yaml(file_name, yaml, options.limits, doc, diags);
  return detail::compile_registry(loaded, doc, yaml, std::move(diags), p, options);
}

registry_result compile_forces_file(const policy& p, const std::string& path, const compile_options& options) {
  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  std::string bytes;
  bool loaded = detail::load_yaml_file(path, options.limits, doc, diags, &bytes);
  return detail::compile_registry(loaded, doc, bytes, std::move(diags), p, options);
}

MUSTER_END_NAMESPACE
