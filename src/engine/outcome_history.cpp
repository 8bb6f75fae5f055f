// The byte layout of a kept outcome (little-endian, varint = LEB128, zigzag for signed):
//   varint seq · byte flags (1 accepted) · [rejected: byte reason · u16 rule · varint length · detail]
//   varint effect count · effects
// and of an effect:
//   byte kind · byte about · varint mask · u16 per organisation/force/step/grade present
//   · the changed incident (zigzag delta), request, order (varint), time (zigzag delta)
//   · due (zigzag, relative to the time) · u16 per rule of `because`
#include "engine/outcome_history.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

// The encoder below names every field of `effect`; a new field must be added there too.
static_assert(sizeof(effect) == 56, "effect changed: update outcome_history's encoding");

enum mask_bit : unsigned {
  has_to = 1U << 0, has_from = 1U << 1, has_via = 1U << 2, has_force = 1U << 3, has_step = 1U << 4, has_grade = 1U << 5,
  new_incident = 1U << 6, new_request = 1U << 7, new_order = 1U << 8, new_time = 1U << 9, has_due = 1U << 10,
  because_shift = 11,  // 3 bits: because_count (0–4)
};
constexpr std::size_t max_effect_bytes = 2 + 3 + 6 * 2 + 4 * 10 + 10 + 4 * 2;

std::uint8_t* put_varint(std::uint8_t* p, std::uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<std::uint8_t>(v);
  return p;
}
std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }
std::uint8_t* put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  return p + 2;
}

/// Reads the stream back across block boundaries (repeats only: speed matters little).
class reader {
 public:
  reader(const std::vector<std::unique_ptr<std::uint8_t[]>>& blocks, std::size_t bits, std::uint64_t at)
      : blocks_(blocks), bits_(bits), at_(at) {}
  std::uint8_t byte() {
    const std::uint8_t b = blocks_[at_ >> bits_][at_ & ((std::uint64_t{1} << bits_) - 1)];
    ++at_;
    return b;
  }
  std::uint16_t u16() {
    const std::uint16_t lo = byte();
    return static_cast<std::uint16_t>(lo | byte() << 8);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      const std::uint8_t b = byte();
      v |= std::uint64_t{b & 0x7FU} << shift;
      if (!(b & 0x80)) return v;
    }
  }

 private:
  const std::vector<std::unique_ptr<std::uint8_t[]>>& blocks_;
  std::size_t bits_;
  std::uint64_t at_;
};

}  // namespace

std::uint64_t outcome_history::append(const outcome& o) {
  // Encoded in place when the worst case fits the last block (or a fresh one: the old block's
  // tail is left unused, outcomes need not touch); only an outcome larger than a block goes
  // through the scratch buffer and spans blocks.
  const std::size_t worst = 32 + o.detail.size() + o.effects.size() * max_effect_bytes;
  if (worst <= block_size) {
    const std::uint64_t room = blocks_.size() * block_size - size_;  // left in the last block
    if (room < worst) {
      blocks_.emplace_back(new std::uint8_t[block_size]);  // not zeroed: written before it is read
      size_ = (blocks_.size() - 1) * block_size;
    }
    std::uint8_t* start = blocks_.back().get() + (size_ & (block_size - 1));
    const std::uint64_t at = size_;
    size_ += static_cast<std::uint64_t>(encode(o, start) - start);
    return at;
  }
  if (scratch_.size() < worst) scratch_.resize(worst);
  const std::size_t n = static_cast<std::size_t>(encode(o, scratch_.data()) - scratch_.data());
  const std::uint64_t at = size_;
  put(scratch_.data(), n);
  return at;
}

std::uint8_t* outcome_history::encode(const outcome& o, std::uint8_t* p) {
  p = put_varint(p, o.seq);
  *p++ = o.accepted ? 1 : 0;
  if (!o.accepted) {
    *p++ = static_cast<std::uint8_t>(o.reason);
    p = put_u16(p, o.rule);
    p = put_varint(p, o.detail.size());
    std::memcpy(p, o.detail.data(), o.detail.size());
    p += o.detail.size();
  }
  p = put_varint(p, o.effects.size());

  effect prev;  // what an effect's incident, request, order and time are compared with
  for (const effect& e : o.effects) {
    unsigned mask = static_cast<unsigned>(e.because_count) << because_shift;
    if (e.to != no_index) mask |= has_to;
    if (e.from != no_index) mask |= has_from;
    if (e.via != no_index) mask |= has_via;
    if (e.force != no_index) mask |= has_force;
    if (e.step != no_index) mask |= has_step;
    if (e.grade != no_index) mask |= has_grade;
    if (e.incident != prev.incident) mask |= new_incident;
    if (e.request != prev.request) mask |= new_request;
    if (e.order != prev.order) mask |= new_order;
    if (e.at != prev.at) mask |= new_time;
    if (e.due != 0) mask |= has_due;

    *p++ = static_cast<std::uint8_t>(e.kind);
    *p++ = static_cast<std::uint8_t>(e.about);
    p = put_varint(p, mask);
    if (mask & has_to) p = put_u16(p, e.to);
    if (mask & has_from) p = put_u16(p, e.from);
    if (mask & has_via) p = put_u16(p, e.via);
    if (mask & has_force) p = put_u16(p, e.force);
    if (mask & has_step) p = put_u16(p, e.step);
    if (mask & has_grade) p = put_u16(p, e.grade);
    if (mask & new_incident) p = put_varint(p, zigzag(static_cast<std::int64_t>(e.incident - prev.incident)));
    if (mask & new_request) p = put_varint(p, e.request);
    if (mask & new_order) p = put_varint(p, e.order);
    if (mask & new_time) p = put_varint(p, zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(e.at) - static_cast<std::uint64_t>(prev.at))));
    if (mask & has_due) p = put_varint(p, zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(e.due) - static_cast<std::uint64_t>(e.at))));
    for (unsigned i = 0; i < e.because_count; ++i) p = put_u16(p, e.because[i]);
    prev = e;
  }

  return p;
}

void outcome_history::put(const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    if (size_ == blocks_.size() * block_size) blocks_.emplace_back(new std::uint8_t[block_size]);  // not zeroed: written next
    const std::size_t offset = static_cast<std::size_t>(size_ & (block_size - 1));
    const std::size_t k = std::min(n, block_size - offset);
    std::memcpy(blocks_.back().get() + offset, p, k);
    size_ += k;
    p += k;
    n -= k;
  }
}

void outcome_history::read(std::uint64_t at, outcome& out) const {
  if (at >= size_) throw std::out_of_range("outcome_history: no outcome at this position");
  reader r(blocks_, block_bits, at);
  out.seq = r.varint();
  out.accepted = (r.byte() & 1) != 0;
  out.duplicate = false;
  out.reason = rejection::none;
  out.rule = no_rule;
  out.detail.clear();
  if (!out.accepted) {
    out.reason = static_cast<rejection>(r.byte());
    out.rule = r.u16();
    out.detail.resize(r.varint());
    for (char& c : out.detail) c = static_cast<char>(r.byte());
  }
  out.effects.resize(r.varint());

  effect prev;
  for (effect& e : out.effects) {
    e = effect{};
    e.kind = static_cast<effect_kind>(r.byte());
    e.about = static_cast<topic>(r.byte());
    const auto mask = static_cast<unsigned>(r.varint());
    if (mask & has_to) e.to = r.u16();
    if (mask & has_from) e.from = r.u16();
    if (mask & has_via) e.via = r.u16();
    if (mask & has_force) e.force = r.u16();
    if (mask & has_step) e.step = r.u16();
    if (mask & has_grade) e.grade = r.u16();
    e.incident = mask & new_incident ? prev.incident + static_cast<std::uint64_t>(unzigzag(r.varint())) : prev.incident;
    e.request = mask & new_request ? static_cast<request_id>(r.varint()) : prev.request;
    e.order = mask & new_order ? static_cast<order_id>(r.varint()) : prev.order;
    e.at = mask & new_time ? static_cast<timestamp>(static_cast<std::uint64_t>(prev.at) + static_cast<std::uint64_t>(unzigzag(r.varint())))
                           : prev.at;
    if (mask & has_due) e.due = static_cast<timestamp>(static_cast<std::uint64_t>(e.at) + static_cast<std::uint64_t>(unzigzag(r.varint())));
    e.because_count = static_cast<std::uint8_t>((mask >> because_shift) & 7U);
    for (unsigned i = 0; i < e.because_count; ++i) e.because[i] = r.u16();
    prev = e;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
