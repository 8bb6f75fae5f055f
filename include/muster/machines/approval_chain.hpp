// The approval chain machine: one per request (call plan 3.1.2, cross-region reinforcement
// 3.1.2 / 2.2). The steps come from the policy; the machine knows only where the request is.
//
//   drafted ──open──▶ awaiting ⟲ (answer: step incomplete / next step; timeout: remind, escalate; reroute)
//      │                 │ answer: last step done ─▶ approved ──execute──▶ executed
//      └─open: nothing   │ reject ─▶ rejected      withdraw ─▶ withdrawn
//        to wait for ──▶ │ refuse: fails ─▶ failed  timeout: expire ─▶ expired
//        approved                                      reroute: nobody to address ─▶ failed
//
// Guards on rows sharing a source and event read one classification of the input
// (`progress_of`), so they are mutually exclusive by construction.
//
// MSM numbers the states in order of first appearance, as a row's source first, then as a
// target; that number is the public request_state (include/muster/engine.hpp), and their names
// are the states' own (src/engine/machine_tables.cpp reads this table for both).
#pragma once

#include <muster/machines/machine_common.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace chain_ev {
MUSTER_MACHINE_EVENT(open, "chain.open (plan.draft, reinforcement.apply), opened_on, open_chain")
MUSTER_MACHINE_EVENT(answer, "request.approve, request.consent, request.acknowledge, request.submit")
MUSTER_MACHINE_EVENT(reject, "request.reject")
MUSTER_MACHINE_EVENT(refuse, "request.refuse")                      // consent refused for one force
MUSTER_MACHINE_EVENT(withdraw, "request.withdraw, incident.conclude")
MUSTER_MACHINE_EVENT(timeout, "timer: step timeout")                // a step's timeout passed in silence
MUSTER_MACHINE_EVENT(reroute, "incident.regrade moving command")    // re-address the current step
MUSTER_MACHINE_EVENT(execute, "at once, after approval")
}  // namespace chain_ev

/// What an input does to the request; computed without changing anything.
enum class chain_progress : unsigned char { waiting, next_step, done, failed, expire };
/// Their names, for the guards in `muster graph`.
inline constexpr const char* chain_progress_names[] = {"waiting", "next_step", "done", "failed", "expire"};

chain_progress progress_of(const chain_ev::open& e);
chain_progress progress_of(const chain_ev::answer& e);
chain_progress progress_of(const chain_ev::refuse& e);
chain_progress progress_of(const chain_ev::reroute& e);
chain_progress progress_of(const chain_ev::timeout& e);
// Actions, defined in src/engine/chain_actions.cpp.
void chain_start(dispatch& cx);          ///< walk from the first step
void chain_record_answer(dispatch& cx);  ///< count the answer; walk on when the step is complete
void chain_rejected(dispatch& cx);
void chain_refused(dispatch& cx);        ///< drop the force or fail, as the step says
void chain_withdrawn(dispatch& cx);
void chain_silence(dispatch& cx);        ///< remind or escalate
void chain_expired(dispatch& cx);
void chain_rerouted(dispatch& cx);
void chain_unroutable(dispatch& cx);    ///< command moved where the step has nobody to address
void chain_execute(dispatch& cx);        ///< run on_approved

struct approval_chain_def : machine_base<approval_chain_def> {
  static constexpr const char* name = "approval_chain";

  MUSTER_MACHINE_STATE(drafted)
  MUSTER_MACHINE_STATE(awaiting)
  MUSTER_MACHINE_STATE(approved)
  MUSTER_MACHINE_STATE(executed)
  MUSTER_MACHINE_STATE(rejected)
  MUSTER_MACHINE_STATE(withdrawn)
  MUSTER_MACHINE_STATE(expired)
  MUSTER_MACHINE_STATE(failed)
  typedef drafted initial_state;

  MUSTER_MACHINE_ACTION(start, chain_start)
  MUSTER_MACHINE_ACTION(record, chain_record_answer)
  MUSTER_MACHINE_ACTION(on_reject, chain_rejected)
  MUSTER_MACHINE_ACTION(on_refuse, chain_refused)
  MUSTER_MACHINE_ACTION(on_withdraw, chain_withdrawn)
  MUSTER_MACHINE_ACTION(on_silence, chain_silence)
  MUSTER_MACHINE_ACTION(on_expire, chain_expired)
  MUSTER_MACHINE_ACTION(on_reroute, chain_rerouted)
  MUSTER_MACHINE_ACTION(on_unroutable, chain_unroutable)
  MUSTER_MACHINE_ACTION(run_on_approved, chain_execute)

  // A guard names the progress values it accepts (`accepts`, read by `muster graph`).
  template <chain_progress P>
  struct is {
    static constexpr chain_progress accepts[] = {P};
    template <class E, class F, class S, class T> bool operator()(E const& e, F&, S&, T&) { return progress_of(e) == P; }
  };
  template <chain_progress A, chain_progress B>
  struct is_either {
    static constexpr chain_progress accepts[] = {A, B};
    template <class E, class F, class S, class T> bool operator()(E const& e, F&, S&, T&) {
      const chain_progress p = progress_of(e);
      return p == A || p == B;
    }
  };

  using none = boost::msm::front::none;
  using P = chain_progress;
  template <class S, class E, class T, class A = none, class G = none>
  using row = boost::msm::front::Row<S, E, T, A, G>;

  struct transition_table : boost::mpl::vector<
      row<drafted,  chain_ev::open,     awaiting,  start,       is_either<P::waiting, P::next_step>>,
      row<drafted,  chain_ev::open,     approved,  start,       is<P::done>>,
      row<awaiting, chain_ev::answer,   awaiting,  record,      is_either<P::waiting, P::next_step>>,
      row<awaiting, chain_ev::answer,   approved,  record,      is<P::done>>,
      row<awaiting, chain_ev::refuse,   awaiting,  on_refuse,   is_either<P::waiting, P::next_step>>,
      row<awaiting, chain_ev::refuse,   approved,  on_refuse,   is<P::done>>,
      row<awaiting, chain_ev::refuse,   failed,    on_refuse,   is<P::failed>>,
      row<awaiting, chain_ev::reject,   rejected,  on_reject>,
      row<awaiting, chain_ev::withdraw, withdrawn, on_withdraw>,
      row<awaiting, chain_ev::timeout,  awaiting,  on_silence,  is<P::waiting>>,
      row<awaiting, chain_ev::timeout,  expired,   on_expire,   is<P::expire>>,
      row<awaiting, chain_ev::reroute,  awaiting,  on_reroute,  is<P::waiting>>,
      row<awaiting, chain_ev::reroute,  failed,    on_unroutable, is<P::failed>>,
      row<approved, chain_ev::execute,  executed,  run_on_approved>> {};
};

using approval_chain_machine = boost::msm::back::state_machine<approval_chain_def>;

}  // namespace detail
MUSTER_END_NAMESPACE
