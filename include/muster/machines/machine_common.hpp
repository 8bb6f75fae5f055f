// Shared pieces of the MSM machines. Included only from src/ (it pulls in Boost.MSM).
//
// Each machine instance lives inside a compact engine record. The events carry the dispatch
// context, so actions and guards reach the engine without the machine owning anything.
#pragma once

#include <muster/config.hpp>

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>

#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct dispatch;  // src/engine: the engine, the record and the outcome being built

/// Front-end settings every machine shares: no event queue (no heap per instance; the engine
/// serialises events itself) and handlers that turn MSM's asserts into typed rejections.
template <class Derived>
struct machine_base : boost::msm::front::state_machine_def<Derived> {
  typedef int no_message_queue;

  /// An event the current state has no row for: a typed rejection, never an assert.
  template <class Fsm, class Event>
  void no_transition(Event const& e, Fsm&, int state) {
    reject_not_allowed(*e.cx, state);
  }
  /// An exception inside an action: reported, and the engine restores the record.
  template <class Fsm, class Event>
  void exception_caught(Event const& e, Fsm&, std::exception& ex) {
    report_internal_error(*e.cx, ex);
  }
};

void reject_not_allowed(dispatch& cx, int state);
void report_internal_error(dispatch& cx, const std::exception& ex);

// States, events, actions and guards carry their own names: src/engine/machine_tables.cpp
// walks each transition_table with them, so `muster graph` and the engine's state names come
// from the machine itself (a part without a name does not compile there).

/// A state of a machine, named as the engine and `muster graph` spell it.
#define MUSTER_MACHINE_STATE(id)                                              \
  struct id : boost::msm::front::state<> {                                    \
    static constexpr const char* name = #id;                                  \
  };

/// An event of a machine: the dispatch context it carries, and (for `muster graph`) the inputs
/// or timers that raise it.
#define MUSTER_MACHINE_EVENT(id, raised_by_)                                  \
  struct id {                                                                 \
    dispatch* cx;                                                             \
    static constexpr const char* name = #id;                                  \
    static constexpr const char* raised_by = raised_by_;                      \
  };

/// A functor-front-end action that hands the event's dispatch context to `fn`.
#define MUSTER_MACHINE_ACTION(id, fn)                                         \
  struct id {                                                                 \
    static constexpr const char* name = #id;                                  \
    template <class E, class F, class S, class T>                             \
    void operator()(E const& e, F&, S&, T&) { fn(*e.cx); }                    \
  };

/// A guard that tests `pred(dispatch)`.
#define MUSTER_MACHINE_GUARD(id, pred)                                        \
  struct id {                                                                 \
    static constexpr const char* name = #id;                                  \
    template <class E, class F, class S, class T>                             \
    bool operator()(E const& e, F&, S&, T&) { return pred(*e.cx); }           \
  };

/// A record member holding a machine. MSM's copy constructor restarts the machine in its
/// initial state; records are copied (rollback, vector growth), so copy by assignment.
template <class Machine>
struct machine_slot {
  Machine fsm;
  machine_slot() { fsm.start(); }
  machine_slot(const machine_slot& o) {
    fsm.start();
    fsm = o.fsm;
  }
  machine_slot& operator=(const machine_slot& o) {
    fsm = o.fsm;
    return *this;
  }
  int state() const { return fsm.current_state()[0]; }
};

}  // namespace detail
MUSTER_END_NAMESPACE
