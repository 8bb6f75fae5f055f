// Precomputed JSON text: names and rules of one policy and registry.
#include "codec/fragments.hpp"

#include "policy/rule_table.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void write_rule(json_sink& out, const rule_ref& r) {
  out.raw("{\"rule\":", 8);
  out.string(r.id);
  out.key("file");
  out.string(r.where.file);
  out.key("line");
  out.uint(r.where.line);
  out.key("column");
  out.uint(r.where.column);
  out.key("clauses");
  out.ch('[');
  for (std::size_t i = 0; i < r.clauses.size(); ++i) {
    if (i) out.ch(',');
    out.string(r.clauses[i]);
  }
  out.raw("]}", 2);
}

codec_fragments build_fragments(const policy& p, const force_registry& r) {
  codec_fragments f;
  for (const auto& o : p.organisations) {
    const std::string id = json_string(o.id), name = json_string(display_name(o.name));
    for (std::size_t k = 0; k < f.org_host.size(); ++k) {
      const std::string key = std::string(org_key_names[k]);
      f.org_record[k].push_back(",\"" + key + "\":" + id);
      f.org_host[k].push_back(f.org_record[k].back() + ",\"" + key + "_name\":" + name);
    }
  }
  for (const auto& x : r.forces) {
    f.force_id.push_back(json_string(x.id));
    f.force_name.push_back(json_string(display_name(x.name)));
    auto& items = f.item_name.emplace_back();
    for (std::size_t k = 0; k < x.item_count(); ++k) items.push_back(json_string(display_name(x.item(k)->name)));
  }
  for (const auto& g : p.grades) f.grade_id.push_back(json_string(g.id));
  for (const auto& c : p.chains) {
    f.chain_id.push_back(json_string(c.id));
    f.measure_key.push_back(c.about == chain_subject::claim ? "amount" : "quantity");
  }
  for (const auto& x : p.flags) f.flag_id.push_back(json_string(x.id));
  for (const auto& x : p.warnings.hazards) f.hazard_id.push_back(json_string(x.id));
  for (const auto& x : p.schedules) f.schedule_id.push_back(json_string(x.id));
  for (int k = 0; k < effect_kind_count; ++k)
    for (int t = 0; t < topic_count; ++t) {
      const auto about = static_cast<topic>(t);
      f.effect_head.push_back("{\"kind\":" + json_string(to_string(static_cast<effect_kind>(k))) +
                              (about == topic::none ? std::string() : ",\"topic\":" + json_string(to_string(about))));
    }
  for (const auto& c : p.chains) {
    auto& steps = f.step_id.emplace_back();
    for (const auto& s : c.steps) steps.push_back(json_string(s.id));
  }
  rule_offsets unused;
  f.rules = build_rule_table(p, unused);  // the engine's table: a rule index means the same rule
  for (const rule_ref* rule : f.rules) {
    std::string s;
    {
      json_sink w(s);
      write_rule(w, *rule);
    }
    f.rule_json.push_back(std::move(s));
    f.rule_id.push_back(json_string(rule->id));
  }
  return f;
}

}  // namespace detail
MUSTER_END_NAMESPACE
