// Outcome accessors: immutable once built, so they take no lock and may run on any thread.
// They only read, so when they succeed they leave the thread's last error as it was: after a
// rejected submit it still says why while the host reads the outcome (muster.h).
#include "capi.hpp"

using namespace muster::capi;

extern "C" MUSTER_API void muster_outcome_free(muster_outcome* outcome) {
  recycle_outcome(outcome);  // NULL is fine
}

extern "C" MUSTER_API int muster_outcome_accepted(const muster_outcome* outcome) {
  if (outcome == nullptr) {
    null_argument("muster_outcome_accepted", "outcome");
    return 0;
  }
  return outcome->view().accepted ? 1 : 0;
}

extern "C" MUSTER_API size_t muster_outcome_effect_count(const muster_outcome* outcome) {
  if (outcome == nullptr) {
    null_argument("muster_outcome_effect_count", "outcome");
    return 0;
  }
  return outcome->view().effects.size();
}

extern "C" MUSTER_API int muster_outcome_status(const muster_outcome* outcome) {
  if (outcome == nullptr) return null_argument("muster_outcome_status", "outcome");
  return outcome->status;
}

extern "C" MUSTER_API uint64_t muster_outcome_seq(const muster_outcome* outcome) {
  if (outcome == nullptr) {
    null_argument("muster_outcome_seq", "outcome");
    return 0;
  }
  return outcome_seq(outcome->view().json);
}

extern "C" MUSTER_API int32_t muster_outcome_reason(const muster_outcome* outcome) {
  if (outcome == nullptr) {
    null_argument("muster_outcome_reason", "outcome");
    return MUSTER_REJECTION_UNKNOWN;
  }
  return rejection_value(outcome->view().reason);
}

extern "C" MUSTER_API int muster_outcome_effect(muster_effect* out, const muster_outcome* outcome, size_t index) {
  constexpr const char* fn = "muster_outcome_effect";
  return guarded_read(fn, [&]() -> int {
    if (out == nullptr) return null_argument(fn, "out");
    if (outcome == nullptr) return null_argument(fn, "outcome");
    const muster::outcome_text& o = outcome->view();
    if (index >= o.effects.size())
      return fail(MUSTER_EINVAL, std::string(fn) + ": index " + std::to_string(index) + " is out of range (the outcome has " +
                                     std::to_string(o.effects.size()) + " effects)");
    // A view into the outcome's text, where the effects stand back to back without NULs.
    describe_effect(*out, o, index, o.json.data() + o.effects[index].offset);
    return MUSTER_OK;
  });
}

extern "C" MUSTER_API const char* muster_outcome_error(const muster_outcome* outcome) {
  if (outcome == nullptr) {
    null_argument("muster_outcome_error", "outcome");
    return "";
  }
  return outcome->message.c_str();  // "" when accepted; lives as long as the outcome
}

extern "C" MUSTER_API int muster_outcome_json(char* out, size_t out_cap, size_t* out_len, const muster_outcome* outcome) {
  constexpr const char* fn = "muster_outcome_json";
  return guarded_read(fn, [&]() -> int {
    if (outcome == nullptr) return null_argument(fn, "outcome");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    return copy_out(fn, outcome->view().json, out, out_cap, out_len);
  });
}

extern "C" MUSTER_API int muster_outcome_effect_json(char* out, size_t out_cap, size_t* out_len, const muster_outcome* outcome,
                                                     size_t index) {
  constexpr const char* fn = "muster_outcome_effect_json";
  return guarded_read(fn, [&]() -> int {
    if (outcome == nullptr) return null_argument(fn, "outcome");
    if (const int rc = check_buffer(fn, out, out_cap, out_len); rc != MUSTER_OK) return rc;
    const auto& effects = outcome->view().effects;
    if (index >= effects.size())
      return fail(MUSTER_EINVAL, std::string(fn) + ": index " + std::to_string(index) + " is out of range (the outcome has " +
                                     std::to_string(effects.size()) + " effects)");
    return copy_out(fn, std::string_view(outcome->view().json).substr(effects[index].offset, effects[index].length), out, out_cap,
                    out_len);
  });
}
