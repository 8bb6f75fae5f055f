// docs/events.schema.json against the codec's and the engine's tables: every event kind with
// exactly the fields the decoder requires and accepts (codec/event_fields.hpp), and every effect
// kind, topic and rejection reason with the engine's name. A kind or a field added to the code
// and not to the schema (or the other way round) fails here.
#include "codec/event_fields.hpp"

#include <muster/events.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>

namespace {

using json = nlohmann::json;
using names = std::set<std::string>;

const json& events_schema() {
  static const json schema = [] {
    std::ifstream in(std::string(MUSTER_SOURCE_DIR) + "/docs/events.schema.json");
    REQUIRE_MESSAGE(in.good(), "cannot read docs/events.schema.json");
    return json::parse(in);
  }();
  return schema;
}

names strings(const json& list) {
  names out;
  for (const auto& v : list) out.insert(v.get<std::string>());
  return out;
}

names fields(muster::detail::field_mask mask) {
  names out;
  for (int f = 0; f < muster::detail::field_count; ++f)
    if (mask & muster::detail::bit(static_cast<muster::detail::field>(f))) out.emplace(muster::detail::field_names[f]);
  return out;
}

// "" when the two agree; otherwise what each lacks, so a failure names the kind, field or topic.
std::string difference(const names& schema, const names& code) {
  std::string out;
  for (const auto& n : schema)
    if (!code.count(n)) out += " schema-only:" + n;
  for (const auto& n : code)
    if (!schema.count(n)) out += " code-only:" + n;
  return out;
}

// The engine's names of an enum's values, less `none` (never written).
template <class Enum>
names engine_names(int count) {
  names out;
  for (int v = 0; v < count; ++v) {
    const std::string name = muster::to_string(static_cast<Enum>(v));
    if (name != "none") out.insert(name);
  }
  return out;
}

}  // namespace

TEST_CASE("events schema: an event has the codec's fields, and each kind requires and allows what the decoder does") {
  const json& event = events_schema()["$defs"]["event"];
  names properties;
  for (const auto& p : event["properties"].items()) properties.insert(p.key());
  CHECK(difference(properties, fields(~muster::detail::field_mask{0} >> (64 - muster::detail::field_count))) == "");
  CHECK(difference(strings(event["properties"]["kind"]["enum"]), engine_names<muster::event_kind>(muster::event_kind_count)) == "");

  names seen;
  for (const auto& rule : event["allOf"]) {
    const std::string kind = rule["if"]["properties"]["kind"]["const"];
    CAPTURE(kind);
    CHECK(seen.insert(kind).second);  // one rule per kind
    muster::event_kind k{};
    bool found = false;
    for (int v = 0; v < muster::event_kind_count; ++v)
      if (kind == muster::to_string(static_cast<muster::event_kind>(v))) k = static_cast<muster::event_kind>(v), found = true;
    REQUIRE_MESSAGE(found, "the schema has a rule for an event kind the engine lacks");
    const auto table = muster::detail::fields_of(k);
    CHECK(difference(strings(rule["then"]["required"]), fields(table.required)) == "");
    CHECK(difference(strings(rule["then"]["propertyNames"]["enum"]), fields(table.allowed)) == "");
  }
  CHECK(difference(seen, engine_names<muster::event_kind>(muster::event_kind_count)) == "");
}

TEST_CASE("events schema: effect kinds, topics and rejection reasons are the engine's") {
  const json& defs = events_schema()["$defs"];
  CHECK(difference(strings(defs["effect"]["properties"]["kind"]["enum"]), engine_names<muster::effect_kind>(muster::effect_kind_count)) == "");
  CHECK(difference(strings(defs["effect"]["properties"]["topic"]["enum"]), engine_names<muster::topic>(muster::topic_count)) == "");
  CHECK(difference(strings(defs["outcome"]["properties"]["rejection"]["properties"]["reason"]["enum"]),
                   engine_names<muster::rejection>(muster::rejection_count)) == "");
}
