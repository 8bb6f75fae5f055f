// src/policy/lookup_tables.hpp: the policy's id lookups (policy::find_*) through a hash index
// beside each sorted table answer exactly as the binary search over the table does.
#include "policy/lookup_tables.hpp"
#include "test_compiler_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

muster::id_table table_of(const std::vector<std::string>& ids) {
  muster::id_table t;
  for (std::size_t i = 0; i < ids.size(); ++i) t.emplace_back(ids[i], static_cast<muster::index_t>(i));
  std::sort(t.begin(), t.end());
  return t;
}

/// Every id of `items` is found at its index, by the hash index and by the sorted table alike;
/// near misses (a prefix, a longer id, another case) are not found.
template <class Item, class Find>
void check_every_id(const std::vector<Item>& items, Find find) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    CAPTURE(items[i].id);
    CHECK(find(items[i].id) == static_cast<muster::index_t>(i));
    CHECK(find(items[i].id + "_") == muster::no_index);
    if (!items[i].id.empty()) CHECK(find(items[i].id.substr(0, items[i].id.size() - 1)) == muster::no_index);
  }
}

}  // namespace

TEST_CASE("policy lookups: the hash index finds every id, and only the ids, of a large table") {
  std::vector<std::string> ids;
  for (int i = 0; i < 3000; ++i) ids.push_back("id-" + std::to_string(i * 7));  // many share a prefix and a length
  ids.push_back("");                                                          // the empty id is an id like any other
  ids.push_back("an id longer than eight bytes, twice over");
  const muster::detail::id_lookup lookup(table_of(ids));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    CAPTURE(ids[i]);
    CHECK(lookup.find(ids[i]) == static_cast<muster::index_t>(i));
  }
  for (int i = 1; i < 3000 * 7; i += 7) CHECK(lookup.find("id-" + std::to_string(i)) == muster::no_index);
  CHECK(lookup.find("ID-0") == muster::no_index);
  CHECK(lookup.find("an id longer than eight bytes, twice ove") == muster::no_index);
  // What the compiler's passes read (did-you-mean) is the sorted table, unchanged.
  const muster::id_table& sorted = lookup;
  CHECK(sorted == table_of(ids));
}

TEST_CASE("policy lookups: an empty table finds nothing") {
  const muster::detail::id_lookup none;
  CHECK(none.find("") == muster::no_index);
  CHECK(none.find("city") == muster::no_index);
  const muster::detail::id_lookup empty{muster::id_table{}};
  CHECK(empty.find("city") == muster::no_index);
}

TEST_CASE("policy lookups: the reference policy's ids, each kind, are found at their index") {
  const auto loaded = muster::compile_policy_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai.yaml");
  REQUIRE_MESSAGE(loaded.ok(), compiler_test::describe(loaded.diagnostics));
  const muster::policy& p = *loaded.value;
  REQUIRE((!p.organisations.empty() && !p.warnings.hazards.empty() && !p.schedules.empty() && !p.periods.empty()));
  check_every_id(p.grades, [&](const std::string& s) { return p.find_grade(s); });
  check_every_id(p.roles, [&](const std::string& s) { return p.find_role(s); });
  check_every_id(p.sectors, [&](const std::string& s) { return p.find_sector(s); });
  check_every_id(p.capabilities, [&](const std::string& s) { return p.find_capability(s); });
  check_every_id(p.jurisdictions, [&](const std::string& s) { return p.find_jurisdiction(s); });
  check_every_id(p.organisations, [&](const std::string& s) { return p.find_organisation(s); });
  check_every_id(p.incident_types, [&](const std::string& s) { return p.find_incident_type(s); });
  check_every_id(p.periods, [&](const std::string& s) { return p.find_period(s); });
  check_every_id(p.chains, [&](const std::string& s) { return p.find_chain(s); });
  check_every_id(p.warnings.hazards, [&](const std::string& s) { return p.find_hazard(s); });
  check_every_id(p.schedules, [&](const std::string& s) { return p.find_schedule(s); });
  CHECK(p.find_organisation("Weihai_EM") == muster::no_index);  // ids are case-sensitive
}
