// General 4 (timers fire in (due time, creation) order) at the level of the engine's timer
// pool (src/engine/timer_queue.hpp): order, slot reuse, and timers added while firing.
#include "engine/timer_queue.hpp"

#include <doctest/doctest.h>

#include <utility>
#include <vector>

using muster::detail::timer;
using muster::detail::timer_kind;
using muster::detail::timer_queue;

namespace {
std::vector<std::pair<muster::timestamp, std::uint32_t>> drain(timer_queue& q, muster::timestamp until) {
  std::vector<std::pair<muster::timestamp, std::uint32_t>> fired;
  q.pop_due(until, [&](const timer& t) { fired.emplace_back(t.due, t.target); });
  return fired;
}
}  // namespace

TEST_CASE("General 4 timers: due time first, then creation order; only those due are removed") {
  timer_queue q;
  q.add(timer(300, 1, 7, timer_kind::order_ack));
  q.add(timer(100, 2, 0, timer_kind::request_step));
  q.add(timer(300, 3, 0, timer_kind::review_report));
  q.add(timer(100, 4, 0, timer_kind::request_step));
  q.add(timer(200, 5, 0, timer_kind::request_step));
  CHECK(q.size() == 5);

  std::vector<std::uint32_t> order;
  q.for_each([&](const timer& t) { order.push_back(t.target); });
  CHECK(order == std::vector<std::uint32_t>{2, 4, 5, 1, 3});

  using fired = std::vector<std::pair<muster::timestamp, std::uint32_t>>;
  CHECK(drain(q, 99).empty());
  CHECK(drain(q, 200) == fired{{100, 2}, {100, 4}, {200, 5}});
  CHECK(q.size() == 2);
  bool kept_kind = false;
  q.for_each([&](const timer& t) { kept_kind |= t.target == 1 && t.kind() == timer_kind::order_ack && t.current(7); });
  CHECK(kept_kind);
  CHECK(drain(q, 1000) == fired{{300, 1}, {300, 3}});
  CHECK(q.empty());
}

TEST_CASE("General 4 timers: timers added while firing go to their second, even the one being fired") {
  timer_queue q;
  q.add(timer(10, 1, 0, timer_kind::request_step));
  q.add(timer(10, 2, 0, timer_kind::request_step));
  std::vector<std::pair<muster::timestamp, std::uint32_t>> fired;
  q.pop_due(20, [&](const timer& t) {
    fired.emplace_back(t.due, t.target);
    if (t.target == 1) q.add(timer(10, 3, 0, timer_kind::request_step));   // same second: fired after 2
    if (t.target == 2) q.add(timer(15, 4, 0, timer_kind::request_step));   // later, still due
    if (t.target == 4) q.add(timer(30, 5, 0, timer_kind::request_step));   // not due yet
  });
  using list = std::vector<std::pair<muster::timestamp, std::uint32_t>>;
  CHECK(fired == list{{10, 1}, {10, 2}, {10, 3}, {15, 4}});
  CHECK(q.size() == 1);
  CHECK(drain(q, 30) == list{{30, 5}});
}

TEST_CASE("timer_queue: fired timers' slots are reused, so a steady load stops growing") {
  timer_queue q;
  for (std::uint32_t i = 0; i < 10000; ++i) q.add(timer(1000 + i % 7, i, 0, timer_kind::order_ack));
  drain(q, 2000);
  const std::size_t peak = q.bytes();
  for (int round = 0; round < 5; ++round) {
    for (std::uint32_t i = 0; i < 10000; ++i) q.add(timer(3000 + round * 10 + i % 7, i, 0, timer_kind::order_ack));
    CHECK(drain(q, 3000 + round * 10 + 6).size() == 10000);
  }
  CHECK(q.bytes() <= peak);
}
