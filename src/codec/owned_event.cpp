// owned_event: an event whose views point into its own storage.
#include <muster/codec.hpp>

#include <utility>

MUSTER_BEGIN_NAMESPACE

owned_event::owned_event(const owned_event& o)
    : ev(o.ev), id(o.id), incident(o.incident), forces(o.forces), reason(o.reason), warning(o.warning), references(o.references),
      area(o.area), cost_what(o.cost_what), costs(o.costs) {
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
      warning(std::move(o.warning)), references(std::move(o.references)), area(std::move(o.area)), cost_what(std::move(o.cost_what)),
      costs(std::move(o.costs)) {
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
    cost_what = std::move(o.cost_what);
    costs = std::move(o.costs);
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
  // cost_what's strings may have moved (short strings live inside the vector's elements).
  for (std::size_t i = 0; i < costs.size() && i < cost_what.size(); ++i) costs[i].what = cost_what[i];
  ev.costs = costs.empty() ? nullptr : costs.data();
  ev.cost_count = static_cast<std::uint32_t>(costs.size());
}

MUSTER_END_NAMESPACE
