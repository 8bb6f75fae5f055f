// The engine's vocabularies for C: the names behind MUSTER_EFFECT_*, MUSTER_TOPIC_* and
// MUSTER_REJECTION_*, built from muster.h's own lists (so the header is the one source here),
// and what the binding reads off the engine's JSON: an effect's kind and an outcome's seq.
// tests/c_api/test_constants.cpp checks the lists against the engine's to_string tables.
#include "capi.hpp"

#include <cstring>
#include <iterator>

namespace muster::capi {
namespace {

#define MUSTER_X_NAME(constant, value, name) name,
#define MUSTER_X_VALUE(constant, value, name) value,
constexpr const char* effect_kind_names[] = {MUSTER_EFFECT_KINDS(MUSTER_X_NAME)};
constexpr const char* topic_names[] = {MUSTER_TOPICS(MUSTER_X_NAME)};
constexpr const char* rejection_names[] = {MUSTER_REJECTIONS(MUSTER_X_NAME)};
constexpr int effect_kind_values[] = {MUSTER_EFFECT_KINDS(MUSTER_X_VALUE)};
constexpr int topic_values[] = {MUSTER_TOPICS(MUSTER_X_VALUE)};
constexpr int rejection_values[] = {MUSTER_REJECTIONS(MUSTER_X_VALUE)};
#undef MUSTER_X_NAME
#undef MUSTER_X_VALUE

/// The tables index names by value: each list must run 0, 1, 2 … with its count.
template <std::size_t N>
constexpr bool dense(const int (&values)[N], int count) {
  if (static_cast<int>(N) != count) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (values[i] != static_cast<int>(i)) return false;
  return true;
}
static_assert(dense(effect_kind_values, MUSTER_EFFECT_KIND_COUNT), "MUSTER_EFFECT_KINDS: values 0 … count - 1, in order");
static_assert(dense(topic_values, MUSTER_TOPIC_COUNT), "MUSTER_TOPICS: values 0 … count - 1, in order");
static_assert(dense(rejection_values, MUSTER_REJECTION_COUNT), "MUSTER_REJECTIONS: values 0 … count - 1, in order");

template <std::size_t N>
const char* name_of(const char* const (&names)[N], std::int32_t value) {
  return value >= 0 && static_cast<std::size_t>(value) < N ? names[value] : "";
}

}  // namespace

std::int32_t effect_kind_of(std::string_view effect_json) {
  // The codec writes an effect as {"kind":"<name>",…}: the kind leads, always.
  constexpr std::string_view lead = "{\"kind\":\"";
  if (effect_json.substr(0, lead.size()) != lead) return MUSTER_EFFECT_KIND_UNKNOWN;
  const std::string_view rest = effect_json.substr(lead.size());
  const std::string_view name = rest.substr(0, rest.find('"'));
  for (std::size_t i = 0; i < std::size(effect_kind_names); ++i)
    if (name == effect_kind_names[i]) return static_cast<std::int32_t>(i);
  return MUSTER_EFFECT_KIND_UNKNOWN;
}

std::uint64_t outcome_seq(std::string_view outcome_json) {
  // The codec writes an outcome as {"seq":N,…}: the seq leads, always.
  constexpr std::string_view lead = "{\"seq\":";
  if (outcome_json.substr(0, lead.size()) != lead) return 0;
  std::uint64_t n = 0;
  for (std::size_t i = lead.size(); i < outcome_json.size() && outcome_json[i] >= '0' && outcome_json[i] <= '9'; ++i)
    n = n * 10 + static_cast<std::uint64_t>(outcome_json[i] - '0');
  return n;
}

std::int32_t rejection_value(rejection r) {
  const char* name = to_string(r);
  for (std::size_t i = 0; i < std::size(rejection_names); ++i)
    if (std::strcmp(name, rejection_names[i]) == 0) return static_cast<std::int32_t>(i);
  return MUSTER_REJECTION_UNKNOWN;
}

}  // namespace muster::capi

// The name functions leave the last error as it was (muster.h).
extern "C" MUSTER_API const char* muster_effect_kind_str(int32_t kind) {
  return muster::capi::name_of(muster::capi::effect_kind_names, kind);
}
extern "C" MUSTER_API const char* muster_topic_str(int32_t topic) { return muster::capi::name_of(muster::capi::topic_names, topic); }
extern "C" MUSTER_API const char* muster_rejection_str(int32_t reason) {
  return muster::capi::name_of(muster::capi::rejection_names, reason);
}
