// Event → JSON: the fields its kind allows (event_fields.hpp), in a fixed order, unset ones
// left out — the form decode_event reads back.
#include "codec/codec_state.hpp"
#include "codec/event_fields.hpp"
#include "codec/json_out.hpp"
#include "codec/time_text.hpp"

#include <muster/codec.hpp>

MUSTER_BEGIN_NAMESPACE
namespace {

template <class Table>
void write_id(detail::json_sink& w, const Table& table, index_t i) {
  if (i < table.size()) w.string(table[i].id);
  else w.uint(i);  // not an id of the policy: visible, and refused on reading
}

/// An item of a force by its zh name (en when it has none), as the registry lists it.
void write_item(detail::json_sink& w, const force_registry& r, index_t force, index_t item) {
  if (item == no_index || force >= r.forces.size()) return;
  const counted_item* c = r.forces[force].item(item);
  w.key("item");
  if (c) w.string(c->name.zh.empty() ? c->name.en : c->name.zh);
  else w.uint(item);  // not an item of the force: visible, and refused on reading
}

/// force.update's changes.
void write_force_update(detail::json_sink& w, const force_registry& r, const event& e) {
  if (e.kind != event_kind::force_update) return;
  if (e.duty < duty_status_count) {
    w.key("duty");
    w.string(to_string(static_cast<duty_status>(e.duty)));
  }
  if (e.personnel >= 0) {
    w.key("personnel");
    w.uint(static_cast<std::uint64_t>(e.personnel));
  }
  write_item(w, r, e.force, e.item);
  if (e.count >= 0) {
    w.key("count");
    w.uint(static_cast<std::uint64_t>(e.count));
  }
  if (e.confirmed) {
    w.key("confirmed");
    w.boolean(true);
  }
}

}  // namespace

void codec::append_event(std::string& out, const event& e) const {
  using namespace detail;
  const field_mask allowed = fields_of(e.kind).allowed;
  auto wants = [&](field f) { return (allowed & bit(f)) != 0; };
  const policy& p = *policy_;
  json_sink w(out);

  w.raw("{\"id\":", 6);
  if (std::string_view name = state_->events.name(e.id); !name.empty()) w.name(name);
  else w.uint(e.id);
  w.key("kind");
  w.string(to_string(e.kind));
  w.key("at");
  write_time(w, e.at, p.utc_offset_minutes);
  if (wants(f_actor) && e.by.organisation != no_index) {
    w.key("actor");
    write_id(w, p.organisations, e.by.organisation);
  }
  if (wants(f_person) && e.by.person != 0) {
    w.key("person");
    w.uint(e.by.person);
  }
  if (wants(f_incident) && e.incident != 0) {
    w.key("incident");
    if (std::string_view name = state_->incidents.name(e.incident); !name.empty()) w.name(name);
    else w.uint(e.incident);
  }
  auto write_case = [&](const char* key, std::uint64_t number) {
    w.key(key);
    if (std::string_view name = state_->incidents.name(number); !name.empty()) w.name(name);
    else w.uint(number);
  };
  if (wants(f_warning) && e.warning != 0) write_case("warning", e.warning);
  if (wants(f_references) && e.references != 0) write_case("references", e.references);
  if (wants(f_hazard) && e.hazard != no_index) {
    w.key("hazard");
    write_id(w, p.warnings.hazards, e.hazard);
  }
  if (wants(f_level) && e.level < warning_level_count) {
    w.key("level");
    w.string(to_string(static_cast<warning_level>(e.level)));
  }
  if (wants(f_area) && e.area_count != 0) {
    w.key("area");
    w.ch('[');
    for (std::uint32_t i = 0; i < e.area_count && e.area; ++i) {
      if (i) w.ch(',');
      write_id(w, p.jurisdictions, e.area[i]);
    }
    w.ch(']');
  }
  if (wants(f_status) && e.status != input_status::actual) {
    w.key("status");
    w.string(to_string(e.status));
  }
  if (wants(f_chain) && e.chain != no_index) {
    w.key("chain");
    write_id(w, p.chains, e.chain);
  }
  if (wants(f_jurisdiction) && e.jurisdiction != no_index) {
    w.key("jurisdiction");
    write_id(w, p.jurisdictions, e.jurisdiction);
  }
  if (wants(f_incident_type) && e.incident_type != no_index) {
    w.key("incident_type");
    write_id(w, p.incident_types, e.incident_type);
  }
  if (wants(f_grade) && e.grade != no_index) {
    w.key("grade");
    write_id(w, p.grades, e.grade);
  }
  // A request names forces, capabilities or both; with neither, an empty list keeps the
  // event readable (the engine then refuses it: no_forces).
  if (wants(f_forces) && (e.force_count != 0 || (e.capabilities == 0 && e.kind != event_kind::chain_open))) {
    w.key("forces");
    w.ch('[');
    for (std::uint32_t i = 0; i < e.force_count && e.forces; ++i) {
      if (i) w.ch(',');
      write_id(w, forces_->forces, e.forces[i]);
    }
    w.ch(']');
  }
  if (wants(f_capabilities) && e.capabilities != 0) {
    w.key("capabilities");
    w.ch('[');
    bool first = true;
    for (std::size_t c = 0; c < 64; ++c) {
      if (!(e.capabilities >> c & 1U)) continue;
      if (!first) w.ch(',');
      first = false;
      write_id(w, p.capabilities, static_cast<index_t>(c));
    }
    w.ch(']');
  }
  if (wants(f_quantity) && e.quantity != 0) {
    w.key("quantity");
    w.uint(static_cast<std::uint64_t>(e.quantity));
  }
  if (wants(f_amount) && e.amount != 0) {
    w.key("amount");
    w.uint(static_cast<std::uint64_t>(e.amount));
  }
  if (wants(f_costs) && e.cost_count != 0 && e.costs) {
    w.key("costs");
    w.ch('[');
    for (std::uint32_t i = 0; i < e.cost_count; ++i) {
      if (i) w.ch(',');
      w.raw("{\"what\":", 8);
      w.string(e.costs[i].what);
      w.key("amount");
      w.uint(static_cast<std::uint64_t>(e.costs[i].amount));
      w.ch('}');
    }
    w.ch(']');
  }
  if (e.kind == event_kind::chain_open && e.force_count == 1 && e.forces) write_item(w, *forces_, e.forces[0], e.item);
  if (const field target = target_field(e.kind); e.target != 0 && target != f_none) {
    w.key(field_names[target]);
    w.uint(e.target);
  }
  if (wants(f_force) && e.force != no_index) {
    w.key("force");
    write_id(w, forces_->forces, e.force);
  }
  if (wants(f_period) && e.period != no_index) {
    w.key("period");
    write_id(w, p.periods, e.period);
  }
  if (wants(f_until) && e.until != 0) {
    w.key("until");
    write_time(w, e.until, p.utc_offset_minutes);
  }
  if (wants(f_break_glass) && e.break_glass) {
    w.key("break_glass");
    w.boolean(true);
  }
  if (wants(f_reason) && !e.reason.empty()) {
    w.key("reason");
    w.string(e.reason);
  }
  write_force_update(w, *forces_, e);
  w.ch('}');
}

std::string codec::encode_event(const event& e) const {
  std::string s;
  s.reserve(256);
  append_event(s, e);
  return s;
}

MUSTER_END_NAMESPACE
