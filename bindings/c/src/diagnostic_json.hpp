// One diagnostic as the C API writes it (muster_validate, muster_cap_import): the same object
// as `muster validate --format json`.
#pragma once

#include <muster/diagnostic.hpp>

#include <nlohmann/json.hpp>

namespace muster::capi {

nlohmann::ordered_json diagnostic_json(const muster::diagnostic& d);

}  // namespace muster::capi
