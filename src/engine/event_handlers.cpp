// One handler per event kind: check references and authority, then hand the event to its
// machine. Everything here rejects through cx.reject; nothing is changed before the checks pass.
#include "engine/handlers.hpp"
#include "engine/schedule_round.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

bool find_incident(dispatch& cx) {
  const auto at = cx.en.incident_index.find(cx.ev.incident);
  if (!at) {
    cx.reject(rejection::unknown_incident, "no incident " + incident_text(cx.en, cx.ev.incident));
    return false;
  }
  if (!cx.en.incidents.present(*at)) {
    refuse_released(cx, "incident " + incident_text(cx.en, cx.ev.incident), "closed");
    return false;
  }
  cx.incident = *at;
  return true;
}

/// A request or order is answered under its own incident: an event that names another one (or
/// one that does not exist) is refused, never applied to the record's real incident. Naming no
/// incident is allowed: the request or order number alone identifies it.
bool same_incident(dispatch& cx, std::uint32_t owner, const char* what, std::uint32_t number) {
  const incident_id named = cx.ev.incident;
  const incident_id actual = cx.en.incidents[owner].id;
  if (named == 0 || named == actual) return true;  // the usual case: no index lookup
  if (!cx.en.incident_index.find(named)) {
    cx.reject(rejection::unknown_incident, "no incident " + incident_text(cx.en, named));
    return false;
  }
  cx.reject(rejection::wrong_incident, std::string(what) + " " + std::to_string(number) + " belongs to incident " +
                                           incident_text(cx.en, actual) + ", not " + incident_text(cx.en, named));
  return false;
}

/// The party a step waits for, as a rejection names it: its role, the command position, or the
/// force's owner (the last two have no role to name).
std::string party_name(const engine::impl& en, const party_ref& r) {
  if (r.role < en.p.roles.size()) return en.p.roles[r.role].id;
  if (r.position != command_position::none) return r.position == command_position::coordinator ? "coordinator" : "commander";
  return "force's owner";
}


void on_report(dispatch& cx) {
  const event& e = cx.ev;
  const policy& p = cx.en.p;
  if (!known_actor(cx)) return;
  if (const auto was = cx.en.incident_index.find(e.incident)) {
    if (!cx.en.incidents.present(*was)) return refuse_released(cx, "incident " + incident_text(cx.en, e.incident), "closed");
    return cx.reject(rejection::incident_exists, "incident " + incident_text(cx.en, e.incident) +
                                                     " was already reported: send new facts on it as incident.update (2.3)");
  }
  if (e.jurisdiction >= p.jurisdictions.size() || e.incident_type >= p.incident_types.size() || e.grade >= p.grades.size())
    return cx.reject(rejection::unknown_reference, "incident.report needs a jurisdiction, an incident type and a grade of the policy");
  const auto index = static_cast<std::uint32_t>(cx.en.incidents.size());
  incident_record& inc = cx.en.incidents.emplace_back();
  inc.id = e.incident;
  inc.reported_at = e.at;
  inc.jurisdiction = e.jurisdiction;
  inc.type = e.incident_type;
  inc.grade = e.grade;
  inc.status = e.status;
  cx.en.incident_index.insert(e.incident, index);
  cx.en.undo.new_incidents.push_back(e.incident);
  cx.incident = index;
  run(inc.m.fsm, incident_ev::report{&cx});
  if (!cx.refused) open_triggered(cx, chain_trigger::incident_reported);
}

/// The coordinator, the commander or the headquarters: who directs the incident now.
bool directs(const dispatch& cx) {
  const incident_record& inc = cx.inc();
  const index_t org = cx.ev.by.organisation;
  auto [coordinator, commander] = command_for(cx.en, inc, inc.grade);
  return org == coordinator || org == commander || (org == inc.headquarters && org != no_index);
}

/// 2.3 "各有关部门、单位要及时向应急管理部门和消防救援队伍通报灾害事故信息": a department with a
/// role in the incident's jurisdiction, or in one above it, reports new facts on it.
bool reports_on(const dispatch& cx) {
  const organisation& org = cx.en.p.organisations[cx.ev.by.organisation];
  if (org.roles == 0) return false;
  for (index_t j = cx.inc().jurisdiction; j != no_index; j = cx.en.p.jurisdictions[j].parent)
    if (org.jurisdiction == j) return true;
  return false;
}

/// Regrading may also come from above: a holder of a `reassessed_by` role on the path to the
/// root (in Weihai, EM departments re-assess on a rolling basis, 3.1.3).
bool may_regrade(const dispatch& cx) {
  if (directs(cx)) return true;
  const role_mask roles = cx.en.p.command.reassessed_by;
  for (index_t r = 0; r < 64; ++r)
    if ((roles >> r & 1U) && holds_role_on_path(cx.en, cx.inc(), cx.ev.by.organisation, r)) return true;
  return false;
}

void on_incident_change(dispatch& cx) {
  if (!find_incident(cx) || !known_actor(cx)) return;
  const event& e = cx.ev;
  incident_record& inc = cx.inc();
  cx.touch_incident(cx.incident);
  switch (e.kind) {
    case event_kind::incident_regrade:
      if (e.grade >= cx.en.p.grades.size()) return cx.reject(rejection::unknown_reference, "incident.regrade needs a grade of the policy");
      if (!may_regrade(cx))
        return cx.reject(rejection::actor_lacks_role, org_name(cx.en, e.by.organisation) + " neither directs this incident nor holds a reassessed_by role above it");
      return run(inc.m.fsm, incident_ev::regrade{&cx});
    case event_kind::incident_hq_established: {
      cx.rule_hint = cx.en.at.headquarters;
      if (e.by.organisation != resolve_party(cx.en, inc, cx.en.p.headquarters.established_by))
        return cx.reject(rejection::actor_lacks_role, org_name(cx.en, e.by.organisation) + " may not establish this incident's headquarters");
      // A second headquarters only from the level that commands now (after a regrade): it takes over.
      if (inc.headquarters == e.by.organisation)
        return cx.reject(rejection::not_allowed_in_state, org_name(cx.en, e.by.organisation) + " already established this incident's headquarters");
      return run(inc.m.fsm, incident_ev::hq{&cx});
    }
    case event_kind::incident_conclude:
      if (!directs(cx)) return cx.reject(rejection::actor_lacks_role, org_name(cx.en, e.by.organisation) + " is not the coordinator, the commander or the headquarters");
      run(inc.m.fsm, incident_ev::conclude{&cx});
      if (!cx.refused) run(cx.inc().m.fsm, incident_ev::review{&cx});
      if (!cx.refused) open_triggered(cx, chain_trigger::incident_concluded);
      return;
    case event_kind::incident_update:
      if (!reports_on(cx))
        return cx.reject(rejection::actor_lacks_role, org_name(cx.en, e.by.organisation) +
                                                          " is no department of the incident's jurisdiction or of one above it");
      return run(inc.m.fsm, incident_ev::update{&cx});
    default: {  // incident_review_filed
      bool owes = false;
      for (int i = 0; i < inc.participant_count; ++i)
        owes |= inc.participants[i] == e.by.organisation && (inc.reports_owed >> i & 1U);
      if (state_of(inc) == incident_state::under_review && !owes)
        return cx.reject(rejection::actor_lacks_role, org_name(cx.en, e.by.organisation) + " owes no after-action report");
      return run(inc.m.fsm, incident_ev::filed{&cx});
    }
  }
}

/// A named force against the policy's dispatch checks (1.3, 3.2.1, 4.4): one a check excludes
/// is refused; one a break_glass check catches needs break_glass and a reason; warnings pass.
bool passes_checks(dispatch& cx, index_t f) {
  const engine::impl& en = cx.en;
  const std::uint32_t failed = failed_checks(en, f, cx.inc().jurisdiction);
  if (!failed) return true;
  const check_action a = strongest_action(en, failed);
  if (a == check_action::warn) return true;
  for (std::size_t c = 0; c < en.p.checks.size(); ++c)
    if ((failed >> c & 1U) && en.p.checks[c].then == a) cx.rule_hint = static_cast<rule_index>(en.at.checks + c);
  const std::string why = "force " + en.reg->forces[f].id + " fails " + check_failure(en, f, failed);
  if (a == check_action::exclude) return cx.reject(rejection::force_check_failed, why + "; the policy excludes it"), false;
  if (!cx.ev.break_glass || !en.opt.allow_break_glass)
    return cx.reject(rejection::force_check_failed, why + "; the policy lets it be named only with break_glass: true and a reason"), false;
  if (cx.ev.reason.empty()) return cx.reject(rejection::break_glass_needs_reason, why + "; break_glass needs a reason"), false;
  return true;
}

/// Named forces, checked; or proposals for wanted capabilities. Fills the force pool.
/// Force `f`, named in the event, is one of the registry's and not named before (in `so_far`).
bool named_once(dispatch& cx, index_t f, const std::vector<index_t>& so_far) {
  if (f >= cx.en.reg->forces.size()) return cx.reject(rejection::unknown_force, "a force named is not in the registry"), false;
  if (std::find(so_far.begin(), so_far.end(), f) != so_far.end())
    return cx.reject(rejection::malformed, "force " + cx.en.reg->forces[f].id + " is named twice"), false;
  return true;
}

bool gather_forces(dispatch& cx, bool outside_only, std::vector<index_t>& forces) {
  const event& e = cx.ev;
  const engine::impl& en = cx.en;
  const incident_record& inc = cx.inc();
  if (e.force_count > 64) return cx.reject(rejection::malformed, "at most 64 forces per request"), false;
  for (std::uint32_t i = 0; i < e.force_count; ++i) {
    const index_t f = e.forces[i];
    if (!named_once(cx, f, forces)) return false;
    if (!force_available(en, f, inc.status != input_status::actual)) return cx.reject(rejection::force_committed, "force " + en.reg->forces[f].id + " is already committed to an open order"), false;
    if (!passes_checks(cx, f)) return false;
    if (outside_only && en.facts[f].jurisdiction == inc.jurisdiction)
      return cx.reject(rejection::force_in_own_jurisdiction, "force " + en.reg->forces[f].id + " is in the incident's own jurisdiction " +
                                                                 en.p.jurisdictions[inc.jurisdiction].id + "; reinforcement comes from outside it"),
             false;
    forces.push_back(f);
  }
  if (e.capabilities) {
    std::uint64_t covered = 0;
    for (index_t f : forces) covered |= en.facts[f].capabilities;
    const std::uint64_t wanted = e.capabilities & ~covered;
    if (wanted) {
      // The drafter and the teams already taking part (the first responder) are on scene with
      // their own forces: proposing those into the plan would call them twice (3.3.2).
      once_each on_scene = on_scene_teams(inc);
      on_scene.first(e.by.organisation);
      const auto proposed =
          propose_forces(en, inc, wanted, forces, outside_only, 64 - static_cast<unsigned>(forces.size()), on_scene);
      for (index_t f : proposed) forces.push_back(f);
      return !forces.empty() || (cx.reject(rejection::no_forces, "no available force has the wanted capabilities"), false);
    }
  }
  if (forces.empty()) return cx.reject(rejection::no_forces, "a request must name forces or wanted capabilities"), false;
  return true;
}

/// The chain an opening event names: chain.open's `chain`, or the chain whose `opened_with`
/// is this shorthand kind (plan.draft, reinforcement.apply).
index_t chain_named(dispatch& cx) {
  const event& e = cx.ev;
  const policy& p = cx.en.p;
  if (e.kind == event_kind::chain_open) {
    if (e.chain < p.chains.size()) return e.chain;
    cx.reject(rejection::unknown_reference, "chain.open needs a chain of the policy");
    return no_index;
  }
  const index_t c = p.chain_opened_with(static_cast<std::uint8_t>(e.kind));
  if (c == no_index)
    cx.reject(rejection::unknown_reference, std::string("no chain of the policy is opened with ") + to_string(e.kind) +
                                                 "; name one with chain.open");
  return c;
}

/// The forces a claim is for (4.1): each named once, and each had an order on this incident
/// (whatever became of it): compensation is for forces that served.
bool claim_forces(dispatch& cx, std::vector<index_t>& forces) {
  const event& e = cx.ev;
  const engine::impl& en = cx.en;
  for (std::uint32_t i = 0; i < e.force_count; ++i) {
    const index_t f = e.forces[i];
    if (!named_once(cx, f, forces)) return false;
    bool served = false;
    for (std::uint32_t o = cx.inc().first_order; o != no_record && !served; o = en.orders[o].next_in_incident) served = en.orders[o].force == f;
    if (!served)
      return cx.reject(rejection::force_not_deployed, "force " + en.reg->forces[f].id + " had no order on incident " + incident_text(en, cx.inc().id) +
                                                          "; a claim is for forces that served"), false;
    forces.push_back(f);
  }
  return true;
}

/// Who may open chain `c` with this event: its opened_by, resolved for the incident (and, for a
/// force's owner or authority, for each force named: they must all resolve to the actor).
bool may_open(dispatch& cx, const chain& c) {
  const event& e = cx.ev;
  const engine::impl& en = cx.en;
  const bool by_force = c.opened_by.per_force();
  if (by_force && e.force_count == 0)
    return cx.reject(rejection::malformed, "chain " + c.id + " is opened by " + party_name(en, c.opened_by) + ": name the force in forces"), false;
  for (std::uint32_t i = 0; i < (by_force ? e.force_count : 1U); ++i) {
    if (by_force && e.forces[i] >= en.reg->forces.size()) return cx.reject(rejection::unknown_force, "a force named is not in the registry"), false;
    const index_t opener = resolve_party(en, cx.inc(), c.opened_by, by_force ? e.forces[i] : no_index);
    if (e.by.organisation != opener)
      return cx.reject(rejection::actor_lacks_role, org_name(en, e.by.organisation) + " may not open " + c.id +
                                                        (by_force ? " for " + en.reg->forces[e.forces[i]].id : std::string()) + "; " + org_name(en, opener) + " does"), false;
  }
  return true;
}

/// What the event carries must be what the chain is about.
bool fits_subject(dispatch& cx, const chain& c) {
  const event& e = cx.ev;
  const bool names_forces = e.force_count > 0 || e.capabilities != 0;
  switch (c.about) {
    case chain_subject::forces:
      if (!names_forces) return cx.reject(rejection::no_forces, "chain " + c.id + " is about forces: name forces, capabilities or both"), false;
      break;
    case chain_subject::quantity:
      if (e.quantity <= 0) return cx.reject(rejection::malformed, "chain " + c.id + " is about a quantity: give quantity (a positive integer)"), false;
      break;
    case chain_subject::claim:
      if (e.amount <= 0) return cx.reject(rejection::malformed, "chain " + c.id + " is about a claim: give amount (a positive integer)"), false;
      break;
    case chain_subject::document:
    case chain_subject::nothing: break;
  }
  // A claim may name the forces it is for (4.1: a force that served claims through its owner).
  const bool forces_allowed = c.about == chain_subject::forces || c.about == chain_subject::quantity ||
                              (c.about == chain_subject::claim && e.capabilities == 0);
  if (names_forces && !forces_allowed)
    return cx.reject(rejection::malformed, "chain " + c.id + (c.about == chain_subject::claim ? " is a claim: name the forces it is for, not capabilities"
                                                                                               : " is not about forces; name none")), false;
  if (e.quantity != 0 && c.about != chain_subject::quantity) return cx.reject(rejection::malformed, "chain " + c.id + " is not about a quantity"), false;
  if (e.amount != 0 && c.about != chain_subject::claim) return cx.reject(rejection::malformed, "chain " + c.id + " is not about a claim"), false;
  return true;
}

void on_open_request(dispatch& cx) {
  if (!find_incident(cx) || !known_actor(cx)) return;
  const event& e = cx.ev;
  engine::impl& en = cx.en;
  const index_t chain_index = chain_named(cx);
  if (chain_index == no_index) return;
  const chain& c = en.p.chains[chain_index];
  cx.rule_hint = en.at.chains[chain_index];
  if (c.needs_upper && en.p.jurisdictions[cx.inc().command].parent == no_index)
    return cx.reject(rejection::no_upper_level, "command already sits at the top of the jurisdiction tree; chain " + c.id +
                                                    " names the upper level, and there is none");
  if (!may_open(cx, c) || !fits_subject(cx, c)) return;
  std::vector<index_t>& forces = en.scratch_forces;
  forces.clear();
  if (c.about == chain_subject::claim) {
    if (!claim_forces(cx, forces)) return;
  } else if ((e.force_count > 0 || e.capabilities) && !gather_forces(cx, c.outside_only, forces)) {
    return;
  }
  if (!stock_fits(cx, c)) return;
  cx.rule_hint = no_rule;

  // Chains that move forces or equipment are part of the response (3.1.2): the incident must
  // be under way. Claims, documents and chains about nothing may follow it (4.1, 3.3.3).
  cx.touch_incident(cx.incident);
  if (c.about == chain_subject::forces || c.about == chain_subject::quantity) run(cx.inc().m.fsm, incident_ev::respond{&cx});
  if (cx.refused) return;

  // A force named by break-glass (a check would have refused it): the coordinator is told first,
  // as for a break-glass approval (3.1.2), citing the checks it fails.
  const std::size_t proposals_at = en.out.effects.size();
  for (std::size_t i = 0; i < e.force_count; ++i) {
    const std::uint32_t failed = failed_checks(en, forces[i], cx.inc().jurisdiction);
    if (!failed || strongest_action(en, failed) != check_action::break_glass) continue;
    effect& n = cx.emit(effect_kind::notify, topic::break_glass, command_for(en, cx.inc(), cx.inc().grade).first, {});
    n.force = forces[i];
    n.from = e.by.organisation;
    cite_checks(en, n, forces[i], cx.inc().jurisdiction);
    if (n.because_count < n.because.size()) n.because[n.because_count++] = en.at.chains[chain_index];
  }
  // Proposals for wanted capabilities are told to the drafter before the chain's first step.
  for (std::size_t i = e.force_count; i < forces.size(); ++i) {
    effect& p = cx.emit(effect_kind::propose_force, topic::none, e.by.organisation, {en.at.chains[chain_index]});
    p.force = forces[i];
    cite_checks(en, p, forces[i], cx.inc().jurisdiction);
    // 3.2.3: busy in a drill, proposed all the same; the drill's order is named.
    if (const order_id drill = cx.inc().status == input_status::actual ? drill_order(en, forces[i]) : 0) {
      p.about = topic::force_in_drill;
      p.order = drill;
    }
  }
  const auto index = static_cast<std::uint32_t>(en.requests.size());
  for (std::size_t i = proposals_at; i < en.out.effects.size(); ++i) {
    en.out.effects[i].request = index + 1;
    en.out.effects[i].chain = chain_index;
  }
  open_request(cx, chain_index, e.by.organisation, forces.data(), static_cast<unsigned>(forces.size()),
               c.about == chain_subject::claim ? e.amount : e.quantity, stock_source{c.reserves_stock ? e.item : no_index});
}

/// request.approve with `amount` (a claim, 4.1) or `quantity` (4.3): the approver grants less
/// than was asked, and says why. The request goes on with the smaller figure (its later effects
/// carry it); a requisition gives back the units it held beyond it. Granting exactly what was
/// asked is a plain approval.
bool grant_less(dispatch& cx) {
  const event& e = cx.ev;
  request_record& r = cx.req();
  const chain& c = cx.en.p.chains[r.chain];
  const bool claim = c.about == chain_subject::claim;
  if ((!claim && c.about != chain_subject::quantity) || (claim ? e.quantity : e.amount) != 0)
    return cx.reject(rejection::malformed, "chain " + c.id + (claim ? " is about a claim: grant less with amount" :
                                                               c.about == chain_subject::quantity ? " is about a quantity: grant less with quantity"
                                                                                                   : " is about neither a quantity nor a claim"
                                                                                                     ": approve it without one")), false;
  const std::int64_t granted = claim ? e.amount : e.quantity;
  const char* what = claim ? "amount" : "quantity";
  if (granted > r.measure)
    return cx.reject(rejection::malformed, "request " + std::to_string(cx.request + 1) + " asks for " + std::to_string(r.measure) + "; an approval grants at most that " + what), false;
  if (granted == r.measure) return true;
  if (e.reason.empty()) return cx.reject(rejection::malformed, std::string("granting a smaller ") + what + " needs a reason"), false;
  r.measure = granted;
  hold_less(cx, granted);
  effect& n = cx.emit(effect_kind::notify, topic::request_reduced, r.drafted_by,
                      {static_cast<rule_index>(cx.en.at.steps[r.chain] + r.step), cx.en.at.chains[r.chain]});
  n.from = e.by.organisation;
  n.step = r.step;
  return true;
}

void on_answer(dispatch& cx) {
  const event& e = cx.ev;
  engine::impl& en = cx.en;
  if (e.target == 0 || e.target > en.requests.size()) return cx.reject(rejection::unknown_request, "no request " + std::to_string(e.target));
  if (!en.requests.present(e.target - 1)) return refuse_released(cx, "request " + std::to_string(e.target), "was released with its incident, which closed");
  if (!known_actor(cx)) return;
  if (e.force != no_index && e.force >= en.reg->forces.size()) return cx.reject(rejection::unknown_force, "the answer names no force of the registry");
  if (!same_incident(cx, en.requests[e.target - 1].incident, "request", e.target)) return;
  cx.request = e.target - 1;
  cx.incident = en.requests[cx.request].incident;
  request_record& r = cx.req();
  if (state_of(r) != request_state::awaiting) return cx.reject(rejection::not_allowed_in_state, "request " + std::to_string(e.target) + " is " + to_string(state_of(r)) + ", not awaiting");
  const chain_step& st = en.p.chains[r.chain].steps[r.step];
  cx.rule_hint = static_cast<rule_index>(en.at.steps[r.chain] + r.step);
  // Each step kind takes its own answers; withdraw fits any step, reject the yes/no ones.
  const bool fits = e.kind == event_kind::request_withdraw ||
                    (e.kind == event_kind::request_reject && (st.kind == step_kind::approve || st.kind == step_kind::consent)) ||
                    (e.kind == event_kind::request_approve && st.kind == step_kind::approve) ||
                    ((e.kind == event_kind::request_consent || e.kind == event_kind::request_refuse) && st.kind == step_kind::consent) ||
                    (e.kind == event_kind::request_acknowledge && st.kind == step_kind::acknowledge) ||
                    (e.kind == event_kind::request_submit && st.kind == step_kind::submit);
  if (!fits) return cx.reject(rejection::not_allowed_in_state, "step '" + st.id + "' asks for " + to_string(st.kind) + ", not this answer");
  const bool per_force_answer = st.per_force && e.kind != event_kind::request_withdraw;
  if (per_force_answer && e.force >= en.reg->forces.size())
    return cx.reject(rejection::unknown_force, "step '" + st.id + "' is answered per force: name the force");
  if (per_force_answer) {
    for (unsigned i = 0; i < r.force_count; ++i)
      if (en.force_pool[r.forces + i] == e.force && !(r.dropped >> i & 1U)) cx.force_slot = static_cast<index_t>(i);
    if (cx.force_slot == no_index) return cx.reject(rejection::unknown_force, "the force is not part of request " + std::to_string(e.target));
    if (r.answered >> cx.force_slot & 1U) return cx.reject(rejection::not_allowed_in_state, "this force was already answered for");
  }
  if (e.kind == event_kind::request_withdraw) {
    if (e.by.organisation != r.drafted_by) return cx.reject(rejection::actor_lacks_role, "only the drafter may withdraw a request");
  } else if (e.by.organisation == r.drafted_by) {
    return cx.reject(rejection::separation_of_duties, org_name(en, e.by.organisation) + " drafted this request and may not answer it");
  } else if (!is_addressee(cx, e.by.organisation, e.force)) {
    const bool glass = e.break_glass && e.kind == event_kind::request_approve && en.opt.allow_break_glass;
    if (glass && e.reason.empty()) return cx.reject(rejection::break_glass_needs_reason, "a break-glass approval needs a reason");
    if (!glass || !holds_role_on_path(en, cx.inc(), e.by.organisation, st.by.role))
      return cx.reject(rejection::actor_lacks_role, org_name(en, e.by.organisation) + " is not the " + party_name(en, st.by) + " this step waits for");
    auto [coordinator, commander] = command_for(en, cx.inc(), cx.inc().grade);
    (void)commander;
    effect& n = cx.emit(effect_kind::notify, topic::break_glass, coordinator, {cx.rule_hint, en.at.chains[r.chain]});
    n.from = e.by.organisation;
    n.step = r.step;
  }
  cx.touch_request(cx.request);
  if (e.kind == event_kind::request_approve && (e.amount != 0 || e.quantity != 0) && !grant_less(cx)) return;
  switch (e.kind) {
    case event_kind::request_approve:
    case event_kind::request_consent:
    case event_kind::request_acknowledge:
    case event_kind::request_submit: run(r.m.fsm, chain_ev::answer{&cx}); break;
    case event_kind::request_refuse: run(r.m.fsm, chain_ev::refuse{&cx}); break;
    case event_kind::request_reject: run(r.m.fsm, chain_ev::reject{&cx}); break;
    default: run(r.m.fsm, chain_ev::withdraw{&cx}); break;
  }
  if (!cx.refused && state_of(en.requests[cx.request]) == request_state::approved)
    run(en.requests[cx.request].m.fsm, chain_ev::execute{&cx});
}

void on_order(dispatch& cx) {
  const event& e = cx.ev;
  engine::impl& en = cx.en;
  if (e.target == 0 || e.target > en.orders.size()) return cx.reject(rejection::unknown_order, "no order " + std::to_string(e.target));
  if (!en.orders.present(e.target - 1)) return refuse_released(cx, "order " + std::to_string(e.target), "was released with its incident, which closed");
  if (!known_actor(cx)) return;
  if (!same_incident(cx, en.orders[e.target - 1].incident, "order", e.target)) return;
  cx.order = e.target - 1;
  cx.incident = en.orders[cx.order].incident;
  order_record& o = cx.ord();
  const index_t owner = en.facts[o.force].owner;
  if (e.kind == event_kind::order_release) {
    auto [coordinator, commander] = command_for(en, cx.inc(), cx.inc().grade);
    (void)coordinator;
    const index_t by = e.by.organisation;
    if (by != commander && by != o.issued_by && by != cx.inc().headquarters)
      return cx.reject(rejection::actor_lacks_role, org_name(en, e.by.organisation) + " may not release this order");
  } else if (e.by.organisation != owner) {
    return cx.reject(rejection::actor_lacks_role, "only the force's owner " + org_name(en, owner) + " answers its order");
  }
  cx.touch_order(cx.order);
  switch (e.kind) {
    case event_kind::order_ack: return run(o.m.fsm, order_ev::ack{&cx});
    case event_kind::order_decline: return run(o.m.fsm, order_ev::decline{&cx});
    case event_kind::order_depart: return run(o.m.fsm, order_ev::depart{&cx});
    case event_kind::order_arrive: return run(o.m.fsm, order_ev::arrive{&cx});
    default: return run(o.m.fsm, order_ev::release{&cx});
  }
}

void on_period(dispatch& cx) {
  const event& e = cx.ev;
  engine::impl& en = cx.en;
  if (!known_actor(cx)) return;
  if (e.period >= en.p.periods.size() || !en.p.periods[e.period].declared)
    return cx.reject(rejection::unknown_reference, "only periods with declared: true can be declared or ended");
  const index_t actor = e.by.organisation;
  const period& x = en.p.periods[e.period];
  if (!(en.p.organisations[actor].roles & x.declared_by))
    return cx.reject(rejection::actor_lacks_role, org_name(en, actor) + " holds no role of period " + x.id + "'s declared_by");
  const bool declaring = e.kind == event_kind::period_declare;
  const bool active = declared_active(en, e.period, en.now);
  if (declaring == active) return cx.reject(rejection::not_allowed_in_state, declaring ? "the period is already declared" : "the period is not declared");
  if (declaring && e.until != 0 && e.until <= en.now) return cx.reject(rejection::malformed, "until must be later than the event");
  en.undo.periods.emplace_back(e.period, en.declared_until[e.period]);
  en.declared_until[e.period] = declaring ? (e.until ? e.until : INT64_MAX) : 0;
  replan_schedules(cx);  // 3.2.2: roll-calls run more often while it lasts
  // Every holder of an announce_to role is told (3.2.2: fire teams intensify roll-calls).
  const auto why = static_cast<rule_index>(en.at.periods + e.period);
  for (std::size_t i = 0; i < en.p.organisations.size(); ++i)
    if (en.p.organisations[i].roles & x.announce_to)
      cx.emit(effect_kind::notify, declaring ? topic::period_declared : topic::period_ended, static_cast<index_t>(i), {why});
}

}  // namespace

void handle_event(dispatch& cx) {
  switch (cx.ev.kind) {
    case event_kind::incident_report: return on_report(cx);
    case event_kind::incident_regrade:
    case event_kind::incident_hq_established:
    case event_kind::incident_conclude:
    case event_kind::incident_review_filed:
    case event_kind::incident_update: return on_incident_change(cx);
    case event_kind::plan_draft:
    case event_kind::reinforcement_apply:
    case event_kind::chain_open: return on_open_request(cx);
    case event_kind::request_approve:
    case event_kind::request_reject:
    case event_kind::request_consent:
    case event_kind::request_refuse:
    case event_kind::request_withdraw:
    case event_kind::request_acknowledge:
    case event_kind::request_submit: return on_answer(cx);
    case event_kind::order_ack:
    case event_kind::order_decline:
    case event_kind::order_depart:
    case event_kind::order_arrive:
    case event_kind::order_release: return on_order(cx);
    case event_kind::period_declare:
    case event_kind::period_end: return on_period(cx);
    case event_kind::clock_advance: return;
    case event_kind::warning_issue:
    case event_kind::warning_update:
    case event_kind::warning_cancel:
    case event_kind::warning_acknowledge: return handle_warning_event(cx);
    case event_kind::schedule_answer: return handle_schedule_answer(cx);
    case event_kind::force_update: return handle_force_update(cx);
  }
  cx.reject(rejection::malformed, "unknown event kind");
}

bool timer_current(const engine::impl& en, const timer& t) {
  switch (t.kind()) {
    // A released record's timers were cancelled when it ended: they find nothing to do.
    case timer_kind::request_step: return en.requests.present(t.target) && t.current(en.requests[t.target].timer_gen);
    case timer_kind::order_ack: return en.orders.present(t.target) && t.current(en.orders[t.target].timer_gen);
    case timer_kind::review_report: return en.incidents.present(t.target) && t.current(en.incidents[t.target].timer_gen);
    case timer_kind::period_end: return false;  // only moves the clock; the calendar check ends periods
    case timer_kind::warning_member:
    case timer_kind::warning_expiry: return warning_timer_current(en, t);
    case timer_kind::run_member:
    case timer_kind::schedule_due: return schedule_timer_current(en, t);
    case timer_kind::chain_opening: return !en.openings[t.target].fired;
    case timer_kind::release_incident: return en.incidents.present(t.target);
    case timer_kind::release_warning: return en.warnings.present(t.target);
    case timer_kind::release_run: return en.runs.present(t.target);
  }
  return false;
}

void fire_timer(dispatch& cx, const timer& t) {
  engine::impl& en = cx.en;
  switch (t.kind()) {
    case timer_kind::request_step: {
      cx.request = t.target;
      cx.incident = en.requests[t.target].incident;
      cx.touch_request(t.target);
      return run(en.requests[t.target].m.fsm, chain_ev::timeout{&cx});
    }
    case timer_kind::order_ack: {
      cx.order = t.target;
      cx.incident = en.orders[t.target].incident;
      cx.touch_order(t.target);
      return run(en.orders[t.target].m.fsm, order_ev::ack_due{&cx});
    }
    case timer_kind::review_report: {
      cx.incident = t.target;
      cx.touch_incident(t.target);
      return run(en.incidents[t.target].m.fsm, incident_ev::report_due{&cx});
    }
    case timer_kind::period_end: return;
    case timer_kind::warning_member:
    case timer_kind::warning_expiry: return fire_warning_timer(cx, t);
    case timer_kind::run_member:
    case timer_kind::schedule_due: return fire_schedule_timer(cx, t);
    case timer_kind::chain_opening: return open_when_due(cx, t.target);
    case timer_kind::release_incident:
    case timer_kind::release_warning:
    case timer_kind::release_run: return release_when_done(cx, t);
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
