// Counting the facts into scorecards: one row per jurisdiction and one per force (or per
// organisation, for what was asked of no force), and the total. A fact counts when it started
// inside the period; whether it was answered, and when, is what the whole journal says.
#include "report/facts.hpp"

#include <algorithm>
#include <map>

namespace muster::report_detail {
namespace {

/// Nearest rank: the smallest value with at least p% of the values at or below it.
duration_figures durations(std::vector<seconds_t> v) {
  duration_figures d;
  d.count = v.size();
  if (v.empty()) return d;
  std::sort(v.begin(), v.end());
  const auto rank = [&](std::size_t pct) { return v[std::max<std::size_t>(1, (pct * v.size() + 99) / 100) - 1]; };
  d.p50 = rank(50);
  d.p90 = rank(90);
  d.max = v.back();
  return d;
}

/// A row being counted, with the durations its percentiles come from.
struct tally {
  report_row row;
  std::vector<seconds_t> ack, settle;
};

void count_answer(answer_figures& f, const answer_fact& a, timestamp horizon) {
  ++f.asked;
  f.escalations += a.escalations;
  if (a.answered) {
    if (a.due != 0 && *a.answered >= a.due) ++f.late;  // a deadline passes at its instant: the timer fires first
    else ++f.on_time;
  } else if (a.due != 0 && a.due <= horizon) {
    ++f.missed;
  } else {
    ++f.pending;
  }
}

class counter {
 public:
  counter(const policy& p, const force_registry& forces, const report_options& o, timestamp horizon)
      : p_(p), forces_(forces), o_(o), horizon_(horizon) {}

  bool in_period(timestamp t) const { return (!o_.from || t >= *o_.from) && (!o_.to || t < *o_.to); }

  /// The three rows a fact about `who` counts in: the total, its jurisdiction's, its force's (or organisation's).
  template <class F>
  void each(const party& who, F&& add) {
    add(total_);
    if (who.jurisdiction != no_index) add(jurisdictions_[who.jurisdiction]);
    if (who.force != no_index) add(forces_rows_[who.force]);
    else if (who.organisation != no_index) add(organisations_[who.organisation]);
  }

  void add(const journal_facts& f) {
    for (const order_fact& o : f.orders) {
      if (!in_period(o.issued)) continue;
      each(o.who, [&](tally& t) {
        order_figures& g = t.row.orders;
        ++g.issued;
        g.escalations += o.escalations;
        if (o.acknowledged) {
          ++g.acknowledged;
          t.ack.push_back(*o.acknowledged - o.issued);
        }
        if (o.declined) ++g.declined;
        if (o.overdue) ++g.overdue;
        if (!o.acknowledged && !o.declined) ++g.pending;
      });
    }
    const auto rounds = [](report_row& r, round k) -> answer_figures& {
      switch (k) {
        case round::roll_call: return r.roll_calls;
        case round::warning: return r.warnings;
        case round::review: return r.reviews;
        case round::approval: return r.approvals;
        case round::drill_report: break;
      }
      return r.drills.reports;
    };
    for (std::size_t k = 0; k < round_count; ++k)
      for (const answer_fact& a : f.answers[k])
        if (in_period(a.asked)) each(a.who, [&](tally& t) { count_answer(rounds(t.row, static_cast<round>(k)), a, horizon_); });
    for (const exercise_fact& e : f.exercises)
      if (in_period(e.reported)) each(e.who, [&](tally& t) { ++t.row.drills.exercises; });
    for (const claim_fact& c : f.claims) {
      if (!in_period(c.opened)) continue;
      each(c.who, [&](tally& t) {
        claim_figures& g = t.row.claims;
        ++g.opened;
        g.amount_claimed += c.amount;
        for (const cost_total& line : c.costs) {
          auto at = std::lower_bound(g.costs.begin(), g.costs.end(), line.what,
                                     [](const cost_total& l, const std::string& what) { return l.what < what; });
          if (at == g.costs.end() || at->what != line.what) at = g.costs.insert(at, {line.what, 0});
          at->amount += line.amount;
        }
        if (!c.settled) {
          ++g.open;
          return;
        }
        ++(c.approved ? g.approved : g.rejected);
        if (c.approved) {
          g.amount_granted += c.granted;
          if (c.granted < c.amount) ++g.reduced;
        }
        t.settle.push_back(*c.settled - c.opened);
      });
    }
  }

  void finish(report& r) {
    r.total = close(total_, report_row_kind::total);
    for (auto& [j, t] : jurisdictions_)
      r.jurisdictions.push_back(named(t, report_row_kind::jurisdiction, p_.jurisdictions[j].id, p_.jurisdictions[j].name, no_index));
    for (auto& [i, t] : forces_rows_) {
      const force& f = forces_.forces[i];
      r.forces.push_back(named(t, report_row_kind::force, f.id, f.name, f.jurisdiction));
    }
    for (auto& [i, t] : organisations_) {
      const organisation& o = p_.organisations[i];
      r.forces.push_back(named(t, report_row_kind::organisation, o.id, o.name, o.jurisdiction));
    }
  }

 private:
  report_row named(tally& t, report_row_kind k, const std::string& id, const text& name, index_t jurisdiction) const {
    t.row.id = id;
    t.row.name_zh = name.zh;
    t.row.name_en = name.en;
    if (jurisdiction != no_index) t.row.jurisdiction = p_.jurisdictions[jurisdiction].id;
    return close(t, k);
  }

  static report_row close(tally& t, report_row_kind k) {
    t.row.kind = k;
    t.row.orders.ack_latency = durations(t.ack);
    t.row.claims.settle_time = durations(t.settle);
    return t.row;
  }

  const policy& p_;
  const force_registry& forces_;
  const report_options& o_;
  timestamp horizon_;
  tally total_;
  // Ordered by index: policy order for jurisdictions and organisations, registry order for forces.
  std::map<index_t, tally> jurisdictions_, forces_rows_, organisations_;
};

}  // namespace

void compute_report(const policy& p, const force_registry& forces, const journal_facts& facts, const report_options& options,
                    report& r) {
  counter c(p, forces, options, facts.last_time.value_or(0));
  c.add(facts);
  c.finish(r);
}

}  // namespace muster::report_detail
