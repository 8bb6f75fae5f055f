// A codec's numbered names as bytes, for snapshots (docs/journal.md "Snapshots").
#include "codec/codec_state.hpp"

MUSTER_BEGIN_NAMESPACE
namespace detail {

namespace {
constexpr std::uint32_t names_magic = 0x4D4E414D;  // "MANM": the codec's part of a snapshot
}

void codec_state::save(byte_writer& w) const {
  w.put(names_magic);
  events.save(w);
  incidents.save(w);
  w.put(names_magic);
}

bool codec_state::load(byte_reader& r) {
  if (r.get<std::uint32_t>() != names_magic) return r.fail(), false;
  name_table loaded_incidents;
  if (!events.load(r) || !loaded_incidents.load(r)) return false;
  // Each case's name as JSON, by number, as intern_case makes them.
  incidents = name_table{};
  incident_json.clear();
  for (std::size_t id = 1; id <= loaded_incidents.size(); ++id) {
    const std::string name(loaded_incidents.name(id));
    intern_case(name, incidents.prefetch(name));
  }
  if (r.get<std::uint32_t>() != names_magic) r.fail();
  return !r.failed();
}

}  // namespace detail
MUSTER_END_NAMESPACE
