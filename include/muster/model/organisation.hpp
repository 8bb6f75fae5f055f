// Grades, roles, jurisdictions and organisations: who is who.
#pragma once

#include <muster/model/basics.hpp>

MUSTER_BEGIN_NAMESPACE

/// A severity grade (lowest first), a role, a sector or a capability: an id and a name.
struct named_item {
  std::string id;
  text name;
};
struct grade : named_item {};
struct role : named_item {
  bool one_per_jurisdiction = false;  ///< exactly one holder in every jurisdiction (EM and fire, 2.2)
};
struct sector : named_item {};
struct capability : named_item {
  bool advisory = false;  ///< met by decision support (experts), not by deploying a rescue force
};

enum class jurisdiction_level : std::uint8_t { city, county };

struct jurisdiction {
  std::string id;
  text name;
  jurisdiction_level level = jurisdiction_level::county;
  std::string kind;               ///< district, county_city, development_zone … (informative)
  std::string code;               ///< administrative-division code (GB/T 2260, 6 digits; CAP geocode); may be empty
  index_t parent = no_index;      ///< no_index for the root
  index_t depth = 0;              ///< 0 for the root
  std::vector<index_t> children;  ///< in file order
};

/// Role bit masks: a policy has at most 64 roles and 64 capabilities.
using role_mask = std::uint64_t;
using capability_mask = std::uint64_t;

struct organisation {
  std::string id;
  text name;
  index_t jurisdiction = no_index;
  role_mask roles = 0;
  std::vector<index_t> sectors;
  bool holds(index_t role) const { return role < 64 && (roles >> role) & 1U; }
};

MUSTER_END_NAMESPACE
