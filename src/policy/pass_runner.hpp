// Internal: runs a fixed list of named passes, timing each and honouring gates.
#pragma once

#include "policy/compile_context.hpp"

#include <chrono>

MUSTER_BEGIN_NAMESPACE
namespace detail {

template <class Context, std::size_t N>
void run_passes(Context& cx, const pass<Context> (&passes)[N], std::vector<pass_report>& reports) {
  for (const auto& p : passes) {
    const std::size_t before = cx.diags.size();
    const auto start = std::chrono::steady_clock::now();  // metrics only, never a decision
    p.run(cx);
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    reports.push_back({p.name, cx.diags.size() - before, took.count()});
    if (p.gate && has_errors(cx.diags)) return;
  }
}

/// Sorts, keeps at most `limit` and says how many were left out.
void finish_diagnostics(std::vector<diagnostic>& diags, std::size_t limit);

}  // namespace detail
MUSTER_END_NAMESPACE
