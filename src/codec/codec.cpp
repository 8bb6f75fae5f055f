// The codec object: its policy, its registry and the names it has given numbers to.
#include "codec/codec_state.hpp"

#include "codec/error_location.hpp"

#include <muster/codec.hpp>

#include <utility>

MUSTER_BEGIN_NAMESPACE

codec::codec(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces)
    : policy_(std::move(p)), forces_(std::move(forces)), state_(std::make_unique<detail::codec_state>()) {
  state_->text = detail::build_fragments(*policy_, *forces_);
}

void codec::replace_forces(std::shared_ptr<const force_registry> forces) {
  forces_ = std::move(forces);
  state_->text = detail::build_fragments(*policy_, *forces_);
}

codec::codec(const codec& o)
    : policy_(o.policy_), forces_(o.forces_), state_(std::make_unique<detail::codec_state>(*o.state_)) {}

codec& codec::operator=(const codec& o) {
  if (this != &o) *this = codec(o);
  return *this;
}

codec::codec(codec&&) noexcept = default;
codec& codec::operator=(codec&&) noexcept = default;
codec::~codec() = default;

std::string codec::incident_name(incident_id id) const {
  const std::string_view name = state_->incidents.name(id);
  return name.empty() ? std::to_string(id) : std::string(name);
}

status detail::to_status(const codec_error& e) {
  return status::located(status_code::malformed_input, status_location{{}, e.path, e.line, e.column}, e.message);
}

MUSTER_END_NAMESPACE
