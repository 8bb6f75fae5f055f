// The strict reader of one event object: field by field, as the tokens arrive.
#include "codec/event_reader.hpp"
#include "codec/name_table.hpp"

#include "codec/time_text.hpp"
#include "common/did_you_mean.hpp"

#include <array>
#include <charconv>
#include <initializer_list>
#include <limits>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

constexpr std::size_t max_id_bytes = 256;
constexpr std::size_t max_forces = 64;
constexpr std::size_t max_cost_lines = 64;
constexpr std::uint64_t max_amount = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 2);

event_kind find_kind(std::string_view s, bool& found) {
  // The names, measured once (to_string gives C strings).
  static const auto names = [] {
    std::array<std::string_view, event_kind_count> n{};
    for (int i = 0; i < event_kind_count; ++i) n[static_cast<std::size_t>(i)] = to_string(static_cast<event_kind>(i));
    return n;
  }();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == s) {
      found = true;
      return static_cast<event_kind>(i);
    }
  }
  found = false;
  return event_kind::clock_advance;
}

field find_field(std::string_view s) {
  // Sorted by length, so most keys are told apart by their size alone.
  auto is = [&](field f) { return field_names[f] == s ? f : f_none; };
  auto first = [&](std::initializer_list<field> fs) {
    for (field f : fs)
      if (field_names[f] == s) return f;
    return f_none;
  };
  switch (s.size()) {
    case 2: return first({f_id, f_at});
    case 3: return is(f_run);
    case 4: return first({f_kind, f_area, f_duty, f_item});
    case 5: return first({f_actor, f_grade, f_order, f_force, f_until, f_chain, f_level, f_count, f_costs});
    case 6: return first({f_person, f_forces, f_period, f_reason, f_amount, f_hazard, f_status});
    case 7: return first({f_request, f_warning});
    case 8: return first({f_incident, f_quantity});
    case 9: return first({f_personnel, f_confirmed});
    case 11: return is(f_break_glass);
    case 10: return is(f_references);
    case 12: return first({f_jurisdiction, f_capabilities});
    case 13: return is(f_incident_type);
    default: return f_none;
  }
}

std::string with_hint(std::string message, std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = did_you_mean(word, candidates);
  if (!best.empty()) message += " (did you mean '" + best + "'?)";
  return message;
}

const char* expectation(field f) {
  switch (f) {
    case f_id:
    case f_incident:
    case f_warning:
    case f_references: return "expected a string or a non-negative integer";
    case f_at:
    case f_until:
      return "expected a time: an RFC 3339 string such as \"2026-07-10T09:00:00+08:00\", or an integer (seconds since 1970)";
    case f_person:
    case f_personnel:
    case f_count: return "expected a non-negative integer";
    case f_request:
    case f_order:
    case f_run:
    case f_quantity:
    case f_amount: return "expected a positive integer";
    case f_forces:
    case f_capabilities:
    case f_area: return "expected an array of strings";
    case f_costs: return "expected an array of cost lines, each {\"what\": \"…\", \"amount\": a positive integer}";
    case f_break_glass:
    case f_confirmed: return "expected true or false";
    default: return "expected a string";
  }
}

bool integer_field(field f) {
  return f == f_id || f == f_incident || f == f_warning || f == f_references || f == f_person || f == f_request || f == f_order || f == f_run || f == f_quantity || f == f_amount ||
         f == f_personnel || f == f_count;
}

}  // namespace

// ---- callbacks ----------------------------------------------------------------------------------

bool event_reader::null() { return depth_ == 0 ? not_object("null") : wrong_type(); }

bool event_reader::boolean(bool v) {
  if (depth_ == 0) return not_object("a boolean");
  if (depth_ == 3) return wrong_type();
  if (depth_ != 1 || (cur_ != f_break_glass && cur_ != f_confirmed)) return wrong_type();
  (cur_ == f_break_glass ? out_.ev.break_glass : out_.ev.confirmed) = v;
  return true;
}

bool event_reader::number_integer(std::int64_t v) {
  if (depth_ == 0) return not_object("a number");
  if (depth_ == 3 && cost_member_ == cost_member::amount) return value_error("expected a positive integer, not " + std::to_string(v));
  if (depth_ == 1 && (cur_ == f_at || cur_ == f_until)) return value_error("out of range (1970 … 9999)");
  if (depth_ == 1 && integer_field(cur_)) return value_error(std::string(expectation(cur_)) + ", not " + std::to_string(v));
  return wrong_type();
}

bool event_reader::number_unsigned(std::uint64_t v) {
  if (depth_ == 0) return not_object("a number");
  if (depth_ == 3) return cost_amount(v);
  if (depth_ != 1) return wrong_type();
  constexpr auto u32 = std::numeric_limits<std::uint32_t>::max();
  switch (cur_) {
    case f_id:
    case f_incident:
    case f_warning:
    case f_references: {
      // An integer id N is the name "N".
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      (cur_ == f_id ? out_.id : cur_ == f_incident ? out_.incident : cur_ == f_warning ? out_.warning : out_.references).assign(buf, r.ptr);
      prefetch_name();
      return true;
    }
    case f_at: return time_value(v, out_.ev.at);
    case f_until: return time_value(v, out_.ev.until);
    case f_person:
      if (v > u32) return value_error("too large (at most 4294967295)");
      out_.ev.by.person = static_cast<std::uint32_t>(v);
      return true;
    case f_request:
    case f_order:
    case f_run:
      if (v == 0) return value_error("expected a positive integer (numbers start at 1)");
      if (v > u32) return value_error("too large (at most 4294967295)");
      out_.ev.target = static_cast<std::uint32_t>(v);
      return true;
    case f_quantity:
    case f_amount:
      if (v == 0) return value_error("expected a positive integer");
      if (v > max_amount) return value_error("too large");
      (cur_ == f_quantity ? out_.ev.quantity : out_.ev.amount) = static_cast<std::int64_t>(v);
      return true;
    case f_personnel:
    case f_count:
      if (v > u32) return value_error("too large (at most 4294967295)");
      (cur_ == f_personnel ? out_.ev.personnel : out_.ev.count) = static_cast<std::int64_t>(v);
      return true;
    default: return wrong_type();
  }
}

bool event_reader::number_float(double, const std::string&) {
  if (depth_ == 0) return not_object("a number");
  if (depth_ == 3 && cost_member_ == cost_member::amount) return value_error("expected a positive integer in the smallest unit (fen); fractions and exponents are not integers");
  if (depth_ == 1 && (integer_field(cur_) || cur_ == f_at || cur_ == f_until))
    return value_error(std::string(expectation(cur_)) + "; fractions and exponents are not integers");
  return wrong_type();
}

bool event_reader::string(std::string_view s) {
  if (depth_ == 0) return not_object("a string");
  if (depth_ == 3) return cost_value(s);
  if (depth_ == 2) return element(s);
  return member_string(s);
}

bool event_reader::key(std::string_view k) {
  if (depth_ == 3) return cost_key(k);
  ++member_;
  const field f = find_field(k);
  if (f == f_none) {
    const std::vector<std::string> names(std::begin(field_names), std::end(field_names));
    return fail(printable(k), with_hint("unknown field", k, names), {error_spot::part::key, member_});
  }
  if (seen_ & bit(f)) return fail(std::string(k), "the field appears twice", {error_spot::part::key, member_});
  seen_ |= bit(f);
  order_[count_++] = f;
  member_of_[f] = member_;
  cur_ = f;
  return true;
}

bool event_reader::start_object(std::size_t) {
  if (depth_ == 0) {
    depth_ = 1;
    return true;
  }
  if (depth_ == 2 && cur_ == f_costs) {
    if (out_.costs.size() == max_cost_lines) return value_error("too many cost lines (at most 64 per claim)");
    depth_ = 3;
    cost_member_ = cost_member::none;
    cost_seen_ = 0;
    out_.cost_what.emplace_back();
    out_.costs.emplace_back();
    return true;
  }
  return wrong_type();
}

bool event_reader::end_object() {
  if (depth_ == 3) return end_cost();
  depth_ = 0;
  return finish();
}

bool event_reader::start_array(std::size_t) {
  if (depth_ == 0) return not_object("an array");
  if (depth_ == 1 && (cur_ == f_forces || cur_ == f_capabilities || cur_ == f_area || cur_ == f_costs)) {
    depth_ = 2;
    element_ = 0;
    return true;
  }
  return wrong_type();
}

bool event_reader::end_array() {
  depth_ = 1;
  return true;
}

bool event_reader::syntax_error(std::size_t position, std::string_view what) {
  std::string message = "malformed JSON: ";
  // The message may quote the input ("last read: '…'"): keep it printable.
  for (std::size_t i = 0; i < what.size(); i += 64) message += printable(what.substr(i, 64));
  error_spot spot{error_spot::part::byte};
  spot.byte = position == 0 ? 0 : position - 1;  // chars_read_total: 1-based, one past the end at EOF
  return fail({}, std::move(message), spot);
}

void event_reader::report(std::string_view text, codec_error& err) {
  err.path = std::move(path_);
  err.message = message_.empty() ? "malformed JSON" : std::move(message_);
  locate(text, spot_, err);
}

// ---- checks ---------------------------------------------------------------------------------------

bool event_reader::fail(std::string at_path, std::string why, error_spot where) {
  failed_ = true;
  path_ = std::move(at_path);
  message_ = std::move(why);
  spot_ = where;
  return false;
}

std::string event_reader::here() const {
  std::string s(field_names[cur_]);
  if (depth_ >= 2) s += "[" + std::to_string(element_) + "]";
  if (depth_ == 3 && cost_member_ != cost_member::none) s += cost_member_ == cost_member::what ? ".what" : ".amount";
  return s;
}

bool event_reader::value_error(std::string why) {
  const error_spot s{depth_ >= 2 ? error_spot::part::element : error_spot::part::value, member_, element_};
  return fail(here(), std::move(why), s);
}

bool event_reader::wrong_type() {
  if (depth_ == 3)
    return value_error(cost_member_ == cost_member::what ? "expected a string: what was consumed or spent" : "expected a positive integer");
  if (depth_ == 2 && cur_ == f_costs) return value_error("expected an object {\"what\": \"…\", \"amount\": a positive integer}");
  return value_error(depth_ == 2 ? "expected a string" : expectation(cur_));
}

bool event_reader::not_object(const char* what) {
  return fail({}, std::string("expected a JSON object (one event), not ") + what, {error_spot::part::start});
}

bool event_reader::name(std::string_view s, std::string& to) {
  if (s.empty()) return value_error("must not be empty");
  if (s.size() > max_id_bytes) return value_error("longer than " + std::to_string(max_id_bytes) + " bytes");
  to.assign(s.data(), s.size());
  prefetch_name();
  return true;
}

void event_reader::prefetch_name() {
  if (names_ == nullptr) return;
  if (cur_ == f_id && names_->events) {
    names_->id_hash = names_->events->prefetch(out_.id);
    names_->has_id_hash = true;
  } else if (cur_ == f_incident && names_->incidents) {
    names_->incident_hash = names_->incidents->prefetch(out_.incident);
    names_->has_incident_hash = true;
  }
}

bool event_reader::time_value(std::uint64_t v, timestamp& to) {
  if (v > static_cast<std::uint64_t>(max_time)) return value_error("out of range (1970 … 9999)");
  to = static_cast<timestamp>(v);
  return true;
}

bool event_reader::time_text(std::string_view s, timestamp& to) {
  std::string why;
  if (parse_time_text(s, to, &why)) return true;
  return value_error(quote(s) + " is not a valid time: " + why);
}

template <class Table>
bool event_reader::resolve(index_t found, std::string_view s, const char* what, const Table& table, index_t& to) {
  if (found != no_index) {
    to = found;
    return true;
  }
  return value_error(with_hint(quote(s) + " is not " + what, s, ids_of(table)));
}

bool event_reader::member_string(std::string_view s) {
  switch (cur_) {
    case f_id: return name(s, out_.id);
    case f_incident: return name(s, out_.incident);
    case f_warning: return name(s, out_.warning);
    case f_references: return name(s, out_.references);
    case f_hazard: return resolve(p_.find_hazard(s), s, "a hazard of the policy (warnings: hazards:)", p_.warnings.hazards, out_.ev.hazard);
    case f_level: {
      for (int l = 0; l < warning_level_count; ++l)
        if (s == to_string(static_cast<warning_level>(l))) {
          out_.ev.level = static_cast<std::uint8_t>(l);
          return true;
        }
      return value_error(quote(s) + " is not a warning level: blue, yellow, orange or red (蓝/黄/橙/红)");
    }
    case f_status: {
      for (int st = 0; st < 3; ++st)
        if (s == to_string(static_cast<input_status>(st))) {
          out_.ev.status = static_cast<input_status>(st);
          return true;
        }
      return value_error(quote(s) + " is not a status: actual, exercise or test");
    }
    case f_kind: {
      bool found;
      out_.ev.kind = find_kind(s, found);
      if (found) return true;
      std::vector<std::string> kinds;
      for (int i = 0; i < event_kind_count; ++i) kinds.emplace_back(to_string(static_cast<event_kind>(i)));
      return value_error(with_hint(quote(s) + " is not an event kind", s, kinds));
    }
    case f_at: return time_text(s, out_.ev.at);
    case f_until: return time_text(s, out_.ev.until);
    case f_actor:
      return resolve(p_.find_organisation(s), s, "an organisation of the policy", p_.organisations, out_.ev.by.organisation);
    case f_jurisdiction:
      return resolve(p_.find_jurisdiction(s), s, "a jurisdiction of the policy", p_.jurisdictions, out_.ev.jurisdiction);
    case f_incident_type:
      return resolve(p_.find_incident_type(s), s, "an incident type of the policy", p_.incident_types, out_.ev.incident_type);
    case f_grade: return resolve(p_.find_grade(s), s, "a grade of the policy", p_.grades, out_.ev.grade);
    case f_period: return resolve(p_.find_period(s), s, "a period of the policy", p_.periods, out_.ev.period);
    case f_force: return resolve(r_.find_force(s), s, "a force of the registry", r_.forces, out_.ev.force);
    case f_chain: return resolve(p_.find_chain(s), s, "a chain of the policy", p_.chains, out_.ev.chain);
    case f_reason: out_.reason.assign(s.data(), s.size()); return true;
    case f_duty:
      if (duty_status d; parse_duty_status(s, d)) {
        out_.ev.duty = static_cast<std::uint8_t>(d);
        return true;
      }
      return value_error(quote(s) + " is not a duty status: available, on_duty_elsewhere, maintenance or stood_down");
    case f_item:
      if (s.empty()) return value_error("must not be empty");
      item_.assign(s.data(), s.size());
      return true;
    default: return wrong_type();
  }
}

bool event_reader::element(std::string_view s) {
  if (cur_ == f_costs) return wrong_type();
  index_t i = no_index;
  if (cur_ == f_forces) {
    if (out_.forces.size() == max_forces) return value_error("too many forces (at most 64 per event)");
    if (!resolve(r_.find_force(s), s, "a force of the registry", r_.forces, i)) return false;
    out_.forces.push_back(i);
  } else if (cur_ == f_area) {
    if (out_.area.size() == max_forces) return value_error("too many jurisdictions (at most 64 per event)");
    if (!resolve(p_.find_jurisdiction(s), s, "a jurisdiction of the policy", p_.jurisdictions, i)) return false;
    out_.area.push_back(i);
  } else {
    if (!resolve(p_.find_capability(s), s, "a capability of the policy", p_.capabilities, i)) return false;
    if (i < 64) out_.ev.capabilities |= std::uint64_t{1} << i;
  }
  ++element_;
  return true;
}

bool event_reader::finish() {
  const error_spot object{error_spot::part::object};
  if (!(seen_ & bit(f_kind))) return fail("kind", "required but missing", object);
  const event_kind k = out_.ev.kind;
  const kind_fields kf = fields_of(k);
  // Each loop runs only to name what is wrong, in the event's order or the fields'.
  if (seen_ & ~kf.allowed)
    for (std::uint32_t i = 0; i < count_; ++i) {
      const field f = order_[i];
      if (!(kf.allowed & bit(f)))
        return fail(std::string(field_names[f]), std::string("does not apply to ") + to_string(k), {error_spot::part::key, member_of_[f]});
    }
  if (const field_mask missing = kf.required & ~seen_; missing != 0)
    for (std::uint8_t f = 0; f < field_count; ++f)
      if (missing & bit(static_cast<field>(f)))
        return fail(std::string(field_names[f]), std::string("required by ") + to_string(k) + " but missing", object);
  if ((seen_ & bit(f_area)) && out_.area.empty()) return fail("area", "names no jurisdiction; a warning needs at least one", {error_spot::part::key, member_of_[f_area]});
  if (opens_request(k) && !(seen_ & (bit(f_forces) | bit(f_capabilities))))
    return fail("forces", std::string(to_string(k)) + " needs forces, capabilities or both", object);
  if (k == event_kind::chain_open && (seen_ & bit(f_item))) {
    // The item belongs to the one force the requisition draws on (4.3).
    if (out_.forces.size() != 1)
      return fail("item", "names an item of one force's stock: give exactly one force in forces", {error_spot::part::key, member_of_[f_item]});
    return resolve_item(out_.forces[0]);
  }
  if (k == event_kind::force_update) {
    if ((seen_ & bit(f_item)) != 0 && (seen_ & bit(f_count)) == 0) return fail("count", "required with item: the item's new count", object);
    if ((seen_ & bit(f_count)) != 0 && (seen_ & bit(f_item)) == 0) return fail("item", "required with count: which equipment or material item", object);
    if (!(seen_ & (bit(f_duty) | bit(f_personnel) | bit(f_item))) && !out_.ev.confirmed)
      return fail("duty", "force.update changes nothing: give duty, personnel, item and count, or confirmed: true", object);
    if (seen_ & bit(f_item)) return resolve_item(out_.ev.force);
  }
  if (seen_ & bit(f_costs)) return costs_add_up();
  return true;
}

// ---- a claim's cost lines (4.1) -------------------------------------------------------------------

bool event_reader::cost_key(std::string_view k) {
  const cost_member m = k == "what" ? cost_member::what : k == "amount" ? cost_member::amount : cost_member::none;
  cost_member_ = m;
  if (m == cost_member::none) return value_error(with_hint("unknown field " + quote(k) + " of a cost line (what, amount)", k, {"what", "amount"}));
  const std::uint8_t b = m == cost_member::what ? 1 : 2;
  if (cost_seen_ & b) return value_error("the field appears twice in a cost line");
  cost_seen_ |= b;
  return true;
}

bool event_reader::cost_value(std::string_view s) {
  if (cost_member_ != cost_member::what) return wrong_type();
  if (s.empty()) return value_error("must not be empty: say what was consumed or spent");
  out_.cost_what.back().assign(s.data(), s.size());
  return true;
}

bool event_reader::cost_amount(std::uint64_t v) {
  if (cost_member_ != cost_member::amount) return wrong_type();
  if (v == 0) return value_error("expected a positive integer");
  if (v > max_amount) return value_error("too large");
  out_.costs.back().amount = static_cast<std::int64_t>(v);
  return true;
}

bool event_reader::end_cost() {
  cost_member_ = cost_member::none;
  if (cost_seen_ != 3) return value_error(std::string("a cost line needs ") + (cost_seen_ & 1 ? "an amount" : cost_seen_ & 2 ? "what it is for" : "what and amount"));
  depth_ = 2;
  ++element_;
  return true;
}

bool event_reader::costs_add_up() {
  const error_spot at_key{error_spot::part::key, member_of_[f_costs]};
  if (out_.costs.empty()) return fail("costs", "lists no cost line; give at least one, or leave costs out", at_key);
  if (!(seen_ & bit(f_amount))) return fail("costs", "needs amount: the claim's total, which the cost lines add up to", at_key);
  // Each line and the amount are at most 2^62, and the sum stops once past the amount: no wrap.
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < out_.costs.size() && sum <= static_cast<std::uint64_t>(out_.ev.amount); ++i)
    sum += static_cast<std::uint64_t>(out_.costs[i].amount);
  const auto amount = static_cast<std::uint64_t>(out_.ev.amount);
  if (sum > amount) return fail("costs", "the cost lines add up to more than the amount " + std::to_string(amount), at_key);
  if (sum < amount) return fail("costs", "the cost lines add up to " + std::to_string(sum) + ", less than the amount " + std::to_string(amount), at_key);
  return true;
}

bool event_reader::resolve_item(index_t owner) {
  const force& x = r_.forces[owner];
  std::vector<std::string> names;
  for (std::size_t i = 0; i < x.item_count(); ++i) {
    const counted_item& c = *x.item(i);
    if (c.name.zh == item_ || c.name.en == item_) {
      out_.ev.item = static_cast<index_t>(i);
      return true;
    }
    names.push_back(c.name.en.empty() ? c.name.zh : c.name.en);
  }
  cur_ = f_item;
  depth_ = 1;
  member_ = member_of_[f_item];
  return value_error(with_hint(quote(item_) + " is not an equipment or material item of force " + x.id + " (by its zh or en name)", item_, names));
}

}  // namespace detail
MUSTER_END_NAMESPACE
