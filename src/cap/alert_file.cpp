// parse_alert_file: an alert read from a file, never more of it than the size bound allows.
#include "cap/messages.hpp"

#include <muster/cap.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

MUSTER_BEGIN_NAMESPACE
namespace cap {

result<alert> parse_alert_file(const std::string& path, const limits& l) {
  std::vector<diagnostic> diags;
  detail::reporter rep(path, diags, l.max_diagnostics);
  const auto refused = [&] { return detail::finish<alert>(std::nullopt, std::move(diags)); };
  const source_location nowhere{path, 0, 0, -1};
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_directory(st)) {
    rep.add(detail::msg::file_unreadable, nowhere, {detail::shown(path), "it is a directory"});
    return refused();
  }
  // A FIFO would block until a writer comes, a device might never end.
  if (!ec && !std::filesystem::is_regular_file(st)) {
    rep.add(detail::msg::file_unreadable, nowhere, {detail::shown(path), "not a regular file"});
    return refused();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    rep.add(detail::msg::file_unreadable, nowhere, {detail::shown(path), std::strerror(errno)});
    return refused();
  }
  std::string bytes(l.max_bytes + 1, '\0');  // one byte more than allowed tells "too large"
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.bad()) {
    rep.add(detail::msg::file_unreadable, nowhere, {detail::shown(path), std::strerror(errno)});
    return refused();
  }
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > l.max_bytes) {
    rep.add(detail::msg::file_too_large, nowhere, {"more than " + std::to_string(l.max_bytes), std::to_string(l.max_bytes)});
    return refused();
  }
  return parse_alert(bytes, path, l);
}

}  // namespace cap
MUSTER_END_NAMESPACE
