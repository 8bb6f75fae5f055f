// owned_event: an event whose views point into its own storage.
#include <muster/codec.hpp>

#include <utility>

MUSTER_BEGIN_NAMESPACE

owned_event::owned_event(const owned_event& o)
    : ev(o.ev), id(o.id), incident(o.incident), forces(o.forces), reason(o.reason), warning(o.warning), references(o.references),
      area(o.area) {
  bind();
}

owned_event& owned_event::operator=(const owned_event& o) {
  if (this != &o) {
    owned_event copy(o);
    *this = std::move(copy);
  }
  return *this;
}

owned_event::owned_event(owned_event&& o) noexcept
    : ev(o.ev), id(std::move(o.id)), incident(std::move(o.incident)), forces(std::move(o.forces)), reason(std::move(o.reason)),
      warning(std::move(o.warning)), references(std::move(o.references)), area(std::move(o.area)) {
  bind();
  o.bind();
}

owned_event& owned_event::operator=(owned_event&& o) noexcept {
  if (this != &o) {
    ev = o.ev;
    id = std::move(o.id);
    incident = std::move(o.incident);
    forces = std::move(o.forces);
    reason = std::move(o.reason);
    warning = std::move(o.warning);
    references = std::move(o.references);
    area = std::move(o.area);
    bind();
    o.bind();
  }
  return *this;
}

void owned_event::bind() {
  ev.forces = forces.empty() ? nullptr : forces.data();
  ev.force_count = static_cast<std::uint32_t>(forces.size());
  ev.area = area.empty() ? nullptr : area.data();
  ev.area_count = static_cast<std::uint32_t>(area.size());
  ev.reason = reason;
}

MUSTER_END_NAMESPACE
