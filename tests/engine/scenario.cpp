// The engine test harness: see scenario.hpp.
#include "engine/scenario.hpp"

#include <stdexcept>
#include <utility>

namespace muster_test {

using muster::deadline_kind;
using muster::effect;
using muster::effect_kind;
using muster::rejection;
using muster::topic;

// ---- the reference policy -------------------------------------------------------------------

namespace {

std::string rendered(const std::vector<muster::diagnostic>& diags) {
  std::string s;
  for (const auto& d : diags) s += muster::render(d) + "\n";
  return s;
}

reference load_reference() {
  const std::string dir = MUSTER_SOURCE_DIR;
  auto p = muster::compile_policy_file(dir + "/rules/weihai.yaml");
  if (!p.ok()) throw std::runtime_error("rules/weihai.yaml does not compile:\n" + rendered(p.diagnostics));
  auto r = muster::compile_forces_file(*p.value, dir + "/rules/weihai-forces.yaml");
  if (!r.ok()) throw std::runtime_error("rules/weihai-forces.yaml does not compile:\n" + rendered(r.diagnostics));
  return {p.value, r.value};
}

index_t found(index_t i, const char* what, std::string_view id) {
  if (i == no_index) FAIL("no " << what << " '" << std::string(id) << "' in rules/weihai*.yaml");
  return i;
}

template <class Table>
std::string id_in(const Table& table, index_t i) {
  if (i == no_index) return "none";
  if (i >= table.size()) return "#" + std::to_string(i);
  return table[i].id;
}

}  // namespace

const reference& weihai() {
  static const reference r = load_reference();
  return r;
}

index_t org(std::string_view id) { return found(policy().find_organisation(id), "organisation", id); }
index_t force(std::string_view id) { return found(registry().find_force(id), "force", id); }
index_t grade(std::string_view id) { return found(policy().find_grade(id), "grade", id); }
index_t jurisdiction(std::string_view id) { return found(policy().find_jurisdiction(id), "jurisdiction", id); }
index_t incident_type(std::string_view id) { return found(policy().find_incident_type(id), "incident type", id); }
index_t period(std::string_view id) { return found(policy().find_period(id), "period", id); }
index_t capability(std::string_view id) { return found(policy().find_capability(id), "capability", id); }

std::uint64_t capabilities(std::initializer_list<std::string_view> ids) {
  std::uint64_t mask = 0;
  for (auto id : ids) mask |= std::uint64_t{1} << capability(id);
  return mask;
}

std::string org_id(index_t i) { return id_in(policy().organisations, i); }
std::string force_id(index_t i) { return id_in(registry().forces, i); }
std::string grade_id(index_t i) { return id_in(policy().grades, i); }
std::string jurisdiction_id(index_t i) { return id_in(policy().jurisdictions, i); }

std::vector<index_t> orgs(std::initializer_list<std::string_view> ids) {
  std::vector<index_t> v;
  for (auto id : ids) v.push_back(org(id));
  return v;
}

std::vector<index_t> forces(std::initializer_list<std::string_view> ids) {
  std::vector<index_t> v;
  for (auto id : ids) v.push_back(force(id));
  return v;
}

std::vector<std::string> org_ids(const std::vector<index_t>& v) {
  std::vector<std::string> out;
  for (index_t i : v) out.push_back(org_id(i));
  return out;
}

std::vector<std::string> force_ids(const std::vector<index_t>& v) {
  std::vector<std::string> out;
  for (index_t i : v) out.push_back(force_id(i));
  return out;
}

// ---- rendering ---------------------------------------------------------------------------------

const char* name_of(effect_kind k) { return muster::to_string(k); }  // the engine's own names: one table

const char* name_of(topic t) { return muster::to_string(t); }  // the engine's own names: one table

const char* name_of(rejection r) { return muster::to_string(r); }  // the engine's own names: one table

const char* name_of(deadline_kind k) { return muster::to_string(k); }  // the engine's own names: one table

const char* name_of(muster::incident_state s) {
  using muster::incident_state;
  switch (s) {
    case incident_state::reported: return "reported";
    case incident_state::first_response: return "first_response";
    case incident_state::fire_led: return "fire_led";
    case incident_state::hq_led: return "hq_led";
    case incident_state::concluded: return "concluded";
    case incident_state::under_review: return "under_review";
    case incident_state::closed: return "closed";
  }
  return "incident_state?";
}

const char* name_of(muster::request_state s) {
  using muster::request_state;
  switch (s) {
    case request_state::drafted: return "drafted";
    case request_state::awaiting: return "awaiting";
    case request_state::approved: return "approved";
    case request_state::executed: return "executed";
    case request_state::rejected: return "rejected";
    case request_state::withdrawn: return "withdrawn";
    case request_state::expired: return "expired";
    case request_state::failed: return "failed";
  }
  return "request_state?";
}

const char* name_of(muster::order_state s) {
  using muster::order_state;
  switch (s) {
    case order_state::issued: return "issued";
    case order_state::overdue: return "overdue";
    case order_state::acknowledged: return "acknowledged";
    case order_state::en_route: return "en_route";
    case order_state::on_scene: return "on_scene";
    case order_state::released: return "released";
    case order_state::declined: return "declined";
  }
  return "order_state?";
}

const char* name_of(muster::warning_state s) {
  using muster::warning_state;
  switch (s) {
    case warning_state::active: return "active";
    case warning_state::cancelled: return "cancelled";
    case warning_state::expired: return "expired";
  }
  return "warning_state?";
}

const char* name_of(muster::run_state s) {
  using muster::run_state;
  switch (s) {
    case run_state::open: return "open";
    case run_state::closed: return "closed";
  }
  return "run_state?";
}

std::string offset(timestamp t, timestamp epoch) {
  std::int64_t d = t - epoch;
  if (d == 0) return "+0";
  std::string s = d < 0 ? "-" : "+";
  if (d < 0) d = -d;
  const std::int64_t days = d / 86400, hours = d % 86400 / 3600, mins = d % 3600 / 60, secs = d % 60;
  if (days) s += std::to_string(days) + "d";
  if (hours) s += std::to_string(hours) + "h";
  if (mins) s += std::to_string(mins) + "m";
  if (secs) s += std::to_string(secs) + "s";
  return s;
}

std::string verdict(const outcome& o) {
  std::string s = o.accepted ? "accepted" : std::string("rejected: ") + name_of(o.reason);
  if (o.duplicate) s += " (duplicate)";
  return s;
}

std::string lines(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& l : v) s += l + "\n";
  return s;
}

// ---- scenario ---------------------------------------------------------------------------------

scenario::scenario(timestamp epoch, muster::engine_options options)
    : epoch_(epoch), engine_(weihai().policy, weihai().forces, options), notation_(weihai().policy, weihai().forces, epoch) {}

event scenario::make(event_kind kind, std::string_view by, seconds_t t) {
  event e;
  e.id = next_id_++;
  e.kind = kind;
  e.at = at(t);
  if (!by.empty()) e.by.organisation = org(by);
  return e;
}

outcome scenario::submit(const event& e, std::vector<index_t> named, std::string reason) {
  last_ = e;
  last_forces_ = std::move(named);
  last_reason_ = std::move(reason);
  if (!last_forces_.empty()) {
    last_.forces = last_forces_.data();
    last_.force_count = static_cast<std::uint32_t>(last_forces_.size());
  }
  if (!last_reason_.empty()) last_.reason = last_reason_;
  if (next_id_ <= e.id) next_id_ = e.id + 1;
  return engine_.submit(last_);  // copied: the engine's outcome lives until the next call
}

outcome scenario::resubmit_last() { return engine_.submit(last_); }

outcome scenario::report(incident_id id, std::string_view jur, std::string_view type, std::string_view g,
                         std::string_view by, seconds_t t) {
  event e = make(event_kind::incident_report, by, t);
  e.incident = id;
  e.jurisdiction = jurisdiction(jur);
  e.incident_type = incident_type(type);
  e.grade = grade(g);
  last_incident_ = id;
  return submit(e);
}

outcome scenario::regrade(incident_id id, std::string_view g, std::string_view by, seconds_t t) {
  event e = make(event_kind::incident_regrade, by, t);
  e.incident = id;
  e.grade = grade(g);
  return submit(e);
}

outcome scenario::establish_hq(incident_id id, std::string_view by, seconds_t t) {
  event e = make(event_kind::incident_hq_established, by, t);
  e.incident = id;
  return submit(e);
}

outcome scenario::conclude(incident_id id, std::string_view by, seconds_t t) {
  event e = make(event_kind::incident_conclude, by, t);
  e.incident = id;
  return submit(e);
}

outcome scenario::file_review(incident_id id, std::string_view by, seconds_t t) {
  event e = make(event_kind::incident_review_filed, by, t);
  e.incident = id;
  return submit(e);
}

outcome scenario::plan(event_kind kind, incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
                       std::initializer_list<std::string_view> wanted, seconds_t t) {
  event e = make(kind, by, t);
  e.incident = id;
  e.capabilities = capabilities(wanted);
  return submit(e, forces(named));
}

outcome scenario::draft(incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
                        std::initializer_list<std::string_view> wanted, seconds_t t) {
  return plan(event_kind::plan_draft, id, by, named, wanted, t);
}

outcome scenario::apply(incident_id id, std::string_view by, std::initializer_list<std::string_view> named,
                        std::initializer_list<std::string_view> wanted, seconds_t t) {
  return plan(event_kind::reinforcement_apply, id, by, named, wanted, t);
}

incident_id scenario::incident_of_request(request_id r) const {
  if (auto v = engine_.request(r)) return v->incident;
  return last_incident_;
}

incident_id scenario::incident_of_order(order_id o) const {
  if (auto v = engine_.order(o)) return v->incident;
  return last_incident_;
}

outcome scenario::answer(event_kind kind, request_id r, std::string_view by, seconds_t t, std::string_view f, bool glass,
                         std::string_view reason) {
  event e = make(kind, by, t);
  e.incident = incident_of_request(r);
  e.target = r;
  if (!f.empty()) e.force = force(f);
  e.break_glass = glass;
  return submit(e, {}, std::string(reason));
}

outcome scenario::approve(request_id r, std::string_view by, seconds_t t) { return answer(event_kind::request_approve, r, by, t); }
outcome scenario::break_glass(request_id r, std::string_view by, std::string_view reason, seconds_t t) {
  return answer(event_kind::request_approve, r, by, t, {}, true, reason);
}
outcome scenario::reject(request_id r, std::string_view by, seconds_t t, std::string_view reason) {
  return answer(event_kind::request_reject, r, by, t, {}, false, reason);
}
outcome scenario::consent(request_id r, std::string_view by, std::string_view f, seconds_t t) {
  return answer(event_kind::request_consent, r, by, t, f);
}
outcome scenario::refuse(request_id r, std::string_view by, std::string_view f, seconds_t t) {
  return answer(event_kind::request_refuse, r, by, t, f);
}
outcome scenario::withdraw(request_id r, std::string_view by, seconds_t t) { return answer(event_kind::request_withdraw, r, by, t); }

outcome scenario::order_event(event_kind kind, order_id o, std::string_view by, seconds_t t) {
  event e = make(kind, by, t);
  e.incident = incident_of_order(o);
  e.target = o;
  return submit(e);
}

outcome scenario::ack(order_id o, std::string_view by, seconds_t t) { return order_event(event_kind::order_ack, o, by, t); }
outcome scenario::decline(order_id o, std::string_view by, seconds_t t) { return order_event(event_kind::order_decline, o, by, t); }
outcome scenario::depart(order_id o, std::string_view by, seconds_t t) { return order_event(event_kind::order_depart, o, by, t); }
outcome scenario::arrive(order_id o, std::string_view by, seconds_t t) { return order_event(event_kind::order_arrive, o, by, t); }
outcome scenario::release(order_id o, std::string_view by, seconds_t t) { return order_event(event_kind::order_release, o, by, t); }

std::string scenario::incident_state_of(incident_id id) const {
  auto v = engine_.incident(id);
  return v ? name_of(v->state) : "missing";
}

std::string scenario::request_state_of(request_id r) const {
  auto v = engine_.request(r);
  return v ? name_of(v->state) : "missing";
}

std::string scenario::order_state_of(order_id o) const {
  auto v = engine_.order(o);
  return v ? name_of(v->state) : "missing";
}

outcome scenario::advance(seconds_t t) { return engine_.advance_to(at(t)); }

// ---- effects in the scenario notation -------------------------------------------------------------

effect_notation::effect_notation(std::shared_ptr<const muster::policy> p, std::shared_ptr<const muster::force_registry> forces,
                                 timestamp epoch)
    : rules_(std::make_unique<muster::cli::rules_pair>(muster::cli::rules_pair{p, forces})),
      names_(std::make_unique<muster::codec>(p, forces)) {
  vocab_ = muster::cli::notation_vocabulary::build(*rules_, *names_);
  vocab_.base = epoch;
}

std::vector<muster::cli::effect_row> effect_notation::rows(const outcome& o, const muster::engine& en) const {
  std::vector<muster::cli::effect_row> v;
  for (const auto& e : o.effects) v.push_back(muster::cli::effect_row_of(e, en, *names_));
  return v;
}

std::vector<std::string> effect_notation::lines(const outcome& o, const muster::engine& en) const {
  std::vector<std::string> v;
  const muster::cli::notation_style style{vocab_.base, false};
  for (const auto& row : rows(o, en)) v.push_back(muster::cli::render_effect(row, INT64_MIN, style));  // at= always
  return v;
}

std::string effect_notation::differ(const outcome& o, const muster::engine& en, const std::vector<std::string>& expected) const {
  std::vector<muster::cli::effect_pattern> patterns(expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    muster::cli::notation_error err;
    if (!muster::cli::parse_effect_pattern(expected[i], vocab_, patterns[i], err))
      return "expected effect " + std::to_string(i + 1) + " does not parse at byte " + std::to_string(err.offset) + ": " +
             err.message + (err.hint.empty() ? "" : " (" + err.hint + ")") + "\n  " + expected[i] + "\n";
  }
  const std::vector<muster::cli::effect_row> actual = rows(o, en);
  const auto aligned = muster::cli::align(patterns.size(), actual.size(),
                                          [&](std::size_t i, std::size_t j) { return muster::cli::matches(patterns[i], actual[j]); });
  if (!muster::cli::alignment_differs(aligned, false)) return {};
  return muster::cli::render_alignment(aligned, expected, lines(o, en), "  ", false);
}

std::vector<std::string> scenario::deadlines(bool with_calendar) const {
  std::vector<std::string> v;
  for (const auto& d : engine_.deadlines()) {
    if (d.kind == deadline_kind::schedule_run && !with_calendar) continue;
    std::string s = std::string(name_of(d.kind)) + " due=" + offset(d.due, epoch_);
    if (d.kind == deadline_kind::request_step) s += " request=" + std::to_string(d.request);
    if (d.kind == deadline_kind::order_ack) s += " order=" + std::to_string(d.order);
    if (d.warning != 0) s += " warning=" + std::to_string(d.warning);
    if (d.run != 0) s += " run=" + std::to_string(d.run);
    if (d.kind == deadline_kind::schedule_run || d.kind == deadline_kind::schedule_call)
      s += " schedule=" + id_in(policy().schedules, d.schedule);
    if (d.kind == deadline_kind::chain_opening) s += " chain=" + id_in(policy().chains, d.chain);
    if (d.kind == deadline_kind::schedule_run) {
    } else if (d.kind == deadline_kind::period_end)
      s += " period=" + id_in(policy().periods, d.organisation);
    else
      s += " org=" + org_id(d.organisation);
    v.push_back(s);
  }
  return v;
}

}  // namespace muster_test
