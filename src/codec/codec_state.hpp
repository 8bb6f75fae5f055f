// Internal: what a codec holds besides its policy and registry.
#pragma once

#include "codec/fragments.hpp"
#include "codec/name_table.hpp"

#include <string>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

struct codec_state {
  codec_fragments text;                    ///< the policy's names and rules as JSON (never change)
  /// The rest changes with every input. Not on a cache line with `text`: the journal's thread
  /// reads `text` while the submitting thread decodes (write_captured_records).
  alignas(64) name_table events;           ///< event ids as written → numbers
  name_table incidents;                    ///< incident ids as written → numbers
  std::vector<std::string> incident_json;  ///< each incident's name as JSON, by number - 1
};

}  // namespace detail
MUSTER_END_NAMESPACE
