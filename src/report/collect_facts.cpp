// Reading a journal as facts for the scorecards: each thing someone was asked to do (an order,
// a roll-call, a warning notice, a report, a claim) comes from the effect that asked, and what
// became of it from the accepted input that answered and the effects that followed (overdue,
// escalations, the chain's end). Nothing here re-derives a rule: the engine's recorded answers
// say what was asked and when it was due.
#include "report/facts.hpp"

#include <muster/journal.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string_view>
#include <tuple>

namespace muster::report_detail {
namespace {

using json = nlohmann::json;

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t num(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

std::int64_t inum(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

/// The record body's members as one object: `"effect":{…}` → {"effect":{…}}.
bool parse_body(std::string_view body, json& out) {
  out = json::parse(std::string("{").append(body).append("}"), nullptr, false);
  return out.is_object();
}

/// An effect as the journal writes it (detail::append_effect_record): ids and seconds.
struct effect_fields {
  std::string kind, topic, incident, warning, to, from, force, chain, schedule;
  std::uint64_t request = 0, order = 0, run = 0;
  std::int64_t amount = 0;  ///< about a claim: its amount as it then stood (granted, on an approval)
  timestamp at = 0, due = 0;
};

effect_fields read_effect(const json& e) {
  effect_fields f;
  f.kind = str(e, "kind");
  f.topic = str(e, "topic");
  f.incident = str(e, "incident");
  // The journal names a warning by the engine's number for it (the host's form: by its first id).
  if (const auto w = e.find("warning"); w != e.end()) f.warning = w->is_string() ? w->get<std::string>() : w->dump();
  f.to = str(e, "to");
  f.from = str(e, "from");
  f.force = str(e, "force");
  f.chain = str(e, "chain");
  f.schedule = str(e, "schedule");
  f.request = num(e, "request");
  f.order = num(e, "order");
  f.run = num(e, "run");
  f.amount = inum(e, "amount");
  f.at = inum(e, "at");
  f.due = inum(e, "due");
  return f;
}

/// Keys of the answer rounds: who was asked (organisation, force) about what.
using call_key = std::tuple<std::uint64_t, std::string, std::string>;     // run, organisation, force
using notice_key = std::tuple<std::string, std::string, std::string>;     // warning's first id, organisation, force
using review_key = std::pair<std::string, std::string>;                   // incident, organisation
using step_key = std::pair<std::uint64_t, std::string>;                   // request, force ("" for the step as a whole)

class collector {
 public:
  collector(const policy& p, const force_registry& forces, const codec& times, journal_facts& out)
      : p_(p), forces_(forces), times_(times), out_(out) {}

  bool record(const journal_record& r, std::string& err) {
    if (r.seq == 0) return true;
    ++out_.records;
    if (r.type != "event" && r.type != "effect" && r.type != "rejection" && r.type != "duplicate") return true;
    json body;
    if (!parse_body(r.body, body)) {
      err = fmt::format("record {}: a {} record that is not JSON", r.seq, r.type);
      return false;
    }
    if (r.type == "event") {
      finish_event();
      return start_event(r.seq, body, err);
    }
    if (r.type == "effect") {
      const auto e = body.find("effect");
      if (e == body.end() || !e->is_object()) {
        err = fmt::format("record {}: an effect record without its effect", r.seq);
        return false;
      }
      effect(read_effect(*e));
      return true;
    }
    // A refusal or a repeated id: the input asked nothing and answered nothing.
    if (num(body, "of") == pending_seq_) pending_kept_ = false;
    return true;
  }

  void finish() { finish_event(); }

 private:
  party of_organisation(const std::string& org_id, const std::string& force_id) const {
    party who;
    who.organisation = p_.find_organisation(org_id);
    if (!force_id.empty()) who.force = forces_.find_force(force_id);
    if (who.force != no_index) who.jurisdiction = forces_.forces[who.force].jurisdiction;
    else if (who.organisation != no_index) who.jurisdiction = p_.organisations[who.organisation].jurisdiction;
    return who;
  }

  void saw_time(timestamp t) {
    if (!out_.last_time || t > *out_.last_time) out_.last_time = t;
  }

  bool start_event(std::uint64_t seq, const json& body, std::string& err) {
    pending_seq_ = seq;
    pending_kept_ = true;
    pending_.clear();
    pending_requests_.clear();
    pending_warning_.clear();
    pending_step_.reset();
    if (const auto a = body.find("advance"); a != body.end()) {
      pending_kept_ = false;  // a clock advance answers nothing
      if (a->is_object() && a->contains("unix") && (*a)["unix"].is_number_integer()) saw_time((*a)["unix"].get<timestamp>());
      return true;
    }
    const auto e = body.find("event");
    if (e == body.end() || !e->is_object()) {
      err = fmt::format("record {}: an event record with neither \"event\" nor \"advance\"", seq);
      return false;
    }
    ++out_.events;
    pending_ = *e;
    const auto at = e->find("at");
    const std::string at_text = at == e->end() ? "" : at->is_string() ? at->get<std::string>() : at->dump();
    if (!times_.parse_time(at_text, pending_at_)) {
      err = fmt::format("record {}: an event without a time the policy's codec reads", seq);
      return false;
    }
    if (!out_.first_event || pending_at_ < *out_.first_event) out_.first_event = pending_at_;
    saw_time(pending_at_);
    // An answer to a chain step answers the step the request waits at now, before its own
    // effects (which follow this record) ask the next one.
    if (is_step_answer(str(*e, "kind"))) pending_step_ = current_step(num(*e, "request"), str(*e, "force"));
    return true;
  }

  /// The input's outcome records are all read: an input that was kept answers what it names.
  void finish_event() {
    if (pending_seq_ == 0 || !pending_kept_ || !pending_.is_object()) {
      pending_seq_ = 0;
      return;
    }
    pending_seq_ = 0;
    const json& e = pending_;
    const std::string kind = str(e, "kind"), actor = str(e, "actor");
    const timestamp at = pending_at_;
    if (kind == "order.ack" || kind == "order.decline") {
      const auto it = orders_.find(num(e, "order"));
      if (it == orders_.end()) return;
      order_fact& o = out_.orders[it->second];
      if (kind == "order.ack" && !o.acknowledged) o.acknowledged = at;
      if (kind == "order.decline") o.declined = true;
    } else if (kind == "schedule.answer") {
      const auto it = calls_.find({num(e, "run"), actor, str(e, "force")});
      if (it != calls_.end()) answer(it->second, at);
    } else if (kind == "warning.issue" || kind == "warning.update" || kind == "warning.cancel") {
      // Acknowledgements name the warning by any of its ids; its effects by the one the issue got.
      const auto ref = warning_first_.find(str(e, "references"));
      if (ref != warning_first_.end()) warning_first_[str(e, "warning")] = ref->second;
      else if (!pending_warning_.empty()) warning_first_[str(e, "warning")] = pending_warning_;
    } else if (kind == "warning.acknowledge") {
      const auto first = warning_first_.find(str(e, "warning"));
      const auto it = notices_.find({first != warning_first_.end() ? first->second : str(e, "warning"), actor, str(e, "force")});
      if (it != notices_.end()) answer(it->second, at);
    } else if (is_step_answer(kind)) {
      if (pending_step_) answer(*pending_step_, at);
    } else if (kind == "incident.review_filed") {
      const auto it = reviews_.find({str(e, "incident"), actor});
      if (it != reviews_.end()) answer(it->second, at);
    } else if (kind == "incident.report") {
      const std::string status = str(e, "status");
      if (status == "exercise" || status == "test") {
        party who = of_organisation(actor, "");
        who.jurisdiction = p_.find_jurisdiction(str(e, "jurisdiction"));
        out_.exercises.push_back({who, at});
      }
    } else if (kind == "chain.open") {
      open_claim(e, actor, at);
    }
  }

  void open_claim(const json& e, const std::string& actor, timestamp at) {
    const std::string chain = str(e, "chain");
    const index_t c = p_.find_chain(chain);
    if (c == no_index || p_.chains[c].about != chain_subject::claim) return;
    std::string force = str(e, "force");
    if (const auto fs = e.find("forces"); force.empty() && fs != e.end() && fs->is_array() && !fs->empty() && (*fs)[0].is_string())
      force = (*fs)[0].get<std::string>();
    claim_fact f;
    f.who = of_organisation(actor, force);
    f.opened = at;
    f.amount = inum(e, "amount");
    // The codec has checked the lines (what, a positive amount, summing to `amount`).
    if (const auto lines = e.find("costs"); lines != e.end() && lines->is_array())
      for (const auto& line : *lines)
        if (line.is_object()) f.costs.push_back({str(line, "what"), inum(line, "amount")});
    const auto req = pending_requests_.find(chain);
    if (req != pending_requests_.end()) {
      f.request = req->second;
      claims_[f.request] = out_.claims.size();
    }
    out_.claims.push_back(f);
  }

  static bool is_step_answer(const std::string& kind) {
    return kind == "request.approve" || kind == "request.reject" || kind == "request.consent" || kind == "request.refuse" ||
           kind == "request.acknowledge" || kind == "request.submit";
  }

  /// The ask request `request` waits at now: the force's own for a per-force step, else the step's.
  std::optional<std::pair<round, std::size_t>> current_step(std::uint64_t request, const std::string& force) const {
    if (auto it = steps_.find({request, force}); it != steps_.end()) return it->second;
    return find(steps_, step_key{request, ""});
  }

  void answer(std::pair<round, std::size_t> where, timestamp at) {
    answer_fact& a = out_.answers[static_cast<std::size_t>(where.first)][where.second];
    if (!a.answered) a.answered = at;
  }

  std::pair<round, std::size_t> ask(round r, const effect_fields& f) {
    auto& list = out_.answers[static_cast<std::size_t>(r)];
    answer_fact a;
    a.who = of_organisation(f.to, f.force);
    a.asked = f.at;
    a.due = f.due;
    list.push_back(a);
    return {r, list.size() - 1};
  }

  void escalated(const std::optional<std::pair<round, std::size_t>>& where) {
    if (where) ++out_.answers[static_cast<std::size_t>(where->first)][where->second].escalations;
  }

  template <class Map, class Key>
  static std::optional<std::pair<round, std::size_t>> find(const Map& m, const Key& k) {
    const auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  }

  void effect(const effect_fields& f) {
    if (pending_seq_ != 0 && !f.chain.empty() && f.request != 0) pending_requests_.emplace(f.chain, f.request);
    // An issue's own notices follow the timers' effects: the last notice names its warning.
    if (pending_seq_ != 0 && f.kind == "warning_notice") pending_warning_ = f.warning;
    if (f.kind == "issue_order" && f.order != 0 && orders_.count(f.order) == 0) {
      orders_[f.order] = out_.orders.size();
      out_.orders.push_back({of_organisation(f.to, f.force), f.at, std::nullopt, false, false, 0});
      return;
    }
    if (f.order != 0 && f.topic == "order_overdue") {
      const auto it = orders_.find(f.order);
      if (it == orders_.end()) return;
      order_fact& o = out_.orders[it->second];
      o.overdue = true;
      if (f.kind == "escalate") ++o.escalations;
      return;
    }
    if (f.kind == "schedule_call") {
      const index_t s = p_.find_schedule(f.schedule);
      if (s == no_index || p_.schedules[s].answer == answer_kind::update) return;  // data upkeep: answered by force.update
      const round r = p_.schedules[s].answer == answer_kind::report ? round::drill_report : round::roll_call;
      calls_[{f.run, f.to, f.force}] = ask(r, f);
      return;
    }
    if (f.kind == "escalate" && f.topic == "call_unanswered") return escalated(find(calls_, call_key{f.run, f.from, f.force}));
    if (f.kind == "warning_notice") {
      notices_[{f.warning, f.to, f.force}] = ask(round::warning, f);
      return;
    }
    if (f.kind == "escalate" && f.topic == "warning_unacknowledged")
      return escalated(find(notices_, notice_key{f.warning, f.from, f.force}));
    if (f.request != 0 && (f.kind == "request_approval" || f.kind == "request_consent" || f.kind == "request_acknowledgement" ||
                           f.kind == "request_submission")) {
      steps_[{f.request, f.force}] = ask(round::approval, f);  // the latest ask of the request is the step it waits at
      return;
    }
    // A step's silence: reminded, or escalated (re-addressed one level up); counted for whom it first asked.
    if (f.kind == "escalate" && f.topic == "step_overdue" && f.request != 0) return escalated(current_step(f.request, f.force));
    if (f.kind == "request_report") {
      reviews_[{f.incident, f.to}] = ask(round::review, f);
      return;
    }
    if (f.kind == "escalate" && f.topic == "report_overdue") return escalated(find(reviews_, review_key{f.incident, f.from}));
    if (f.request != 0 && (f.topic == "request_approved" || f.topic == "request_rejected")) {
      const auto it = claims_.find(f.request);
      if (it == claims_.end()) return;
      claim_fact& c = out_.claims[it->second];
      if (c.settled) return;
      c.settled = f.at;
      c.approved = f.topic == "request_approved";
      if (c.approved) c.granted = f.amount != 0 ? f.amount : c.amount;
    }
  }

  const policy& p_;
  const force_registry& forces_;
  const codec& times_;
  journal_facts& out_;

  // The input being read: its outcome records follow it.
  std::uint64_t pending_seq_ = 0;
  bool pending_kept_ = false;
  json pending_;
  timestamp pending_at_ = 0;
  std::map<std::string, std::uint64_t> pending_requests_;  ///< chain → the request its effects name
  std::string pending_warning_;                            ///< the warning its effects name, as the journal does
  std::optional<std::pair<round, std::size_t>> pending_step_;  ///< a step answer: the ask it answers

  std::map<std::uint64_t, std::size_t> orders_;  ///< order number → out_.orders
  std::map<std::uint64_t, std::size_t> claims_;  ///< request number → out_.claims
  std::map<call_key, std::pair<round, std::size_t>> calls_;
  std::map<notice_key, std::pair<round, std::size_t>> notices_;  ///< the latest notice of each recipient
  std::map<review_key, std::pair<round, std::size_t>> reviews_;
  std::map<step_key, std::pair<round, std::size_t>> steps_;  ///< each request's latest ask, per force for per-force steps
  std::map<std::string, std::string> warning_first_;  ///< any id of a warning → how its effects name it
};

}  // namespace

status collect_facts(const policy& p, const force_registry& forces, const codec& times, const std::string& path,
                     journal_facts& out) {
  out = journal_facts{};
  collector c(p, forces, times, out);
  const journal_scan scan = scan_journal(path, [&](const journal_record& r) {
    std::string why;
    return c.record(r, why) ? status() : status(status_code::journal_damaged, why);
  });
  if (!scan.ok()) return scan.error;
  if (scan.first_seq > 0)  // counting from the middle would report a part as the whole
    return status(status_code::journal_missing,
                  path + ": journal-missing: records 0.." + std::to_string(scan.first_seq - 1) +
                      " were archived by muster compact: put the archived segments back beside the journal to report on it");
  c.finish();
  return {};
}

}  // namespace muster::report_detail
