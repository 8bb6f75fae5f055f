// Views → JSON: policy and registry ids for every index, incident ids as the names they were
// given in JSON, times as RFC 3339 in the policy's zone (as in effects) plus the same instant
// in seconds since the epoch under "<key>_unix" (as the journal's "unix"), registry dates as
// "YYYY-MM-DD". An index outside the tables is written as its number (visible rather than
// hidden), a missing one as null.
#include "query_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace muster::capi {
namespace {

using json = nlohmann::ordered_json;  // keys in the documented order

template <class Table>
json id_of(const Table& table, index_t i) {
  if (i == no_index) return nullptr;
  if (i >= table.size()) return i;
  return table[i].id;
}

template <class Table>
json ids_of(const Table& table, const std::vector<index_t>& is) {
  json a = json::array();
  for (index_t i : is) a.push_back(id_of(table, i));
  return a;
}

json numbers(const std::vector<std::uint32_t>& ns) {
  json a = json::array();
  for (auto n : ns) a.push_back(n);
  return a;
}

json number_or_null(std::uint64_t n) { return n == 0 ? json(nullptr) : json(n); }

json incident_of(const session& s, incident_id id) { return id == 0 ? json(nullptr) : json(s.codec().incident_name(id)); }

/// `"<key>"` as RFC 3339 and `"<key>_unix"` as seconds; both null when `t` is 0 (none).
void put_time(json& j, const char* key, const session& s, timestamp t) {
  j[key] = t == 0 ? json(nullptr) : json(s.codec().format_time(t));
  j[std::string(key) + "_unix"] = t == 0 ? json(nullptr) : json(t);
}

/// A date as "YYYY-MM-DD"; null when invalid (never set).
json date_of(date d) {
  if (!d.valid()) return nullptr;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year), static_cast<unsigned>(d.month),
                static_cast<unsigned>(d.day));
  return buf;
}

json text_half(const std::string& t) { return t.empty() ? json(nullptr) : json(t); }

/// Live counts beside the registry's items: [{"zh","en","count","held"}…], in the registry's
/// order (a count past the registry's list, which the engine never gives, has null names).
/// `held`: the units open requisitions hold (4.3), from `held[first_held + i]`.
json items_of(const std::vector<counted_item>& registry, const std::vector<std::uint32_t>& counts,
              const std::vector<std::uint32_t>& held, std::size_t first_held) {
  json a = json::array();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    json k;
    k["zh"] = i < registry.size() ? text_half(registry[i].name.zh) : json(nullptr);
    k["en"] = i < registry.size() ? text_half(registry[i].name.en) : json(nullptr);
    k["count"] = counts[i];
    k["held"] = first_held + i < held.size() ? held[first_held + i] : 0U;
    a.push_back(std::move(k));
  }
  return a;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json step_of(const policy& p, index_t chain, index_t step) {
  if (step == no_index) return nullptr;
  if (chain >= p.chains.size() || step >= p.chains[chain].steps.size()) return step;
  return p.chains[chain].steps[step].id;
}

}  // namespace

std::string incident_json(const session& s, const incident_view& v) {
  const policy& p = s.engine().rules_policy();
  json j;
  j["id"] = incident_of(s, v.id);
  j["state"] = to_string(v.state);
  j["grade"] = id_of(p.grades, v.grade);
  j["jurisdiction"] = id_of(p.jurisdictions, v.jurisdiction);
  j["coordinator"] = id_of(p.organisations, v.coordinator);
  j["commander"] = id_of(p.organisations, v.commander);
  j["headquarters"] = id_of(p.organisations, v.headquarters);
  j["requests"] = numbers(v.requests);
  j["orders"] = numbers(v.orders);
  j["reports_owed"] = ids_of(p.organisations, v.reports_owed);
  json flags = json::array();  // the flags set, in the policy's order
  for (std::size_t f = 0; f < p.flags.size(); ++f)
    if (v.flags >> f & 1U) flags.push_back(p.flags[f].id);
  j["flags"] = std::move(flags);
  j["incident_type"] = id_of(p.incident_types, v.incident_type);
  j["command_jurisdiction"] = id_of(p.jurisdictions, v.command_jurisdiction);
  put_time(j, "reported_at", s, v.reported_at);
  return dump(j);
}

std::string request_json(const session& s, const request_view& v) {
  const policy& p = s.engine().rules_policy();
  json j;
  j["id"] = v.id;
  j["incident"] = incident_of(s, v.incident);
  j["chain"] = id_of(p.chains, v.chain);
  j["state"] = to_string(v.state);
  j["step"] = step_of(p, v.chain, v.step);
  j["drafted_by"] = id_of(p.organisations, v.drafted_by);
  j["forces"] = ids_of(s.engine().forces().forces, v.forces);
  j["awaiting"] = ids_of(p.organisations, v.awaiting);
  put_time(j, "due", s, v.due);
  j["escalations"] = v.escalations;
  if (v.measure != 0) j[p.chains[v.chain].about == chain_subject::claim ? "amount" : "quantity"] = v.measure;
  if (v.item != no_index && !v.forces.empty()) {  // a requisition (4.3): its item and what it holds now
    const counted_item* item = s.engine().forces().forces[v.forces[0]].item(v.item);
    j["item"] = item ? json(item->name.zh.empty() ? item->name.en : item->name.zh) : json(v.item);
    j["held"] = v.held;
  }
  return dump(j);
}

std::string order_json(const session& s, const order_view& v) {
  const policy& p = s.engine().rules_policy();
  json j;
  j["id"] = v.id;
  j["incident"] = incident_of(s, v.incident);
  j["request"] = number_or_null(v.request);
  j["force"] = id_of(s.engine().forces().forces, v.force);
  j["issued_by"] = id_of(p.organisations, v.issued_by);
  j["state"] = to_string(v.state);
  put_time(j, "due", s, v.due);
  return dump(j);
}

std::string run_json(const session& s, const run_view& v) {
  const policy& p = s.engine().rules_policy();
  json j;
  j["id"] = v.id;
  j["schedule"] = id_of(p.schedules, v.schedule);
  j["answer"] = v.schedule < p.schedules.size() ? json(to_string(p.schedules[v.schedule].answer)) : json(nullptr);
  j["state"] = to_string(v.state);
  put_time(j, "opened_at", s, v.opened_at);
  put_time(j, "closed_at", s, v.closed_at);
  json calls = json::array();
  for (const call_view& c : v.calls) {
    json k;
    k["organisation"] = id_of(p.organisations, c.organisation);
    k["force"] = id_of(s.engine().forces().forces, c.force);
    k["called_by"] = id_of(p.organisations, c.called_by);
    k["state"] = to_string(c.state);
    put_time(k, "due", s, c.due);
    put_time(k, "answered_at", s, c.answered_at);
    k["silences"] = c.silences;
    calls.push_back(std::move(k));
  }
  j["calls"] = std::move(calls);
  return dump(j);
}

std::string force_json(const session& s, const force_view& v) {
  const std::vector<force>& forces = s.engine().forces().forces;
  static const std::vector<counted_item> none;
  const bool known = v.force < forces.size();
  json j;
  j["force"] = id_of(forces, v.force);
  j["duty"] = to_string(v.duty);
  j["personnel"] = v.personnel;
  j["data_updated"] = date_of(v.data_updated);
  j["equipment"] = items_of(known ? forces[v.force].equipment : none, v.equipment, v.held, 0);
  j["materials"] = items_of(known ? forces[v.force].materials : none, v.materials, v.held, v.equipment.size());
  j["order"] = number_or_null(v.order);
  j["standby"] = v.standby == 0 ? json(nullptr) : incident_of(s, v.standby);  // warning ids share the incidents' names
  return dump(j);
}

std::string deadlines_json(const session& s, const std::vector<deadline_view>& ds) {
  const policy& p = s.engine().rules_policy();
  json a = json::array();
  for (const deadline_view& d : ds) {
    json j;
    put_time(j, "due", s, d.due);
    j["kind"] = to_string(d.kind);
    j["incident"] = incident_of(s, d.incident);
    j["request"] = number_or_null(d.request);
    j["chain"] = id_of(p.chains, d.chain);  // chain_opening: the chain that opens then
    j["order"] = number_or_null(d.order);
    // A period's end is owed by no organisation: its index names the period.
    const bool period = d.kind == deadline_kind::period_end;  // (a schedule_run's organisation is no_index: null)
    j["organisation"] = period ? json(nullptr) : id_of(p.organisations, d.organisation);
    j["period"] = period ? id_of(p.periods, d.organisation) : json(nullptr);
    j["warning"] = d.warning == 0 ? json(nullptr) : incident_of(s, d.warning);  // warning ids share the incidents' names
    j["run"] = number_or_null(d.run);
    j["schedule"] = id_of(p.schedules, d.schedule);
    a.push_back(std::move(j));
  }
  return dump(a);
}

std::string worklist_json(const session& s, const std::vector<work_item>& items) {
  const policy& p = s.engine().rules_policy();
  json a = json::array();
  for (const work_item& w : items) {
    json j;
    put_time(j, "due", s, w.due);
    j["kind"] = to_string(w.kind);
    j["overdue"] = w.overdue;
    j["incident"] = incident_of(s, w.incident);
    j["request"] = number_or_null(w.request);
    const auto r = w.request != 0 ? s.engine().request(w.request) : std::nullopt;
    j["chain"] = r ? id_of(p.chains, r->chain) : json(nullptr);
    j["step"] = r ? step_of(p, r->chain, w.step) : json(nullptr);
    j["order"] = number_or_null(w.order);
    j["force"] = id_of(s.engine().forces().forces, w.force);
    j["warning"] = w.warning == 0 ? json(nullptr) : incident_of(s, w.warning);  // warning ids share the incidents' names
    j["run"] = number_or_null(w.run);
    j["schedule"] = id_of(p.schedules, w.schedule);
    a.push_back(std::move(j));
  }
  return dump(a);
}

namespace {

template <class Id, class View>
std::string array_of(const session& s, const std::vector<Id>& ids, View&& view) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) out += ',';
    out += view(s, ids[i]);
  }
  return out + "]";
}

}  // namespace

std::string open_incidents_json(const session& s, const std::vector<incident_id>& ids) {
  return array_of(s, ids, [](const session& ss, incident_id id) { return incident_json(ss, *ss.engine().incident(id)); });
}

std::string open_requests_json(const session& s, const std::vector<request_id>& ids) {
  return array_of(s, ids, [](const session& ss, request_id id) { return request_json(ss, *ss.engine().request(id)); });
}

std::string open_orders_json(const session& s, const std::vector<order_id>& ids) {
  return array_of(s, ids, [](const session& ss, order_id id) { return order_json(ss, *ss.engine().order(id)); });
}

}  // namespace muster::capi
