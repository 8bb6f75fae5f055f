// The engine's state as bytes (engine_state.hpp). Records are written as their bytes: they hold
// only numbers (a machine_slot holds MSM's state ints and flags), and a chunked_vector's blocks
// are value-initialised, so their padding is zeros and the same state gives the same bytes.
#include "engine/engine_state.hpp"

#include "engine/engine_impl.hpp"
#include "engine/machine_tables.hpp"

#include <type_traits>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

static_assert(std::is_trivially_copyable<force_live>::value && std::is_trivially_copyable<force_facts>::value &&
                  std::is_trivially_copyable<opening_record>::value && std::is_trivially_copyable<schedule_state>::value,
              "engine state tables are saved as their bytes");

constexpr std::uint32_t state_magic = 0x4D455354;  // "TSEM": the engine's part of a snapshot

const engine::impl& of(const engine& e) { return engine_access::of(const_cast<engine&>(e)); }

/// A vector whose size the registry or policy fixes: loaded only over one of the same size.
template <class T>
bool load_fixed(byte_reader& r, std::vector<T>& v) {
  std::vector<T> loaded;
  if (!r.get_vector(loaded) || loaded.size() != v.size()) return r.fail(), false;
  v = std::move(loaded);
  return true;
}

}  // namespace

void save_engine_state(const engine& e, byte_writer& w) {
  const engine::impl& en = of(e);
  w.put(state_magic);
  w.put(en.now);
  w.put(en.seq);
  w.put(en.firing_until);
  w.put<std::uint8_t>(en.schedules_armed);
  w.put<std::uint8_t>(en.stock_in_play);
  en.incidents.save(w);
  en.incident_index.save(w);
  en.requests.save(w);
  en.orders.save(w);
  w.put_vector(en.force_pool);
  // Per force (the registry fixes their sizes; force.update and standby change the values).
  w.put_vector(en.facts);
  w.put_vector(en.check_fails_from);
  w.put_vector(en.live);
  w.put_vector(en.item_counts);
  w.put_vector(en.item_held);
  w.put_vector(en.committed);
  w.put_vector(en.declared_until);
  en.warnings.save(w);
  en.warning_index.save(w);
  en.members.save(w);
  w.put_vector(en.area_pool);
  w.put_vector(en.openings);
  en.runs.save(w);
  w.put_vector(en.schedule_states);
  en.timers.save(w);
  en.seen_index.save(w);
  en.history.save(w);
  w.put(state_magic);
}

bool load_engine_state(engine& e, byte_reader& r) {
  engine::impl& en = engine_access::of(e);
  if (r.get<std::uint32_t>() != state_magic) return r.fail(), false;
  r.get(en.now);
  r.get(en.seq);
  r.get(en.firing_until);
  en.schedules_armed = r.get<std::uint8_t>() != 0;
  en.stock_in_play = r.get<std::uint8_t>() != 0;
  en.incidents.load(r);
  en.incident_index.load(r);
  en.requests.load(r);
  en.orders.load(r);
  r.get_vector(en.force_pool);
  load_fixed(r, en.facts);
  load_fixed(r, en.check_fails_from);
  load_fixed(r, en.live);
  load_fixed(r, en.item_counts);
  load_fixed(r, en.item_held);
  load_fixed(r, en.committed);
  load_fixed(r, en.declared_until);
  en.warnings.load(r);
  en.warning_index.load(r);
  en.members.load(r);
  r.get_vector(en.area_pool);
  r.get_vector(en.openings);
  en.runs.load(r);
  r.get_vector(en.schedule_states);  // empty until the first input arms the schedules
  if (!en.schedule_states.empty() && en.schedule_states.size() != en.p.schedules.size()) r.fail();
  if (!en.timers.empty()) r.fail();  // a fresh engine has none: loading adds to them
  en.timers.load(r);
  en.seen_index.load(r);
  en.history.load(r);
  if (r.get<std::uint32_t>() != state_magic) r.fail();
  return !r.failed();
}

std::string engine_state_layout() {
  std::string s = std::string("engine ") + MUSTER_VERSION_STRING;
  auto size = [&](const char* name, std::size_t n) { s += std::string(" ") + name + "=" + std::to_string(n); };
  size("incident", sizeof(incident_record));
  size("request", sizeof(request_record));
  size("order", sizeof(order_record));
  size("warning", sizeof(warning_record));
  size("member", sizeof(round_member));
  size("run", sizeof(run_record));
  size("schedule", sizeof(schedule_state));
  size("opening", sizeof(opening_record));
  size("live", sizeof(force_live));
  size("facts", sizeof(force_facts));
  size("timer", sizeof(timer));
  for (const machine_table* m : machine_tables()) {
    s += std::string(" ") + m->id + ":";
    for (const char* state : m->states) s += std::string(state) + ",";
  }
  return s;
}

}  // namespace detail
MUSTER_END_NAMESPACE
