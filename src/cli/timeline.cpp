// Replaying inputs through a session and rendering the timeline (timeline.hpp).
#include "cli/timeline.hpp"

#include "cli/commands.hpp"
#include "common/incident_lines.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

namespace muster::cli {

std::optional<rules_pair> load_rules(const std::string& policy_path, const std::string& forces_path) {
  const checked_inputs c = check_inputs({policy_path, forces_path});
  if (!c.ok() || !c.forces) {
    print_diagnostics(c, true);
    return std::nullopt;
  }
  return rules_pair{c.policy.value, c.forces->value};
}

// ---- incident files --------------------------------------------------------------------------

bool regular_or_missing(const std::string& path, std::string& err) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st) || std::filesystem::is_regular_file(st)) return true;
  err = fmt::format("'{}' is not a regular file (a FIFO, socket, device or directory): name a file", path);
  return false;
}

bool journal_verdict(const status& s) {
  switch (s.code()) {
    case status_code::journal_damaged:
    case status_code::journal_format_unsupported:
    case status_code::journal_policy_mismatch:
    case status_code::journal_registry_mismatch:
    case status_code::journal_replay_mismatch:
    case status_code::journal_unknown_record:
    case status_code::journal_head_mismatch:
    case status_code::journal_truncated:
    case status_code::journal_missing:
    case status_code::registry_conflict: return true;
    case status_code::ok:
    case status_code::invalid_argument:
    case status_code::malformed_input:
    case status_code::io_error:
    case status_code::journal_locked:
    case status_code::journal_fenced:
    case status_code::journal_location:
    case status_code::no_space: return false;
  }
  return false;
}

bool read_incident(const std::string& path, std::vector<incident_input>& out, std::string& err, std::size_t* skipped) {
  if (skipped) *skipped = 0;
  if (!regular_or_missing(path, err)) return false;
  if (is_journal_file(path)) {
    std::size_t malformed = 0;
    if (!read_journal_incident(path, out, malformed, err)) return false;
    if (skipped) *skipped = malformed;
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = fmt::format("{}: cannot read: {}", path, std::strerror(errno));
    return false;
  }
  out.clear();
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    // The dialect the API's batches read too (src/common/incident_lines.hpp).
    detail::incident_line kind = detail::classify_incident_line(line, number == 1, codec::max_event_bytes);
    if (kind.kind == detail::incident_line_kind::skip) continue;
    incident_input input{number, std::string(detail::incident_line_text(line, number == 1)), false};
    if (kind.kind == detail::incident_line_kind::advance) {
      input.advance = true;
      input.text = std::move(kind.time);
    }
    out.push_back(std::move(input));
  }
  if (in.bad()) {
    err = fmt::format("{}: read error: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

// ---- times -----------------------------------------------------------------------------------

std::string local_time(const codec& c, timestamp t) {
  const std::string s = c.format_time(t);  // 2026-07-10T09:05:00+08:00
  if (s.size() < 19 || s[10] != 'T') return s;
  std::string out = s.substr(0, 10) + " " + s.substr(11, 5);
  if (s.compare(16, 3, ":00") != 0) out += s.substr(16, 3);
  return out;
}

std::string input_label(const policy& p, bool advance, const owned_event& ev, timestamp at, timestamp base, bool with_id) {
  if (advance) return "advance to " + format_offset(at - base);
  std::string s = with_id ? ev.id + " " : std::string();
  s += to_string(ev.ev.kind);
  const index_t actor = ev.ev.by.organisation;
  if (actor < p.organisations.size()) s += " by " + p.organisations[actor].id;
  return s + " at " + format_offset(at - base);
}

std::string located_error(const std::string& file, const incident_input& in, const status& e) {
  const status_location& at = e.where();
  std::string where = file;
  if (in.line != 0) {
    where += ":" + std::to_string(in.line + (at.line > 1 ? at.line - 1 : 0));
    if (at.column != 0) where += ":" + std::to_string(at.column);
  }
  std::string s = where + ": ";
  if (!at.path.empty()) s += at.path + ": ";
  s += e.what();
  return s;
}

// ---- the player ------------------------------------------------------------------------------

incident_player::incident_player(rules_pair rules, std::unique_ptr<muster::session> s, session_options options)
    : rules_(std::move(rules)), options_(std::move(options)), session_(std::move(s)), checker_(rules_.pol, rules_.forces), latest_(INT64_MIN) {}

std::unique_ptr<incident_player> incident_player::open(const rules_pair& rules, const std::string& journal_path, std::string& err,
                                                       std::optional<seconds_t> max_clock_step, std::uint64_t segment_bytes,
                                                       std::uint64_t snapshot_every) {
  if (!journal_path.empty() && !regular_or_missing(journal_path, err)) return nullptr;
  session_options o;
  o.journal_path = journal_path;
  o.engine.max_clock_step = max_clock_step;
  o.segment_bytes = segment_bytes;
  o.snapshot_every = snapshot_every;
  auto s = session::open(rules.pol, rules.forces, o);
  if (!s) {
    err = s.error().message();
    return nullptr;
  }
  return std::unique_ptr<incident_player>(new incident_player(rules, std::move(*s), o));
}

bool incident_player::resume_from_snapshot(std::string& err) {
  if (status taken = session_->snapshot(); !taken) {
    err = "no snapshot: " + taken.message();
    return false;
  }
  session_.reset();
  auto s = session::open(rules_.pol, rules_.forces, options_);
  if (!s) {
    err = "reopening from the snapshot: " + s.error().message();
    return false;
  }
  const recovery_report& r = (*s)->recovery();
  if (r.snapshot_seq == 0 || r.events_replayed != 0) {
    err = "reopening did not start from the snapshot just taken: " + r.summary() + (r.snapshot_note.empty() ? "" : " (" + r.snapshot_note + ")");
    return false;
  }
  session_ = std::move(*s);
  return true;
}

bool incident_player::play(const incident_input& in, played& out) {
  out.decoded = false;
  out.error = status();
  out.outcome_json.clear();
  out.result = step_result{};
  if (in.advance) {
    out.event = owned_event{};
    timestamp t = 0;
    const auto absolute = [&](std::string_view text, std::int64_t& at) { return checker_.parse_time(text, at); };
    if (std::string why; !detail::advance_time(in.text, latest_, absolute, t, why)) {
      out.error = status::located(status_code::malformed_input, status_location{{}, "advance", 0, 0}, why);
      return false;
    }
    out.decoded = true;
    out.at = t;
    out.outcome_json = session_->advance_to(t);
  } else {
    if (out.error = checker_.decode_event(in.text, out.event); !out.error) {
      out.outcome_json = session_->submit_json(in.text);  // recorded as any host's malformed input is
      return false;
    }
    out.decoded = true;
    out.at = out.event.ev.at;
    out.outcome_json = session_->submit_json(in.text);
  }
  if (out.at > latest_) latest_ = out.at;
  out.result = step_result_of(session_->last_outcome(), session_->engine(), session_->codec());
  return true;
}

// ---- the text timeline -----------------------------------------------------------------------

namespace {

std::string native(const text& t) { return t.zh.empty() ? t.en : t.zh; }

/// "文登区水务局 (wendeng_water)"; just the id when there is no display name.
std::string named(const std::string& name, const std::string& id) { return name.empty() || name == id ? id : name + " (" + id + ")"; }

template <class Table>
std::string named_at(const Table& table, index_t i) {
  if (i == no_index || i >= table.size()) return "(none)";
  return named(native(table[i].name), table[i].id);
}

std::string grade_named(const policy& p, const std::string& id) {
  const index_t g = p.find_grade(id);
  return g == no_index ? id : named_at(p.grades, g);
}

std::string schedule_named(const policy& p, const std::string& id) {
  const index_t s = p.find_schedule(id);
  return s == no_index ? id : named_at(p.schedules, s);
}

std::string capability_list(const policy& p, std::uint64_t mask) {
  std::string s;
  for (std::size_t i = 0; i < p.capabilities.size() && i < 64; ++i) {
    if (!(mask >> i & 1U)) continue;
    if (!s.empty()) s += ", ";
    s += named_at(p.capabilities, static_cast<index_t>(i));
  }
  return s;
}

/// The event's own fields, beyond kind and actor, in words.
std::string event_fields(const rules_pair& rules, const codec& names, const owned_event& oe) {
  const policy& p = *rules.pol;
  const event& e = oe.ev;
  std::vector<std::string> parts;
  if (!oe.incident.empty()) parts.push_back("incident " + oe.incident);
  switch (e.kind) {
    case event_kind::incident_report:
      parts.push_back(named_at(p.incident_types, e.incident_type) + " in " + named_at(p.jurisdictions, e.jurisdiction) + ", grade " +
                      named_at(p.grades, e.grade));
      break;
    case event_kind::incident_regrade: parts.push_back("to grade " + named_at(p.grades, e.grade)); break;
    case event_kind::plan_draft:
    case event_kind::reinforcement_apply:
    case event_kind::chain_open:
      if (e.kind == event_kind::chain_open) parts.push_back("chain " + named_at(p.chains, e.chain));
      if (e.quantity) parts.push_back("quantity " + std::to_string(e.quantity));
      if (e.item != no_index && oe.forces.size() == 1)
        if (const counted_item* c = rules.forces->forces[oe.forces[0]].item(e.item)) parts.push_back("of " + named(c->name.zh, c->name.en));
      if (e.amount) parts.push_back("amount " + std::to_string(e.amount));
      if (!oe.forces.empty()) {
        std::string s = "forces ";
        for (std::size_t i = 0; i < oe.forces.size(); ++i) s += (i ? ", " : "") + named_at(rules.forces->forces, oe.forces[i]);
        parts.push_back(s);
      }
      if (e.capabilities) parts.push_back("wanting " + capability_list(p, e.capabilities));
      break;
    case event_kind::request_approve:
    case event_kind::request_reject:
    case event_kind::request_consent:
    case event_kind::request_refuse:
    case event_kind::request_withdraw:
    case event_kind::request_acknowledge:
    case event_kind::request_submit: parts.push_back("request " + std::to_string(e.target)); break;
    case event_kind::order_ack:
    case event_kind::order_decline:
    case event_kind::order_depart:
    case event_kind::order_arrive:
    case event_kind::order_release: parts.push_back("order " + std::to_string(e.target)); break;
    case event_kind::period_declare:
    case event_kind::period_end: parts.push_back("period " + named_at(p.periods, e.period)); break;
    case event_kind::schedule_answer: parts.push_back("run " + std::to_string(e.target)); break;
    default: break;
  }
  if (!oe.warning.empty()) parts.push_back("warning " + oe.warning);
  if (!oe.references.empty()) parts.push_back("references " + oe.references);
  if (e.hazard != no_index) parts.push_back(named_at(p.warnings.hazards, e.hazard));
  if (e.level != 0xFF) parts.push_back(std::string("level ") + muster::to_string(static_cast<muster::warning_level>(e.level)));
  if (!oe.area.empty()) {
    std::string s = "area ";
    for (std::size_t i = 0; i < oe.area.size(); ++i) s += (i ? ", " : "") + named_at(p.jurisdictions, oe.area[i]);
    parts.push_back(s);
  }
  if (e.kind == event_kind::warning_issue && e.status != muster::input_status::actual)
    parts.push_back(std::string("status ") + muster::to_string(e.status));
  if (e.force != no_index) parts.push_back("force " + named_at(rules.forces->forces, e.force));
  if ((e.kind == event_kind::period_declare || e.kind == event_kind::warning_issue || e.kind == event_kind::warning_update) && e.until != 0) parts.push_back("until " + local_time(names, e.until));
  if (e.break_glass) parts.push_back("BREAK-GLASS");
  if (e.kind == event_kind::force_update) {
    if (e.duty < muster::duty_status_count) parts.push_back(std::string("duty ") + muster::to_string(static_cast<muster::duty_status>(e.duty)));
    if (e.personnel >= 0) parts.push_back("personnel " + std::to_string(e.personnel));
    if (e.item != no_index && e.force < rules.forces->forces.size()) {
      const muster::counted_item* c = rules.forces->forces[e.force].item(e.item);
      parts.push_back((c ? (c->name.zh.empty() ? c->name.en : c->name.zh) : "item " + std::to_string(e.item)) + " " + std::to_string(e.count));
    }
    if (e.confirmed) parts.push_back("data confirmed current");
  }
  if (!oe.reason.empty()) parts.push_back("reason \"" + oe.reason + "\"");
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? "; " : "") + parts[i];
  return s;
}

}  // namespace

std::string render_reasons(const std::vector<cited_rule>& rules, std::string_view indent, std::string_view first_word) {
  std::string s;
  const std::string pad(first_word.size(), ' ');
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const cited_rule& r = rules[i];
    s += indent;
    s += i == 0 ? std::string(first_word) : pad;
    s += " " + r.id;
    if (!r.file.empty()) s += fmt::format("  {}:{}:{}", r.file, r.line, r.column);
    if (!r.clauses.empty()) {
      s += "  [";
      for (std::size_t c = 0; c < r.clauses.size(); ++c) s += (c ? ", " : "") + r.clauses[c];
      s += "]";
    }
    s += "\n";
  }
  return s;
}

std::string describe_effect(const rules_pair& rules, const codec& names, const effect_row& e, timestamp event_at) {
  std::string s = e.kind;
  if (!e.topic.empty()) s += " " + e.topic;
  if (!e.from.empty()) s += "  from " + named(e.from_name, e.from);
  if (!e.to.empty()) s += "  to " + named(e.to_name, e.to);
  if (!e.via.empty()) s += "  via " + named(e.via_name, e.via);
  if (!e.force.empty()) s += "  force " + named(e.force_name, e.force);
  if (!e.grade.empty()) s += "  grade " + grade_named(*rules.pol, e.grade);
  if (!e.level.empty()) s += "  level " + e.level;
  if (e.exercise) s += "  EXERCISE";
  if (e.request) s += "  request " + std::to_string(e.request);
  if (e.quantity) s += " quantity " + std::to_string(e.quantity);
  if (!e.item.empty()) s += " of " + e.item;
  if (e.amount) s += " amount " + std::to_string(e.amount);
  if (!e.step.empty()) s += " step " + e.step;
  if (e.order) s += "  order " + std::to_string(e.order);
  if (e.run) s += "  run " + std::to_string(e.run);
  if (!e.schedule.empty()) s += (e.run ? " of " : "  schedule ") + schedule_named(*rules.pol, e.schedule);
  if (e.due) s += "  due " + local_time(names, e.due);
  if (e.at != event_at) s += "  (timer, " + local_time(names, e.at) + ")";
  return s;
}

std::string render_timeline_entry(const rules_pair& rules, const codec& names, const incident_input& in, const played& p) {
  const policy& pol = *rules.pol;
  std::string s = local_time(names, p.at) + "  ";
  if (in.advance) {
    s += "the clock advances (" + in.text + ")\n";
  } else {
    const event& e = p.event.ev;
    s += p.event.id + "  " + to_string(e.kind);
    if (e.by.organisation != no_index) s += "  by " + named_at(pol.organisations, e.by.organisation);
    if (e.by.person) s += " (person " + std::to_string(e.by.person) + ")";
    s += "\n";
    const std::string fields = event_fields(rules, names, p.event);
    if (!fields.empty()) s += "      " + fields + "\n";
  }
  const step_result& r = p.result;
  if (r.duplicate) s += "  (a repeated event id: the first outcome again; nothing changed)\n";
  if (!r.accepted) {
    s += "  REJECTED " + r.reason + (r.detail.empty() ? "" : ": " + r.detail) + "\n";
    if (r.rule) s += render_reasons({*r.rule}, "      ", "refused by");
  }
  for (const effect_row& e : r.effects) {
    s += "  \u2192 " + describe_effect(rules, names, e, p.at) + "\n";
    s += render_reasons(e.because, "      ", "because");
  }
  return s;
}

}  // namespace muster::cli
