// Fuzz target: the CAP 1.2 importer — the byte checks, pugixml, the element tables and the
// mapping onto the reference policy — on an alert made of the input's bytes. Diagnostics are
// rendered too. An alert that imports as a warning.issue must survive a round trip: its JSON
// line read back, exported as CAP 1.2 and imported again must give the same event.
#include "fuzz_support.hpp"

#include <muster/cap.hpp>
#include <muster/diagnostic.hpp>

#include <cstdio>
#include <cstdlib>

namespace {

using namespace muster;

cap::warning_event must(result<cap::warning_event> r, const char* step) {
  if (!r.ok()) {
    for (const diagnostic& d : r.diagnostics) std::fprintf(stderr, "%s\n", render(d).c_str());
    std::fprintf(stderr, "the round trip fails at %s\n", step);
    std::abort();
  }
  return *r;
}

/// The reference policy, with hazards when its warnings: block has none yet (the importer maps
/// nothing without them), named as the seeds in fuzz/corpus/cap name them.
const policy& rules() {
  static const std::shared_ptr<const policy> p = [] {
    auto copy = std::make_shared<policy>(*fuzz::reference_policy());
    if (copy->warnings.hazards.empty()) {
      const char* rows[][4] = {{"rainstorm", "暴雨", "Rainstorm", "11B03"},
                               {"typhoon", "台风", "Typhoon", "11B01"},
                               {"storm_surge", "风暴潮", "Storm Surge", ""},
                               {"forest_fire_risk", "森林火险", "Forest Fire Danger", ""}};
      for (const auto& r : rows) {
        hazard h;
        h.id = r[0];
        h.name = {r[1], r[2]};
        if (*r[3] != '\0') h.cap_codes = {r[3]};
        copy->warnings.hazards.push_back(h);
      }
    }
    return std::shared_ptr<const policy>(std::move(copy));
  }();
  return *p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const policy& p = rules();
  cap::import_options o;
  o.actor = "weihai_meteo";
  const auto r = cap::import_alert(p, fuzz::as_text(data, size), "fuzz.xml", o);
  for (const diagnostic& d : r.diagnostics) (void)render(d);
  if (!r.ok() || r->kind != "warning.issue") return 0;  // an update or cancel names a message not in the input

  const std::string line = cap::to_json_line(*r);
  const auto read = cap::read_warning_events(p, line, "fuzz.jsonl");
  if (!read.ok() || read->size() != 1) {
    for (const diagnostic& d : read.diagnostics) std::fprintf(stderr, "%s\n", render(d).c_str());
    std::fprintf(stderr, "the importer's own event does not read back: %s\n", line.c_str());
    std::abort();
  }
  const auto alerts = cap::export_alerts(p, *read);
  if (!alerts.ok()) {
    for (const diagnostic& d : alerts.diagnostics) std::fprintf(stderr, "%s\n", render(d).c_str());
    std::fprintf(stderr, "the importer's own event does not export: %s\n", line.c_str());
    std::abort();
  }
  const cap::warning_event again = must(cap::import_alert(p, alerts->front(), "again.xml", o), "the re-import");
  if (again != *r) {
    std::fprintf(stderr, "import(export(x)) != x:\n%s\n%s\n", line.c_str(), cap::to_json_line(again).c_str());
    std::abort();
  }
  return 0;
}
