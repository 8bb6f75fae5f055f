// muster_report: the scorecards of supervision (5.1) of a journal, as `muster report --format
// json` writes them, for hosts that show them in their own screens (docs/report.md).
#include "capi.hpp"

#include <muster/codec.hpp>
#include <muster/policy.hpp>
#include <muster/rules.hpp>
#include <muster/report.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace {

constexpr const char* fn = "muster_report";

/// The first error of a compile, rendered; muster_validate gives them all.
std::string first_error(const std::vector<muster::diagnostic>& diags) {
  for (const muster::diagnostic& d : diags)
    if (d.level == muster::severity::error) return muster::render(d) + " (muster_validate lists every diagnostic)";
  return "no diagnostic";
}

/// {"from": T, "to": T, "by": "jurisdiction"|"force"}: each optional; T as in events (RFC 3339
/// with its offset, or seconds since 1970).
int read_options(const char* text, std::size_t len, const muster::codec& times, muster::report_options& o, muster::report_grouping& g) {
  if (text == nullptr || len == 0) return MUSTER_OK;
  const nlohmann::json j = nlohmann::json::parse(text, text + len, nullptr, false);
  if (!j.is_object()) return muster::capi::fail(MUSTER_EINVAL, std::string(fn) + ": options_json is not a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key == "from" || key == "to") {
      muster::timestamp t = 0;
      const std::string s = value.is_string() ? value.get<std::string>() : value.is_number_integer() ? value.dump() : std::string();
      if (!times.parse_time(s, t))
        return muster::capi::fail(MUSTER_EINVAL, std::string(fn) + ": options_json: \"" + key + "\" is not a time (RFC 3339 with its offset, or seconds)");
      (key == "from" ? o.from : o.to) = t;
    } else if (key == "by" && value == "jurisdiction") {
      g = muster::report_grouping::jurisdiction;
    } else if (key == "by" && value == "force") {
      g = muster::report_grouping::force;
    } else {
      return muster::capi::fail(MUSTER_EINVAL, std::string(fn) + ": options_json: \"" + key +
                                                   "\" is not an option here (from, to, by: \"jurisdiction\" or \"force\")");
    }
  }
  if (o.from && o.to && *o.from >= *o.to)
    return muster::capi::fail(MUSTER_EINVAL, std::string(fn) + ": options_json: \"from\" is not before \"to\": the period would be empty");
  return MUSTER_OK;
}

}  // namespace

using namespace muster::capi;

extern "C" MUSTER_API int muster_report(char* out, size_t out_cap, size_t* out_len, const char* policy_path, const char* forces_path,
                                        const char* journal_path, const char* options_json, size_t options_len) {
  return guarded(fn, [&]() -> int {
    if (policy_path == nullptr) return null_argument(fn, "policy_path");
    if (forces_path == nullptr) return null_argument(fn, "forces_path");
    if (journal_path == nullptr) return null_argument(fn, "journal_path");
    if (options_json == nullptr && options_len > 0) return null_argument(fn, "options_json");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;

    muster::rules_result both = muster::compile_rules_files(policy_path, forces_path);
    const muster::policy_result& p = both.policy;
    if (!p.ok()) return fail(MUSTER_EPOLICY, std::string(fn) + ": the policy does not compile: " + first_error(p.diagnostics));
    const muster::registry_result& r = *both.forces;
    if (!r.ok()) return fail(MUSTER_EPOLICY, std::string(fn) + ": the force registry does not compile: " + first_error(r.diagnostics));

    muster::report_options o;
    muster::report_grouping g = muster::report_grouping::both;
    if (const int rc = read_options(options_json, options_len, muster::codec(p.value, r.value), o, g); rc != MUSTER_OK) return rc;
    const muster::report_result rep = muster::build_report(p.value, r.value, journal_path, o);
    if (!rep) return fail(fn, rep.error());
    return copy_out(fn, muster::render_report_json(*rep, g), out, out_cap, out_len);
  });
}
