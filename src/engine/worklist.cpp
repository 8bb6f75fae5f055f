// Worklists: what each organisation must answer and by when, the open incidents, requests and
// orders, and when the next timer fires — read from the engine's records, as deadlines() is,
// so a host needs no index of its own built from the effects.
#include "engine/engine_impl.hpp"
#include "engine/handlers.hpp"

#include <algorithm>
#include <tuple>

MUSTER_BEGIN_NAMESPACE

namespace {

/// What answering a request's current step means for the organisation asked; false for a step
/// that asks nobody for an answer (notify).
bool work_of(step_kind k, work_kind& out) {
  switch (k) {
    case step_kind::approve: out = work_kind::approve; return true;
    case step_kind::consent: out = work_kind::consent; return true;
    case step_kind::acknowledge: out = work_kind::acknowledge; return true;
    case step_kind::submit: out = work_kind::submit; return true;
    case step_kind::notify: return false;
  }
  return false;
}

}  // namespace

std::vector<work_item> engine::worklist(index_t organisation) const {
  const impl& en = *impl_;
  std::vector<work_item> out;
  if (organisation >= en.p.organisations.size()) return out;
  const auto overdue = [&](timestamp due) { return en.now != INT64_MIN && due <= en.now; };

  // Requests at a step that waits for the organisation's answer (for each force it answers
  // for, in a per-force step), as request() finds whom a step awaits.
  en.requests.for_each_index([&](std::size_t q, const detail::request_record& r) {
    if (detail::state_of(r) != request_state::awaiting) return;
    const chain_step& st = en.p.chains[r.chain].steps[r.step];
    work_item item;
    if (!work_of(st.kind, item.kind)) return;
    const detail::incident_record& inc = en.incidents[r.incident];
    item.due = r.due;
    item.overdue = overdue(r.due);
    item.incident = inc.id;
    item.request = static_cast<request_id>(q + 1);
    item.step = r.step;
    for (unsigned i = 0; i < (st.per_force ? r.force_count : 1U); ++i) {
      if (st.per_force && ((r.dropped | r.answered) >> i & 1U)) continue;
      const index_t force = st.per_force ? en.force_pool[r.forces + i] : no_index;
      if (detail::resolve_party(en, inc, st.by, force, r.escalation) != organisation) continue;
      item.force = force;
      out.push_back(item);
      if (!st.per_force) break;
    }
  });
  // Orders to its forces, issued or overdue: an overdue order can still be acknowledged.
  en.orders.for_each_index([&](std::size_t o, const detail::order_record& r) {
    const order_state s = detail::state_of(r);
    if ((s != order_state::issued && s != order_state::overdue) || en.facts[r.force].owner != organisation) return;
    work_item item;
    item.kind = work_kind::order_ack;
    item.due = r.due;
    item.overdue = s == order_state::overdue || overdue(r.due);
    item.incident = en.incidents[r.incident].id;
    item.request = r.request;
    item.order = static_cast<order_id>(o + 1);
    item.force = r.force;
    out.push_back(item);
  });
  // After-action reports (3.3.3).
  en.incidents.for_each([&](const detail::incident_record& inc) {
    for (int i = 0; i < inc.participant_count; ++i) {
      if (!(inc.reports_owed >> i & 1U) || inc.participants[i] != organisation) continue;
      work_item item;
      item.kind = work_kind::review_report;
      item.due = inc.review_due;
      item.overdue = overdue(inc.review_due);
      item.incident = inc.id;
      out.push_back(item);
    }
  });
  // Warnings (3.3.1) while they stand: asked and not answered, or past the ladder (missed) —
  // a late acknowledgement still counts, and still pushes the warning on.
  en.warnings.for_each([&](const detail::warning_record& w) {
    if (detail::state_of(w) != warning_state::active) return;
    for (std::uint32_t i = w.first_member; i != detail::no_record; i = en.members[i].next) {
      const detail::round_member& m = en.members[i];
      if (m.org != organisation || (m.state != detail::member_state::pending && m.state != detail::member_state::missed)) continue;
      work_item item;
      item.kind = work_kind::warning_ack;
      item.due = m.due;
      item.overdue = m.state == detail::member_state::missed || overdue(m.due);
      item.force = m.force;
      item.warning = w.id;
      out.push_back(item);
    }
  });
  // Schedule runs (3.2.2, 3.2.3) while open: a call not answered yet, in time or late.
  en.runs.for_each([&](const detail::run_record& r) {
    if (detail::state_of(r) != run_state::open) return;
    for (std::uint32_t i = r.first_member; i != detail::no_record; i = en.members[i].next) {
      const detail::round_member& m = en.members[i];
      if (m.org != organisation || (m.state != detail::member_state::pending && m.state != detail::member_state::missed)) continue;
      work_item item;
      item.kind = work_kind::schedule_answer;
      item.due = m.due;
      item.overdue = m.state == detail::member_state::missed || overdue(m.due);
      item.force = m.force;
      item.run = m.round + 1;
      item.schedule = r.schedule;
      out.push_back(item);
    }
  });
  const auto key = [](const work_item& w) {
    return std::make_tuple(w.due, static_cast<int>(w.kind), w.incident, w.request, w.order, w.warning, w.run, w.force);
  };
  std::sort(out.begin(), out.end(), [&](const work_item& a, const work_item& b) { return key(a) < key(b); });
  return out;
}

std::vector<incident_id> engine::open_incident_ids() const {
  std::vector<incident_id> out;
  impl_->incidents.for_each([&](const detail::incident_record& r) {
    if (detail::state_of(r) != incident_state::closed) out.push_back(r.id);
  });
  return out;
}

std::vector<request_id> engine::open_request_ids() const {
  const impl& en = *impl_;
  std::vector<request_id> out;
  en.requests.for_each_index([&](std::size_t q, const detail::request_record& r) {
    const request_state s = detail::state_of(r);
    if (s == request_state::drafted || s == request_state::awaiting || s == request_state::approved)
      out.push_back(static_cast<request_id>(q + 1));
  });
  return out;
}

std::vector<order_id> engine::open_order_ids() const {
  const impl& en = *impl_;
  std::vector<order_id> out;
  en.orders.for_each_index([&](std::size_t o, const detail::order_record& r) {
    const order_state s = detail::state_of(r);
    if (s != order_state::declined && s != order_state::released) out.push_back(static_cast<order_id>(o + 1));
  });
  return out;
}

std::optional<timestamp> engine::next_due() const {
  const impl& en = *impl_;
  // Stale timers (their record answered or moved on) stay queued until they would fire; they are
  // no wake-up.
  detail::timer t;
  if (!en.timers.find_first([&](const detail::timer& c) { return detail::timer_current(en, c); }, t)) return std::nullopt;
  return t.due;
}

const char* to_string(work_kind k) {
  switch (k) {
    case work_kind::approve: return "approve";
    case work_kind::consent: return "consent";
    case work_kind::acknowledge: return "acknowledge";
    case work_kind::submit: return "submit";
    case work_kind::order_ack: return "order_ack";
    case work_kind::review_report: return "review_report";
    case work_kind::warning_ack: return "warning_ack";
    case work_kind::schedule_answer: return "schedule_answer";
  }
  return "unknown";
}

MUSTER_END_NAMESPACE
