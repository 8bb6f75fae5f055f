// `muster graph POLICY [--chain ID | --machine incident|approval_chain|order]
//                      [--format dot|svg|png] [-o FILE]`
//
// Graphviz pictures of the mechanism: the state machines (states and transitions, as in
// include/muster/machines/*.hpp), beside the incident machine what the policy runs on each
// incident event (its lowered reactions), and each approval chain of the policy (steps with kind, who,
// when and timeout, the walk from step to step, the silence ladder, on_approved actions, with
// their clause ids). DOT is written by this file; svg and png are drawn by running `dot`.
#include "cli/commands.hpp"
#include "cli/policy_text.hpp"
#include "engine/machine_tables.hpp"

#include "common/did_you_mean.hpp"
#include "policy/scalars.hpp"

#include <muster/events.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <spawn.h>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace muster::cli {
namespace {

// ---- writing DOT ---------------------------------------------------------------------------

/// A DOT string literal: quotes and backslashes escaped; "\n" in `s` becomes a line break.
std::string q(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string clause_list(const std::vector<std::string>& clauses) {
  return clauses.empty() ? std::string() : fmt::format("[{}]", fmt::join(clauses, ", "));
}

std::string duration(seconds_t s) { return s == 0 ? "none" : detail::format_duration(s); }

std::string party(const policy& p, const party_ref& r) { return to_string(p, r); }

/// A machine as its MSM transition table says (src/engine/machine_tables.cpp reads it). The
/// machines are the engine's generic primitives: the clauses they serve are the policy's, shown
/// on its chains.
void write_machine(std::string& out, const detail::machine_table& m) {
  const std::string prefix = std::string("m_") + m.id + "_";
  std::string title = m.id;
  std::replace(title.begin(), title.end(), '_', ' ');
  out += fmt::format("  subgraph cluster_machine_{} {{\n", m.id);
  out += fmt::format("    label={};\n    style=rounded; color=gray40;\n", q(fmt::format("{} machine ({})", title, m.header)));
  out += fmt::format("    {}start [shape=point, width=0.15];\n", prefix);
  for (const char* s : m.states) {
    bool final = false;
    for (const char* f : m.final_states) final |= std::string_view(f) == s;
    out += fmt::format("    {}{} [label={}, shape=box, style=rounded{}];\n", prefix, s, q(s), final ? ", peripheries=2" : "");
  }
  out += fmt::format("    {}start -> {}{};\n", prefix, prefix, m.initial);
  // Rows between the same two states share one edge (one label line pair per row), so the
  // labels of a state's self-loops do not pile up on each other.
  std::vector<bool> drawn(m.rows.size(), false);
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    if (drawn[i]) continue;
    std::string label;
    bool all_timers = true;
    for (std::size_t j = i; j < m.rows.size(); ++j) {
      const detail::machine_row& r = m.rows[j];
      if (drawn[j] || std::string_view(r.source) != m.rows[i].source || std::string_view(r.target) != m.rows[i].target) continue;
      drawn[j] = true;
      if (!label.empty()) label += "\n";
      label += r.event;
      if (!r.guard.empty()) label += fmt::format(" [{}]", r.guard);
      if (*r.action) label += fmt::format(" / {}", r.action);
      label += fmt::format("\n({})", r.raised_by);
      all_timers &= std::string_view(r.raised_by).rfind("timer", 0) == 0;
    }
    out += fmt::format("    {}{} -> {}{} [label={}, fontsize=10{}];\n", prefix, m.rows[i].source, prefix, m.rows[i].target, q(label),
                       all_timers ? ", style=dashed" : "");
  }
  out += "  }\n";
}

/// What the policy runs on each incident event (policy::reactions, the lowered command,
/// first_response, headquarters, information and review blocks): one note per event, beside
/// the incident machine.
void write_reactions(std::string& out, const policy& p) {
  out += "  subgraph cluster_reactions {\n";
  out += fmt::format("    label={};\n    style=rounded; color=darkgreen;\n", q("incident events: what the policy runs, in order"));
  for (int e = 0; e < incident_event_count; ++e) {
    if (p.reactions_at[e] == p.reactions_at[e + 1]) continue;
    std::string label = fmt::format("on {}:", to_string(static_cast<incident_event>(e)));
    for (std::size_t i = p.reactions_at[e], n = 1; i < p.reactions_at[e + 1]; ++i, ++n) {
      const reaction& r = p.reactions[i];
      const rule_ref* source = rule_of(p, r.source);
      label += fmt::format("\n{}. {}", n, reaction_text(p, r));
      if (source) label += fmt::format(" ({}, {}:{} {})", source->id, source->where.file, source->where.line, clause_list(source->clauses));
    }
    out += fmt::format("    r_{} [label={}, shape=note, fontsize=10];\n", e, q(label));
  }
  out += "  }\n";
}

/// One approval chain of the policy: its walk, its silence ladders, what approval sets off.
/// A condition as the operand of `not`: in parentheses unless it is one word.
std::string wrapped(const std::string& condition) {
  return condition.find(' ') == std::string::npos ? condition : "(" + condition + ")";
}

void write_chain(std::string& out, const policy& p, const chain& c) {
  const std::string prefix = "c_" + c.id + "_";
  const std::string name = c.name.zh.empty() ? c.name.en : c.name.zh;
  out += fmt::format("  subgraph cluster_chain_{} {{\n", c.id);
  out += fmt::format("    label={};\n    style=rounded; color=steelblue;\n",
                     q(fmt::format("chain {} {} ({}:{}) {}", c.id, name, c.rule.where.file, c.rule.where.line, clause_list(c.rule.clauses))));
  std::string opened = "chain.open";
  if (c.opened_with != 0xFF) opened += std::string(" / ") + to_string(static_cast<event_kind>(c.opened_with));
  for (int t = 0; t < chain_trigger_count; ++t)  // the engine's own openings, with their delay
    if (c.triggers >> t & 1U)
      opened += fmt::format(" / on {}{}", chain_trigger_names[t], c.opens_after[t] > 0 ? " + " + duration(c.opens_after[t]) : "");
  out += fmt::format("    {}open [label={}, shape=box, style=\"rounded,filled\", fillcolor=gray95];\n", prefix,
                     q(fmt::format("opened by {}\n({})", party(p, c.opened_by), opened)));
  for (const char* end : {"approved", "executed", "rejected", "withdrawn", "expired", "failed"})
    out += fmt::format("    {}{} [label={}, shape=box, style=rounded{}];\n", prefix, end, q(end),
                       std::string_view(end) == "approved" ? "" : ", peripheries=2");

  auto node_of = [&](index_t s) { return s == no_index ? prefix + "approved" : prefix + "step_" + c.steps[s].id; };
  // The step each step is reached from (to draw the bypass when a step's `when` is false).
  std::vector<std::string> reached_from(c.steps.size(), prefix + "open");
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const chain_step& s = c.steps[i];
    std::string label = fmt::format("step {}\n{} by {}", s.id, to_string(s.kind), party(p, s.by));
    if (s.per_force) label += ", for each force";
    if (s.when != no_index) label += fmt::format("\nonly when {}", p.conditions[s.when].text);
    if (s.kind != step_kind::notify) label += fmt::format("\ntimeout {}", duration(s.timeout));
    if (s.kind == step_kind::consent) label += fmt::format("; on refuse: {}", s.on_refuse == refusal_effect::drop_force ? "drop_force" : "fail");
    label += fmt::format("\n{}:{} {}", s.rule.where.file, s.rule.where.line, clause_list(s.rule.clauses));
    out += fmt::format("    {} [label={}, shape=box, style=\"rounded,filled\", fillcolor={}];\n", node_of(static_cast<index_t>(i)), q(label),
                       s.kind == step_kind::notify ? "lightyellow" : "aliceblue");
    if (s.next != no_index) reached_from[s.next] = node_of(static_cast<index_t>(i));
  }
  if (!c.steps.empty()) out += fmt::format("    {}open -> {} [label=\"open\"];\n", prefix, node_of(0));
  else out += fmt::format("    {}open -> {}approved [label=\"no steps\"];\n", prefix, prefix);

  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const chain_step& s = c.steps[i];
    const std::string me = node_of(static_cast<index_t>(i));
    const char* done = s.kind == step_kind::notify ? "notified" : s.kind == step_kind::consent ? "every force consented" : "approved";
    out += fmt::format("    {} -> {} [label={}];\n", me, node_of(s.next), q(done));
    if (s.when != no_index)
      out += fmt::format("    {} -> {} [label={}, style=dotted];\n", reached_from[i], node_of(s.next), q("skipped: not " + wrapped(p.conditions[s.when].text)));
    if (s.kind == step_kind::notify) continue;
    out += fmt::format("    {} -> {}rejected [label=\"request.reject\", color=gray50, fontcolor=gray40, fontsize=9];\n", me, prefix);
    out += fmt::format("    {} -> {}withdrawn [label=\"request.withdraw,\\nincident.conclude\", color=gray50, fontcolor=gray40, fontsize=9];\n", me, prefix);
    if (s.kind == step_kind::consent) {
      if (s.on_refuse == refusal_effect::drop_force && s.per_force) {
        out += fmt::format("    {} -> {} [label=\"request.refuse:\\nforce dropped\", fontsize=9];\n", me, me);
        out += fmt::format("    {} -> {}failed [label=\"last force refused\", fontsize=9];\n", me, prefix);
      } else {
        out += fmt::format("    {} -> {}failed [label=\"request.refuse\", fontsize=9];\n", me, prefix);
      }
    }
    // The silence ladder: each timeout that passes applies the next action.
    std::string from = me;
    for (std::size_t k = 0; k < s.on_timeout.size(); ++k) {
      const silence_action a = s.on_timeout[k].act;
      const std::string label = fmt::format("{} silent", duration(s.timeout));
      if (a == silence_action::expire) {
        out += fmt::format("    {} -> {}expired [label={}, style=dashed, color=firebrick, fontsize=9];\n", from, prefix, q(label));
        break;
      }
      const std::string rung = fmt::format("{}_silence_{}", me, k + 1);
      out += fmt::format("    {} [label={}, shape=note, fontsize=10];\n", rung,
                         q(a == silence_action::remind ? "remind the awaited\n(remind step_overdue)"
                                                       : "escalate one level up\n(escalate step_overdue;\nthe new addressee may answer)"));
      out += fmt::format("    {} -> {} [label={}, style=dashed, color=firebrick, fontsize=9];\n", from, rung, q(label));
      from = rung;
    }
  }

  std::string actions = "on_approved, in order:";
  for (const chain_action& a : c.on_approved) {
    actions += fmt::format("\n{}: {}", a.id, to_string(a.kind));
    if (a.kind == action_kind::assign_command) actions += a.position == command_position::coordinator ? " coordinator" : " commander";
    actions += a.kind == action_kind::issue_orders ? " by " : " to ";
    actions += party(p, a.party);
    if (a.kind == action_kind::issue_orders && a.forces == force_selection::outside_incident_jurisdiction) actions += ", forces outside the incident's jurisdiction";
    if (a.per_force) actions += ", for each force";
    if (a.when != no_index) actions += fmt::format(", only when {}", p.conditions[a.when].text);
    actions += " " + clause_list(a.rule.clauses);
  }
  out += fmt::format("    {}actions [label={}, shape=box, style=filled, fillcolor=honeydew];\n", prefix, q(actions));
  out += fmt::format("    {0}approved -> {0}actions [label=\"execute\"];\n    {0}actions -> {0}executed;\n", prefix);
  out += "  }\n";
}

std::string dot_document(const policy& p, const std::vector<const detail::machine_table*>& machines, const std::vector<const chain*>& chains) {
  std::string out = fmt::format("digraph muster {{\n  label={};\n  labelloc=t;\n  rankdir=LR;\n  compound=true;\n",
                                q(fmt::format("{} {} — {}", p.id, p.version, p.file)));
  out += "  node [fontname=\"Noto Sans CJK SC,sans-serif\", fontsize=11];\n  edge [fontname=\"Noto Sans CJK SC,sans-serif\"];\n";
  for (const detail::machine_table* m : machines) {
    write_machine(out, *m);
    if (std::string_view(m->id) == "incident") write_reactions(out, p);
  }
  for (const chain* c : chains) write_chain(out, p, *c);
  return out + "}\n";
}

// ---- drawing -------------------------------------------------------------------------------

/// Runs `dot -T<format> [-o out]` with `dot_text` on its standard input.
bool run_dot(const std::string& dot_text, const std::string& format, const std::string& out_path, std::string& err) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return err = std::string("pipe: ") + std::strerror(errno), false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<std::string> args{"dot", "-T" + format};
  if (!out_path.empty()) args.insert(args.end(), {"-o", out_path});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "dot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[0]);
  if (rc != 0) {
    close(pipe_fds[1]);
    err = rc == ENOENT ? "cannot run 'dot': Graphviz is not installed or not on PATH (install the graphviz package, or use --format dot)"
                       : std::string("cannot run 'dot': ") + std::strerror(rc);
    return false;
  }
  void (*previous)(int) = std::signal(SIGPIPE, SIG_IGN);  // dot may exit early; its status says why
  std::size_t written = 0;
  while (written < dot_text.size()) {
    const ssize_t n = write(pipe_fds[1], dot_text.data() + written, dot_text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  close(pipe_fds[1]);
  std::signal(SIGPIPE, previous);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    err = WIFEXITED(status) ? fmt::format("'dot' failed (exit {})", WEXITSTATUS(status)) : "'dot' was killed";
    return false;
  }
  return true;
}

struct graph_options {
  std::string policy_path;
  std::string chain;
  std::string machine;
  std::string format = "dot";
  std::string out_path;
};

int run_graph(const graph_options& o) {
  const checked_inputs c = check_inputs({o.policy_path, ""});
  if (!c.ok()) {
    print_diagnostics(c, true);
    return exit_invalid_input;
  }
  const policy& p = *c.policy.value;
  std::vector<const detail::machine_table*> machines;
  std::vector<const chain*> chains;
  if (!o.chain.empty()) {
    const index_t i = p.find_chain(o.chain);
    if (i == no_index) {
      std::vector<std::string> ids;
      for (const auto& ch : p.chains) ids.push_back(ch.id);
      const std::string best = detail::did_you_mean(o.chain, ids);
      fmt::print(stderr, "muster graph: '{}' is not a chain of {} (chains: {}){}\n", o.chain, o.policy_path, fmt::join(ids, ", "),
                 best.empty() ? "" : " [did you mean '" + best + "'?]");
      return exit_invalid_input;
    }
    chains.push_back(&p.chains[i]);
  } else if (!o.machine.empty()) {
    for (const detail::machine_table* m : detail::machine_tables())
      if (o.machine == m->id) machines.push_back(m);
  } else {
    machines = detail::machine_tables();
    for (const auto& ch : p.chains) chains.push_back(&ch);
  }
  const std::string dot = dot_document(p, machines, chains);

  if (o.format == "dot") {
    if (o.out_path.empty()) {
      fmt::print("{}", dot);
      return exit_ok;
    }
    std::ofstream f(o.out_path, std::ios::binary);
    if (!(f << dot) || !f.flush()) {
      fmt::print(stderr, "muster graph: cannot write {}: {}\n", o.out_path, std::strerror(errno));
      return exit_invalid_input;
    }
    return exit_ok;
  }
  std::string err;
  if (!run_dot(dot, o.format, o.out_path, err)) {
    fmt::print(stderr, "muster graph: {}\n", err);
    return exit_invalid_input;
  }
  return exit_ok;
}

}  // namespace

void register_graph(CLI::App& app, int& status) {
  auto o = std::make_shared<graph_options>();
  CLI::App* cmd = app.add_subcommand("graph", "Draw the state machines and the policy's approval chains (Graphviz DOT, SVG or PNG)");
  cmd->add_option("POLICY", o->policy_path, "The policy file (muster: 1)")->type_name("FILE")->required();
  auto* chain = cmd->add_option("--chain", o->chain, "Only this chain of the policy")->type_name("ID");
  std::vector<std::string> machine_ids;
  for (const detail::machine_table* m : detail::machine_tables()) machine_ids.push_back(m->id);
  auto* machine = cmd->add_option("--machine", o->machine, "Only this state machine")->check(CLI::IsMember(machine_ids));
  chain->excludes(machine);
  cmd->add_option("--format", o->format, "dot (default), or svg / png drawn by Graphviz's `dot`")->check(CLI::IsMember({"dot", "svg", "png"}));
  cmd->add_option("-o,--output", o->out_path, "Write here instead of standard output")->type_name("FILE");
  cmd->callback([o, &status] { status = run_graph(*o); });
}

}  // namespace muster::cli
