// The warning machine's actions (3.3.1): the receiving team of each jurisdiction in the area
// is asked to acknowledge; its answer pushes the warning on to the linked forces that fit the
// hazard, each acknowledged by its owner; silence climbs each tier's ladder; an update asks
// everyone again; a cancel or the expiry closes the round.
#include "engine/warning_round.hpp"

#include "engine/handlers.hpp"
#include "engine/rounds.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

enum tier_index : std::uint8_t { receive_tier = 0, push_tier = 1 };

const round_tier& tier_of(const engine::impl& en, const round_member& m) {
  return m.tier == receive_tier ? en.p.warnings.receive : en.p.warnings.push;
}

/// The rule each tier's effects cite first: warnings.receive or warnings.push.
rule_index tier_rule(const engine::impl& en, std::uint8_t tier) { return en.at.warning_rule(tier == receive_tier ? 1 : 2); }

rule_index hazard_rule(const engine::impl& en, const warning_record& w) {
  return en.at.hazards == no_rule || w.hazard == no_index ? no_rule : static_cast<rule_index>(en.at.hazards + w.hazard);
}

/// Asks member `i` (again) and tells it.
void ask(dispatch& cx, std::uint32_t i, topic about) {
  engine::impl& en = cx.en;
  reask(cx, i, tier_of(en, en.members[i]), timer_kind::warning_member);
  const round_member& m = en.members[i];
  effect& e = cx.emit(effect_kind::warning_notice, about, m.org, {tier_rule(en, m.tier), hazard_rule(en, cx.warn())});
  e.from = m.asked_by;
  e.force = m.force;
  e.due = m.due;
}

std::uint32_t find_member(const engine::impl& en, const warning_record& w, index_t org, index_t force) {
  return detail::find_member(en, w.first_member, org, force);
}

std::uint32_t add_member(dispatch& cx, std::uint8_t tier, index_t org, index_t force, index_t asked_by, index_t jurisdiction) {
  round_member m;
  m.round = cx.warning;
  m.org = org;
  m.force = force;
  m.asked_by = asked_by;
  m.jurisdiction = jurisdiction;
  m.tier = tier;
  warning_record& w = cx.warn();
  return append_member(cx, w.first_member, w.last_member, m);
}

void put_on_standby(dispatch& cx, std::uint32_t i) {
  engine::impl& en = cx.en;
  round_member& m = en.members[i];
  if (m.standby || m.force == no_index) return;
  m.standby = true;
  cx.touch_force(m.force);
  en.live[m.force].standby_warning = cx.warning;  // a standby check reads it (3.3.1)
  effect& e = cx.emit(effect_kind::standby, topic::none, m.org, {en.at.warning_rule(3), hazard_rule(en, cx.warn())});
  e.from = m.asked_by;
  e.force = m.force;
}

bool stands_by(const engine::impl& en, const warning_record& w) {
  return en.p.warnings.standby_from != 0xFF && w.level >= en.p.warnings.standby_from;
}

/// Asks the receiving team of each jurisdiction in the area that has not been asked yet.
void ask_receivers(dispatch& cx, topic about) {
  engine::impl& en = cx.en;
  const round_tier& t = en.p.warnings.receive;
  for (std::size_t j = 0; j < en.p.jurisdictions.size(); ++j) {
    if (!in_area(en, cx.warn(), static_cast<index_t>(j))) continue;
    const index_t org = resolve_party_in(en, static_cast<index_t>(j), t.to);
    if (org == no_index || find_member(en, cx.warn(), org, no_index) != no_record) continue;
    ask(cx, add_member(cx, receive_tier, org, no_index, cx.warn().issuer, static_cast<index_t>(j)), about);
  }
}

/// The receiving team has acknowledged: it pushes the warning on to the forces of its
/// jurisdiction that fit the hazard (and whose category the push tier takes), once each.
void push_on(dispatch& cx, std::uint32_t receiver) {
  engine::impl& en = cx.en;
  const round_tier& t = en.p.warnings.push;
  if (!t.defined()) return;
  const round_member r = en.members[receiver];
  const capability_mask fits = en.p.warnings.hazards[cx.warn().hazard].capabilities;
  for (std::size_t f = 0; f < en.facts.size(); ++f) {
    const force_facts& x = en.facts[f];
    if (x.jurisdiction != r.jurisdiction || !x.in(t.categories) || !(x.capabilities & fits)) continue;
    if (x.owner == r.org) continue;  // the receiving team's own forces: it has the warning already
    if (find_member(en, cx.warn(), x.owner, static_cast<index_t>(f)) != no_record) continue;
    const std::uint32_t i = add_member(cx, push_tier, x.owner, static_cast<index_t>(f), r.org, r.jurisdiction);
    ask(cx, i, topic::warning_issued);
    if (stands_by(en, cx.warn())) put_on_standby(cx, i);
  }
}

/// Closes the round: every member still asked is closed (missed when already overdue), and
/// everyone who received the warning is told why it ended.
void close_round(dispatch& cx, topic about) {
  engine::impl& en = cx.en;
  warning_record& w = cx.warn();
  ++w.timer_gen;  // the expiry timer, when a cancel comes first
  for (std::uint32_t i = w.first_member; i != no_record; i = en.members[i].next) {
    close_member(cx, i, false);
    const round_member& m = en.members[i];
    effect& e = cx.emit(effect_kind::notify, about, m.org, {en.at.warning_rule(0), hazard_rule(en, w)});
    e.force = m.force;
    if (about == topic::warning_cancelled) e.from = w.issuer;
  }
}

}  // namespace

bool in_area(const engine::impl& en, const warning_record& w, index_t j) {
  for (; j != no_index; j = en.p.jurisdictions[j].parent)
    for (std::uint32_t i = 0; i < w.area_count; ++i)
      if (en.area_pool[w.area + i] == j) return true;
  return false;
}

void issue_warning(dispatch& cx) {
  engine::impl& en = cx.en;
  const event& ev = cx.ev;
  warning_record& w = cx.warn();
  w.hazard = ev.hazard;
  w.level = ev.level;
  w.area = static_cast<std::uint32_t>(en.area_pool.size());
  w.area_count = static_cast<std::uint8_t>(ev.area_count);
  en.area_pool.insert(en.area_pool.end(), ev.area, ev.area + ev.area_count);
  w.until = ev.until;
  if (w.until != 0) cx.start_timer(timer_kind::warning_expiry, cx.warning, w.timer_gen, w.until);
  ask_receivers(cx, topic::warning_issued);
}

void warning_updated(dispatch& cx) {
  engine::impl& en = cx.en;
  const event& ev = cx.ev;
  warning_record& w = cx.warn();
  const bool was_standing_by = stands_by(en, w);
  if (ev.hazard != no_index) w.hazard = ev.hazard;
  if (ev.level != 0xFF) w.level = ev.level;
  if (ev.area_count != 0) {  // a new area replaces the old; those already asked are asked again
    w.area = static_cast<std::uint32_t>(en.area_pool.size());
    w.area_count = static_cast<std::uint8_t>(ev.area_count);
    en.area_pool.insert(en.area_pool.end(), ev.area, ev.area + ev.area_count);
  }
  if (ev.until != 0) {
    w.until = ev.until;
    ++w.timer_gen;
    cx.start_timer(timer_kind::warning_expiry, cx.warning, w.timer_gen, w.until);
  }
  for (std::uint32_t i = w.first_member; i != no_record; i = en.members[i].next) {
    ask(cx, i, topic::warning_updated);
    if (!was_standing_by && stands_by(en, w) && en.members[i].tier == push_tier) put_on_standby(cx, i);
  }
  ask_receivers(cx, topic::warning_updated);
}

void warning_acknowledged(dispatch& cx) {
  engine::impl& en = cx.en;
  const index_t actor = cx.ev.by.organisation;
  const std::uint32_t i = find_member(en, cx.warn(), actor, cx.ev.force);
  const std::string what = cx.ev.force == no_index ? std::string("warning ") + incident_text(en, cx.warn().id)
                                                   : "warning " + incident_text(en, cx.warn().id) + " for force " + en.reg->forces[cx.ev.force].id;
  if (i == no_record)
    return cx.reject(rejection::actor_lacks_role, org_name(en, actor) + " was not asked to acknowledge " + what);
  if (!record_answer(cx, i, what)) return;
  if (en.members[i].tier == receive_tier) push_on(cx, i);
}

void warning_member_silent(dispatch& cx) {
  engine::impl& en = cx.en;
  const round_member& m = en.members[cx.member];
  climb_ladder(cx, tier_of(en, m), timer_kind::warning_member, topic::warning_unacknowledged, tier_rule(en, m.tier), hazard_rule(en, cx.warn()));
}

void warning_cancelled(dispatch& cx) {
  close_round(cx, topic::warning_cancelled);
  release_when_due(cx, timer_kind::release_warning, cx.warning);
}
void warning_expired(dispatch& cx) {
  close_round(cx, topic::warning_expired);
  release_when_due(cx, timer_kind::release_warning, cx.warning);
}

}  // namespace detail
MUSTER_END_NAMESPACE
