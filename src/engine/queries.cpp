// Read-only views of the engine's state, its explanations and its digest.
#include "common/civil_time.hpp"
#include "common/digest.hpp"
#include "engine/engine_impl.hpp"
#include "engine/handlers.hpp"

#include <algorithm>
#include <cstring>

MUSTER_BEGIN_NAMESPACE

std::optional<incident_view> engine::incident(incident_id id) const {
  const impl& en = *impl_;
  const auto at = en.incident_index.find(id);
  if (!at || !en.incidents.present(*at)) return std::nullopt;  // unknown, or released (limits.retention)
  const detail::incident_record& r = en.incidents[*at];
  incident_view v;
  v.id = r.id;
  v.state = detail::state_of(r);
  v.jurisdiction = r.jurisdiction;
  v.incident_type = r.type;
  v.grade = r.grade;
  v.command_jurisdiction = r.command;
  std::tie(v.coordinator, v.commander) = detail::command_for(en, r, r.grade);
  v.headquarters = r.headquarters;
  v.reported_at = r.reported_at;
  for (std::uint32_t q = r.first_request; q != detail::no_record; q = en.requests[q].next_in_incident) v.requests.push_back(q + 1);
  for (std::uint32_t o = r.first_order; o != detail::no_record; o = en.orders[o].next_in_incident) v.orders.push_back(o + 1);
  std::reverse(v.requests.begin(), v.requests.end());
  std::reverse(v.orders.begin(), v.orders.end());
  for (int i = 0; i < r.participant_count; ++i)
    if (r.reports_owed >> i & 1U) v.reports_owed.push_back(r.participants[i]);
  v.flags = r.flags;
  return v;
}

std::optional<request_view> engine::request(request_id id) const {
  const impl& en = *impl_;
  if (id == 0 || !en.requests.present(id - 1)) return std::nullopt;
  const detail::request_record& r = en.requests[id - 1];
  request_view v;
  v.id = id;
  v.incident = en.incidents[r.incident].id;
  v.chain = r.chain;
  v.state = detail::state_of(r);
  v.drafted_by = r.drafted_by;
  v.escalations = r.escalation;
  v.measure = r.measure;
  v.item = r.item;
  v.held = r.held;
  for (unsigned i = 0; i < r.force_count; ++i)
    if (!(r.dropped >> i & 1U)) v.forces.push_back(en.force_pool[r.forces + i]);
  if (v.state == request_state::awaiting) {
    v.step = r.step;
    v.due = r.due;
    const chain_step& st = en.p.chains[r.chain].steps[r.step];
    const detail::incident_record& inc = en.incidents[r.incident];
    for (unsigned i = 0; i < (st.per_force ? r.force_count : 1U); ++i) {
      if (st.per_force && ((r.dropped | r.answered) >> i & 1U)) continue;
      const index_t force = st.per_force ? en.force_pool[r.forces + i] : no_index;
      const index_t org = detail::resolve_party(en, inc, st.by, force, r.escalation);
      if (std::find(v.awaiting.begin(), v.awaiting.end(), org) == v.awaiting.end()) v.awaiting.push_back(org);
    }
  }
  return v;
}

std::optional<order_view> engine::order(order_id id) const {
  const impl& en = *impl_;
  if (id == 0 || !en.orders.present(id - 1)) return std::nullopt;
  const detail::order_record& o = en.orders[id - 1];
  order_view v;
  v.id = id;
  v.incident = en.incidents[o.incident].id;
  v.request = o.request;
  v.force = o.force;
  v.issued_by = o.issued_by;
  v.state = detail::state_of(o);
  if (v.state == order_state::issued || v.state == order_state::overdue) v.due = o.due;
  return v;
}

std::vector<deadline_view> engine::deadlines() const {
  const impl& en = *impl_;
  std::vector<deadline_view> out;
  en.requests.for_each_index([&](std::size_t i, const detail::request_record& r) {
    if (detail::state_of(r) != request_state::awaiting) return;
    const chain_step& st = en.p.chains[r.chain].steps[r.step];
    if (r.silence >= st.on_timeout.size() && r.silence > 0) return;  // silence has had its say: no timer left
    // One deadline per organisation whose answer is awaited.
    const auto view = request(static_cast<request_id>(i + 1));
    for (index_t org : view->awaiting)
      out.push_back({r.due, deadline_kind::request_step, en.incidents[r.incident].id, static_cast<request_id>(i + 1), 0, org});
  });
  en.orders.for_each_index([&](std::size_t i, const detail::order_record& o) {
    if (detail::state_of(o) != order_state::issued) return;
    out.push_back({o.due, deadline_kind::order_ack, en.incidents[o.incident].id, o.request, static_cast<order_id>(i + 1), en.facts[o.force].owner});
  });
  en.incidents.for_each([&](const detail::incident_record& inc) {
    for (int i = 0; i < inc.participant_count; ++i)
      if (inc.reports_owed >> i & 1U)
        out.push_back({inc.review_due, deadline_kind::review_report, inc.id, 0, 0, inc.participants[i]});
  });
  for (std::size_t i = 0; i < en.declared_until.size(); ++i)
    if (en.declared_until[i] != 0 && en.declared_until[i] != INT64_MAX && en.declared_until[i] > en.now)
      out.push_back({en.declared_until[i], deadline_kind::period_end, 0, 0, 0, static_cast<index_t>(i)});
  en.warnings.for_each([&](const detail::warning_record& w) {
    if (detail::state_of(w) != warning_state::active) return;
    if (w.until != 0) out.push_back({w.until, deadline_kind::warning_expiry, 0, 0, 0, w.issuer, w.id});
    for (std::uint32_t i = w.first_member; i != detail::no_record; i = en.members[i].next)
      if (en.members[i].state == detail::member_state::pending)
        out.push_back({en.members[i].due, deadline_kind::warning_ack, 0, 0, 0, en.members[i].org, w.id});
  });
  en.runs.for_each([&](const detail::run_record& r) {
    if (detail::state_of(r) != run_state::open) return;
    for (std::uint32_t i = r.first_member; i != detail::no_record; i = en.members[i].next)
      if (en.members[i].state == detail::member_state::pending) {
        deadline_view d{en.members[i].due, deadline_kind::schedule_call, 0, 0, 0, en.members[i].org};
        d.run = en.members[i].round + 1;
        d.schedule = r.schedule;
        out.push_back(d);
      }
  });
  for (const detail::opening_record& o : en.openings)
    if (!o.fired) {
      const detail::incident_record& inc = en.incidents[o.incident];
      deadline_view d{o.due, deadline_kind::chain_opening, inc.id, 0, 0, detail::resolve_party(en, inc, en.p.chains[o.chain].opened_by, o.force)};
      d.chain = o.chain;
      out.push_back(d);
    }
  for (std::size_t s = 0; s < en.schedule_states.size(); ++s)
    if (en.schedule_states[s].next != 0) {  // 0: not armed until the first input sets the clock
      deadline_view d{en.schedule_states[s].next, deadline_kind::schedule_run, 0, 0, 0, no_index};
      d.schedule = static_cast<index_t>(s);
      out.push_back(d);
    }
  std::stable_sort(out.begin(), out.end(), [](const deadline_view& a, const deadline_view& b) { return a.due < b.due; });
  return out;
}

std::optional<run_view> engine::run(run_id id) const {
  const impl& en = *impl_;
  if (id == 0 || !en.runs.present(id - 1)) return std::nullopt;
  const detail::run_record& r = en.runs[id - 1];
  run_view v;
  v.id = id;
  v.schedule = r.schedule;
  v.state = detail::state_of(r);
  v.opened_at = r.opened_at;
  v.closed_at = r.closed_at;
  for (std::uint32_t i = r.first_member; i != detail::no_record; i = en.members[i].next) {
    const detail::round_member& m = en.members[i];
    v.calls.push_back({m.org, m.force, m.asked_by, m.state, m.due, m.answered_at, m.silence});
  }
  return v;
}

run_id engine::run_count() const { return static_cast<run_id>(impl_->runs.size()); }

std::optional<force_view> engine::force_status(index_t force) const {
  const impl& en = *impl_;
  if (force >= en.live.size()) return std::nullopt;
  const detail::force_live& l = en.live[force];
  const struct force& x = en.reg->forces[force];
  force_view v;
  v.force = force;
  v.duty = l.duty;
  v.personnel = l.personnel;
  if (l.data_day != INT64_MIN) v.data_updated = detail::date_of_day(l.data_day);
  const std::uint32_t at = en.item_offset[force];
  v.equipment.assign(en.item_counts.begin() + at, en.item_counts.begin() + at + x.equipment.size());
  v.materials.assign(en.item_counts.begin() + at + x.equipment.size(), en.item_counts.begin() + at + x.equipment.size() + x.materials.size());
  v.held.assign(en.item_held.begin() + at, en.item_held.begin() + at + x.item_count());
  v.order = en.committed[force];
  if (const detail::warning_record* w = detail::latest_standby(en, force)) v.standby = w->id;
  return v;
}

bool engine::special_period_active() const { return detail::period_class_active(*impl_, period_class::special, impl_->now); }
bool engine::sensitive_period_active() const { return detail::period_class_active(*impl_, period_class::sensitive, impl_->now); }

std::size_t engine::open_requests() const {
  std::size_t n = 0;
  impl_->requests.for_each([&](const detail::request_record& r) { n += detail::state_of(r) == request_state::awaiting; });
  return n;
}

std::size_t engine::state_bytes() const {
  const impl& en = *impl_;
  return en.incidents.bytes() + en.requests.bytes() + en.orders.bytes() + en.force_pool.bytes() +
         en.committed.capacity() * sizeof(std::uint32_t) + en.facts.capacity() * sizeof(detail::force_facts) + en.timers.bytes() +
         en.incident_index.bytes();
}

std::size_t engine::history_bytes() const {
  const impl& en = *impl_;
  return en.history.bytes() + en.seen_index.bytes();
}

std::uint64_t engine::remembered_ids_from() const { return impl_->remembered_from; }

std::string engine::explain_rule(rule_index r) const {
  if (r >= impl_->rules.size()) return {};
  const rule_ref& ref = *impl_->rules[r];
  std::string s = ref.id + " (" + ref.where.file + ":" + std::to_string(ref.where.line) + ":" + std::to_string(ref.where.column) + ")";
  if (!ref.clauses.empty()) {
    s += " [";
    for (std::size_t i = 0; i < ref.clauses.size(); ++i) s += (i ? ", " : "") + ref.clauses[i];
    s += "]";
  }
  return s;
}

std::string engine::explain(const effect& e) const {
  std::string s;
  for (unsigned i = 0; i < e.because_count; ++i) s += (i ? "\n" : "") + explain_rule(e.because[i]);
  return s;
}

const char* to_string(deadline_kind k) {
  switch (k) {
    case deadline_kind::request_step: return "request_step";
    case deadline_kind::order_ack: return "order_ack";
    case deadline_kind::review_report: return "review_report";
    case deadline_kind::period_end: return "period_end";
    case deadline_kind::warning_ack: return "warning_ack";
    case deadline_kind::warning_expiry: return "warning_expiry";
    case deadline_kind::schedule_call: return "schedule_call";
    case deadline_kind::schedule_run: return "schedule_run";
    case deadline_kind::chain_opening: return "chain_opening";
  }
  return "unknown";
}

std::string engine::state_digest() const {
  const impl& en = *impl_;
  // A canonical byte string of everything observable, in creation order; hashed.
  std::string bytes;
  auto put = [&](auto v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(en.now);
  put(en.p.digest.size());
  bytes += en.p.digest;
  en.incidents.for_each([&](const detail::incident_record& r) {
    put(r.id); put(static_cast<int>(detail::state_of(r))); put(r.jurisdiction); put(r.type); put(r.grade); put(r.command);
    put(r.headquarters); put(r.reports_owed); put(r.report_silence); put(r.participant_count);
    for (int i = 0; i < r.participant_count; ++i) put(r.participants[i]);
  });
  en.requests.for_each([&](const detail::request_record& r) {
    put(r.incident); put(static_cast<int>(detail::state_of(r))); put(r.chain); put(r.step); put(r.drafted_by); put(r.forces);
    put(r.force_count); put(r.answered); put(r.dropped); put(r.silence); put(r.escalation); put(r.due);
  });
  en.orders.for_each([&](const detail::order_record& o) {
    put(o.incident); put(static_cast<int>(detail::state_of(o))); put(o.request); put(o.force); put(o.issued_by); put(o.due);
  });
  en.force_pool.for_each([&](index_t f) { put(f); });
  for (auto c : en.committed) put(c);
  for (auto d : en.declared_until) put(d);
  en.timers.for_each([&](const detail::timer& t) {
    if (detail::timer_current(en, t)) { put(t.due); put(static_cast<int>(t.kind())); put(t.target); }
  });
  // Incident flags and a request's quantity or amount (`when:` reads both). Written only where
  // set, each tagged with its record's position, so a state without them digests as before.
  en.incidents.for_each_index([&](std::size_t i, const detail::incident_record& r) {
    const auto at = static_cast<std::uint32_t>(i);
    if (r.flags != 0) { put('F'); put(at); put(r.flags); }
    if (r.status != input_status::actual) { put('X'); put(at); put(static_cast<int>(r.status)); }
    if (r.assigned_coordinator != no_index || r.assigned_commander != no_index) {
      put('A'); put(at); put(r.assigned_coordinator); put(r.assigned_commander);
    }
  });
  en.requests.for_each_index([&](std::size_t i, const detail::request_record& r) {
    const auto at = static_cast<std::uint32_t>(i);
    if (r.measure != 0) { put('M'); put(at); put(r.measure); }
    if (r.item != no_index) { put('H'); put(at); put(r.item); put(r.held); put(r.stock_out); }
  });
  en.orders.for_each_index([&](std::size_t i, const detail::order_record& o) {
    if (o.departed) { put('D'); put(static_cast<std::uint32_t>(i)); }
  });
  // Warnings (3.3.1) and who was asked to acknowledge them: after everything else, so a state
  // without warnings digests as before.
  en.warnings.for_each([&](const detail::warning_record& w) {
    put('W'); put(w.id); put(static_cast<int>(detail::state_of(w))); put(w.issuer); put(w.hazard); put(w.level);
    put(w.until); put(static_cast<int>(w.status));
    for (std::uint32_t i = 0; i < w.area_count; ++i) put(en.area_pool[w.area + i]);
  });
  en.members.for_each([&](const detail::round_member& m) {
    put(m.kind == detail::round_kind::run ? 'C' : 'R'); put(m.round); put(m.org); put(m.force); put(m.asked_by); put(static_cast<int>(m.state)); put(m.silence);
    put(m.due); put(m.answered_at); put(m.standby);
  });
  // Schedule runs (3.2.2, 3.2.3) and where each schedule stands.
  en.runs.for_each([&](const detail::run_record& r) {
    put('S'); put(r.schedule); put(static_cast<int>(detail::state_of(r))); put(r.opened_at); put(r.closed_at); put(r.rhythm);
  });
  for (const detail::schedule_state& st : en.schedule_states) { put('N'); put(st.next); put(st.next_rhythm); put(st.last_run); }
  // Delayed chain openings, after everything else, so a state without them digests as before.
  for (const detail::opening_record& o : en.openings) { put('P'); put(o.due); put(o.incident); put(o.chain); put(o.force); put(o.fired); }
  // The live registry (force.update, standby): only what differs from the registry file, so a
  // state no update touched digests as before.
  for (std::size_t i = 0; i < en.live.size(); ++i) {
    const force& x = en.reg->forces[i];
    const detail::force_live& l = en.live[i];
    if (l.duty != x.duty || l.personnel != x.personnel || l.data_day != detail::days_since_epoch(x.data_updated) || l.standby_warning != detail::no_record) {
      put('L'); put(static_cast<std::uint32_t>(i)); put(static_cast<int>(l.duty)); put(l.personnel); put(l.data_day); put(l.standby_warning);
    }
    std::uint32_t item = en.item_offset[i];
    for (const auto* items : {&x.equipment, &x.materials})
      for (const counted_item& c : *items) {
        if (en.item_counts[item] != c.count) { put('Q'); put(item); put(en.item_counts[item]); }
        ++item;
      }
  }
  return detail::sha256_hex(bytes);
}

MUSTER_END_NAMESPACE
