// muster_cap_import: a CAP 1.2 alert → the warning event it means under the engine's policy,
// as `muster cap import` prints it, with every diagnostic (docs/warnings.md, "CAP 1.2").
#include "capi.hpp"
#include "diagnostic_json.hpp"

#include <muster/cap.hpp>

#include <nlohmann/json.hpp>

#include <cstring>

namespace {

using json = nlohmann::ordered_json;

}  // namespace

using namespace muster::capi;

extern "C" MUSTER_API int muster_cap_import(char* out, size_t out_cap, size_t* out_len, muster_engine* engine, const char* xml,
                                            size_t xml_len, const char* actor) {
  constexpr const char* fn = "muster_cap_import";
  return guarded(fn, [&]() -> int {
    if (engine == nullptr) return null_argument(fn, "engine");
    if (xml == nullptr && xml_len > 0) return null_argument(fn, "xml");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    muster::cap::import_options o;
    if (actor != nullptr) o.actor = actor;
    // The policy is immutable and shared; the lock only keeps this call out of an effect
    // callback of the same engine and orders it with the engine's other calls.
    engine_lock lock(*engine, fn);
    if (lock.status() != MUSTER_OK) return lock.status();
    const muster::policy& p = engine->session->engine().rules_policy();
    const auto r = muster::cap::import_alert(p, std::string_view(xml == nullptr ? "" : xml, xml_len), "alert", o);

    json diags = json::array();
    const muster::diagnostic* first = nullptr;
    std::size_t errors = 0;
    for (const auto& d : r.diagnostics) {
      diags.push_back(diagnostic_json(d));
      if (d.level == muster::severity::error && errors++ == 0) first = &d;
    }
    json j;
    j["ok"] = r.ok();
    j["event"] = r.ok() ? json::parse(muster::cap::to_json_line(*r)) : json(nullptr);
    j["diagnostics"] = std::move(diags);
    const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
    if (const int rc = copy_out(fn, text, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    if (r.ok()) return MUSTER_OK;
    std::string m = std::string(fn) + ": the alert is refused: " + std::to_string(errors) + (errors == 1 ? " error" : " errors");
    if (first != nullptr) m += "; the first: " + muster::render(*first);
    return fail(status_rc(r.error().code()), m);
  });
}
