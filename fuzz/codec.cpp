// Fuzz target: the event codec and the engine behind it. The input is JSON Lines, each line an
// event (docs/events.md) submitted, in order, to a fresh in-memory session of the reference
// rules. Each line that decodes must also survive a round trip: encode_event, then decode
// again, must give the same text (the form journals and hosts rely on).
#include "fuzz_support.hpp"

#include <muster/codec.hpp>
#include <muster/session.hpp>

#include <cstdio>
#include <cstdlib>

namespace {

using namespace muster;

/// Enough lines to drive an incident through its machines; more only slows the fuzzer.
constexpr std::size_t max_lines = 64;

void check_round_trip(codec& c, std::string_view line) {
  owned_event first;
  if (!c.decode_event(line, first)) return;
  const std::string encoded = c.encode_event(first.ev);
  owned_event second;
  if (const status err = c.decode_event(encoded, second); !err) {
    std::fprintf(stderr, "the codec refuses its own encoding %s: %s\n", encoded.c_str(), err.message().c_str());
    std::abort();
  }
  if (c.encode_event(second.ev) != encoded) {
    std::fprintf(stderr, "the encoding %s does not read back the same\n", encoded.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto opened = session::open(fuzz::reference_policy(), fuzz::reference_forces(), session_options{});
  if (!opened) {
    std::fprintf(stderr, "an in-memory session does not open: %s\n", opened.error().message().c_str());
    std::abort();
  }
  const std::unique_ptr<session> s = std::move(*opened);
  // A copy of a codec that has seen nothing: building one (its JSON fragments) costs more than an input.
  static const codec pristine(fuzz::reference_policy(), fuzz::reference_forces());
  codec c(pristine);
  std::string_view rest = fuzz::as_text(data, size);
  for (std::size_t n = 0; !rest.empty() && n < max_lines; ++n) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    check_round_trip(c, line);
    s->submit_json(line);
  }
  return 0;
}
