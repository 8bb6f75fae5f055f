// The rules of the mechanism: periods, command, information routing, chains, orders, review.
#pragma once

#include <muster/events.hpp>
#include <muster/model/basics.hpp>
#include <muster/model/organisation.hpp>

#include <array>
#include <string_view>

MUSTER_BEGIN_NAMESPACE

/// The document a policy encodes (`document:`): its id, title and clauses. Every `clause:` of
/// the policy must be one of them.
struct policy_document {
  std::string id;
  text name;
  std::vector<named_item> clauses;  ///< id (e.g. "3.1.2") and a short title
  bool cites(std::string_view clause) const {
    for (const auto& c : clauses)
      if (c.id == clause) return true;
    return false;
  }
};

struct incident_type {
  std::string id;
  text name;
  std::vector<index_t> needs;  ///< capabilities
  rule_ref rule;
};

enum class period_class : std::uint8_t { special, sensitive };

/// A yearly calendar range (both ends included, may wrap the year end) or a period declared at run time.
struct period {
  std::string id;
  text name;
  period_class cls = period_class::special;
  bool declared = false;
  std::uint16_t from_mmdd = 0;  ///< month*100 + day; 0 when declared
  std::uint16_t to_mmdd = 0;
  role_mask declared_by = 0;   ///< declared periods: holders of these roles declare and end it
  role_mask announce_to = 0;   ///< declared periods: every holder of these roles is told
  rule_ref rule;
  /// True when month-day `mmdd` (month*100+day) falls in the calendar range.
  bool contains(std::uint16_t mmdd) const {
    if (declared) return false;
    return from_mmdd <= to_mmdd ? (mmdd >= from_mmdd && mmdd <= to_mmdd) : (mmdd >= from_mmdd || mmdd <= to_mmdd);
  }
};

/// Whose organisation a role is looked up in, relative to the incident.
/// `owner`: the owning organisation of the force a per-force rule is about (no role needed).
/// `area`: in the warnings block, the jurisdiction a recipient stands for (each of the area's).
enum class party_scope : std::uint8_t { incident, command, upper, root, force, participant, owner, area };

/// A position of the incident's command: follows the command when a regrade moves it (3.1.1)
/// and when a headquarters takes it over (3.1.3).
enum class command_position : std::uint8_t { none, coordinator, commander };

/// "the organisation holding `role` in the jurisdiction `of` names", or, when `position` is
/// set, whoever holds that position of the incident's command now.
struct party_ref {
  index_t role = no_index;
  party_scope of = party_scope::incident;
  command_position position = command_position::none;
  bool empty() const { return role == no_index && position == command_position::none; }
  /// A force's authority or owner: resolved for a force, not from the incident alone.
  bool per_force() const { return of == party_scope::force || of == party_scope::owner; }
};


struct command_rule {
  index_t threshold = no_index;  ///< grade index: at or above → `above_*`
  role_mask reassessed_by = 0;   ///< holders on the path to the root may regrade too (3.1.3)
  party_ref below_coordinator, below_commander;
  party_ref above_coordinator, above_commander;
  rule_ref rule;
};

struct first_response_rule {
  party_ref by;
  rule_ref rule;
};

struct headquarters_rule {
  party_ref established_by;
  bool takes_command = false;  ///< then: headquarters_commands — once it exists, it is the commander
  rule_ref rule;
};

/// The engine events an incident reacts to (policy::reactions), in the order of their names.
/// force_update: a force's duty status changed while it holds an order; it is read on that
/// order's incident. review_start: the incident concluded and its review begins (after
/// conclude's own reactions); review_close: the last after-action report came in.
enum class incident_event : std::uint8_t { report, regrade, hq_established, conclude, update, force_update, review_start, review_close };
inline constexpr int incident_event_count = 8;
/// The events an information route's `on_event` may name: the first ones of incident_event.
inline constexpr int route_event_count = 6;

struct information_route {
  std::string id;
  incident_event on = incident_event::report;
  index_t when = no_index;       ///< `when:`, in policy::conditions; no_index: always
  std::vector<party_ref> notify;
  std::vector<party_ref> copy;
  rule_ref rule;
};

/// approve / consent: yes or no (consent per force); acknowledge: each addressee confirms
/// receipt; submit: a document is due from the addressee; notify: nobody answers.
enum class step_kind : std::uint8_t { approve, consent, notify, acknowledge, submit };
enum class silence_action : std::uint8_t { remind, escalate, expire };

/// One rung of a timeout ladder: what silence does, and who else is told that it is late.
struct silence_rung {
  silence_action act = silence_action::remind;
  std::vector<party_ref> notify;
};
enum class refusal_effect : std::uint8_t { fail, drop_force };

struct chain_step {
  std::string id;
  step_kind kind = step_kind::approve;
  party_ref by;
  party_ref asked_by;            ///< who the request comes from (`from`); empty: the drafter
  bool per_force = false;        ///< for_each: force
  index_t when = no_index;       ///< `when:`, in policy::conditions; no_index: always
  seconds_t timeout = 0;         ///< 0: none (notify steps)
  std::vector<silence_rung> on_timeout;
  refusal_effect on_refuse = refusal_effect::fail;
  index_t next = no_index;       ///< step index; no_index = done
  rule_ref rule;
};

enum class action_kind : std::uint8_t { issue_orders, request_support, file_record, notify, open_chain, set_flag, clear_flag, release_stock, assign_command };
inline constexpr int action_kind_count = 9;
/// How `do:` spells each action, in action_kind order.
inline constexpr std::string_view action_kind_names[action_kind_count] = {
    "issue_orders", "request_support", "file_record", "notify", "open_chain", "set_flag", "clear_flag", "release_stock", "assign_command"};
enum class force_selection : std::uint8_t { named, outside_incident_jurisdiction };

/// Force categories as bits (1 << force_category).
using category_mask = std::uint8_t;
inline constexpr category_mask all_categories = 0x0F;

struct chain_action {
  std::string id;
  action_kind kind = action_kind::notify;
  party_ref party;               ///< issue_orders / request_support: who asks; file_record/notify: who is told
  bool per_force = false;
  index_t when = no_index;       ///< `when:`, in policy::conditions; no_index: always
  force_selection forces = force_selection::named;
  category_mask categories = all_categories;  ///< issue_orders / request_support: the forces it deploys
  /// issue_orders / request_support: the terms of each order it gives. The compiler's pass
  /// `lower` fills them from the `orders` block (a request_support keeps its own ack_timeout):
  /// the order machine reads only these.
  seconds_t ack_timeout = 0;     ///< the acknowledgement deadline
  std::vector<party_ref> escalate_to;  ///< told when an order is not acknowledged in time
  bool propose_substitutes = false;    ///< declined or overdue: substitutes are proposed to the issuer
  index_t target = no_index;     ///< open_chain: the chain; set_flag / clear_flag: the flag
  /// assign_command: the position of the incident's command `party` takes (3.1.3: a
  /// headquarters, or a level above, takes over); it holds until assigned again, whatever the grade.
  command_position position = command_position::none;
  rule_ref rule;
};

/// At most this many on_approved actions per chain (the compiler refuses more, `too-many`).
constexpr std::size_t max_chain_actions = 255;

/// What a chain is about: the event that opens it carries forces, a quantity, an amount, or
/// nothing more than the incident.
enum class chain_subject : std::uint8_t { forces, quantity, claim, document, nothing };

/// Engine events that open a chain by themselves (`opened_on`), besides chain.open.
/// order_departed: an order's force sets off (order.depart); order_returned: an order whose force
/// had set off is released (the force leaves the road, 4.2).
enum class chain_trigger : std::uint8_t { incident_reported, incident_concluded, review_closed, order_released, order_departed, order_returned };
inline constexpr int chain_trigger_count = 6;
/// How `opened_on` spells each trigger, in chain_trigger order.
inline constexpr std::string_view chain_trigger_names[chain_trigger_count] = {
    "incident.reported", "incident.concluded", "review.closed", "order.released", "order.departed", "order.returned"};

struct chain {
  std::string id;
  text name;
  party_ref opened_by;
  chain_subject about = chain_subject::forces;
  bool outside_only = false;      ///< forces_from: outside_incident_jurisdiction (2.2)
  bool needs_upper = false;       ///< derived: a party of the chain is `of: upper`
  /// `stock: reserve` (about a quantity, 4.3): opening it names one force and an item of its
  /// stock, and holds that many units until the chain ends unapproved or a `release_stock`
  /// action (of this chain or of one it opens) gives them back.
  bool reserves_stock = false;
  std::uint8_t opened_with = 0xFF;  ///< the event kind (shorthand of chain.open) that opens it, or none
  std::uint8_t triggers = 0;        ///< bit per chain_trigger (opened_on)
  /// Per chain_trigger: how long after the event the engine opens the chain (`opened_on:
  /// { event: …, after: 3d }`); 0: at once. Meanwhile the opening waits as a deadline.
  std::array<seconds_t, chain_trigger_count> opens_after{};
  std::vector<chain_step> steps;  ///< file order; the walk starts at steps[0] and follows `next`
  std::vector<chain_action> on_approved;
  rule_ref rule;
};

/// `orders:` as written: the terms every issue_orders and request_support action gives its
/// orders, unless it says otherwise (pass `lower` copies them onto the actions).
struct order_rule {
  seconds_t ack_timeout = 0;
  std::vector<party_ref> escalate_to;
  bool propose_substitutes = false;
  rule_ref rule;
};

struct review_rule {
  party_ref report_by;
  party_ref report_to;
  seconds_t due = 0;
  std::vector<silence_rung> on_timeout;
  rule_ref rule;
};

/// What the engine does on an incident event: its closed set of incident primitives. The
/// compiler's pass "lower" writes the command, first_response, headquarters, information and
/// review blocks as reactions (policy::reactions); the engine runs nothing else on these events.
enum class reaction_kind : std::uint8_t {
  notify,                ///< tell each of `to` (to_topic) and of `copy` (copy_topic), each organisation once
  command_by_grade,      ///< when the event set or moved the command level: assign coordinator and commander as the grade says; awaiting requests follow
  actor_takes_position,  ///< the event's actor takes `position` of the command (a headquarters that commands)
  tell_replaced,         ///< the headquarters the actor replaces learns that command moved (command_moved)
  request_reports,       ///< each participant owes a report to `to[0]` (of: participant) within `due`; silence climbs `on_timeout`
};
inline constexpr int reaction_kind_count = 5;

/// The block of the policy a reaction was lowered from: its effects cite that rule.
enum class rule_block : std::uint8_t { none, command, first_response, headquarters, orders, review, information };
struct rule_source {
  rule_block block = rule_block::none;
  index_t index = 0;  ///< information: the route's position in policy::information
};

struct reaction {
  incident_event on = incident_event::report;
  reaction_kind kind = reaction_kind::notify;
  index_t when = no_index;             ///< `when:`, in policy::conditions; no_index: always
  std::vector<party_ref> to;
  std::vector<party_ref> copy;
  topic to_topic = topic::none;
  topic copy_topic = topic::none;
  /// notify: reactions of one event with the same non-zero group tell each organisation once
  /// between them (an event's information routes); 0: on its own.
  std::uint8_t notice_group = 0;
  bool takes_part = false;             ///< notify: each one told to act takes part in the incident (owes an after-action report)
  command_position position = command_position::none;  ///< actor_takes_position
  seconds_t due = 0;                   ///< request_reports
  std::vector<silence_rung> on_timeout;  ///< request_reports
  rule_source source;                  ///< cited first by its effects
  rule_source also;                    ///< cited second (none: only `source`)
};

/// A hazard a warning can be about (暴雨, 台风, 森林火险 …): which forces it concerns, and how a
/// CAP alert names it.
struct hazard {
  std::string id;
  text name;
  capability_mask capabilities = 0;       ///< forces with any of these fit the hazard (own and the incident types')
  std::vector<index_t> incident_types;    ///< informative; their needs are in `capabilities`
  std::vector<std::string> cap_codes;     ///< CAP <eventCode> values that mean this hazard
  std::vector<std::string> cap_events;    ///< CAP <event> texts that mean it (besides the zh / en names)
  rule_ref rule;
};

/// One tier of an acknowledgement round: who is asked, how long they have, what silence does.
struct round_tier {
  party_ref to;                            ///< receive: a role of each area jurisdiction; push: unused (forces' owners)
  category_mask categories = all_categories;  ///< push: the force categories pushed to
  seconds_t within = 0;
  seconds_t within_special_period = 0;     ///< 0: `within` in special periods too
  std::vector<silence_rung> on_timeout;
  std::vector<party_ref> escalate_to;      ///< who an `escalate` rung tells
  rule_ref rule;
  bool defined() const { return within > 0; }
};

/// `warnings:` (3.3.1): who issues warnings, the hazards, who receives and acknowledges them.
struct warning_rules {
  role_mask issued_by = 0;                 ///< 0: no warnings block
  std::vector<hazard> hazards;
  round_tier receive;                      ///< the fire team (say) of each area jurisdiction
  round_tier push;                         ///< the linked forces fitting the hazard, through their owners
  std::uint8_t standby_from = 0xFF;        ///< warning_level from which pushed forces stand by; 0xFF: never
  rule_ref rule;
  rule_ref standby_rule;
  bool defined() const { return issued_by != 0; }
};

/// How often a schedule runs: every day, week, month or year, at a local time of day.
enum class recurrence : std::uint8_t { day, week, month, year };

struct rhythm {
  recurrence every = recurrence::month;
  std::uint16_t day = 1;       ///< week: 0 = Monday … 6 = Sunday; month: 1 … 28; year: month*100 + day; day: unused
  std::int32_t at = 0;         ///< seconds after local midnight
};

/// A denser rhythm while one of `periods` (or a period of one of `classes`) is in force.
struct denser_rhythm {
  rhythm r;
  std::vector<index_t> periods;
  std::uint8_t classes = 0;    ///< bit per period_class
  rule_ref rule;
};

/// After a gap in the clock (a long advance, a host down for a week), the runs it skipped are
/// opened once (the latest) or once each, in order, at their own times.
enum class catch_up_rule : std::uint8_t { once, each_missed };

/// What a call asks for: an acknowledgement that the party is there and ready (a roll-call), a
/// report (after a drill), or an update of the force's registry data (3.2.1), answered by a
/// force.update for the force from the one called rather than by schedule.answer.
enum class answer_kind : std::uint8_t { acknowledge, report, update };

/// `schedules:` — a recurring duty (a roll-call 3.2.2, a drill and its report 3.2.3). Each run
/// calls every force in scope (through its owner) or the holder of a role in each jurisdiction
/// in scope; each must answer within the tier's deadline, and silence climbs its ladder.
struct schedule {
  std::string id;
  text name;
  rhythm every;
  std::vector<denser_rhythm> more_often;
  catch_up_rule catch_up = catch_up_rule::once;
  bool calls_forces = true;                   ///< forces (through their owners), or the holder of `role`
  category_mask categories = all_categories;  ///< forces: of these categories
  capability_mask capabilities = 0;           ///< forces: with any of these (0: any)
  index_t role = no_index;                    ///< parties: the holder of this role in each jurisdiction
  std::vector<index_t> jurisdictions;         ///< in (or below) these; empty: the whole policy
  std::uint32_t failing = 0;                  ///< forces: only those failing one of these checks (bits of policy::checks); 0: all
  party_ref from;                             ///< who calls, relative to the called one's jurisdiction
  answer_kind answer = answer_kind::acknowledge;
  round_tier call;                            ///< deadlines, ladder, escalation of each call
  std::vector<party_ref> on_answer;           ///< told when a call is answered (a drill's report filed, 3.2.3)
  rule_ref rule;
};

/// What a dispatch check reads in the registry: a registration (1.3), insurance valid on the
/// day (4.4), base data updated or confirmed within `max_age` (3.2.1), a duty status among
/// `duty_statuses` (3.2.2: maintenance, stood down, on duty elsewhere), standing by under an
/// active warning whose area does not hold the incident (3.3.1).
enum class check_fact : std::uint8_t { registered, insured, data_current, duty, standby };

/// What follows when a force fails a check, mildest first: the effects about it cite the check;
/// it is named only with break_glass and a reason (and never proposed); it is neither named nor
/// proposed.
enum class check_action : std::uint8_t { warn, break_glass, exclude };

/// `checks:` — what the registry must say of a force before it is proposed, named in a request
/// or given an order. Dates are compared with event time, never a wall clock.
struct dispatch_check {
  std::string id;
  text name;
  check_fact fact = check_fact::registered;
  seconds_t max_age = 0;                      ///< data_current
  std::uint8_t duty_statuses = 0;             ///< duty: bit s set when duty_status s fails the check
  category_mask categories = all_categories;  ///< the forces it applies to
  check_action then = check_action::warn;
  rule_ref rule;
};

/// At most this many checks per policy (the compiler refuses more): a force's failed checks are
/// one 32-bit set.
constexpr std::size_t max_checks = 32;

MUSTER_END_NAMESPACE
