// Built against the installed package: compile the reference policy, run one event.
#include <muster/engine.hpp>
#include <muster/policy.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  auto policy = muster::compile_policy_file(argv[1]);
  if (!policy.ok()) {
    for (const auto& d : policy.diagnostics) std::fprintf(stderr, "%s\n", muster::render(d).c_str());
    return 1;
  }
  auto forces = muster::compile_forces_file(*policy.value, argv[2]);
  if (!forces.ok()) return 1;
  muster::engine eng(policy.value, forces.value);

  muster::event report;
  report.id = 1;
  report.kind = muster::event_kind::incident_report;
  report.at = 1783645200;  // 2026-07-10T09:00:00+08:00
  report.by.organisation = policy.value->find_organisation("wendeng_water");
  report.incident = 42;
  report.grade = policy.value->find_grade("general");
  report.jurisdiction = policy.value->find_jurisdiction("wendeng");
  report.incident_type = policy.value->find_incident_type("flood");

  const muster::outcome& o = eng.submit(report);
  if (!o.accepted || o.effects.empty()) {
    std::fprintf(stderr, "rejected: %s %s\n", muster::to_string(o.reason), o.detail.c_str());
    return 1;
  }
  std::printf("C++: accepted, %zu effects; first: %s\n", o.effects.size(), eng.explain(o.effects.front()).c_str());
  return 0;
}
