// What the engine reads from its force registry, per force: the packed facts, the live state
// (duty, head count, data date, item counts) and the dispatch checks' thresholds. Built when the
// engine starts, and again when a journal moves to an edited registry (engine::replace_registry).
#include "engine/engine_impl.hpp"

#include "common/civil_time.hpp"

#include <algorithm>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// The item of `x` named `name` (both languages), or no_index. An item is known by its name
/// across registry versions, so an edit may reorder a force's equipment and materials or add to
/// them.
index_t item_named(const force& x, const text& name) {
  for (std::size_t j = 0; j < x.item_count(); ++j)
    if (x.item(j)->name.zh == name.zh && x.item(j)->name.en == name.en) return static_cast<index_t>(j);
  return no_index;
}

force_live from_file(const force& x) {
  force_live l;
  l.data_day = days_since_epoch(x.data_updated);
  l.personnel = x.personnel;
  l.duty = x.duty;
  return l;
}

/// What open requisitions hold, counted again against the registry's items (4.3), each request
/// moved to its item's place in the edited file (`before`: the version it was numbered in). A
/// holder whose item the edit removed (or renamed) holds nothing more: there is no such stock to
/// return to.
void hold_again(engine::impl& en, const force_registry* before) {
  en.item_held.assign(en.item_counts.size(), 0);
  en.requests.for_each_index([&](std::size_t, request_record& r) {
    if (r.held == 0 && r.item == no_index) return;
    const index_t f = en.force_pool[r.forces];
    const force& now = en.reg->forces[f];
    if (before && f < before->forces.size() && r.item != no_index) {
      const counted_item* was = before->forces[f].item(r.item);
      r.item = was ? item_named(now, was->name) : no_index;
    }
    if (r.item != no_index && r.item < now.item_count()) en.item_held[en.item_offset[f] + r.item] += r.held;
    else r.held = 0;
  });
}

}  // namespace

void load_registry(engine::impl& en, std::shared_ptr<const force_registry> next) {
  const std::shared_ptr<const force_registry> before = std::move(en.reg);
  en.reg = std::move(next);
  const std::vector<force>& now = en.reg->forces;
  const std::size_t known = before ? before->forces.size() : 0;
  std::vector<std::uint32_t> counts, offsets;
  en.facts.clear();
  en.facts.reserve(now.size());
  en.live.resize(now.size());
  for (std::size_t i = 0; i < now.size(); ++i) {
    const force& x = now[i];
    en.facts.push_back({x.capabilities, x.owner, x.authority, x.jurisdiction, static_cast<std::uint8_t>(x.category)});
    offsets.push_back(static_cast<std::uint32_t>(counts.size()));
    if (i >= known) {  // new in this version (or the first registry): as the file says
      en.live[i] = from_file(x);
      for (std::size_t k = 0; k < x.item_count(); ++k) counts.push_back(x.item(k)->count);
      continue;
    }
    // Known: what the file changed since the last version wins, the rest stays as updates left it.
    const force& was = before->forces[i];
    force_live& l = en.live[i];
    if (x.duty != was.duty) l.duty = x.duty;
    if (x.personnel != was.personnel) l.personnel = x.personnel;
    l.data_day = std::max(l.data_day, days_since_epoch(x.data_updated));
    for (std::size_t k = 0; k < x.item_count(); ++k) {
      const std::uint32_t in_file = x.item(k)->count;
      const index_t j = item_named(was, x.item(k)->name);
      counts.push_back(j != no_index && in_file == was.item(j)->count ? en.item_counts[en.item_offset[i] + j] : in_file);
    }
  }
  en.item_counts = std::move(counts);
  en.item_offset = std::move(offsets);
  hold_again(en, before.get());
  en.committed.resize(now.size(), 0);
  en.check_fails_from = check_thresholds(en.p, *en.reg, en.live);
  for (std::size_t i = 0; i < now.size(); ++i) summarise_checks(en, static_cast<index_t>(i));
}

}  // namespace detail

status engine::replace_registry(std::shared_ptr<const force_registry> next) {
  impl& en = *impl_;
  if (!next) return status(status_code::invalid_argument, "no registry given");
  if (next->policy_digest != en.p.digest)
    return status(status_code::invalid_argument, "the force registry was compiled against another policy (digest mismatch)",
                  status_location{next->file, {}, 0, 0});
  // Orders, requests and warnings name forces by index: every force the engine knows keeps its
  // place. A fresh engine (no input yet) takes any registry.
  const std::vector<force>& known = en.reg->forces;
  if (en.seq != 0) {
    for (std::size_t i = 0; i < known.size(); ++i) {
      const status_location where{next->file, "forces[" + std::to_string(i) + "]", 0, 0};
      if (i >= next->forces.size())
        return status(status_code::registry_conflict,
                      "force " + known[i].id + " is no longer in the registry: forces already known must stay (retire one with duty: stood_down)",
                      where);
      if (next->forces[i].id != known[i].id)
        return status(status_code::registry_conflict,
                      "force " + known[i].id + " is no longer at position " + std::to_string(i + 1) + " of the registry (" +
                          next->forces[i].id + " is): keep the forces already known in their order and add new ones at the end",
                      where);
    }
  }
  detail::load_registry(en, std::move(next));
  return {};
}

MUSTER_END_NAMESPACE
