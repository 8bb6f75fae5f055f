// bench_engine's workload (bench/bench_engine.cpp) in XState 5: the same events, in the same
// order, counted the same way, against machines that do what Muster's engine does for them on
// rules/weihai.yaml. bench/peers/README.md says what is compared and how fair it is.
//
//   node --expose-gc bench.mjs [--plans N] [--iterations K] [--model plan|records]
//
// Prints one line `xstate plans=… events=… effects=… cpu_s=… events_per_cpu_s=… …` (key=value,
// parsed by scripts/bench-peers.sh). events_per_cpu_s is events per CPU second of the main
// thread, like bench_engine's items_per_second (google-benchmark's thread CPU time): V8's
// concurrent GC threads are not counted, its main-thread GC pauses are.
//
// Model `records`, one live actor per record as the engine keeps one record (and one MSM machine)
// each (model `plan`, the default, is further down: one actor per call plan):
//   incident  reported → first_response → fire_led      (include/muster/machines/incident.hpp)
//   request   the call plan's approval chain (3.1.2): awaiting EM approval (15m: remind, then
//             escalate to the city EM) → in a special period, each force's industry authority
//             consents (30m ladder: remind + tell the EM, escalate, expire + tell the EM) →
//             approved: orders issued, the EM told                  (approval_chain.hpp)
//   order     issued (10m: overdue, escalated) → acknowledged → en_route → on_scene → released
//             (order.hpp)
// Delays run on a virtual clock (event time, as the engine's `at` and advance_to), through
// XState's own `after` transitions and scheduler.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { and, assign, createActor, setup } from 'xstate';

const MIN = 60_000; // XState delays are in ms
const flood_season = 1783645200; // 2026-07-10T09:00:00+08:00, as bench_engine
const forces_per_county = 6000;
const slow_every = 10;

// ---- the policy's parties (rules/weihai.yaml): county jurisdictions, and every organisation
// holding industry_authority, in document order (bench_engine's synthetic registry uses both).
const counties = ['huancui', 'wendeng', 'rongcheng', 'rushan', 'econ_zone', 'hitech_zone', 'lingang_zone', 'bonded_zone', 'nanhai'];
const authorities = ['weihai_em', 'weihai_drc', 'weihai_industry_it', 'weihai_psb', 'weihai_nrp', 'weihai_housing', 'weihai_transport',
  'weihai_water', 'weihai_ocean', 'weihai_commerce', 'weihai_health', 'weihai_sasac', 'weihai_samr', 'weihai_forestry', 'weihai_msa',
  'wendeng_water', 'rongcheng_ocean', 'rushan_nrp'];
const city = { em: 'weihai_em', fire: 'weihai_fire', gov: 'weihai_gov' };

// ---- a virtual clock for XState's scheduler: timers in buckets by due time (ms), fired in due
// order by advanceTo. (xstate's SimulatedClock re-sorts every pending timer whenever a timer
// fired sets another, which is quadratic here.)
class VirtualClock {
  now = 0;
  #next = 1;
  #timers = new Map(); // id → fn
  #buckets = new Map(); // due → [id]
  setTimeout(fn, ms) {
    const id = this.#next++;
    const due = this.now + ms;
    this.#timers.set(id, fn);
    const b = this.#buckets.get(due);
    if (b) b.push(id);
    else this.#buckets.set(due, [id]);
    return id;
  }
  clearTimeout(id) { this.#timers.delete(id); }
  advanceTo(t) {
    for (;;) {
      let due = Infinity;
      for (const d of this.#buckets.keys()) if (d <= t && d < due) due = d;
      if (due === Infinity) break;
      this.now = due;
      const ids = this.#buckets.get(due);
      this.#buckets.delete(due);
      for (const id of ids) {
        const fn = this.#timers.get(id);
        if (fn) {
          this.#timers.delete(id);
          fn();
        }
      }
    }
    this.now = t;
  }
  pending() { return this.#timers.size; }
}

// ---- the engine around the machines: routes events to the record's actor, collects effects,
// keeps the force registry's commitments. One per iteration, like a fresh muster::engine.
class Engine {
  constructor(records) { this.records = records; } // model `records`, else `plan`
  clock = new VirtualClock();
  incidents = [null]; // by incident number
  requests = [null]; // by request number
  orders = [null]; // by order number
  effects = []; // the current outcome's
  actor = ''; // the current event's actor ('' for advance_to)
  accepted = false;
  open_requests = 0;

  /** No one is told of its own act (src/engine/engine.cpp self_notice): a notice or escalation
   *  back to the one it comes from, or a notice announcing the input to its actor, is dropped. */
  tell(e) {
    if ((e.kind === 'notify' || e.kind === 'escalate') &&
        ((e.from !== undefined && e.to === e.from) || (e.kind === 'notify' && this.actor !== '' && e.to === this.actor && announces_input.has(e.topic))))
      return;
    this.effects.push(e);
  }

  begin(at, actor) {
    if (at * 1000 < this.clock.now) return false; // stale time
    this.clock.now = at * 1000;
    this.effects.length = 0;
    this.actor = actor;
    this.accepted = false;
    return true;
  }

  send(ref, ev) {
    if (!ref) return false;
    ref.send(ev);
    return this.accepted;
  }

  // incident.report
  report(at, actor, incident, jurisdiction, type, grade) {
    if (!this.begin(at, actor) || this.incidents[incident]) return false;
    const j = jurisdictions.get(jurisdiction);
    if (!j || !j.reporters.has(actor)) return false;
    const ref = createActor(this.records ? incidentMachine : planMachine, { clock: this.clock, input: { engine: this, incident, j, type, grade } });
    ref.start();
    this.incidents[incident] = ref;
    return this.send(ref, { type: 'REPORT', actor });
  }

  // plan.draft naming forces: the incident's commander drafts; no force may be committed
  draft(at, actor, incident, forces) {
    if (!this.begin(at, actor)) return false;
    const inc = this.incidents[incident];
    if (!inc) return false;
    for (const f of forces) if (f.committed !== 0) return false;
    if (!this.records) {
      const id = this.requests.length;
      if (!this.send(inc, { type: 'RESPOND', actor, request: id, forces })) return false;
      this.requests.push(inc);
      return true;
    }
    if (!this.send(inc, { type: 'RESPOND', actor })) return false;
    const c = inc.getSnapshot().context;
    const id = this.requests.length;
    const ref = createActor(requestMachine, {
      clock: this.clock,
      input: { engine: this, id, incident, em: c.j.em, upper: city.em, commander: c.j.fire, forces },
    });
    this.requests.push(ref);
    ++this.open_requests;
    this.accepted = false;
    ref.start(); // entry: asks the EM
    return this.send(ref, { type: 'OPEN', actor });
  }

  request(at, kind, actor, request, force) {
    return this.begin(at, actor) && this.send(this.requests[request], { type: kind, actor, force });
  }

  order(at, kind, actor, order) {
    if (!this.begin(at, actor)) return false;
    const o = this.orders[order];
    return this.records ? this.send(o, { type: kind, actor }) : o !== undefined && this.send(o.ref, { type: kind, actor, i: o.i });
  }

  advanceTo(at) {
    if (!this.begin(at, '')) return false;
    this.clock.advanceTo(at * 1000);
    return true;
  }

  /** Model `plan`: order `i` of plan actor `ref`. */
  planOrder(c, ref, force, i) {
    const id = this.orders.length;
    this.orders.push({ ref, i });
    force.committed = id;
    this.tell({ kind: 'issue_order', from: c.commander, to: force.owner, force, order: id, due: this.clock.now + 10 * MIN, because: 'orders' });
  }

  issueOrder(req, force) {
    const id = this.orders.length;
    const ref = createActor(orderMachine, { clock: this.clock, input: { engine: this, id, incident: req.incident, request: req.id, force, issuer: req.commander } });
    this.orders.push(ref);
    force.committed = id;
    ref.start();
    this.tell({ kind: 'issue_order', from: req.commander, to: force.owner, force, order: id, due: this.clock.now + 10 * MIN, because: 'orders' });
  }
}

const announces_input = new Set(['incident_reported', 'incident_copied', 'regraded', 'hq_established', 'concluded', 'request_approved']);
const accept = ({ context }) => { context.engine.accepted = true; };

// ---- incident (include/muster/machines/incident.hpp), only what the workload reaches plus regrade
// and conclude as events it refuses in the wrong state
const incidentMachine = setup({
  actions: {
    accept,
    onReport: ({ context: { engine, j, grade } }) => {
      const because = 'information.report_to_local_government';
      engine.tell({ kind: 'notify', topic: 'incident_reported', to: j.gov, because });
      engine.tell({ kind: 'notify', topic: 'incident_copied', to: j.em, because });
      engine.tell({ kind: 'notify', topic: 'incident_copied', to: j.fire, because });
      engine.tell({ kind: 'assign_command', topic: 'coordinator', to: j.em, grade, because: 'command' });
      engine.tell({ kind: 'assign_command', topic: 'commander', to: j.fire, grade, because: 'command' });
      engine.tell({ kind: 'notify', topic: 'first_response', to: j.fire, because: 'first_response' });
    },
  },
  guards: {
    byCommander: ({ context, event }) => event.actor === context.j.fire,
    byCoordinator: ({ context, event }) => event.actor === context.j.em,
  },
}).createMachine({
  id: 'incident',
  initial: 'reported',
  context: ({ input }) => ({ ...input }),
  states: {
    reported: { on: { REPORT: { target: 'first_response', actions: ['accept', 'onReport'] } } },
    first_response: {
      on: {
        RESPOND: { target: 'fire_led', guard: 'byCommander', actions: 'accept' },
        CONCLUDE: { target: 'concluded', guard: 'byCoordinator', actions: 'accept' },
      },
    },
    fire_led: {
      on: {
        RESPOND: { guard: 'byCommander', actions: 'accept' },
        CONCLUDE: { target: 'concluded', guard: 'byCoordinator', actions: 'accept' },
      },
    },
    concluded: {},
  },
});

// ---- the call plan's approval chain (rules/weihai.yaml chains.call_plan)
/** Month-day of a UTC+8 instant (s) inside 06-01 … 09-30 (periods.flood_season) or 11-01 … 05-31. */
function special_period(at) {
  const d = new Date((at + 8 * 3600) * 1000);
  const md = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  return (md >= 601 && md <= 930) || md >= 1101 || md <= 531;
}
const stepBecause = 'chains.call_plan.steps.em_approval';
const consentBecause = 'chains.call_plan.steps.authority_consent';

const requestMachine = setup({
  actions: {
    accept,
    askApproval: ({ context: c }) => {
      c.engine.tell({ kind: 'request_approval', to: c.em, request: c.id, step: 'em_approval', due: c.engine.clock.now + 15 * MIN, because: stepBecause });
    },
    remindApprover: ({ context: c }) => {
      c.engine.tell({ kind: 'remind', topic: 'step_overdue', to: c.em, request: c.id, step: 'em_approval', due: c.engine.clock.now + 15 * MIN, because: stepBecause });
    },
    escalateApproval: ({ context: c }) => {
      c.engine.tell({ kind: 'escalate', topic: 'step_overdue', to: c.upper, request: c.id, step: 'em_approval', because: stepBecause });
    },
    escalated: assign({ escalated: true }),
    // the EM that approved asks each force's authority (商)
    asked: assign({ asker: ({ context: c, event }) => event.actor, pending: ({ context: c }) => (1 << c.forces.length) - 1 }),
    askConsents: ({ context: c }) => {
      for (const f of c.forces)
        c.engine.tell({ kind: 'request_consent', to: f.authority, from: c.asker, force: f, request: c.id, step: 'authority_consent', due: c.engine.clock.now + 30 * MIN, because: consentBecause });
    },
    recordConsent: assign({ pending: ({ context: c, event }) => c.pending & ~bit_of(c, event) }),
    refuseConsent: assign({ pending: ({ context: c, event }) => c.pending & ~bit_of(c, event), dropped: ({ context: c, event }) => c.dropped | bit_of(c, event) }),
    remindAuthorities: ({ context: c }) => {
      each_pending(c, (f) => c.engine.tell({ kind: 'remind', topic: 'step_overdue', to: f.authority, force: f, request: c.id, step: 'authority_consent', because: consentBecause }));
      c.engine.tell({ kind: 'notify', topic: 'step_overdue', to: c.asker, request: c.id, step: 'authority_consent', because: consentBecause });
    },
    escalateConsents: ({ context: c }) => {
      each_pending(c, (f) => c.engine.tell({ kind: 'escalate', topic: 'step_overdue', to: city.em, force: f, request: c.id, step: 'authority_consent', because: consentBecause }));
    },
    expireConsents: ({ context: c }) => {
      c.engine.tell({ kind: 'notify', topic: 'request_expired', to: c.asker, request: c.id, step: 'authority_consent', because: consentBecause });
    },
    // on_approved: issue_orders to the named forces not dropped (categories government, enterprise,
    // social: every synthetic force), then notify_em; request_decision_support has no experts
    // here and file_record is `when: not_special_period`.
    execute: ({ context: c }) => {
      c.forces.forEach((f, i) => { if (!(c.dropped & (1 << i))) c.engine.issueOrder(c, f); });
      c.engine.tell({ kind: 'notify', topic: 'request_approved', to: c.em, request: c.id, because: 'chains.call_plan.on_approved.notify_em' });
      --c.engine.open_requests;
    },
    closed: ({ context: c }) => { --c.engine.open_requests; },
  },
  guards: {
    byApprover: ({ context: c, event }) => event.actor === c.em || (c.escalated && event.actor === c.upper),
    byCommander: ({ context: c, event }) => event.actor === c.commander,
    special: ({ context: c }) => special_period(c.engine.clock.now / 1000),
    consentAsked: ({ context: c, event }) => (c.pending & bit_of(c, event)) !== 0,
    lastConsent: ({ context: c, event }) => c.pending === bit_of(c, event) && c.pending !== 0,
    lastRefusal: ({ context: c, event }) => c.pending === bit_of(c, event) && c.pending !== 0 && (c.dropped | c.pending) === (1 << c.forces.length) - 1,
  },
}).createMachine({
  id: 'request',
  initial: 'drafted',
  context: ({ input }) => ({ ...input, escalated: false, asker: '', pending: 0, dropped: 0 }),
  states: {
    drafted: { on: { OPEN: { target: 'awaiting_approval', actions: 'accept' } } },
    awaiting_approval: {
      entry: 'askApproval',
      initial: 'waiting',
      states: {
        waiting: { after: { [15 * MIN]: { target: 'reminded', actions: 'remindApprover' } } },
        reminded: { after: { [15 * MIN]: { target: 'escalated', actions: ['escalateApproval', 'escalated'] } } },
        escalated: {},
      },
      on: {
        APPROVE: [
          { guard: and(['byApprover', 'special']), target: 'awaiting_consent', actions: ['accept', 'asked'] },
          { guard: 'byApprover', target: 'executed', actions: 'accept' },
        ],
        REJECT: { guard: 'byApprover', target: 'rejected', actions: ['accept', 'closed'] },
        WITHDRAW: { guard: 'byCommander', target: 'withdrawn', actions: ['accept', 'closed'] },
      },
    },
    awaiting_consent: {
      entry: 'askConsents',
      initial: 'waiting',
      states: {
        waiting: { after: { [30 * MIN]: { target: 'reminded', actions: 'remindAuthorities' } } },
        reminded: { after: { [30 * MIN]: { target: 'escalated', actions: 'escalateConsents' } } },
        escalated: { after: { [30 * MIN]: { target: '#request.expired', actions: ['expireConsents', 'closed'] } } },
      },
      on: {
        CONSENT: [
          { guard: 'lastConsent', target: 'executed', actions: ['accept', 'recordConsent'] },
          { guard: 'consentAsked', actions: ['accept', 'recordConsent'] },
        ],
        REFUSE: [
          { guard: 'lastRefusal', target: 'failed', actions: ['accept', 'refuseConsent', 'closed'] },
          { guard: 'lastConsent', target: 'executed', actions: ['accept', 'refuseConsent'] },
          { guard: 'consentAsked', actions: ['accept', 'refuseConsent'] },
        ],
        WITHDRAW: { guard: 'byCommander', target: 'withdrawn', actions: ['accept', 'closed'] },
      },
    },
    executed: { entry: 'execute', type: 'final' },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    expired: { type: 'final' },
    failed: { type: 'final' },
  },
});

function bit_of(c, event) {
  const i = c.forces.indexOf(event.force);
  return i >= 0 && event.force.authority === event.actor ? 1 << i : 0;
}
function each_pending(c, fn) { c.forces.forEach((f, i) => { if (c.pending & (1 << i)) fn(f); }); }

// ---- order (include/muster/machines/order.hpp; rules/weihai.yaml orders: ack_timeout 10m)
const orderMachine = setup({
  actions: {
    accept,
    overdue: ({ context: c }) => {
      c.engine.tell({ kind: 'escalate', topic: 'order_overdue', to: c.force.authority, from: c.issuer, force: c.force, because: 'orders' });
      c.engine.tell({ kind: 'escalate', topic: 'order_overdue', to: c.issuer, from: c.issuer, force: c.force, because: 'orders' });
    },
    free: ({ context: c }) => { c.force.committed = 0; },
    declined: ({ context: c }) => {
      c.force.committed = 0;
      c.engine.tell({ kind: 'notify', topic: 'order_declined', to: c.issuer, force: c.force, because: 'orders' });
    },
  },
  guards: {
    byOwner: ({ context: c, event }) => event.actor === c.force.owner,
    byIssuer: ({ context: c, event }) => event.actor === c.issuer,
  },
}).createMachine({
  id: 'order',
  initial: 'issued',
  context: ({ input }) => ({ ...input }),
  states: {
    issued: {
      after: { [10 * MIN]: { target: 'overdue', actions: 'overdue' } },
      on: {
        ACK: { guard: 'byOwner', target: 'acknowledged', actions: 'accept' },
        DECLINE: { guard: 'byOwner', target: 'declined', actions: ['accept', 'declined'] },
      },
    },
    overdue: {
      on: {
        ACK: { guard: 'byOwner', target: 'acknowledged', actions: 'accept' },
        DECLINE: { guard: 'byOwner', target: 'declined', actions: ['accept', 'declined'] },
      },
    },
    acknowledged: {
      on: {
        DEPART: { guard: 'byOwner', target: 'en_route', actions: 'accept' },
        ARRIVE: { guard: 'byOwner', target: 'on_scene', actions: 'accept' },
        RELEASE: { guard: 'byIssuer', target: 'released', actions: ['accept', 'free'] },
      },
    },
    en_route: {
      on: {
        ARRIVE: { guard: 'byOwner', target: 'on_scene', actions: 'accept' },
        RELEASE: { guard: 'byIssuer', target: 'released', actions: ['accept', 'free'] },
      },
    },
    on_scene: { on: { RELEASE: { guard: 'byIssuer', target: 'released', actions: ['accept', 'free'] } } },
    released: { type: 'final' },
    declined: { type: 'final' },
  },
});

// ---- model `plan` (the default): one actor per call plan, holding its incident's part, the
// approval chain and its orders (per-order states in context) — the fewest actors and events
// inside XState for the same work, so the figure is XState's best case here.
const O_ISSUED = 0, O_OVERDUE = 1, O_ACKED = 2, O_RELEASED = 3, O_DECLINED = 4;
const orderIs = (c, event, ...states) => event.i >= 0 && event.i < c.orders.length && states.includes(c.orders[event.i]);
const setOrder = (state) => assign({ orders: ({ context: c, event }) => { const o = c.orders.slice(); o[event.i] = state; return o; } });

const planMachine = setup({
  actions: {
    accept,
    onReport: incidentMachine.implementations.actions.onReport,
    drafted: assign({ id: ({ event }) => event.request, forces: ({ event }) => event.forces }),
    opened: ({ context: c }) => { ++c.engine.open_requests; },
    askApproval: requestMachine.implementations.actions.askApproval,
    remindApprover: requestMachine.implementations.actions.remindApprover,
    escalateApproval: requestMachine.implementations.actions.escalateApproval,
    escalated: assign({ escalated: true }),
    asked: requestMachine.implementations.actions.asked,
    askConsents: requestMachine.implementations.actions.askConsents,
    recordConsent: requestMachine.implementations.actions.recordConsent,
    refuseConsent: requestMachine.implementations.actions.refuseConsent,
    remindAuthorities: requestMachine.implementations.actions.remindAuthorities,
    escalateConsents: requestMachine.implementations.actions.escalateConsents,
    expireConsents: requestMachine.implementations.actions.expireConsents,
    closed: ({ context: c }) => { --c.engine.open_requests; },
    // on_approved: issue_orders, then notify_em (as requestMachine's execute)
    execute: ({ context: c, self }) => {
      c.forces.forEach((f, i) => { if (!(c.dropped & (1 << i))) c.engine.planOrder(c, self, f, i); });
      c.engine.tell({ kind: 'notify', topic: 'request_approved', to: c.em, request: c.id, because: 'chains.call_plan.on_approved.notify_em' });
      --c.engine.open_requests;
    },
    issued: assign({ orders: ({ context: c }) => c.forces.map((f, i) => (c.dropped & (1 << i) ? O_DECLINED : O_ISSUED)) }),
    overdue: assign({
      orders: ({ context: c }) => c.orders.map((s, i) => {
        if (s !== O_ISSUED) return s;
        const f = c.forces[i];
        c.engine.tell({ kind: 'escalate', topic: 'order_overdue', to: f.authority, from: c.commander, force: f, because: 'orders' });
        c.engine.tell({ kind: 'escalate', topic: 'order_overdue', to: c.commander, from: c.commander, force: f, because: 'orders' });
        return O_OVERDUE;
      }),
    }),
    acked: setOrder(O_ACKED),
    released: setOrder(O_RELEASED),
    free: ({ context: c, event }) => { c.forces[event.i].committed = 0; },
    declined: ({ context: c, event }) => {
      c.forces[event.i].committed = 0;
      c.engine.tell({ kind: 'notify', topic: 'order_declined', to: c.commander, force: c.forces[event.i], because: 'orders' });
    },
  },
  guards: {
    ...requestMachine.implementations.guards,
    byCoordinator: ({ context: c, event }) => event.actor === c.em,
    byOwner: ({ context: c, event }) => orderIs(c, event, O_ISSUED, O_OVERDUE) && event.actor === c.forces[event.i].owner,
    byIssuer: ({ context: c, event }) => orderIs(c, event, O_ACKED) && event.actor === c.commander,
    lastRelease: ({ context: c, event }) => orderIs(c, event, O_ACKED) && event.actor === c.commander &&
      c.orders.every((s, i) => i === event.i || s === O_RELEASED || s === O_DECLINED),
  },
}).createMachine({
  id: 'plan',
  initial: 'reported',
  context: ({ input }) => ({ ...input, em: input.j.em, upper: city.em, commander: input.j.fire, id: 0, forces: [], escalated: false, asker: '', pending: 0, dropped: 0, orders: [] }),
  states: {
    reported: { on: { REPORT: { target: 'first_response', actions: ['accept', 'onReport'] } } },
    first_response: {
      on: {
        RESPOND: { target: 'awaiting_approval', guard: 'byCommander', actions: ['accept', 'drafted', 'opened'] },
        CONCLUDE: { target: 'concluded', guard: 'byCoordinator', actions: 'accept' },
      },
    },
    awaiting_approval: {
      entry: 'askApproval',
      initial: 'waiting',
      states: {
        waiting: { after: { [15 * MIN]: { target: 'reminded', actions: 'remindApprover' } } },
        reminded: { after: { [15 * MIN]: { target: 'escalated', actions: ['escalateApproval', 'escalated'] } } },
        escalated: {},
      },
      on: {
        APPROVE: [
          { guard: and(['byApprover', 'special']), target: 'awaiting_consent', actions: ['accept', 'asked'] },
          { guard: 'byApprover', target: 'ordered', actions: 'accept' },
        ],
        REJECT: { guard: 'byApprover', target: 'fire_led', actions: ['accept', 'closed'] },
        WITHDRAW: { guard: 'byCommander', target: 'fire_led', actions: ['accept', 'closed'] },
      },
    },
    awaiting_consent: {
      entry: 'askConsents',
      initial: 'waiting',
      states: {
        waiting: { after: { [30 * MIN]: { target: 'reminded', actions: 'remindAuthorities' } } },
        reminded: { after: { [30 * MIN]: { target: 'escalated', actions: 'escalateConsents' } } },
        escalated: { after: { [30 * MIN]: { target: '#plan.fire_led', actions: ['expireConsents', 'closed'] } } },
      },
      on: {
        CONSENT: [
          { guard: 'lastConsent', target: 'ordered', actions: ['accept', 'recordConsent'] },
          { guard: 'consentAsked', actions: ['accept', 'recordConsent'] },
        ],
        REFUSE: [
          { guard: 'lastRefusal', target: 'fire_led', actions: ['accept', 'refuseConsent', 'closed'] },
          { guard: 'lastConsent', target: 'ordered', actions: ['accept', 'refuseConsent'] },
          { guard: 'consentAsked', actions: ['accept', 'refuseConsent'] },
        ],
        WITHDRAW: { guard: 'byCommander', target: 'fire_led', actions: ['accept', 'closed'] },
      },
    },
    ordered: {
      entry: ['issued', 'execute'],
      after: { [10 * MIN]: { actions: 'overdue' } },
      on: {
        ACK: { guard: 'byOwner', actions: ['accept', 'acked'] },
        DECLINE: { guard: 'byOwner', actions: ['accept', 'declined', setOrder(O_DECLINED)] },
        RELEASE: [
          { guard: 'lastRelease', target: 'fire_led', actions: ['accept', 'free', 'released'] },
          { guard: 'byIssuer', actions: ['accept', 'free', 'released'] },
        ],
      },
    },
    // the incident stays open under the fire team's command, as in bench_engine
    fire_led: { on: { CONCLUDE: { target: 'concluded', guard: 'byCoordinator', actions: 'accept' } } },
    concluded: {},
  },
});

// ---- the world: jurisdictions with their holders, and bench_engine's synthetic registry
const jurisdictions = new Map();
for (const c of counties)
  jurisdictions.set(c, { id: c, em: `${c}_em`, fire: `${c}_fire`, gov: `${c}_gov`, reporters: new Set([`${c}_em`, `${c}_fire`, `${c}_gov`]) });
const pool = []; // per county, registry order
{
  let n = 0;
  for (const c of counties) {
    const forces = [];
    for (let k = 0; k < forces_per_county; ++k, ++n)
      forces.push({ id: `f_${c}_${k}`, owner: `${c}_fire`, authority: authorities[n % authorities.length], category: 'government', committed: 0 });
    pool.push(forces);
  }
}

// ---- the driver: bench_engine's `driver`, step for step
class Driver {
  events = 0;
  effects = 0;
  error = '';
  constructor(engine, n) { this.en = engine; this.n = n; this.requests = new Array(n); }

  check(ok, what) {
    ++this.events;
    this.effects += this.en.effects.length;
    if (!ok && !this.error) this.error = `event ${this.events} (${what}) rejected`;
    return ok;
  }

  openAll() {
    const en = this.en;
    for (let i = 0; i < this.n; ++i) {
      const c = i % counties.length;
      const county = counties[c];
      if (!this.check(en.report(flood_season, `${county}_em`, i + 1, county, 'flood', 'general'), 'incident.report')) return false;
      const k = (3 * Math.floor(i / counties.length)) % forces_per_county;
      const named = [pool[c][k], pool[c][(k + 1) % forces_per_county], pool[c][(k + 2) % forces_per_county]];
      if (!this.check(en.draft(flood_season, `${county}_fire`, i + 1, named), 'plan.draft')) return false;
      const e = en.effects[en.effects.length - 1];
      this.requests[i] = e ? e.request : 0;
    }
    return true;
  }

  complete(i, approver, t) {
    const en = this.en;
    const at = flood_season + t;
    const fire = `${counties[i % counties.length]}_fire`;
    if (!this.check(en.request(at, 'APPROVE', approver, this.requests[i]), 'request.approve')) return false;
    const asks = [];
    for (const e of en.effects) if (e.kind === 'request_consent' && asks.length < 3) asks.push(e);
    const orders = [];
    for (const a of asks) {
      if (!this.check(en.request(at, 'CONSENT', a.to, this.requests[i], a.force), 'request.consent')) return false;
      for (const e of en.effects) if (e.kind === 'issue_order' && orders.length < 3) orders.push(e.order);
    }
    if (orders.length !== 3) {
      this.error ||= `plan ${i}: ${orders.length} orders issued, expected 3`;
      return false;
    }
    for (const o of orders) if (!this.check(en.order(at, 'ACK', fire, o), 'order.ack')) return false;
    for (const o of orders) if (!this.check(en.order(at, 'RELEASE', fire, o), 'order.release')) return false;
    return true;
  }

  runRest() {
    for (let i = 0; i < this.n; ++i)
      if (i % slow_every !== 0 && !this.complete(i, `${counties[i % counties.length]}_em`, 60)) return false;
    if (!this.check(this.en.advanceTo(flood_season + 15 * 60), 'advance_to') || !this.check(this.en.advanceTo(flood_season + 30 * 60), 'advance_to'))
      return false;
    for (let i = 0; i < this.n; i += slow_every) if (!this.complete(i, city.em, 31 * 60)) return false;
    return true;
  }
}

// ---- measurement
let clk_tck = 100;
/** CPU seconds of the main thread (utime + stime of /proc/self/task/<pid>/stat). */
function thread_cpu() {
  const s = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return (Number(f[11]) + Number(f[12])) / clk_tck;
}
function gc() { if (globalThis.gc) { globalThis.gc(); globalThis.gc(); } }

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const n = opt('--plans', 100000);
  const iterations = opt('--iterations', 3);
  const model = args.includes('--model') ? args[args.indexOf('--model') + 1] : 'plan';
  if (model !== 'plan' && model !== 'records') throw new Error(`--model plan|records, not ${model}`);
  try { clk_tck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100; } catch { /* 100 on Linux */ }

  let events = 0, effects = 0, cpu = 0, wall = 0, peak_open = 0, heap_per_open = 0, it_events = 0, it_effects = 0;
  for (let it = 0; it < iterations; ++it) {
    for (const county of pool) for (const f of county) f.committed = 0;
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const en = new Engine(model === 'records');
    const d = new Driver(en, n);

    let c0 = thread_cpu(), w0 = performance.now();
    let ok = d.openAll();
    cpu += thread_cpu() - c0;
    wall += performance.now() - w0;
    peak_open = en.open_requests; // outside the timed region, as bench_engine's state_bytes()
    gc();
    heap_per_open = peak_open > 0 ? (process.memoryUsage().heapUsed - heap0) / peak_open : 0;

    c0 = thread_cpu();
    w0 = performance.now();
    ok = ok && d.runRest();
    cpu += thread_cpu() - c0;
    wall += performance.now() - w0;

    if (!ok) {
      console.error(`xstate: ${d.error}`);
      process.exit(1);
    }
    events += d.events;
    effects += d.effects;
    it_events = d.events;
    it_effects = d.effects;
  }
  const fmt = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(3));
  console.log(['xstate', `model=${model}`, `plans=${n}`, `iterations=${iterations}`, `events=${it_events}`, `effects=${it_effects}`,
    `open_requests_peak=${peak_open}`, `cpu_s=${fmt(cpu)}`, `wall_s=${fmt(wall / 1000)}`,
    `events_per_cpu_s=${Math.round(events / cpu)}`, `events_per_wall_s=${Math.round(events / (wall / 1000))}`,
    `heap_bytes_per_open_request=${Math.round(heap_per_open)}`, `gc_exposed=${globalThis.gc ? 1 : 0}`].join(' '));
}

main();
