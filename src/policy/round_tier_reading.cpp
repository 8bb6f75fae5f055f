// Reading an answer round's tier (a warning's receive or push tier, a schedule's calls): its
// deadlines, silence ladder and whom an escalation tells.
#include "policy/party_reading.hpp"
#include "policy/scalars.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

/// A tier's deadlines and ladder. `id` names the tier in messages; `scopes` are those its
/// parties may use.
round_tier read_tier(policy_context& cx, const yaml_node& n, const std::string& id, unsigned scopes) {
  round_tier t;
  t.rule = cx.rule(id, n);
  t.within = parse_duration(scalar_or(n, "within")).value_or(0);
  t.within_special_period = parse_duration(scalar_or(n, "within_special_period")).value_or(0);
  if (t.within_special_period > t.within)
    cx.report(*field(n, "within_special_period"), "special-period-longer",
              id + ": within_special_period is longer than within", "special periods shorten deadlines (or leave it out)");
  const std::string where = id + "'s ladder";
  t.on_timeout = read_ladder(cx, field(n, "on_timeout"), scopes, where.c_str());
  t.escalate_to = read_parties(cx, field(n, "escalate_to"), scopes, "escalate_to");
  bool escalates = false;
  for (const auto& r : t.on_timeout) escalates = escalates || r.act == silence_action::escalate;
  if (escalates && t.escalate_to.empty())
    cx.report(*field(n, "on_timeout"), "missing-key", id + ": the ladder escalates but does not say to whom",
              "add escalate_to: [{ role: fire_rescue, of: upper }] (parties relative to the recipient's jurisdiction)");
  if (const yaml_node* cats = field(n, "categories")) t.categories = read_categories(*cats);
  return t;
}

}  // namespace detail
MUSTER_END_NAMESPACE
