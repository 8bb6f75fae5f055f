// Answer rounds shared by warnings and schedule runs: members, deadlines, answers, ladders.
#include "engine/rounds.hpp"

#include "engine/handlers.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

std::uint32_t append_member(dispatch& cx, std::uint32_t& first, std::uint32_t& last, const round_member& m) {
  engine::impl& en = cx.en;
  const auto i = static_cast<std::uint32_t>(en.members.size());
  en.members.emplace_back() = m;
  if (last == no_record) first = i;
  else {
    cx.touch_member(last);
    en.members[last].next = i;
  }
  last = i;
  return i;
}

std::uint32_t find_member(const engine::impl& en, std::uint32_t first, index_t org, index_t force) {
  for (std::uint32_t i = first; i != no_record; i = en.members[i].next)
    if (en.members[i].org == org && en.members[i].force == force) return i;
  return no_record;
}

timestamp tier_deadline(const engine::impl& en, const round_tier& t) {
  const bool shorter = t.within_special_period > 0 && period_class_active(en, period_class::special, en.now);
  return en.now + (shorter ? t.within_special_period : t.within);
}

void reask(dispatch& cx, std::uint32_t i, const round_tier& t, timer_kind k) {
  cx.touch_member(i);
  round_member& m = cx.en.members[i];
  m.state = member_state::pending;
  m.silence = 0;
  m.answered_at = 0;
  m.due = tier_deadline(cx.en, t);
  ++m.timer_gen;
  cx.start_timer(k, i, m.timer_gen, m.due);
}

bool record_answer(dispatch& cx, std::uint32_t i, const std::string& what) {
  engine::impl& en = cx.en;
  cx.touch_member(i);
  round_member& m = en.members[i];
  // Past its ladder, an answer still counts while the round stands: late, but given.
  switch (m.state) {
    case member_state::pending:
    case member_state::missed: break;
    case member_state::answered:
    case member_state::late:
      cx.reject(rejection::not_allowed_in_state, org_name(en, m.org) + " has already answered " + what);
      return false;
    case member_state::closed:
      cx.reject(rejection::not_allowed_in_state, "the answer to " + what + " is no longer asked for");
      return false;
  }
  m.state = m.silence > 0 ? member_state::late : member_state::answered;
  m.answered_at = en.now;
  ++m.timer_gen;
  return true;
}

bool climb_ladder(dispatch& cx, const round_tier& t, timer_kind k, topic about, rule_index why, rule_index also) {
  engine::impl& en = cx.en;
  round_member& m = en.members[cx.member];
  if (m.state != member_state::pending) return false;
  if (m.silence >= t.on_timeout.size()) {  // the ladder has run out: nobody asks any more
    m.state = member_state::missed;
    return true;
  }
  const silence_rung& rung = t.on_timeout[m.silence++];
  const bool expired = rung.act == silence_action::expire;
  if (expired) {
    m.state = member_state::missed;
  } else {
    m.due = tier_deadline(en, t);
    ++m.timer_gen;
    cx.start_timer(k, cx.member, m.timer_gen, m.due);
  }
  once_each told;
  auto tell = [&](effect_kind kind, index_t to) {
    if (!told.first(to)) return;
    effect& e = cx.emit(kind, about, to, {why, also});
    e.force = m.force;
    if (kind != effect_kind::remind) e.from = m.org;  // whose silence it is (a reminder goes to it)
    if (!expired) e.due = m.due;
  };
  if (rung.act == silence_action::remind) tell(effect_kind::remind, m.org);
  if (rung.act == silence_action::escalate)
    for (const party_ref& r : t.escalate_to) tell(effect_kind::escalate, resolve_party_in(en, m.jurisdiction, r, m.force));
  for (const party_ref& r : rung.notify) tell(effect_kind::notify, resolve_party_in(en, m.jurisdiction, r, m.force));
  return expired;
}

bool close_member(dispatch& cx, std::uint32_t i, bool overdue) {
  cx.touch_member(i);
  round_member& m = cx.en.members[i];
  ++m.timer_gen;
  if (m.state != member_state::pending) return false;
  m.state = overdue || m.silence > 0 ? member_state::missed : member_state::closed;
  return true;
}

}  // namespace detail
MUSTER_END_NAMESPACE
