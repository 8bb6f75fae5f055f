// build_report: the journal verified as opening it would, then read as facts and counted.
// A journal that does not verify gives no report: its figures could not be trusted.
#include "report/facts.hpp"

#include <muster/session.hpp>

MUSTER_BEGIN_NAMESPACE

const char* to_string(report_row_kind k) {
  switch (k) {
    case report_row_kind::total: return "total";
    case report_row_kind::jurisdiction: return "jurisdiction";
    case report_row_kind::force: return "force";
    case report_row_kind::organisation: return "organisation";
  }
  return "?";
}

std::optional<std::uint32_t> answer_figures::on_time_percent() const {
  if (asked == 0) return std::nullopt;
  return static_cast<std::uint32_t>((on_time * 200 + asked) / (2 * asked));  // half up
}

report_result build_report(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                           const std::string& journal_path, const report_options& options) {
  session_options so;
  so.journal_path = journal_path;
  recovery_report recovered;
  const journal_scan scan = replay_journal(p, forces, so, recovered);
  if (!scan.ok()) return scan.error;
  const codec times(p, forces);
  report_detail::journal_facts facts;
  if (status read = report_detail::collect_facts(*p, *forces, times, journal_path, facts); !read) return read;

  report r;
  r.policy_id = p->id;
  r.journal = journal_path;
  if (options.from) r.from = times.format_time(*options.from);
  if (options.to) r.to = times.format_time(*options.to);
  if (facts.first_event) r.first_event = times.format_time(*facts.first_event);
  if (facts.last_time) r.last_event = times.format_time(*facts.last_time);
  r.records = facts.records;
  r.events = facts.events;
  report_detail::compute_report(*p, *forces, facts, options, r);
  return r;
}

MUSTER_END_NAMESPACE
