// Pass `calendar`: the time zone is one we can decide without a tz database, every period is
// either a yearly range or declared at run time, never both or neither, how far one input
// may move the clock, and how long past events are remembered.
#include "policy/policy_context.hpp"
#include "policy/scalars.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

void check_calendar(policy_context& cx) {
  policy& p = cx.p;
  const yaml_node& meta = *field(cx.doc.root, "policy");
  if (auto offset = parse_time_zone(p.time_zone)) {
    p.utc_offset_minutes = *offset;
  } else {
    cx.report(field(meta, "time_zone") ? *field(meta, "time_zone") : meta, "unknown-time-zone",
              "time zone '" + p.time_zone + "' is not supported",
              "use Asia/Shanghai, UTC, or a fixed offset such as UTC+08:00 (zones with daylight saving are not supported)");
  }
  if (const yaml_node* limits = field(cx.doc.root, "limits")) {
    if (const yaml_node* step = field(*limits, "max_clock_step")) p.max_clock_step = parse_duration(step->text).value_or(p.max_clock_step);
    if (const yaml_node* kept = field(*limits, "retention")) {
      p.retention = parse_duration(kept->text).value_or(0);
      if (p.retention > 0 && p.retention < 86400)
        cx.report(*kept, "retention-too-short", "limits.retention " + kept->text + " is shorter than a day",
                  "a host resending its events after an outage must get their first outcomes back; keep at least 1d (e.g. 366d)");
    }
  }
  for (std::size_t i = 0; i < p.periods.size(); ++i) {
    const yaml_node& n = *cx.period_nodes[i];
    period& x = p.periods[i];
    x.cls = scalar_or(n, "class") == "sensitive" ? period_class::sensitive : period_class::special;
    x.declared = scalar_or(n, "declared") == "true";
    const yaml_node* from = field(n, "from");
    const yaml_node* to = field(n, "to");
    if (x.declared && (from || to)) {
      cx.report(from ? *from : *to, "period-conflict", "period '" + x.id + "' is declared at run time and also has a calendar range",
                "keep either declared: true or from/to");
    } else if (!x.declared && !(from && to)) {
      cx.report(n, "period-incomplete", "period '" + x.id + "' needs both from and to, or declared: true");
    } else if (!x.declared) {
      x.from_mmdd = parse_month_day(from->text).value_or(0);
      x.to_mmdd = parse_month_day(to->text).value_or(0);
    }
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
