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

/// Every part of the state inputs change, in the order it is written: one list, walked by the
/// writer and by the reader, so the two cannot disagree. Engine (`impl` or `const impl`) and
/// Io (saving or loading, below) give each kind of part its way.
template <class Impl, class Io>
void walk_state(Impl& en, Io& io) {
  io.value(en.now);
  io.value(en.seq);
  io.value(en.firing_until);
  io.flag(en.schedules_armed);
  io.flag(en.stock_in_play);
  io.table(en.incidents);
  io.table(en.incident_index);
  io.table(en.requests);
  io.table(en.orders);
  io.table(en.force_pool);
  // Per force (the registry fixes their sizes; force.update and standby change the values).
  io.fixed(en.facts);
  io.fixed(en.check_fails_from);
  io.fixed(en.live);
  io.fixed(en.item_counts);
  io.fixed(en.item_held);
  io.fixed(en.committed);
  io.fixed(en.declared_until);  // per period
  io.table(en.warnings);
  io.table(en.warning_index);
  io.table(en.members);
  io.vector(en.area_pool);
  io.vector(en.openings);
  io.table(en.runs);
  io.vector(en.schedule_states);  // empty until the first input arms the schedules, then per schedule
  io.table(en.timers);
  io.table(en.seen_index);
  io.table(en.history);
  io.value(en.remembered_from);
  io.value(en.case_ids_held_from);
  io.value(en.released_since_floor);
}

struct saving {
  byte_writer& w;
  template <class T> void value(const T& v) { w.put(v); }
  void flag(bool b) { w.put<std::uint8_t>(b ? 1 : 0); }
  template <class T> void table(const T& t) { t.save(w); }
  template <class T> void vector(const std::vector<T>& v) { w.put_vector(v); }
  template <class T> void fixed(const std::vector<T>& v) { w.put_vector(v); }
};

struct loading {
  byte_reader& r;
  template <class T> void value(T& v) { r.get(v); }
  void flag(bool& b) { b = r.get<std::uint8_t>() != 0; }
  template <class T> void table(T& t) {
    if (!r.failed()) t.load(r);
  }
  template <class T> void vector(std::vector<T>& v) { r.get_vector(v); }
  /// A vector whose size the registry or policy fixes: loaded only over one of the same size.
  template <class T> void fixed(std::vector<T>& v) {
    std::vector<T> loaded;
    if (!r.get_vector(loaded) || loaded.size() != v.size()) return r.fail();
    v = std::move(loaded);
  }
};

}  // namespace

void save_engine_state(const engine& e, byte_writer& w) {
  saving io{w};
  w.put(state_magic);
  const engine::impl& en = engine_access::of(const_cast<engine&>(e));  // only read
  walk_state(en, io);
  w.put(state_magic);
}

bool load_engine_state(engine& e, byte_reader& r) {
  engine::impl& en = engine_access::of(e);
  if (r.get<std::uint32_t>() != state_magic) return r.fail(), false;
  if (!en.timers.empty()) return r.fail(), false;  // a fresh engine has none: loading adds to them
  loading io{r};
  walk_state(en, io);
  if (!en.schedule_states.empty() && en.schedule_states.size() != en.p.schedules.size()) r.fail();
  if (r.get<std::uint32_t>() != state_magic) r.fail();
  return !r.failed();
}

std::uint64_t case_ids_held_from(const engine& e) { return engine_access::of(const_cast<engine&>(e)).case_ids_held_from; }

std::string engine_state_layout() {
  std::string s = std::string("engine ") + MUSTER_VERSION_STRING + " history/2 released/1";  // history/2: kept from a forgotten prefix; released/1: tables with released records
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
