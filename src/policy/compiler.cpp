// The policy compiler: load with marks → named passes → an immutable, shareable `policy`.
#include "common/digest.hpp"
#include "policy/diagnostic_codes.hpp"
#include "policy/pass_runner.hpp"
#include "policy/policy_context.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

const pass<policy_context> policy_passes[] = {
    {"templates", expand_templates, false},
    {"shape", [](policy_context& cx) { check_shape(cx); }, false},
    {"scalars", [](policy_context& cx) {
       // Clauses are checked against the policy's own document, read first (as written).
       if (const yaml_node* document = field(cx.doc.root, "document"))
         for (const auto& c : items_of(field(*document, "clauses"))) cx.clause_ids.push_back(scalar_or(c, "id"));
       check_scalars(cx);
     }, true},
    {"names", resolve_names, false},
    {"references", resolve_references, true},
    {"lower", lower_incident_blocks, false},
    {"chains", check_chains, false},
    {"warnings", resolve_warnings, false},
    {"calendar", check_calendar, false},
    {"checks", resolve_checks, false},  // before schedules: calls.failing names checks
    {"schedules", resolve_schedules, false},
    {"tables", build_tables, true},
};

}  // namespace

void finish_diagnostics(std::vector<diagnostic>& diags, std::size_t limit) {
  check_diagnostic_codes(diags);
  sort_diagnostics(diags);
  if (diags.size() > limit) {
    const std::size_t dropped = diags.size() - limit;
    diags.resize(limit);
    diags.push_back({severity::error, "too-many-diagnostics", diags.back().where,
                     std::to_string(dropped) + " more diagnostics were not shown", "fix these first"});
  }
}

}  // namespace detail

const std::vector<std::string>& policy_pass_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& p : detail::policy_passes) n.emplace_back(p.name);
    return n;
  }();
  return names;
}

namespace {

policy_result compile_document(bool loaded, detail::yaml_document& doc, std::string_view bytes,
                               std::vector<diagnostic> diags, const compile_options& options) {
  policy_result result;
  result.diagnostics = std::move(diags);
  if (loaded) {
    auto out = std::make_shared<policy>();
    out->file = doc.file;
    out->digest = detail::sha256_hex(bytes);
    detail::policy_context cx(doc, result.diagnostics, *out, options.limits);
    detail::run_passes(cx, detail::policy_passes, result.passes);
    if (!has_errors(result.diagnostics)) result.value = std::move(out);
  }
  detail::finish_diagnostics(result.diagnostics, options.limits.max_diagnostics);
  return result;
}

}  // namespace

policy_result compile_policy_text(const std::string& file_name, std::string_view yaml, const compile_options& options) {
  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  bool loaded = detail::load_yaml(file_name, yaml, options.limits, doc, diags);
  return compile_document(loaded, doc, yaml, std::move(diags), options);
}

policy_result compile_policy_file(const std::string& path, const compile_options& options) {
  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  std::string bytes;
  bool loaded = detail::load_yaml_file(path, options.limits, doc, diags, &bytes);
  return compile_document(loaded, doc, bytes, std::move(diags), options);
}

MUSTER_END_NAMESPACE
