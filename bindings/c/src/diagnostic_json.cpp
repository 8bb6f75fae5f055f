#include "diagnostic_json.hpp"

namespace muster::capi {

nlohmann::ordered_json diagnostic_json(const muster::diagnostic& d) {
  nlohmann::ordered_json j;
  j["severity"] = d.level == muster::severity::error ? "error" : "warning";
  j["code"] = d.code;
  j["file"] = d.where.file;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  if (d.where.offset >= 0) j["offset"] = d.where.offset;
  j["message"] = d.message;
  j["hint"] = d.hint;
  return j;
}

}  // namespace muster::capi
