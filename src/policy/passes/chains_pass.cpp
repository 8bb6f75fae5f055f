// Pass `chains`: each approval chain is a walk that ends. No cycles through `next`, no step
// that the walk from the first step never reaches, a timeout on every blocking step, and
// silence handling that makes sense.
#include "policy/policy_context.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

void check_walk(policy_context& cx, std::size_t c) {
  const chain& ch = cx.p.chains[c];
  const auto& nodes = cx.step_nodes[c];
  if (ch.steps.empty()) {
    cx.report(*cx.chain_nodes[c], "empty-chain", "chain '" + ch.id + "' has no steps");
    return;
  }
  std::vector<bool> reached(ch.steps.size(), false);
  index_t at = 0, from = no_index;
  while (at != no_index) {
    if (reached[at]) {
      // Report at the `next` that closes the loop: only an explicit next can point backwards.
      const yaml_node* next = field(*nodes[from], "next");
      cx.report(next ? *next : *nodes[from], "chain-cycle",
                "step '" + ch.steps[from].id + "' of chain '" + ch.id + "' loops back to step '" + ch.steps[at].id + "'",
                "a chain must end: point the last step's next at done");
      return;
    }
    reached[at] = true;
    from = at;
    at = ch.steps[at].next;
  }
  for (std::size_t s = 0; s < ch.steps.size(); ++s)
    if (!reached[s])
      cx.report(*nodes[s], "chain-unreachable-step", "step '" + ch.steps[s].id + "' of chain '" + ch.id + "' is never reached",
                "no step's next leads to it; remove it or point a next at it");
}

void check_steps(policy_context& cx, std::size_t c) {
  const chain& ch = cx.p.chains[c];
  for (std::size_t s = 0; s < ch.steps.size(); ++s) {
    const chain_step& st = ch.steps[s];
    const yaml_node& n = *cx.step_nodes[c][s];
    const std::string what = "step '" + st.id + "' of chain '" + ch.id + "'";
    if (st.kind != step_kind::notify && st.timeout == 0)
      cx.report(n, "chain-missing-timeout", what + " waits for an answer but has no timeout",
                "add timeout: 15m and on_timeout: [remind, escalate]");
    if (st.kind == step_kind::notify && (field(n, "timeout") || field(n, "on_timeout")))
      cx.warn(n, "timeout-ignored", what + " only notifies; its timeout is never used");
    if (st.kind != step_kind::notify && st.timeout != 0 && st.on_timeout.empty())
      cx.warn(n, "silence-ignored", what + " has a timeout but no on_timeout, so silence does nothing",
              "add on_timeout: [remind, escalate]");
    if (field(n, "on_refuse") && st.kind != step_kind::consent)
      cx.report(*field(n, "on_refuse"), "on-refuse-not-consent", what + ": on_refuse applies only to consent steps");
    if (st.on_refuse == refusal_effect::drop_force && !st.per_force)
      cx.report(*field(n, "on_refuse"), "on-refuse-not-consent", what + ": drop_force needs for_each: force");
  }
}

/// A chain that deploys forces should deploy every category a request may name: otherwise a
/// named force of the missing category is approved and then neither ordered nor asked.
void check_deployed_categories(policy_context& cx, std::size_t c) {
  const chain& ch = cx.p.chains[c];
  category_mask deployed = 0;
  bool deploys = false;
  for (const chain_action& a : ch.on_approved) {
    if (a.kind != action_kind::issue_orders && a.kind != action_kind::request_support) continue;
    deploys = true;
    deployed = static_cast<category_mask>(deployed | a.categories);
  }
  if (!deploys || deployed == all_categories) return;
  std::string missing;
  for (unsigned k = 0; k < 4; ++k)
    if (!(deployed >> k & 1U)) missing += (missing.empty() ? "" : ", ") + std::string(to_string(static_cast<force_category>(k)));
  const yaml_node* at = cx.chain_nodes[c];
  for (const auto& e : at->entries)
    if (e.key.text == "on_approved") at = &e.key;
  cx.warn(*at, "undeployed-category",
          "chain '" + ch.id + "' deploys no " + missing + " force: one named in a request is approved, then neither ordered nor asked",
          "add the category to an issue_orders or request_support action");
}

/// Whether a chain may be approved the moment it opens: none of its steps waits for an answer
/// whatever the incident (each that waits has a `when:`, which may be false).
bool may_pass_at_once(const chain& ch) {
  for (const chain_step& st : ch.steps)
    if (st.kind != step_kind::notify && st.when == no_index) return false;
  return true;
}

/// open_chain actions among chains that may pass at once must not form a ring: within one event
/// each would open the next, without end (the engine recursed until the stack ran out). Reported
/// at the `chain:` that closes the ring.
void check_open_cycles(policy_context& cx) {
  const auto& chains = cx.p.chains;
  std::vector<unsigned char> mark(chains.size(), 0);  // 0: not seen, 1: on the walk, 2: done
  struct walker {
    policy_context& cx;
    std::vector<unsigned char>& mark;
    void visit(std::size_t c) {
      const auto& chains = cx.p.chains;
      mark[c] = 1;
      for (std::size_t a = 0; a < chains[c].on_approved.size(); ++a) {
        const chain_action& act = chains[c].on_approved[a];
        if (act.kind != action_kind::open_chain || act.target >= chains.size() || !may_pass_at_once(chains[act.target])) continue;
        if (mark[act.target] == 1) {
          const yaml_node& an = *cx.action_nodes[c][a];
          const yaml_node* at = field(an, "chain");
          const std::string& from = chains[c].id;
          const std::string& to = chains[act.target].id;
          cx.report(at ? *at : an, "chain-open-cycle",
                    act.target == c ? "chain '" + from + "' opens itself, and none of its steps waits for an answer: it would open without end"
                                    : "chain '" + from + "' opens chain '" + to + "', which leads back to '" + from +
                                          "', and none of these chains waits for an answer: they would open each other without end",
                    "give one of them a step that waits for an answer whatever the incident (no when:)");
        } else if (mark[act.target] == 0) {
          visit(act.target);
        }
      }
      mark[c] = 2;
    }
  } walk{cx, mark};
  for (std::size_t c = 0; c < chains.size(); ++c)
    if (mark[c] == 0 && may_pass_at_once(chains[c])) walk.visit(c);
}

const char* subject_name(chain_subject s) {
  switch (s) {
    case chain_subject::forces: return "forces";
    case chain_subject::quantity: return "quantity";
    case chain_subject::claim: return "claim";
    case chain_subject::document: return "document";
    case chain_subject::nothing: return "nothing";
  }
  return "?";
}

/// open_chain hands the opened chain this one's forces and its quantity or amount: a chain about
/// forces, a quantity or a claim must be opened from one about the same (else it would wait on
/// no force, or read an amount as a quantity). A chain about a document or nothing fits anywhere.
void check_open_subjects(policy_context& cx, std::size_t c) {
  const chain& ch = cx.p.chains[c];
  for (std::size_t a = 0; a < ch.on_approved.size(); ++a) {
    const chain_action& act = ch.on_approved[a];
    if (act.kind != action_kind::open_chain || act.target >= cx.p.chains.size()) continue;
    const chain& next = cx.p.chains[act.target];
    if (next.about == chain_subject::document || next.about == chain_subject::nothing || next.about == ch.about) continue;
    const yaml_node& an = *cx.action_nodes[c][a];
    const yaml_node* at = field(an, "chain");
    cx.report(at ? *at : an, "chain-subject",
              "chain '" + next.id + "' is about " + subject_name(next.about) + ", but chain '" + ch.id + "', which opens it, is about " +
                  subject_name(ch.about) + ": it has none to hand on",
              "open it with chain.open, or from a chain about " + std::string(subject_name(next.about)));
  }
}

}  // namespace

void check_chains(policy_context& cx) {
  for (std::size_t c = 0; c < cx.p.chains.size(); ++c) {
    check_walk(cx, c);
    check_steps(cx, c);
    check_deployed_categories(cx, c);
    check_open_subjects(cx, c);
  }
  check_open_cycles(cx);
}

}  // namespace detail
MUSTER_END_NAMESPACE
