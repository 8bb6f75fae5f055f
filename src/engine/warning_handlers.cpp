// Warning events (3.3.1): check the references and who acts, then hand the event to the
// warning's machine. Nothing is changed before the checks pass.
#include "engine/handlers.hpp"
#include "engine/warning_round.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

std::string warning_text(const engine::impl& en, warning_id id) { return incident_text(en, id); }

/// The warning an event names by `id` (any of its ids); rejects unknown_warning.
bool find_warning(dispatch& cx, warning_id id) {
  const auto at = id == 0 ? std::nullopt : cx.en.warning_index.find(id);
  if (!at) {
    cx.reject(rejection::unknown_warning, id == 0 ? std::string("the event names no warning") : "no warning " + warning_text(cx.en, id));
    return false;
  }
  if (!cx.en.warnings.present(*at)) {
    refuse_released(cx, "warning " + warning_text(cx.en, id), "ended");
    return false;
  }
  cx.warning = *at;
  return true;
}

/// A new id for the warning (its own, an update's or a cancel's): unused so far.
bool claim_id(dispatch& cx, warning_id id, std::uint32_t record) {
  if (id == 0) {
    cx.reject(rejection::malformed, "the event names no warning id");
    return false;
  }
  if (cx.en.warning_index.find(id)) {
    cx.reject(rejection::warning_exists, "warning id " + warning_text(cx.en, id) + " is already used");
    return false;
  }
  cx.en.warning_index.insert(id, record);
  cx.en.undo.new_warning_ids.push_back(id);
  return true;
}

bool may_issue(dispatch& cx) {
  const warning_rules& w = cx.en.p.warnings;
  if (!w.defined()) {
    cx.reject(rejection::unknown_reference, "the policy has no warnings block: it takes no warnings");
    return false;
  }
  if (!known_actor(cx)) return false;
  if (!(cx.en.p.organisations[cx.ev.by.organisation].roles & w.issued_by)) {
    cx.reject(rejection::actor_lacks_role, org_name(cx.en, cx.ev.by.organisation) + " holds no role of warnings.issued_by");
    cx.rule_hint = cx.en.at.warning_rule(0);
    return false;
  }
  return true;
}

/// hazard, level and area, when given, name things the policy has; until lies ahead.
bool content_valid(dispatch& cx, bool required) {
  const event& e = cx.ev;
  const policy& p = cx.en.p;
  const bool missing = e.hazard == no_index || e.level == 0xFF || e.area_count == 0;
  if (required && missing) {
    cx.reject(rejection::malformed, "warning.issue needs a hazard, a level and an area");
    return false;
  }
  if ((e.hazard != no_index && e.hazard >= p.warnings.hazards.size()) || (e.level != 0xFF && e.level >= warning_level_count)) {
    cx.reject(rejection::unknown_reference, "the hazard or level is not one of the policy's");
    return false;
  }
  for (std::uint32_t i = 0; i < e.area_count; ++i)
    if (!e.area || e.area[i] >= p.jurisdictions.size()) {
      cx.reject(rejection::unknown_reference, "the area names a jurisdiction the policy does not have");
      return false;
    }
  if (e.area_count > 255) {
    cx.reject(rejection::malformed, "an area names at most 255 jurisdictions");
    return false;
  }
  if (e.until != 0 && e.until <= cx.en.now) {
    cx.reject(rejection::malformed, "until " + time_text(cx.en, e.until) + " is not later than the event: the warning would be over already");
    return false;
  }
  return true;
}

void on_issue(dispatch& cx) {
  if (!may_issue(cx) || !content_valid(cx, true)) return;
  engine::impl& en = cx.en;
  const auto index = static_cast<std::uint32_t>(en.warnings.size());
  if (!claim_id(cx, cx.ev.warning, index)) return;
  warning_record& w = en.warnings.emplace_back();
  w.m.fsm.start();
  w.id = cx.ev.warning;
  w.issued_at = en.now;
  w.issuer = cx.ev.by.organisation;
  w.status = cx.ev.status;
  cx.warning = index;
  issue_warning(cx);
}

void on_update_or_cancel(dispatch& cx) {
  if (!may_issue(cx) || !find_warning(cx, cx.ev.references)) return;
  // As in CAP, a warning is updated and cancelled by its sender, not by another agency.
  if (cx.warn().issuer != cx.ev.by.organisation) {
    cx.rule_hint = cx.en.at.warning_rule(0);
    return cx.reject(rejection::actor_lacks_role, "warning " + warning_text(cx.en, cx.warn().id) + " was issued by " +
                                                      org_name(cx.en, cx.warn().issuer) + ": only it updates or cancels it");
  }
  if (cx.ev.kind == event_kind::warning_update && !content_valid(cx, false)) return;
  if (!claim_id(cx, cx.ev.warning, cx.warning)) return;
  cx.touch_warning(cx.warning);
  warning_record& w = cx.warn();
  if (cx.ev.kind == event_kind::warning_update) run(w.m.fsm, warning_ev::update{&cx});
  else run(w.m.fsm, warning_ev::cancel{&cx});
}

void on_acknowledge(dispatch& cx) {
  if (!known_actor(cx) || !find_warning(cx, cx.ev.warning)) return;
  if (cx.ev.force != no_index && cx.ev.force >= cx.en.reg->forces.size())
    return cx.reject(rejection::unknown_force, "the force is not one of the registry's");
  cx.touch_warning(cx.warning);
  run(cx.warn().m.fsm, warning_ev::acknowledge{&cx});
}

}  // namespace

void handle_warning_event(dispatch& cx) {
  switch (cx.ev.kind) {
    case event_kind::warning_issue: return on_issue(cx);
    case event_kind::warning_update:
    case event_kind::warning_cancel: return on_update_or_cancel(cx);
    default: return on_acknowledge(cx);
  }
}

bool warning_timer_current(const engine::impl& en, const timer& t) {
  // A released warning's timers (an expiry after a cancel) find nothing to do.
  if (t.kind() == timer_kind::warning_member) return en.members.present(t.target) && t.current(en.members[t.target].timer_gen);
  return en.warnings.present(t.target) && t.current(en.warnings[t.target].timer_gen);
}

void fire_warning_timer(dispatch& cx, const timer& t) {
  engine::impl& en = cx.en;
  if (t.kind() == timer_kind::warning_member) {
    cx.member = t.target;
    cx.warning = en.members[t.target].round;
    cx.touch_member(t.target);
    cx.touch_warning(cx.warning);
    return run(cx.warn().m.fsm, warning_ev::member_due{&cx});
  }
  cx.warning = t.target;
  cx.touch_warning(t.target);
  run(cx.warn().m.fsm, warning_ev::expire{&cx});
}

}  // namespace detail
MUSTER_END_NAMESPACE
