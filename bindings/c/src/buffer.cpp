// Caller buffers: `out` (capacity `out_cap`, NUL-terminated on success) and `*out_len`, the
// length needed without the NUL. out_cap 0 with out NULL asks for the size.
#include "capi.hpp"

#include <cstring>

namespace muster::capi {

int check_buffer(const char* function, const char* out, std::size_t out_cap, const std::size_t* out_len) noexcept {
  if (out_len == nullptr) return null_argument(function, "out_len");
  if (out == nullptr && out_cap != 0) {
    try {
      return fail(MUSTER_EINVAL, std::string(function) + ": out is NULL but out_cap is " + std::to_string(out_cap) +
                                     " (pass out_cap 0 to ask for the size)");
    } catch (...) {
      return null_argument(function, "out");
    }
  }
  return MUSTER_OK;
}

int copy_out(const char* function, std::string_view text, char* out, std::size_t out_cap, std::size_t* out_len) noexcept {
  *out_len = text.size();
  if (out_cap > text.size()) {
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return MUSTER_OK;
  }
  if (out_cap > 0) out[0] = '\0';
  try {
    return fail(MUSTER_EBUFSIZE, std::string(function) + ": the buffer holds " + std::to_string(out_cap) + " bytes; " +
                                     std::to_string(text.size() + 1) + " are needed (*out_len " +
                                     std::to_string(text.size()) + " plus the NUL)");
  } catch (...) {
    set_error("the buffer is too small (*out_len holds the size needed)");  // never leaves the error empty
    return MUSTER_EBUFSIZE;
  }
}

}  // namespace muster::capi
