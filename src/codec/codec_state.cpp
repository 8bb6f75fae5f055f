// A codec's numbered names as bytes, for snapshots (docs/journal.md "Snapshots").
#include "codec/codec_state.hpp"

#include "codec/json_out.hpp"

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

void codec_state::keep_case_json(std::string_view name) {
  std::string json;
  {
    json_sink w(json);
    w.name(name);
  }
  incident_json.push_back(std::move(json));
}

void codec_state::forget_cases_below(std::uint64_t first) {
  incidents.forget_below(first);
  if (incidents.forgotten() <= incident_json_base) return;  // not yet: it forgets in bulk
  const auto drop = static_cast<std::ptrdiff_t>(incidents.forgotten() - incident_json_base);
  incident_json.erase(incident_json.begin(), incident_json.begin() + drop);
  incident_json.shrink_to_fit();
  incident_json_base = incidents.forgotten();
}

bool codec_state::load(byte_reader& r) {
  if (r.get<std::uint32_t>() != names_magic) return r.fail(), false;
  if (!events.load(r) || !incidents.load(r)) return false;
  // Each case's name kept as JSON, by number, as intern_case makes them.
  incident_json_base = incidents.forgotten();
  incident_json.clear();
  for (std::uint64_t id = incident_json_base + 1; id <= incidents.size(); ++id) keep_case_json(incidents.name(id));
  if (r.get<std::uint32_t>() != names_magic) r.fail();
  return !r.failed();
}

}  // namespace detail
MUSTER_END_NAMESPACE
