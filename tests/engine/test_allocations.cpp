// Issue 3: "no heap allocation per event on the hot path". Counts every operator new while an
// engine on the reference policy runs thousands of call plans whose events are a second apart
// (so nearly every deadline falls in a second of its own), after a warm-up: the engine may grow
// its tables now and then, but not allocate per event.
#include "engine/condition_facts.hpp"
#include "engine/scenario.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

// The sanitizers replace operator new themselves (ASan also checks that new pairs with
// delete), so under them nothing is replaced and the count is not taken: the plain build
// proves the claim.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MUSTER_COUNT_ALLOCATIONS 0
#else
#define MUSTER_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<std::size_t> allocations{0};
std::atomic<bool> counting{false};
}  // namespace

#if MUSTER_COUNT_ALLOCATIONS
namespace {
void* counted(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
}  // namespace

// Replaced for the whole test binary: they only count, and only while `counting` is set.
void* operator new(std::size_t n) { return counted(n); }
void* operator new[](std::size_t n) { return counted(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

using namespace muster_test;
using muster::event_kind;

namespace {

/// Plans on the reference policy outside special periods: report → draft naming one force →
/// approval (order + 报备) → acknowledgement → release → conclusion, each a second after the last.
class plan_driver {
 public:
  explicit plan_driver(muster::engine& e) : en_(e) {}

  bool run(std::size_t plans) {
    for (std::size_t i = 0; i < plans; ++i) {
      const muster::incident_id id = ++incident_;
      event r = next(event_kind::incident_report, water_);
      r.incident = id;
      r.jurisdiction = wendeng_;
      r.incident_type = flood_;
      r.grade = general_;
      if (!ok(en_.submit(r))) return false;

      event d = next(event_kind::plan_draft, fire_);
      d.incident = id;
      d.forces = &team_;
      d.force_count = 1;
      const outcome& drafted = en_.submit(d);
      if (!ok(drafted) || drafted.effects.empty()) return false;
      const muster::request_id request = drafted.effects.back().request;

      event a = next(event_kind::request_approve, em_);
      a.incident = id;
      a.target = request;
      const outcome& approved = en_.submit(a);
      if (!ok(approved)) return false;
      muster::order_id order = 0;
      for (const auto& fx : approved.effects)
        if (fx.kind == muster::effect_kind::issue_order) order = fx.order;
      if (order == 0) return false;

      event k = next(event_kind::order_ack, water_);
      k.incident = id;
      k.target = order;
      if (!ok(en_.submit(k))) return false;
      event x = next(event_kind::order_release, fire_);
      x.incident = id;
      x.target = order;
      if (!ok(en_.submit(x))) return false;
      event c = next(event_kind::incident_conclude, em_);
      c.incident = id;
      if (!ok(en_.submit(c))) return false;
    }
    return true;
  }
  std::size_t events() const { return events_; }

 private:
  event next(event_kind kind, index_t by) {
    event e;
    e.id = ++events_;
    e.kind = kind;
    e.at = no_special_period + static_cast<muster::timestamp>(events_);  // a second apart
    e.by.organisation = by;
    return e;
  }
  static bool ok(const outcome& o) { return o.accepted; }

  muster::engine& en_;
  std::size_t events_ = 0;
  muster::incident_id incident_ = 0;
  const index_t water_ = org("wendeng_water"), fire_ = org("wendeng_fire"), em_ = org("wendeng_em");
  const index_t wendeng_ = jurisdiction("wendeng"), flood_ = incident_type("flood"), general_ = grade("general");
  const index_t team_ = force("wendeng_flood_team");
};

}  // namespace

TEST_CASE("3 engine hot path: no heap allocation per event, only now and then to grow a table" *
          doctest::skip(!MUSTER_COUNT_ALLOCATIONS)) {
  muster::engine en(weihai().policy, weihai().forces);
  plan_driver d(en);
  REQUIRE(d.run(500));  // warm-up: buffers, pools and tables reach their working sizes

  const std::size_t before = d.events();
  allocations = 0;
  counting = true;
  const bool ran = d.run(5000);
  counting = false;
  REQUIRE(ran);
  const std::size_t events = d.events() - before;
  const std::size_t count = allocations.load();
  MESSAGE(count << " allocations in " << events << " events");
  CHECK(events == 30000);
  CHECK(count * 200 <= events);  // at most one allocation per 200 events: table growth only
}

TEST_CASE("conditions: evaluating a compiled condition allocates nothing" * doctest::skip(!MUSTER_COUNT_ALLOCATIONS)) {
  // Every opcode and a deep stack: not, and, or, compare, member, test.
  muster::condition_program prog;
  using op = muster::condition_op;
  using muster::condition_compare;
  using muster::condition_fact;
  using muster::condition_opcode;
  prog.ops = {
      op{condition_opcode::test, condition_fact::special_period, condition_compare::eq, 0},
      op{condition_opcode::op_not, condition_fact::constant, condition_compare::eq, 0},
      op{condition_opcode::compare, condition_fact::forces, condition_compare::gt, 3},
      op{condition_opcode::member, condition_fact::force_category, condition_compare::eq, 0b0011},
      op{condition_opcode::member, condition_fact::force_capability, condition_compare::eq, 0b0100},
      op{condition_opcode::op_or, condition_fact::constant, condition_compare::eq, 0},
      op{condition_opcode::op_and, condition_fact::constant, condition_compare::eq, 0},
      op{condition_opcode::op_and, condition_fact::constant, condition_compare::eq, 0},
  };
  muster_test::test_facts f;
  f.forces_ = 4;
  f.caps = 0b0100;
  std::size_t held = 0;
  allocations = 0;
  counting = true;
  for (int i = 0; i < 10000; ++i) {
    f.forces_ = 2 + i % 4;
    held += muster::detail::evaluate(prog, f) ? 1 : 0;
  }
  counting = false;
  CHECK(held == 5000);  // forces 4 and 5 of 2..5
  CHECK(allocations.load() == 0);
}
