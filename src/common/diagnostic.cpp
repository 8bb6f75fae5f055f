#include <muster/diagnostic.hpp>

#include <algorithm>
#include <tuple>

MUSTER_BEGIN_NAMESPACE

std::string render(const diagnostic& d) {
  std::string out = d.where.file.empty() ? std::string("<input>") : d.where.file;
  if (d.where.line != 0) {
    out += ':' + std::to_string(d.where.line) + ':' + std::to_string(d.where.column);
  }
  out += ": ";
  if (d.level == severity::warning) out += "warning: ";
  out += d.code + ": " + d.message;
  if (!d.hint.empty()) out += " [" + d.hint + "]";
  return out;
}

void sort_diagnostics(std::vector<diagnostic>& diags) {
  auto key = [](const diagnostic& d) {
    return std::tie(d.where.file, d.where.line, d.where.column, d.code, d.message);
  };
  std::stable_sort(diags.begin(), diags.end(), [&](const diagnostic& a, const diagnostic& b) { return key(a) < key(b); });
  diags.erase(std::unique(diags.begin(), diags.end(), [&](const diagnostic& a, const diagnostic& b) { return key(a) == key(b); }),
              diags.end());
}

bool has_errors(const std::vector<diagnostic>& diags) {
  return std::any_of(diags.begin(), diags.end(), [](const diagnostic& d) { return d.level == severity::error; });
}

MUSTER_END_NAMESPACE
