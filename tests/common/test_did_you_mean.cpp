// src/common/did_you_mean.hpp: the guess behind every unknown-name hint (policy and registry
// compilers, event codec, CLI).
#include "common/did_you_mean.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using muster::detail::did_you_mean;

TEST_CASE("did_you_mean: typos within the distance limit") {
  CHECK(did_you_mean("lager", {"minor", "larger", "major"}) == "larger");
  CHECK(did_you_mean("cty", {"city", "county"}) == "city");
  CHECK(did_you_mean("at_or_above_treshold", {"always", "at_or_above_threshold"}) == "at_or_above_threshold");
  CHECK(did_you_mean("ordres", {"orders", "chains"}) == "orders");
}

TEST_CASE("did_you_mean: a shared prefix is the weakest match") {
  CHECK(did_you_mean("emergency_mgmt", {"fire_rescue", "emergency_management"}) == "emergency_management");
  // The closer candidate wins over the one sharing the prefix.
  CHECK(did_you_mean("incident.reprot", {"incident.regrade", "incident.report"}) == "incident.report");
  // Words under six characters get no prefix match.
  CHECK(did_you_mean("emerg", {"emergency_management"}).empty());
}

TEST_CASE("did_you_mean: nothing close, nothing to choose from, ties") {
  CHECK(did_you_mean("zzzzzz", {"call_plan", "cross_region"}).empty());
  CHECK(did_you_mean("ab", {"xyz"}).empty());  // distance 3: not a typo of a two-letter word
  CHECK(did_you_mean("ab", {"ax"}) == "ax");
  CHECK(did_you_mean("word", {}).empty());
  CHECK(did_you_mean("cat", {"bat", "hat"}) == "bat");  // equal distance: the first listed
  CHECK(did_you_mean("same", {"other", "same"}) == "same");
}
