// `muster test --update`: rewriting a scenario's exact effect lists from what the engine said,
// keeping the file's comments and layout (scenario.hpp update_scenario_file).
//
// The file is edited as text, at the places the YAML loader reports: a block list line by line
// (matched lines stay as written, with their comments; unmatched expected lines go; actual
// effects come in after the expected line they follow), a flow list `[…]` by replacing the
// brackets' span. Nothing is written unless every list of the file could be placed.
#include "cli/scenario.hpp"

#include "policy/yaml_document.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace muster::cli {
namespace {

using detail::yaml_node;

/// The byte offset of 1-based character column `column` in a UTF-8 line (the loader counts
/// characters); npos when the line is shorter.
std::size_t byte_of_column(const std::string& line, std::uint32_t column) {
  std::uint32_t c = 1;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (c == column) return i;
    ++c;
  }
  return c == column ? line.size() : std::string::npos;
}

/// The step's (or the whole run's) `effects:` list node.
const yaml_node* effects_node(const yaml_node& root, const scenario_problem& p) {
  const yaml_node* then = nullptr;
  if (p.whole_run) {
    then = root.find("then");
  } else {
    const yaml_node* when = root.find("when");
    if (!when || !when->is_seq() || p.step == 0 || p.step > when->items.size()) return nullptr;
    then = when->items[p.step - 1].is_map() ? when->items[p.step - 1].find("then") : nullptr;
  }
  const yaml_node* list = then && then->is_map() ? then->find("effects") : nullptr;
  return list && list->is_seq() ? list : nullptr;
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

/// One text edit: replace lines [first, last) (0-based) with `with` (a flow list's edit keeps
/// what stands before its '[' and after its ']' on those lines).
struct edit {
  std::size_t first = 0, last = 0;  ///< lines replaced, 0-based, half-open
  std::vector<std::string> with;
};

/// The edit that rewrites a block list: the lines from its first item to its last, comments
/// between them kept.
bool block_edit(const std::vector<std::string>& lines, const yaml_node& list, const scenario_problem& p, edit& out, std::string& err) {
  const std::size_t first = list.items.front().line - 1, last = list.items.back().line;  // half-open
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const yaml_node& item = list.items[i];
    if (!item.is_scalar() || (i > 0 && item.line <= list.items[i - 1].line)) {
      err = fmt::format("line {}: the effects list has two items on one line", item.line);
      return false;
    }
    // A plain item continued on the next line would leave its rest behind.
    const std::string& line = lines[item.line - 1];
    const std::size_t at = byte_of_column(line, item.column);
    if (!item.quoted && (at == std::string::npos || line.compare(at, item.text.size(), item.text) != 0)) {
      err = fmt::format("line {}: an effect line written over several lines", item.line);
      return false;
    }
  }
  const std::string& first_line = lines[first];
  const std::size_t at = byte_of_column(first_line, list.items.front().column);
  if (at == std::string::npos || first_line.find_first_not_of(" -", 0) < at) {
    err = fmt::format("line {}: cannot tell the list's indentation", first + 1);
    return false;
  }
  const std::string prefix = first_line.substr(0, at);
  // Line index (0-based) of expected item k.
  auto line_of = [&](long k) { return static_cast<std::size_t>(list.items[static_cast<std::size_t>(k)].line - 1); };
  std::map<std::size_t, bool> keep;                          // item line → kept
  std::map<long, std::vector<std::string>> after;            // after item line (-1: before the first)
  long anchor = -1;
  for (const aligned_row& r : p.rows) {
    if (r.expected >= 0) {
      keep[line_of(r.expected)] = r.actual >= 0;
      anchor = static_cast<long>(line_of(r.expected));
    } else {
      after[anchor].push_back(prefix + p.actual_effects[static_cast<std::size_t>(r.actual)]);
    }
  }
  out.first = first;
  out.last = last;
  out.with.clear();
  if (auto it = after.find(-1); it != after.end()) out.with.insert(out.with.end(), it->second.begin(), it->second.end());
  for (std::size_t l = first; l < last; ++l) {
    auto k = keep.find(l);
    if (k == keep.end() || k->second) out.with.push_back(lines[l]);  // a comment, a blank, or a matched item
    if (auto it = after.find(static_cast<long>(l)); it != after.end()) out.with.insert(out.with.end(), it->second.begin(), it->second.end());
  }
  return true;
}

/// The edit that rewrites a flow list `[…]` (one line or several) as one line.
bool flow_edit(const std::vector<std::string>& lines, const yaml_node& list, const scenario_problem& p, edit& out, std::string& err) {
  const std::size_t first = list.line - 1;
  const std::size_t open = byte_of_column(lines[first], list.column);
  // Find the closing bracket, past quoted text.
  std::size_t l = first, i = open + 1;
  char quote = 0;
  int depth = 1;
  for (; l < lines.size(); ++l, i = 0) {
    for (; i < lines[l].size(); ++i) {
      const char c = lines[l][i];
      if (quote) {
        if (c == '\\' && quote == '"') ++i;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') quote = c;
      else if (c == '[') ++depth;
      else if (c == ']' && --depth == 0) break;
      else if (c == '#' && (i == 0 || lines[l][i - 1] == ' ')) break;  // a comment: the list is not closed here
    }
    if (depth == 0 && i < lines[l].size()) break;
  }
  if (l == lines.size()) {
    err = fmt::format("line {}: cannot find the end of the effects list", first + 1);
    return false;
  }
  std::vector<std::string> items;
  for (const aligned_row& r : p.rows) {
    if (r.expected >= 0 && r.actual < 0) continue;
    items.push_back(quoted(r.expected >= 0 ? list.items[static_cast<std::size_t>(r.expected)].text
                                           : p.actual_effects[static_cast<std::size_t>(r.actual)]));
  }
  std::string joined = "[";
  for (std::size_t k = 0; k < items.size(); ++k) joined += (k ? ", " : "") + items[k];
  joined += "]";
  out.first = first;
  out.last = l + 1;
  out.with = {lines[first].substr(0, open) + joined + lines[l].substr(i + 1)};
  return true;
}

}  // namespace

long update_scenario_file(const std::string& file, const std::vector<scenario_problem>& problems, std::string& err) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    err = fmt::format("{}: cannot read: {}", file, std::strerror(errno));
    return -1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const bool crlf = text.find("\r\n") != std::string::npos;
  std::vector<std::string> lines;
  for (std::size_t b = 0; b <= text.size();) {
    std::size_t e = text.find('\n', b);
    if (e == std::string::npos) {
      if (b < text.size()) lines.push_back(text.substr(b));
      break;
    }
    std::string line = text.substr(b, e - b);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    b = e + 1;
  }
  const bool final_newline = !text.empty() && text.back() == '\n';

  detail::yaml_document doc;
  std::vector<diagnostic> diags;
  if (!detail::load_yaml_file(file, load_limits{}, doc, diags)) {
    err = fmt::format("{}: no longer loads", file);
    return -1;
  }
  std::vector<edit> edits;
  for (const scenario_problem& p : problems) {
    if (!p.effects_differ) continue;
    const yaml_node* list = effects_node(doc.root, p);
    if (!list || list->line == 0 || list->line > lines.size()) {
      err = fmt::format("{}: {}: cannot find its effects list", file, p.label);
      return -1;
    }
    const std::size_t at = byte_of_column(lines[list->line - 1], list->column);
    const bool flow = at != std::string::npos && at < lines[list->line - 1].size() && lines[list->line - 1][at] == '[';
    edit e;
    std::string why;
    if (!(flow ? flow_edit(lines, *list, p, e, why) : !list->items.empty() && block_edit(lines, *list, p, e, why))) {
      err = fmt::format("{}: {}: {}", file, p.label, why.empty() ? "cannot place the list" : why);
      return -1;
    }
    edits.push_back(std::move(e));
  }
  if (edits.empty()) return 0;
  std::sort(edits.begin(), edits.end(), [](const edit& a, const edit& b) { return a.first > b.first; });
  for (std::size_t k = 1; k < edits.size(); ++k)
    if (edits[k].last > edits[k - 1].first) {
      err = fmt::format("{}: two effects lists overlap", file);
      return -1;
    }
  for (const edit& e : edits) {  // bottom up: earlier line numbers stay valid
    lines.erase(lines.begin() + static_cast<long>(e.first), lines.begin() + static_cast<long>(e.last));
    lines.insert(lines.begin() + static_cast<long>(e.first), e.with.begin(), e.with.end());
  }
  std::string out;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out += lines[k];
    if (k + 1 < lines.size() || final_newline) out += crlf ? "\r\n" : "\n";
  }
  // Replace atomically: a crash leaves the old file or the new one, never half of each.
  const std::string temp = file + ".muster-update";
  {
    std::ofstream o(temp, std::ios::binary | std::ios::trunc);
    o << out;
    o.flush();
    if (!o) {
      err = fmt::format("{}: cannot write: {}", temp, std::strerror(errno));
      std::remove(temp.c_str());
      return -1;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    err = fmt::format("{}: cannot replace: {}", file, ec.message());
    std::remove(temp.c_str());
    return -1;
  }
  return static_cast<long>(edits.size());
}

}  // namespace muster::cli
