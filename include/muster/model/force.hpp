// Rescue forces (1.1–1.4) as the registry lists them.
#pragma once

#include <muster/model/organisation.hpp>

#include <string_view>

MUSTER_BEGIN_NAMESPACE

enum class force_category : std::uint8_t { government, enterprise, social, expert };

/// A force's duty status (3.2.2 值班值守): whether it can be sent now. The registry gives the
/// starting value; `force.update` events change it as the day goes.
enum class duty_status : std::uint8_t { available, on_duty_elsewhere, maintenance, stood_down };
inline constexpr int duty_status_count = 4;
const char* to_string(duty_status s);  ///< available, on_duty_elsewhere, maintenance, stood_down
/// The status named `s` (as to_string writes it); false when it names none.
bool parse_duty_status(std::string_view s, duty_status& out);

struct counted_item {
  text name;
  std::uint32_t count = 0;
};

struct force {
  std::string id;
  text name;
  force_category category = force_category::government;
  index_t owner = no_index;               ///< organisation
  index_t authority = no_index;  ///< organisation: the department that governs it (`authority:`; 行业主管部门)
  index_t jurisdiction = no_index;        ///< home
  capability_mask capabilities = 0;
  std::uint32_t personnel = 0;
  std::vector<counted_item> equipment;
  std::vector<counted_item> materials;
  date data_updated;                      ///< 3.2.1
  date insured_until;                     ///< 4.4
  index_t sector = no_index;              ///< enterprise forces
  bool registered = false;                ///< social forces
  duty_status duty = duty_status::available;  ///< at the start of every journal (force.update changes it)
  std::vector<std::string> expertise;     ///< expert forces
  source_location where;
  bool has(index_t capability) const { return capability < 64 && (capabilities >> capability) & 1U; }
  /// Items are numbered equipment first, then materials (force.update's `item`).
  std::size_t item_count() const { return equipment.size() + materials.size(); }
  /// Item `i` in that numbering; nullptr past the end.
  const counted_item* item(std::size_t i) const {
    return i < equipment.size() ? &equipment[i] : i - equipment.size() < materials.size() ? &materials[i - equipment.size()] : nullptr;
  }
};

MUSTER_END_NAMESPACE
