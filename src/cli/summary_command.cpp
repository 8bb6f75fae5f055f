// `muster summary POLICY --forces FILE`
//
// The policy read back in plain words, for someone meeting it for the first time: who is who,
// who commands at which grade, how each approval chain walks, the recurring duties its
// schedules open (roll-calls, drill reports), and the state of the forces.
// Every rule line ends with the seed clauses it encodes, so a reader can check it against the
// source document. Inputs are checked exactly as `validate` checks them (commands.hpp).
#include "cli/commands.hpp"
#include "cli/policy_text.hpp"
#include "common/civil_time.hpp"
#include "policy/scalars.hpp"
#include <muster/events.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace muster::cli {
namespace {

// ---- words for values --------------------------------------------------------------------

/// "较大 / Larger", or whichever half exists.
std::string both(const text& t) {
  if (t.zh.empty() || t.en.empty()) return t.zh.empty() ? t.en : t.zh;
  return t.zh + " / " + t.en;
}

/// The Chinese name as written (the English one when there is none).
std::string native(const text& t) { return t.zh.empty() ? t.en : t.zh; }

/// "  [3.1.2, 2.2]" — the tail of every rule line.
std::string cites(const std::vector<std::string>& clauses) {
  return clauses.empty() ? std::string() : fmt::format("  [{}]", fmt::join(clauses, ", "));
}
std::string cites(const rule_ref& r) { return cites(r.clauses); }

std::string duration(seconds_t s) { return detail::format_duration(s); }

std::string iso(date d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::string month_day(std::uint16_t mmdd) { return fmt::format("{:02}-{:02}", mmdd / 100, mmdd % 100); }

/// Days since 1970-01-01, to compare dates across months.
std::int64_t day_number(date d) { return muster::detail::days_from_civil(d.year, d.month, d.day); }

std::string utc_offset(int minutes) {
  const int a = minutes < 0 ? -minutes : minutes;
  return fmt::format("UTC{}{:02}:{:02}", minutes < 0 ? '-' : '+', a / 60, a % 60);
}

/// Terminal columns `s` takes: East Asian wide characters (CJK, fullwidth forms) take two.
/// `s` is valid UTF-8: the loader refuses anything else.
std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

/// `s` followed by spaces up to `width` columns (at least one space), so columns line up
/// under mixed Chinese and English names.
std::string padded(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return s + std::string(w < width ? width - w + 1 : 1, ' ');
}

/// The widest of `word(x)` over `items`, in columns.
template <class T, class F>
std::size_t widest(const std::vector<T>& items, F word) {
  std::size_t w = 0;
  for (const auto& x : items) w = std::max(w, display_width(word(x)));
  return w;
}

template <class T, class F>
std::string joined(const std::vector<T>& items, F word, const char* sep = ", ") {
  std::string s;
  for (const auto& x : items) s += (s.empty() ? "" : sep) + std::string(word(x));
  return s;
}

// ---- the summary ---------------------------------------------------------------------------

/// Forces whose base data is older than this many days before the registry date are stale (3.2.1),
/// unless the policy's first data_current check says otherwise.
constexpr std::int64_t default_stale_after_days = 180;

class summary {
 public:
  summary(const policy& p, const force_registry& r) : p_(p), r_(r) {}

  void print() const {
    identity();
    grades();
    jurisdictions();
    command();
    periods();
    incident_types();
    reactions();
    chains();
    orders();
    schedules();
    checks();
    forces();
  }

 private:
  const policy& p_;
  const force_registry& r_;

  static void heading(const std::string& title) { fmt::print("\n{}\n", title); }

  std::string role_id(index_t r) const { return r < p_.roles.size() ? p_.roles[r].id : "?"; }

  /// "emergency_management of command": the rule as written.
  std::string party(const party_ref& r) const { return to_string(p_, r); }

  /// "remind", or "remind, telling emergency_management of participant".
  std::string rung(const silence_rung& r) const { return rung_text(p_, r); }

  /// Who `r` names for an incident in the root jurisdiction, where every grade commands from
  /// the root, so `command` is the root too. Scopes that depend on the forces or participants
  /// of a real incident are left as written.
  std::string at_root(const party_ref& r) const {
    if (r.position != command_position::none) return {};  // depends on the incident's command
    switch (r.of) {
      case party_scope::incident:
      case party_scope::command:
      case party_scope::root: return holder_name(r.role, p_.root);
      case party_scope::upper: return "nobody: the root has no upper level";
      default: return {};
    }
  }

  /// "emergency_management of root → 威海市应急管理局": the rule as written, then who that is.
  std::string party_at_root(const party_ref& r) const {
    const std::string who = at_root(r);
    return who.empty() ? party(r) : party(r) + " → " + who;
  }

  std::string parties(const std::vector<party_ref>& list) const { return parties_text(p_, list); }

  std::string holder_name(index_t role, index_t j) const {
    const index_t o = p_.holder(role, j);
    return o == no_index ? "nobody" : native(p_.organisations[o].name);
  }

  void identity() const {
    fmt::print("Policy {}\n", p_.id);
    if (!p_.name.zh.empty()) fmt::print("  name (zh)   {}\n", p_.name.zh);
    if (!p_.name.en.empty()) fmt::print("  name (en)   {}\n", p_.name.en);
    if (!p_.source.empty()) fmt::print("  source      {}\n", p_.source);
    if (!p_.version.empty()) fmt::print("  version     {}\n", p_.version);
    fmt::print("  time zone   {} ({})\n", p_.time_zone, utc_offset(p_.utc_offset_minutes));
    fmt::print("  clock       one input moves it at most {} (limits.max_clock_step)\n", duration(p_.max_clock_step));
    fmt::print("  repeats     {}\n", p_.retention > 0 ? "answered for " + duration(p_.retention) +
                                                            "; an older event is beyond_retention (limits.retention)"
                                                      : std::string("answered for the engine's whole life (no limits.retention)"));
    fmt::print("  file        {} (sha256 {})\n", p_.file, p_.digest);
  }

  void grades() const {
    heading("Grades, lowest first");
    for (std::size_t g = 0; g < p_.grades.size(); ++g) {
      const bool threshold = g == p_.command.threshold;
      fmt::print("  {}. {}{}\n", g + 1, both(p_.grades[g].name),
                 threshold ? "  ← command threshold: from here up, at_or_above commands" + cites(p_.command.rule) : std::string());
    }
  }

  void jurisdictions() const {
    std::string backbone;  // the roles held once in every jurisdiction
    for (const auto& r : p_.roles)
      if (r.one_per_jurisdiction) backbone += (backbone.empty() ? "" : ", ") + r.id;
    heading(fmt::format("Jurisdictions ({}){}", p_.jurisdictions.size(), backbone.empty() ? "" : ", with their " + backbone));
    if (p_.root != no_index) jurisdiction_tree(p_.root);
    // As compiled: organisation_templates are expanded, so a policy writer sees what runs.
    heading(fmt::format("Organisations ({}), by jurisdiction, templates expanded", p_.organisations.size()));
    for (std::size_t j = 0; j < p_.jurisdictions.size(); ++j) {
      std::string ids;
      for (const auto& o : p_.organisations)
        if (o.jurisdiction == j) ids += (ids.empty() ? "" : ", ") + o.id;
      if (!ids.empty()) fmt::print("  {}: {}\n", native(p_.jurisdictions[j].name), ids);
    }
  }

  void jurisdiction_tree(index_t j) const {
    const jurisdiction& x = p_.jurisdictions[j];
    const std::string level = x.level == jurisdiction_level::city ? "city" : "county";
    const std::string kind = x.kind.empty() || x.kind == level ? "" : ", " + x.kind;
    std::string holders;
    for (std::size_t r = 0; r < p_.roles.size(); ++r)
      if (p_.roles[r].one_per_jurisdiction)
        holders += fmt::format("{}{}: {}", holders.empty() ? "  " : " · ", p_.roles[r].id, holder_name(static_cast<index_t>(r), j));
    fmt::print("{:{}}{} ({}{}){}\n", "", 2 + 2 * x.depth, both(x.name), level, kind, holders);
    for (index_t c : x.children) jurisdiction_tree(c);
  }

  /// "一般, 重大": the grades in [from, to), or "no grade" (a threshold at the lowest grade).
  std::string grade_names(std::size_t from, std::size_t to) const {
    std::string s;
    for (std::size_t g = from; g < to && g < p_.grades.size(); ++g) s += (s.empty() ? "" : ", ") + native(p_.grades[g].name);
    return s.empty() ? "no grade" : s;
  }

  void command() const {
    const command_rule& c = p_.command;
    const std::string threshold = native(p_.grades[c.threshold].name);
    heading(fmt::format("Command matrix and headquarters (→ who that is for an incident in {}, the root)",
                        native(p_.jurisdictions[p_.root].name)));
    fmt::print("  below {} ({}):\n", threshold, grade_names(0, c.threshold));
    fmt::print("    coordinator  {}{}\n", party_at_root(c.below_coordinator), cites(c.rule));
    fmt::print("    commander    {}{}\n", party_at_root(c.below_commander), cites(c.rule));
    fmt::print("  at or above {} ({}):\n", threshold, grade_names(c.threshold, p_.grades.size()));
    fmt::print("    coordinator  {}{}\n", party_at_root(c.above_coordinator), cites(c.rule));
    fmt::print("    commander    {}{}\n", party_at_root(c.above_commander), cites(c.rule));
    fmt::print("  headquarters established by {} (what follows: incident.hq_established below){}\n",
               party_at_root(p_.headquarters.established_by), cites(p_.headquarters.rule));
  }

  void periods() const {
    heading("Special and sensitive periods");
    if (p_.periods.empty()) fmt::print("  none\n");
    const std::size_t name_width = widest(p_.periods, [](const period& x) { return both(x.name); });
    for (const auto& x : p_.periods) {
      std::string when = "declared at run time";
      if (!x.declared) {
        when = month_day(x.from_mmdd) + " → " + month_day(x.to_mmdd);
        if (x.from_mmdd > x.to_mmdd) when += ", wraps the year end";
      }
      fmt::print("  {}{:<9}  {}{}\n", padded(both(x.name), name_width), to_string(x.cls), when, cites(x.rule));
    }
  }

  void incident_types() const {
    heading("Incident types and the capabilities a call plan should cover");
    const std::size_t name_width = widest(p_.incident_types, [](const incident_type& t) { return both(t.name); });
    for (const auto& t : p_.incident_types)
      fmt::print("  {}{}{}\n", padded(both(t.name), name_width),
                 joined(t.needs, [&](index_t c) { return p_.capabilities[c].id; }), cites(t.rule));
  }

  /// The lowered form (policy::reactions): what the engine runs on each incident event, in order.
  void reactions() const {
    heading("What runs on each incident event (command, first_response, headquarters, information and review, as the engine runs them)");
    for (int e = 0; e < incident_event_count; ++e) {
      if (p_.reactions_at[e] == p_.reactions_at[e + 1]) continue;
      fmt::print("  on {}:\n", to_string(static_cast<incident_event>(e)));
      for (std::size_t i = p_.reactions_at[e], n = 1; i < p_.reactions_at[e + 1]; ++i, ++n)
        fmt::print("    {}. {}\n", n, reaction_line(p_.reactions[i]));
    }
  }

  std::string reaction_line(const reaction& r) const {
    const rule_ref* source = rule_of(p_, r.source);
    const std::string line = reaction_text(p_, r);
    return source ? line + "  (" + source->id + ")" + cites(*source) : line;
  }

  std::string step_line(const chain_step& s) const {
    std::string line = fmt::format("{}: {} by {}", s.id, to_string(s.kind), party(s.by));
    if (s.per_force) line += ", for each force";
    if (s.when != no_index) line += fmt::format(", only when {}", p_.conditions[s.when].text);
    if (s.timeout != 0) line += "; timeout " + duration(s.timeout);
    if (!s.on_timeout.empty()) line += "; on timeout " + joined(s.on_timeout, [&](const silence_rung& r) { return rung(r); }, " then ");
    if (s.kind == step_kind::consent) line += s.on_refuse == refusal_effect::drop_force ? "; on refuse drop_force" : "; on refuse fail";
    return line + cites(s.rule);
  }

  std::string action_line(const chain_action& a) const {
    const bool orders = a.kind == action_kind::issue_orders || a.kind == action_kind::request_support;
    std::string line = fmt::format("{}: {}", a.id, to_string(a.kind));
    if (a.kind == action_kind::open_chain) line += " " + p_.chains[a.target].id + (a.party.empty() ? "" : " by " + party(a.party));
    else if (a.kind == action_kind::set_flag || a.kind == action_kind::clear_flag) line += " " + p_.flags[a.target].id;
    else if (a.kind == action_kind::assign_command) line += fmt::format(" {} to {}", a.position == command_position::coordinator ? "coordinator" : "commander", party(a.party));
    else line += fmt::format(" {} {}", orders ? "by" : "to", party(a.party));
    if (a.per_force) line += ", for each force";
    if (a.categories != all_categories) {
      std::string which;
      for (unsigned c = 0; c < 4; ++c)
        if (a.categories >> c & 1U) which += (which.empty() ? "" : ", ") + std::string(to_string(static_cast<force_category>(c)));
      line += " (" + which + " forces only)";
    }
    if (a.when != no_index) line += fmt::format(", only when {}", p_.conditions[a.when].text);
    if (orders)
      line += a.forces == force_selection::named ? ", to the forces named in the request"
                                                  : ", to forces outside the incident's jurisdiction";
    if (a.ack_timeout != 0) line += "; acknowledged within " + duration(a.ack_timeout);
    if (!a.escalate_to.empty()) line += ", else escalated to " + parties(a.escalate_to);
    if (a.propose_substitutes) line += "; substitutes proposed when declined or overdue";
    return line + cites(a.rule);
  }

  void chains() const {
    for (std::size_t c = 0; c < p_.chains.size(); ++c) {
      const chain& ch = p_.chains[c];
      heading(fmt::format("Chain {}: {}{}", ch.id, both(ch.name), cites(ch.rule)));
      static const char* const subjects[] = {"forces", "a quantity", "a claim", "a document", "nothing but the incident"};
      std::string opened = "chain.open";
      if (ch.opened_with != 0xFF) opened += " or " + std::string(to_string(static_cast<event_kind>(ch.opened_with)));
      for (int t = 0; t < chain_trigger_count; ++t) {
        if (!(ch.triggers >> t & 1U)) continue;
        opened += ", by itself " + (ch.opens_after[t] > 0 ? duration(ch.opens_after[t]) + " after " : std::string("on ")) +
                  std::string(chain_trigger_names[t]);
      }
      fmt::print("  about {}{}{}; opened by {} ({})\n", subjects[static_cast<int>(ch.about)],
                 ch.outside_only ? " from outside the incident's jurisdiction" : "",
                 ch.reserves_stock ? " of one force's stock, held from the opening (stock: reserve)" : "", party(ch.opened_by), opened);
      // The walk order, not the file order: `next` may jump. A compiled chain has no cycles;
      // the step count bounds the loop all the same.
      std::size_t n = 0;
      for (index_t s = ch.steps.empty() ? no_index : 0; s != no_index && n < ch.steps.size(); s = ch.steps[s].next)
        fmt::print("  {}. {}\n", ++n, step_line(ch.steps[s]));
      if (ch.on_approved.empty()) continue;
      fmt::print("  on approved:\n");
      for (const auto& a : ch.on_approved) fmt::print("    - {}\n", action_line(a));
    }
  }

  void orders() const {
    const order_rule& o = p_.orders;
    heading("Deployment orders (the terms every issue_orders and request_support action gives, shown on each above)");
    std::string line = "  orders: acknowledge within " + duration(o.ack_timeout);
    if (!o.escalate_to.empty()) line += "; when overdue escalate to " + parties(o.escalate_to);
    if (o.propose_substitutes) line += "; propose substitute forces with the same capabilities";
    fmt::print("{}{}\n", line, cites(o.rule));
  }

  /// "monthly on day 1 at 09:00", "weekly on mon at 09:00", "yearly on 03-01 at 09:00", "daily at 09:00".
  static std::string rhythm_words(const rhythm& r) {
    static const char* const weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const std::string at = fmt::format("at {:02}:{:02}", r.at / 3600, r.at % 3600 / 60);
    switch (r.every) {
      case recurrence::day: return "daily " + at;
      case recurrence::week: return fmt::format("weekly on {} {}", r.day < 7 ? weekdays[r.day] : "?", at);
      case recurrence::month: return fmt::format("monthly on day {} {}", r.day, at);
      case recurrence::year: return fmt::format("yearly on {} {}", month_day(r.day), at);
    }
    return at;
  }

  /// "key_dates", "special periods", or both: what a denser rhythm holds during.
  std::string during_words(const denser_rhythm& d) const {
    std::string s = joined(d.periods, [&](index_t x) { return p_.periods[x].id; });
    for (unsigned c = 0; c < 2; ++c)
      if (d.classes >> c & 1U)
        s += (s.empty() ? "" : ", ") + std::string(to_string(static_cast<period_class>(c))) + " periods";
    return s;
  }

  /// Whom a run calls: "every government, enterprise or social force, through its owner" or
  /// "the fire_rescue of each jurisdiction", narrowed by capabilities and jurisdictions.
  std::string called_words(const schedule& s) const {
    std::string who;
    if (s.calls_forces) {
      std::vector<std::string> cats;
      for (unsigned c = 0; c < 4; ++c)
        if (s.categories >> c & 1U) cats.emplace_back(to_string(static_cast<force_category>(c)));
      std::string list;
      for (std::size_t i = 0; i < cats.size(); ++i)
        list += (i == 0 ? "" : i + 1 == cats.size() ? " or " : ", ") + cats[i];
      who = "every " + list + " force";
      if (s.capabilities != 0) {
        std::string caps;
        for (std::size_t c = 0; c < p_.capabilities.size() && c < 64; ++c)
          if (s.capabilities >> c & 1U) caps += (caps.empty() ? "" : " or ") + p_.capabilities[c].id;
        who += " with " + caps;
      }
      if (s.failing != 0) {
        std::string failing;
        for (std::size_t c = 0; c < p_.checks.size(); ++c)
          if (s.failing >> c & 1U) failing += (failing.empty() ? "" : " or ") + p_.checks[c].id;
        who += " failing " + failing;
      }
    } else {
      who = "the " + role_id(s.role) + " of each jurisdiction";
    }
    if (!s.jurisdictions.empty())
      who += " in " + joined(s.jurisdictions, [&](index_t j) { return native(p_.jurisdictions[j].name); }) + " and below";
    if (s.calls_forces) who += ", through its owner";
    return who + ", from " + party(s.from);
  }

  void schedules() const {
    heading("Schedules: recurring roll-calls and reports, opened by the engine's clock");
    if (p_.schedules.empty()) fmt::print("  none\n");
    for (const auto& s : p_.schedules) {
      fmt::print("  {}: {}{}\n", s.id, both(s.name), cites(s.rule));
      std::string runs = "runs " + rhythm_words(s.every);
      for (const auto& d : s.more_often) runs += ", " + rhythm_words(d.r) + " during " + during_words(d);
      runs += s.catch_up == catch_up_rule::once ? "; after a gap, only the latest run skipped" : "; after a gap, each run skipped";
      fmt::print("    {}\n", runs);
      fmt::print("    calls {}\n", called_words(s));
      const round_tier& t = s.call;
      std::string answer = fmt::format("answer: {} within {}", to_string(s.answer), duration(t.within));
      if (t.within_special_period > 0) answer += " (" + duration(t.within_special_period) + " in special periods)";
      if (!t.on_timeout.empty()) answer += "; on timeout " + joined(t.on_timeout, [&](const silence_rung& r) { return rung(r); }, " then ");
      if (!t.escalate_to.empty()) answer += "; escalate to " + parties(t.escalate_to);
      if (!s.on_answer.empty()) answer += "; each answer told to " + parties(s.on_answer);
      fmt::print("    {}\n", answer);
    }
  }

  void checks() const {
    heading("Checks: what a force must show before it is proposed, named or ordered (on the event's own day)");
    if (p_.checks.empty()) fmt::print("  none\n");
    static const char* const actions[] = {"warn (cited in because)", "break-glass with a reason", "exclude"};
    for (const auto& c : p_.checks) {
      fmt::print("  {}: {}{}\n", c.id, both(c.name), cites(c.rule));
      std::string fact;
      switch (c.fact) {
        case check_fact::registered: fact = "registered"; break;
        case check_fact::insured: fact = "insured on the day"; break;
        case check_fact::data_current: fact = "base data updated within " + duration(c.max_age); break;
        case check_fact::duty: {
          std::string statuses;
          for (int s = 0; s < duty_status_count; ++s)
            if (c.duty_statuses >> s & 1U) statuses += (statuses.empty() ? "" : " or ") + std::string(to_string(static_cast<duty_status>(s)));
          fact = "duty status not " + statuses;
          break;
        }
        case check_fact::standby: fact = "not standing by for a warning elsewhere"; break;
      }
      std::string forces = c.categories == all_categories ? std::string("every force") : std::string();
      for (unsigned k = 0; k < 4 && c.categories != all_categories; ++k)
        if (c.categories >> k & 1U) forces += (forces.empty() ? "" : ", ") + std::string(to_string(static_cast<force_category>(k)));
      fmt::print("    {}: {}; else {}\n", forces, fact, actions[static_cast<int>(c.then)]);
    }
  }

  /// Days after which the summary calls base data stale: the policy's data_current check, if any.
  std::int64_t stale_after_days() const {
    for (const auto& c : p_.checks)
      if (c.fact == check_fact::data_current) return c.max_age / 86400;
    return default_stale_after_days;
  }

  void forces() const {
    std::uint64_t personnel = 0;
    for (const auto& f : r_.forces) personnel += f.personnel;
    heading(fmt::format("Forces: {} in {}, updated {}, {} personnel in total", r_.forces.size(), r_.file, iso(r_.updated),
                        personnel));
    forces_by_category();
    fmt::print("  by home jurisdiction:\n");
    // One column for the counts whatever the depth: the widest indent + name.
    const std::size_t width = widest(p_.jurisdictions, [](const jurisdiction& j) {
      return std::string(2U * j.depth, ' ') + native(j.name);
    });
    if (p_.root != no_index) forces_in_tree(p_.root, width);
    insurance_expired();
    stale_data();
  }

  void forces_by_category() const {
    const auto n = count_by_category(r_);
    fmt::print("  by category:\n");
    for (std::size_t c = 0; c < n.size(); ++c) fmt::print("    {:<11} {:>4}\n", to_string(static_cast<force_category>(c)), n[c]);
  }

  void forces_in_tree(index_t j, std::size_t width) const {
    const jurisdiction& x = p_.jurisdictions[j];
    std::size_t n = 0, people = 0;
    for (const auto& f : r_.forces) {
      if (f.jurisdiction != j) continue;
      ++n;
      people += f.personnel;
    }
    const std::string indented = std::string(2U * x.depth, ' ') + native(x.name);
    fmt::print("    {}{:>4} {}, {:>5} personnel\n", padded(indented, width), n, n == 1 ? "force " : "forces", people);
    for (index_t c : x.children) forces_in_tree(c, width);
  }

  /// The forces `flagged` picks, one per line with `detail(f)` in brackets, or "none".
  template <class Flagged, class Detail>
  void force_list(Flagged flagged, Detail detail) const {
    bool any = false;
    for (const auto& f : r_.forces) {
      if (!flagged(f)) continue;
      fmt::print("    {} {} ({})\n", f.id, native(f.name), detail(f));
      any = true;
    }
    if (!any) fmt::print("    none\n");
  }

  void insurance_expired() const {
    fmt::print("  accident insurance expired before {}:\n", iso(r_.updated));
    force_list([&](const force& f) { return f.insured_until < r_.updated; },
               [](const force& f) { return "insured until " + iso(f.insured_until); });
  }

  void stale_data() const {
    const auto age = [&](const force& f) { return day_number(r_.updated) - day_number(f.data_updated); };
    const std::int64_t limit = stale_after_days();
    fmt::print("  base data older than {} days before {}:\n", limit, iso(r_.updated));
    force_list([&](const force& f) { return age(f) > limit; },
               [&](const force& f) { return fmt::format("updated {}, {} days earlier", iso(f.data_updated), age(f)); });
  }
};

struct summary_options {
  inputs paths;
};

int run_summary(const summary_options& o) {
  const checked_inputs c = check_inputs(o.paths);
  print_diagnostics(c, false);
  if (!c.ok()) return exit_invalid_input;
  summary(*c.policy.value, *c.forces->value).print();
  return exit_ok;
}

}  // namespace

void register_summary(CLI::App& app, int& status) {
  auto o = std::make_shared<summary_options>();  // outlives this function: the callback runs during parse
  CLI::App* cmd = app.add_subcommand("summary", "Explain a policy and its forces in plain words, rule by rule, with clause ids");
  cmd->add_option("POLICY", o->paths.policy_path, "The policy file (muster: 1)")->type_name("FILE")->required();
  cmd->add_option("--forces", o->paths.forces_path, "The force registry (muster_forces: 1)")->type_name("FILE")->required();
  cmd->callback([o, &status] { status = run_summary(*o); });
}

}  // namespace muster::cli
