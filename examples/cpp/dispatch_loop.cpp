// Embedding Muster in a dispatch loop, in C++: events arrive as JSON lines, the engine answers
// with effects — what must happen next, and which rule of the policy says so.
//
//   dispatch_loop POLICY FORCES [EVENTS.jsonl]
//
// Without EVENTS it runs a short built-in incident: a flood in Wendeng, a call plan approved
// and consented, an order issued and acknowledged, a second plan nobody answers, and a line
// that names no real force. After the last event it moves the clock an hour on, so the timers
// that are due fire (here: a reminder, then an escalation of the unanswered plan).
//
// The feature shown: the typed C++ API — codec (JSON → muster::event), engine::submit,
// effects as values, engine::explain for the rules behind each one, engine::advance_to.
#include <muster/codec.hpp>
#include <muster/engine.hpp>
#include <muster/policy.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

const char* const built_in[] = {
    R"({"id":"e1","kind":"incident.report","at":"2026-07-10T09:00:00+08:00","actor":"wendeng_water","incident":"INC-1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})",
    R"({"id":"e2","kind":"plan.draft","at":"2026-07-10T09:05:00+08:00","actor":"wendeng_fire","incident":"INC-1","forces":["wendeng_flood_team"]})",
    R"({"id":"e3","kind":"request.approve","at":"2026-07-10T09:08:00+08:00","actor":"wendeng_em","incident":"INC-1","request":1})",
    R"({"id":"e4","kind":"request.consent","at":"2026-07-10T09:12:00+08:00","actor":"wendeng_water","incident":"INC-1","request":1,"force":"wendeng_flood_team"})",
    R"({"id":"e5","kind":"order.ack","at":"2026-07-10T09:15:00+08:00","actor":"wendeng_water","incident":"INC-1","order":1})",
    R"({"id":"e6","kind":"plan.draft","at":"2026-07-10T09:20:00+08:00","actor":"wendeng_fire","incident":"INC-1","capabilities":["drone_reconnaissance"]})",
    R"({"id":"e7","kind":"plan.draft","at":"2026-07-10T09:25:00+08:00","actor":"wendeng_fire","incident":"INC-1","forces":["no_such_team"]})",
};

// What the host would carry out; here, one line per effect and the rules that say so.
void carry_out(const muster::engine& eng, const muster::codec& codec, const muster::effect& e) {
  const muster::policy& p = eng.rules_policy();
  std::printf("  -> %s", muster::to_string(e.kind));
  if (e.about != muster::topic::none) std::printf(" [%s]", muster::to_string(e.about));
  if (e.to != muster::no_index) std::printf(" to %s", p.organisations[e.to].id.c_str());
  if (e.force != muster::no_index) std::printf(" force %s", eng.forces().forces[e.force].id.c_str());
  if (e.due != 0) std::printf(" due %s", codec.format_time(e.due).c_str());
  std::printf("\n");
  const std::string why = eng.explain(e);  // one rule per line: id (file:line:col) [clause]
  if (!why.empty()) std::printf("       because %s\n", why.substr(0, why.find('\n')).c_str());
}

void report(const muster::engine& eng, const muster::codec& codec, const std::string& what, const muster::outcome& o) {
  if (o.accepted)
    std::printf("%s: accepted, %zu effect(s)\n", what.c_str(), o.effects.size());
  else
    std::printf("%s: rejected (%s) %s\n", what.c_str(), muster::to_string(o.reason), o.detail.c_str());
  for (const muster::effect& e : o.effects) carry_out(eng, codec, e);  // timers that fired come first
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s POLICY FORCES [EVENTS.jsonl]\n", argv[0]);
    return 2;
  }
  // Compile once: a policy is immutable and may be shared by many engines and threads.
  auto policy = muster::compile_policy_file(argv[1]);
  if (!policy.ok()) {
    for (const auto& d : policy.diagnostics) std::fprintf(stderr, "%s\n", muster::render(d).c_str());
    return 1;
  }
  auto forces = muster::compile_forces_file(*policy.value, argv[2]);
  if (!forces.ok()) {
    for (const auto& d : forces.diagnostics) std::fprintf(stderr, "%s\n", muster::render(d).c_str());
    return 1;
  }

  muster::engine eng(policy.value, forces.value);
  muster::codec codec(policy.value, forces.value);

  std::vector<std::string> lines(std::begin(built_in), std::end(built_in));
  if (argc == 4) {
    std::ifstream in(argv[3]);
    if (!in) {
      std::fprintf(stderr, "%s: cannot open\n", argv[3]);
      return 1;
    }
    lines.clear();
    for (std::string line; std::getline(in, line);)
      if (line.find_first_not_of(" \t\r") != std::string::npos && line[line.find_first_not_of(" \t\r")] != '#')
        lines.push_back(line);
  }

  // The loop: decode, submit, carry out. A line that does not decode is the host's bug, not
  // the engine's: say where it is wrong and go on.
  muster::owned_event ev;
  for (const std::string& line : lines) {
    if (const muster::status err = codec.decode_event(line, ev); !err) {
      std::printf("malformed: %s\n", err.message().c_str());  // "1:9: forces[2]: …": where and what
      continue;
    }
    report(eng, codec, ev.id + " " + muster::to_string(ev.ev.kind), eng.submit(ev.ev));
  }

  // No event for an hour: the engine never reads a clock, so the host moves it.
  const muster::timestamp later = eng.now() + 3600;
  report(eng, codec, "clock -> " + codec.format_time(later), eng.advance_to(later));

  std::printf("%zu open request(s), %zu pending deadline(s), state %s\n", eng.open_requests(), eng.deadlines().size(),
              eng.state_digest().substr(0, 12).c_str());
  return 0;
}
