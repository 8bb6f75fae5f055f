#include "cli/policy_text.hpp"

#include "policy/scalars.hpp"

#include <fmt/format.h>

namespace muster::cli {

std::string parties_text(const policy& p, const std::vector<party_ref>& list) {
  std::string s;
  for (const party_ref& r : list) s += (s.empty() ? "" : ", ") + to_string(p, r);
  return s;
}

std::string rung_text(const policy& p, const silence_rung& r) {
  const std::string act = to_string(r.act);
  return r.notify.empty() ? act : act + " (telling " + parties_text(p, r.notify) + ")";
}

std::string reaction_text(const policy& p, const reaction& r) {
  std::string line;
  switch (r.kind) {
    case reaction_kind::notify:
      line = "notify " + parties_text(p, r.to);
      if (!r.copy.empty()) line += "; copy " + parties_text(p, r.copy);
      if (r.takes_part) line += ", who takes part (owes an after-action report)";
      break;
    case reaction_kind::command_by_grade:
      line = "when the event sets or moves the command level: assign the coordinator and the commander of the command matrix; "
             "awaiting requests follow";
      break;
    case reaction_kind::actor_takes_position:
      line = fmt::format("the event's actor takes the {}'s position, whatever the grade (assign_command)",
                         r.position == command_position::coordinator ? "coordinator" : "commander");
      break;
    case reaction_kind::tell_replaced:
      line = "a headquarters it replaces is told that command moved";
      break;
    case reaction_kind::request_reports:
      line = fmt::format("each participant reports to {} within {}", to_string(p, r.to.front()), detail::format_duration(r.due));
      for (std::size_t i = 0; i < r.on_timeout.size(); ++i) line += (i == 0 ? "; when late " : " then ") + rung_text(p, r.on_timeout[i]);
      break;
  }
  if (r.when != no_index) line += fmt::format(", only when {}", p.conditions[r.when].text);
  if (r.notice_group != 0) line += " (each organisation told once across the event's routes)";
  return line;
}

}  // namespace muster::cli
