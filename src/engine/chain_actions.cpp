// Actions and the progress guard of the approval chain machine (3.1.2, 2.2).
#include "engine/engine_impl.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

const chain& chain_of(const dispatch& cx) { return cx.en.p.chains[cx.req().chain]; }
const chain_step& step_of(const dispatch& cx) { return chain_of(cx).steps[cx.req().step]; }
index_t force_at(const dispatch& cx, unsigned slot) { return cx.en.force_pool[cx.req().forces + slot]; }
bool active(const request_record& r, unsigned slot) { return !(r.dropped >> slot & 1U); }
rule_index step_rule(const dispatch& cx, index_t step) { return static_cast<rule_index>(cx.en.at.steps[cx.req().chain] + step); }
rule_index chain_rule(const dispatch& cx) { return cx.en.at.chains[cx.req().chain]; }

/// Forces still in the request whose answer the current (per-force) step awaits.
std::uint64_t outstanding(const request_record& r) {
  const std::uint64_t all = r.force_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << r.force_count) - 1;
  return all & ~r.dropped & ~r.answered;
}

/// Whether condition `when` names force.* facts, and so is read once per force.
bool per_force_condition(const dispatch& cx, index_t when) { return when != no_index && cx.en.p.conditions[when].uses_force; }

/// Forces still in the request for which per-force step `st`'s condition does not hold: they
/// are not asked (as if they had answered).
std::uint64_t excused(const dispatch& cx, const chain_step& st) {
  if (!st.per_force || !per_force_condition(cx, st.when)) return 0;
  const request_record& r = cx.req();
  std::uint64_t out = 0;
  for (unsigned i = 0; i < r.force_count; ++i)
    if (active(r, i) && !holds(cx.en, cx.inc(), st.when, &r, force_at(cx, i))) out |= std::uint64_t{1} << i;
  return out;
}

/// Whether step `st` runs now: its condition holds (a per-force condition: for some force still in the request).
bool applies(const dispatch& cx, const chain_step& st) {
  const request_record& r = cx.req();
  if (!st.per_force || !per_force_condition(cx, st.when)) return holds(cx.en, cx.inc(), st.when, &r);
  for (unsigned i = 0; i < r.force_count; ++i)
    if (active(r, i) && holds(cx.en, cx.inc(), st.when, &r, force_at(cx, i))) return true;
  return false;
}

/// First step from `from` on that waits for an answer now, or no_index when the walk ends.
index_t next_blocking(const dispatch& cx, index_t from) {
  const chain& c = chain_of(cx);
  for (index_t s = from; s != no_index; s = c.steps[s].next)
    if (c.steps[s].kind != step_kind::notify && applies(cx, c.steps[s])) return s;
  return no_index;
}

chain_progress after_step_complete(const dispatch& cx) {
  return next_blocking(cx, step_of(cx).next) == no_index ? chain_progress::done : chain_progress::next_step;
}

/// Sends the step's requests to whoever must answer, and arms its timeout.
void enter_step(dispatch& cx, index_t s, bool keep_answers) {
  request_record& r = cx.req();
  r.step = s;
  if (!keep_answers) r.answered = 0;
  r.silence = 0;
  r.escalation = 0;
  ++r.timer_gen;
  const chain_step& st = step_of(cx);
  r.answered |= excused(cx, st);
  r.due = cx.en.now + st.timeout;
  const effect_kind kind = st.kind == step_kind::consent       ? effect_kind::request_consent
                           : st.kind == step_kind::acknowledge ? effect_kind::request_acknowledgement
                           : st.kind == step_kind::submit      ? effect_kind::request_submission
                                                               : effect_kind::request_approval;
  const rule_index why = step_rule(cx, s);
  // Who asks: the step's asked_by (3.1.2: the EM that approved asks the industry authority), or the drafter.
  const index_t asker = st.asked_by.empty() ? r.drafted_by : resolve_party(cx.en, cx.inc(), st.asked_by);
  if (st.per_force) {
    for (unsigned i = 0; i < r.force_count; ++i) {
      if (!(outstanding(r) >> i & 1U)) continue;
      const index_t force = force_at(cx, i);
      effect& e = cx.emit(kind, topic::none, resolve_party(cx.en, cx.inc(), st.by, force), {why, chain_rule(cx)});
      e.force = force;
      e.step = s;
      e.from = asker;
      e.due = r.due;
      cite_checks(cx.en, e, force, cx.inc().jurisdiction);
    }
  } else {
    effect& e = cx.emit(kind, topic::none, resolve_party(cx.en, cx.inc(), st.by), {why, chain_rule(cx)});
    e.step = s;
    e.from = asker;
    e.due = r.due;
    // The one answering for the whole request sees every dispatch check its forces fail.
    for (unsigned i = 0; i < r.force_count; ++i)
      if (!(r.dropped >> i & 1U)) cite_checks(cx.en, e, force_at(cx, i), cx.inc().jurisdiction);
  }
  cx.start_timer(timer_kind::request_step, cx.request, r.timer_gen, r.due);
}

/// Walks from step `s`: skips steps whose condition is false, sends notify steps, stops at
/// the first step that waits for an answer.
void walk_from(dispatch& cx, index_t s) {
  const chain& c = chain_of(cx);
  for (; s != no_index; s = c.steps[s].next) {
    const chain_step& st = c.steps[s];
    if (!applies(cx, st)) continue;
    if (st.kind != step_kind::notify) return enter_step(cx, s, false);
    // With for_each: force, each force's party is told about that force (4.2: the pass names it).
    const unsigned each = st.per_force ? cx.req().force_count : 1U;
    for (unsigned i = 0; i < each; ++i) {
      if (st.per_force && !active(cx.req(), i)) continue;
      const index_t force = st.per_force ? force_at(cx, i) : no_index;
      effect& e = cx.emit(effect_kind::notify, topic::request_opened, resolve_party(cx.en, cx.inc(), st.by, force),
                          {step_rule(cx, s), chain_rule(cx)});
      e.step = s;
      e.from = cx.req().drafted_by;
      e.force = force;
    }
  }
  ++cx.req().timer_gen;  // nothing more to wait for
}

void tell_drafter(dispatch& cx, topic about, index_t force = no_index) {
  effect& e = cx.emit(effect_kind::notify, about, cx.req().drafted_by, {step_rule(cx, cx.req().step), chain_rule(cx)});
  e.force = force;
  e.step = cx.req().step;
}

/// A rung's `notify` parties learn that the step is late (each once; a party of the force's
/// authority or its owner, once per force still awaited).
void tell_rung(dispatch& cx, const silence_rung& rung, topic about, timestamp due) {
  const request_record& r = cx.req();
  once_each told;
  auto tell = [&](index_t org, index_t force) {
    if (!told.first(org)) return;
    effect& e = cx.emit(effect_kind::notify, about, org, {step_rule(cx, r.step), chain_rule(cx)});
    e.force = force;
    e.step = r.step;
    e.due = due;
  };
  for (const party_ref& party : rung.notify) {
    if (party.position != command_position::none || (party.of != party_scope::force && party.of != party_scope::owner)) {
      tell(resolve_party(cx.en, cx.inc(), party), no_index);
      continue;
    }
    for (unsigned i = 0; i < r.force_count; ++i)
      if (outstanding(r) >> i & 1U) tell(resolve_party(cx.en, cx.inc(), party, force_at(cx, i)), force_at(cx, i));
  }
}

/// Each organisation whose answer is awaited now, once each, in force order.
template <class Fn>
void for_each_addressee(dispatch& cx, unsigned escalation, Fn fn) {
  const request_record& r = cx.req();
  const chain_step& st = step_of(cx);
  if (!st.per_force) return fn(resolve_party(cx.en, cx.inc(), st.by, no_index, escalation), no_index);
  for (unsigned i = 0; i < r.force_count; ++i)
    if (outstanding(r) >> i & 1U) fn(resolve_party(cx.en, cx.inc(), st.by, force_at(cx, i), escalation), force_at(cx, i));
}

}  // namespace

chain_progress progress_of(const chain_ev::open& e) {
  return next_blocking(*e.cx, 0) == no_index ? chain_progress::done : chain_progress::waiting;
}

chain_progress progress_of(const chain_ev::answer& e) {  // approve, consent, acknowledge, submit
  const dispatch& cx = *e.cx;
  if (!step_of(cx).per_force) return after_step_complete(cx);
  const std::uint64_t left = outstanding(cx.req()) & ~(std::uint64_t{1} << cx.force_slot);
  return left ? chain_progress::waiting : after_step_complete(cx);
}

chain_progress progress_of(const chain_ev::refuse& e) {
  const dispatch& cx = *e.cx;
  const request_record& r = cx.req();
  const chain_step& st = step_of(cx);
  if (st.on_refuse == refusal_effect::fail || !st.per_force) return chain_progress::failed;
  const std::uint64_t bit = std::uint64_t{1} << cx.force_slot;
  const std::uint64_t all = (r.force_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << r.force_count) - 1);
  if ((all & ~(r.dropped | bit)) == 0) return chain_progress::failed;
  return (outstanding(r) & ~bit) ? chain_progress::waiting : after_step_complete(cx);
}

chain_progress progress_of(const chain_ev::reroute& e) {  // does the step still have someone to ask?
  const dispatch& cx = *e.cx;
  const chain_step& st = step_of(cx);
  const index_t force = st.per_force ? force_at(cx, 0) : no_index;
  return resolve_party(cx.en, cx.inc(), st.by, force) == no_index ? chain_progress::failed : chain_progress::waiting;
}

chain_progress progress_of(const chain_ev::timeout& e) {  // the step's silence ladder
  const dispatch& cx = *e.cx;
  const request_record& r = cx.req();
  const chain_step& st = step_of(cx);
  return r.silence < st.on_timeout.size() && st.on_timeout[r.silence].act == silence_action::expire ? chain_progress::expire
                                                                                                   : chain_progress::waiting;
}

void chain_start(dispatch& cx) { walk_from(cx, 0); }

void chain_record_answer(dispatch& cx) {
  request_record& r = cx.req();
  if (step_of(cx).per_force) {
    r.answered |= std::uint64_t{1} << cx.force_slot;
    if (outstanding(r)) return;
  }
  walk_from(cx, step_of(cx).next);
}

void chain_rejected(dispatch& cx) {
  ++cx.req().timer_gen;
  tell_drafter(cx, topic::request_rejected);
  release_unapproved(cx);
}

void chain_refused(dispatch& cx) {
  request_record& r = cx.req();
  const chain_step& st = step_of(cx);
  const index_t force = force_at(cx, cx.force_slot);
  if (st.on_refuse == refusal_effect::fail || !st.per_force) {
    ++r.timer_gen;
    tell_drafter(cx, topic::request_failed, force);
    return release_unapproved(cx);
  }
  r.dropped |= std::uint64_t{1} << cx.force_slot;
  tell_drafter(cx, topic::force_dropped, force);
  const std::uint64_t all = r.force_count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << r.force_count) - 1;
  if ((all & ~r.dropped) == 0) {
    ++r.timer_gen;
    tell_drafter(cx, topic::request_failed);
    return release_unapproved(cx);
  }
  if (!outstanding(r)) walk_from(cx, st.next);
}

void chain_withdrawn(dispatch& cx) {
  for_each_addressee(cx, cx.req().escalation, [&](index_t org, index_t force) {
    effect& e = cx.emit(effect_kind::notify, topic::request_withdrawn, org, {step_rule(cx, cx.req().step), chain_rule(cx)});
    e.force = force;
    e.step = cx.req().step;
  });
  ++cx.req().timer_gen;
  release_unapproved(cx);
}

void chain_silence(dispatch& cx) {
  request_record& r = cx.req();
  const chain_step& st = step_of(cx);
  if (r.silence >= st.on_timeout.size()) return;
  const silence_rung& rung = st.on_timeout[r.silence++];
  const silence_action act = rung.act;
  r.due = cx.en.now + st.timeout;
  if (act == silence_action::escalate) ++r.escalation;
  const effect_kind kind = act == silence_action::escalate ? effect_kind::escalate : effect_kind::remind;
  const bool more = r.silence < st.on_timeout.size();  // otherwise silence has had its say
  for_each_addressee(cx, r.escalation, [&](index_t org, index_t force) {
    effect& e = cx.emit(kind, topic::step_overdue, org, {step_rule(cx, r.step), chain_rule(cx)});
    e.force = force;
    e.step = r.step;
    if (more) e.due = r.due;
  });
  tell_rung(cx, rung, topic::step_overdue, more ? r.due : 0);
  if (more) cx.start_timer(timer_kind::request_step, cx.request, r.timer_gen, r.due);
}

void chain_expired(dispatch& cx) {
  const chain_step& st = step_of(cx);
  if (cx.req().silence < st.on_timeout.size()) tell_rung(cx, st.on_timeout[cx.req().silence], topic::request_expired, 0);
  ++cx.req().silence;
  ++cx.req().timer_gen;
  tell_drafter(cx, topic::request_expired);
  release_unapproved(cx);
}

void chain_rerouted(dispatch& cx) { enter_step(cx, cx.req().step, true); }

void chain_unroutable(dispatch& cx) {
  // E.g. a cross-region request when the city takes command: there is no upper level any more,
  // and the city now commands every force itself.
  ++cx.req().timer_gen;
  tell_drafter(cx, topic::request_failed);
  release_unapproved(cx);
}

void chain_execute(dispatch& cx) {
  const chain& c = chain_of(cx);
  const std::uint32_t self = cx.request;
  hand_over_stock(cx);
  index_t issuer = cx.req().drafted_by;
  category_mask present = 0;  // the categories of the request's forces: actions for none of them do nothing
  for (unsigned i = 0; i < cx.req().force_count; ++i) present = static_cast<category_mask>(present | 1U << cx.en.facts[force_at(cx, i)].category);
  for (std::size_t a = 0; a < c.on_approved.size(); ++a) {
    const chain_action& act = c.on_approved[a];
    const bool per_force = act.kind == action_kind::issue_orders || act.kind == action_kind::request_support || act.per_force;
    const bool force_when = per_force_condition(cx, act.when);  // then read below, per force
    if ((per_force && !(act.categories & present)) || (!force_when && !holds(cx.en, cx.inc(), act.when, &cx.req()))) continue;
    const auto why = static_cast<rule_index>(cx.en.at.actions[cx.req().chain] + a);
    const request_record& r = cx.req();
    switch (act.kind) {
      case action_kind::issue_orders:
      case action_kind::request_support: {
        // Orders deploy rescue forces; experts are asked for decision support (3.3.2), by the
        // action's categories. Only a deploying issuer takes part (and owes a report, 3.3.3).
        const bool support = act.kind == action_kind::request_support;
        index_t asker = no_index;  // resolved at the first force it concerns: most plans name no expert
        if (!support) {
          issuer = asker = resolve_party(cx.en, cx.inc(), act.party);
          add_participant(cx, issuer);
        }
        for (unsigned i = 0; i < r.force_count; ++i) {
          const index_t force = force_at(cx, i);
          if (!active(cx.req(), i) || !cx.en.facts[force].in(act.categories)) continue;
          if (force_when && !holds(cx.en, cx.inc(), act.when, &cx.req(), force)) continue;
          if (act.forces == force_selection::outside_incident_jurisdiction && cx.en.facts[force].jurisdiction == cx.inc().jurisdiction)
            continue;
          if (asker == no_index) asker = resolve_party(cx.en, cx.inc(), act.party);
          // A force ordered elsewhere since it was named (another plan approved first, or the
          // chain that opened this one ordered it) is not ordered twice: the drafter is told.
          if (!force_available(cx.en, force, cx.inc().status != input_status::actual)) {
            tell_drafter(cx, topic::force_dropped, force);
            cx.en.out.effects.back().order = cx.en.committed[force];
            continue;
          }
          issue_order(cx, force, asker, {why, chain_rule(cx)}, a);
          cx.request = self;
        }
        break;
      }
      case action_kind::open_chain: {
        // Another chain, over this one's remaining forces and its quantity or amount.
        std::array<index_t, 64> kept{};
        unsigned count = 0;
        for (unsigned i = 0; i < r.force_count; ++i)
          if (active(r, i)) kept[count++] = force_at(cx, i);
        const chain& next = cx.en.p.chains[act.target];
        // As for opened_on: where the chain names the upper level and command sits at the root,
        // it is not opened (its step would be addressed to nobody).
        if (next.needs_upper && cx.en.p.jurisdictions[cx.inc().command].parent == no_index) break;
        if (next.about != chain_subject::forces && next.about != chain_subject::quantity) count = 0;
        const index_t drafter = resolve_party(cx.en, cx.inc(), act.party.empty() ? next.opened_by : act.party, count ? kept[0] : no_index);
        const std::int64_t measure = r.measure;
        // A return chain about the same quantity takes over the stock this one holds (4.3).
        const stock_source stock{no_index, next.about == chain_subject::quantity ? self : no_record};
        if (drafter != no_index) open_announced(cx, act.target, drafter, kept.data(), count, measure, why, stock);
        cx.request = self;
        break;
      }
      case action_kind::set_flag:
      case action_kind::clear_flag: {
        const std::uint64_t bit = std::uint64_t{1} << act.target;
        const bool set = act.kind == action_kind::set_flag;
        cx.touch_incident(cx.incident);
        if (((cx.inc().flags & bit) != 0) == set) break;  // already so: nothing changes, nobody is told
        cx.inc().flags = set ? cx.inc().flags | bit : cx.inc().flags & ~bit;
        auto [coordinator, commander] = command_for(cx.en, cx.inc(), cx.inc().grade);
        (void)commander;
        cx.emit(effect_kind::notify, set ? topic::flag_set : topic::flag_cleared, coordinator, {why, chain_rule(cx)}).flag = act.target;
        break;
      }
      case action_kind::release_stock: {
        // The units this request holds are back in stock (4.3); the action's party is told.
        if (r.held == 0) break;  // nothing held (taken over, or never drawn): nothing to tell
        const index_t force = cx.en.force_pool[r.forces];
        give_back_stock(cx);
        effect& e = cx.emit(effect_kind::notify, topic::stock_released, resolve_party(cx.en, cx.inc(), act.party, force), {why, chain_rule(cx)});
        e.force = force;
        e.from = issuer;
        break;
      }
      case action_kind::assign_command: {
        // 3.1.3 as policy: `to` takes the position; whoever held it is told it moved. Where `to`
        // does not exist, or holds it already, nothing changes and nobody is told.
        const index_t to = resolve_party(cx.en, cx.inc(), act.party);
        const auto [coordinator, commander] = command_for(cx.en, cx.inc(), cx.inc().grade);
        const index_t before = act.position == command_position::commander ? commander : coordinator;
        if (to == no_index || to == before) break;
        assign_position(cx, act.position, to, {why, chain_rule(cx)});
        cx.emit(effect_kind::notify, topic::command_moved, before, {why, chain_rule(cx)}).from = to;
        break;
      }
      case action_kind::file_record:
      case action_kind::notify:
        for (unsigned i = 0; i < (act.per_force ? r.force_count : 1U); ++i) {
          if (act.per_force && (!active(r, i) || !cx.en.facts[force_at(cx, i)].in(act.categories))) continue;
          if (force_when && !holds(cx.en, cx.inc(), act.when, &r, force_at(cx, i))) continue;
          const index_t force = act.per_force ? force_at(cx, i) : no_index;
          effect& e = cx.emit(act.kind == action_kind::file_record ? effect_kind::file_record : effect_kind::notify,
                              act.kind == action_kind::notify ? topic::request_approved : topic::none,
                              resolve_party(cx.en, cx.inc(), act.party, force), {why, chain_rule(cx)});
          e.force = force;
          e.from = issuer;
        }
        break;
    }
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
