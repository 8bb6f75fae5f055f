// The figures of a scorecard row, by path (figures.hpp).
#include "report/figures.hpp"

#include "report/render_common.hpp"

namespace muster::report_detail {
namespace {

using figure = std::optional<std::int64_t>;
using getter = std::function<figure(const report_row&)>;

template <class T>
figure whole(T v) {
  return static_cast<std::int64_t>(v);
}

template <class T>
figure maybe(const std::optional<T>& v) {
  return v ? figure(static_cast<std::int64_t>(*v)) : std::nullopt;
}

/// count, p50, p90, max of the durations `of` picks.
void add_durations(std::vector<row_figure>& out, const std::string& at, std::function<const duration_figures&(const report_row&)> of) {
  out.push_back({at + ".count", [of](const report_row& r) { return whole(of(r).count); }});
  out.push_back({at + ".p50", [of](const report_row& r) { return maybe(of(r).p50); }});
  out.push_back({at + ".p90", [of](const report_row& r) { return maybe(of(r).p90); }});
  out.push_back({at + ".max", [of](const report_row& r) { return maybe(of(r).max); }});
}

void add_answers(std::vector<row_figure>& out, const std::string& at, const answer_figures& (*of)(const report_row&)) {
  out.push_back({at + ".asked", [of](const report_row& r) { return whole(of(r).asked); }});
  out.push_back({at + ".on_time", [of](const report_row& r) { return whole(of(r).on_time); }});
  out.push_back({at + ".late", [of](const report_row& r) { return whole(of(r).late); }});
  out.push_back({at + ".missed", [of](const report_row& r) { return whole(of(r).missed); }});
  out.push_back({at + ".pending", [of](const report_row& r) { return whole(of(r).pending); }});
  out.push_back({at + ".on_time_percent", [of](const report_row& r) { return maybe(of(r).on_time_percent()); }});
  out.push_back({at + ".escalations", [of](const report_row& r) { return whole(of(r).escalations); }});
}

std::vector<row_figure> make_figures() {
  std::vector<row_figure> f;
  f.push_back({"orders.issued", [](const report_row& r) { return whole(r.orders.issued); }});
  f.push_back({"orders.acknowledged", [](const report_row& r) { return whole(r.orders.acknowledged); }});
  f.push_back({"orders.declined", [](const report_row& r) { return whole(r.orders.declined); }});
  f.push_back({"orders.overdue", [](const report_row& r) { return whole(r.orders.overdue); }});
  f.push_back({"orders.pending", [](const report_row& r) { return whole(r.orders.pending); }});
  f.push_back({"orders.escalations", [](const report_row& r) { return whole(r.orders.escalations); }});
  add_durations(f, "orders.ack_latency", [](const report_row& r) -> const duration_figures& { return r.orders.ack_latency; });
  // The drills' reports are written inside "drills", after its own figures.
  for (const answer_section& s : answer_sections())
    if (std::string_view(s.key) != "drill_reports") add_answers(f, s.key, s.get);
  f.push_back({"drills.held", [](const report_row& r) { return whole(r.drills.held()); }});
  f.push_back({"drills.exercises", [](const report_row& r) { return whole(r.drills.exercises); }});
  add_answers(f, "drills.reports", [](const report_row& r) -> const answer_figures& { return r.drills.reports; });
  f.push_back({"claims.opened", [](const report_row& r) { return whole(r.claims.opened); }});
  f.push_back({"claims.settled", [](const report_row& r) { return whole(r.claims.settled()); }});
  f.push_back({"claims.approved", [](const report_row& r) { return whole(r.claims.approved); }});
  f.push_back({"claims.rejected", [](const report_row& r) { return whole(r.claims.rejected); }});
  f.push_back({"claims.open", [](const report_row& r) { return whole(r.claims.open); }});
  f.push_back({"claims.amount_claimed", [](const report_row& r) { return whole(r.claims.amount_claimed); }});
  f.push_back({"claims.reduced", [](const report_row& r) { return whole(r.claims.reduced); }});
  f.push_back({"claims.amount_granted", [](const report_row& r) { return whole(r.claims.amount_granted); }});
  add_durations(f, "claims.settle_time", [](const report_row& r) -> const duration_figures& { return r.claims.settle_time; });
  return f;
}

}  // namespace

const std::vector<row_figure>& row_figures() {
  static const std::vector<row_figure> figures = make_figures();
  return figures;
}

const row_figure* find_row_figure(std::string_view path) {
  for (const row_figure& f : row_figures())
    if (f.path == path) return &f;
  return nullptr;
}

const report_row* find_row(const report& r, std::string_view key) {
  if (key == "total") return &r.total;
  for (const std::vector<report_row>* rows : {&r.jurisdictions, &r.forces})
    for (const report_row& row : *rows)
      if (row_key(row) == key) return &row;
  return nullptr;
}

}  // namespace muster::report_detail
