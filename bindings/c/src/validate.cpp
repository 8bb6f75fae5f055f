// muster_validate: compile a policy (and its force registry, when the policy compiles) and
// report every diagnostic as JSON, as `muster validate --format json` does.
#include "capi.hpp"
#include "diagnostic_json.hpp"

#include <muster/policy.hpp>
#include <muster/rules.hpp>

#include <nlohmann/json.hpp>

namespace {

using json = nlohmann::ordered_json;

}  // namespace

using namespace muster::capi;

extern "C" MUSTER_API int muster_validate(char* out, size_t out_cap, size_t* out_len, const char* policy_path,
                                          const char* forces_path) {
  constexpr const char* fn = "muster_validate";
  return guarded(fn, [&]() -> int {
    if (policy_path == nullptr) return null_argument(fn, "policy_path");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;

    // The registry names the policy's organisations: it is only checked against a policy that
    // compiled (its YAML is parsed meanwhile: rules.hpp).
    const muster::rules_result both =
        muster::compile_rules_files(policy_path, forces_path ? std::optional<std::string>(forces_path) : std::nullopt);
    const std::vector<muster::diagnostic> all = both.diagnostics();
    const bool check_forces = both.forces.has_value();
    const bool ok = both.ok();
    json diags = json::array();
    std::size_t errors = 0;
    const muster::diagnostic* first = nullptr;
    for (const auto& d : all) {
      diags.push_back(diagnostic_json(d));
      if (d.level == muster::severity::error && errors++ == 0) first = &d;
    }
    json j;
    j["ok"] = ok;
    j["diagnostics"] = std::move(diags);
    j["forces_checked"] = check_forces;
    const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (const int rc = copy_out(fn, text, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    if (ok) return MUSTER_OK;
    std::string m = std::string(fn) + ": " + std::to_string(errors) + (errors == 1 ? " error" : " errors");
    if (first != nullptr) m += "; the first: " + muster::render(*first);
    return fail(MUSTER_EPOLICY, m);
  });
}
