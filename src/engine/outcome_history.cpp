// The byte layout of a kept outcome (little-endian, varint = LEB128, zigzag for signed;
// "delta" = difference from the same field of the outcome or effect before, in its group):
//   byte head (bit 0 accepted, bit 1 seq is the previous + 1; 0xFE: the rest of this block is
//     unused, the outcome starts at the next block) · [else varint seq delta]
//   [rejected: byte reason · u16 rule · varint length · detail] · varint effect count · effects
// and of an effect:
//   byte kind · byte about · varint mask · u16 per organisation / force / step / grade / chain / flag /
//   hazard / schedule set · [byte level] · [varint warning] · [varint run]
//   · the changed incident (zigzag delta), request, order (varint), time (zigzag delta)
//   · due (zigzag, relative to the effect's time) · u16 per rule of `because`
#include "engine/outcome_history.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

// The encoder below names every field of `effect`; a new field must be added there too.
static_assert(sizeof(effect) == 88, "effect changed: update outcome_history's encoding");

// The commonest fields in the low 7 bits, so most masks take one byte.
enum mask_bit : unsigned {
  because_bits = 7U,  // bits 0–2: because_count (0–4)
  has_to = 1U << 3, new_time = 1U << 4, new_incident = 1U << 5, new_request = 1U << 6,
  new_order = 1U << 7, has_from = 1U << 8, has_force = 1U << 9, has_due = 1U << 10,
  has_via = 1U << 11, has_step = 1U << 12, has_grade = 1U << 13, has_chain = 1U << 14, has_flag = 1U << 15,
  has_warning = 1U << 16, has_hazard = 1U << 17, has_level = 1U << 18, is_exercise = 1U << 19,
  has_run = 1U << 20, has_schedule = 1U << 21, has_item = 1U << 22, has_measure = 1U << 23,
};
constexpr std::uint8_t head_accepted = 1, head_next_seq = 2, head_skip_block = 0xFE;
constexpr std::size_t max_head_bytes = 1 + 10 + 1 + 2 + 10 + 10;
constexpr std::size_t max_effect_bytes = 2 + 4 + 11 * 2 + 1 + 7 * 10 + 10 + 4 * 2;

std::uint8_t* put_varint(std::uint8_t* p, std::uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<std::uint8_t>(v);
  return p;
}
std::uint64_t zigzag(std::uint64_t difference) {
  const auto v = static_cast<std::int64_t>(difference);
  return (difference << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::uint64_t unzigzag(std::uint64_t v) { return (v >> 1) ^ (~(v & 1) + 1); }
std::uint8_t* put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
  return p + 2;
}
std::uint64_t bits(timestamp t) { return static_cast<std::uint64_t>(t); }

/// Reads the stream back across block boundaries (repeats only: speed matters little).
class reader {
 public:
  using blocks = std::deque<std::unique_ptr<std::uint8_t[]>>;
  reader(const blocks& b, std::uint64_t block_base, std::size_t block_bits, std::uint64_t at)
      : blocks_(b), base_(block_base), bits_(block_bits), at_(at) {}
  std::uint8_t byte() {
    const std::uint8_t b = blocks_.at((at_ >> bits_) - base_)[at_ & ((std::uint64_t{1} << bits_) - 1)];
    ++at_;
    return b;
  }
  std::uint16_t u16() {
    const std::uint16_t lo = byte();
    return static_cast<std::uint16_t>(lo | byte() << 8);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = byte();
      v |= std::uint64_t{b & 0x7FU} << shift;
      if (!(b & 0x80)) return v;
    }
    throw std::logic_error("outcome_history: corrupt varint");
  }
  void next_block() { at_ = ((at_ >> bits_) + 1) << bits_; }

 private:
  const blocks& blocks_;
  std::uint64_t base_;  ///< the stream's block number of blocks_[0]
  std::size_t bits_;
  std::uint64_t at_;
};

}  // namespace

std::uint32_t outcome_history::append(const outcome& o, timestamp clock) {
  if (count_ == UINT32_MAX) throw std::length_error("outcome_history: more than 4,294,967,295 outcomes");
  if (count_ % group_size == 0) {
    context_ = context{};
    groups_.push_back({size_, clock});  // start corrected below if the outcome moves to a fresh block
  }
  groups_.back().clock = clock;
  const std::uint64_t end = (block_base_ + blocks_.size()) * block_size;  // the allocated stream's end
  // Encoded in place when the worst case fits the last block, or a fresh one (the old block's
  // tail is marked unused); only an outcome larger than a block is staged and spans blocks.
  const std::size_t worst = max_head_bytes + o.detail.size() + o.effects.size() * max_effect_bytes;
  if (worst <= block_size) {
    const std::uint64_t room = end - size_;  // left in the last block
    if (room < worst) {
      if (room > 0) {
        std::uint8_t* tail = blocks_.back().get() + (size_ & (block_size - 1));
        *tail = head_skip_block;
        std::memset(tail + 1, 0, static_cast<std::size_t>(room - 1));  // a snapshot saves it: no stray bytes
      }
      if (count_ % group_size == 0) groups_.back().start = end;
      blocks_.emplace_back(new std::uint8_t[block_size]);  // not zeroed: written before it is read
      size_ = end;
    }
    std::uint8_t* start = blocks_.back().get() + (size_ & (block_size - 1));
    size_ += static_cast<std::uint64_t>(encode(o, context_, start) - start);
  } else {
    if (scratch_.size() < worst) scratch_.resize(worst);
    const std::size_t n = static_cast<std::size_t>(encode(o, context_, scratch_.data()) - scratch_.data());
    put(scratch_.data(), n);
  }
  return count_++;
}

std::uint8_t* outcome_history::encode(const outcome& o, context& c, std::uint8_t* p) {
  const bool next_seq = o.seq == c.seq + 1;
  *p++ = static_cast<std::uint8_t>((o.accepted ? head_accepted : 0) | (next_seq ? head_next_seq : 0));
  if (!next_seq) p = put_varint(p, o.seq - c.seq);
  c.seq = o.seq;
  if (!o.accepted) {
    *p++ = static_cast<std::uint8_t>(o.reason);
    p = put_u16(p, o.rule);
    p = put_varint(p, o.detail.size());
    std::memcpy(p, o.detail.data(), o.detail.size());
    p += o.detail.size();
  }
  p = put_varint(p, o.effects.size());

  effect& prev = c.last;
  for (const effect& e : o.effects) {
    unsigned mask = e.because_count;
    if (e.to != no_index) mask |= has_to;
    if (e.at != prev.at) mask |= new_time;
    if (e.incident != prev.incident) mask |= new_incident;
    if (e.request != prev.request) mask |= new_request;
    if (e.order != prev.order) mask |= new_order;
    if (e.from != no_index) mask |= has_from;
    if (e.force != no_index) mask |= has_force;
    if (e.due != 0) mask |= has_due;
    if (e.via != no_index) mask |= has_via;
    if (e.step != no_index) mask |= has_step;
    if (e.grade != no_index) mask |= has_grade;
    if (e.chain != no_index) mask |= has_chain;
    if (e.flag != no_index) mask |= has_flag;
    if (e.warning != 0) mask |= has_warning;
    if (e.hazard != no_index) mask |= has_hazard;
    if (e.level != 0xFF) mask |= has_level;
    if (e.exercise) mask |= is_exercise;
    if (e.run != 0) mask |= has_run;
    if (e.schedule != no_index) mask |= has_schedule;
    if (e.item != no_index) mask |= has_item;
    if (e.measure != 0) mask |= has_measure;

    *p++ = static_cast<std::uint8_t>(e.kind);
    *p++ = static_cast<std::uint8_t>(e.about);
    p = put_varint(p, mask);
    if (mask & has_to) p = put_u16(p, e.to);
    if (mask & has_from) p = put_u16(p, e.from);
    if (mask & has_via) p = put_u16(p, e.via);
    if (mask & has_force) p = put_u16(p, e.force);
    if (mask & has_step) p = put_u16(p, e.step);
    if (mask & has_grade) p = put_u16(p, e.grade);
    if (mask & has_chain) p = put_u16(p, e.chain);
    if (mask & has_flag) p = put_u16(p, e.flag);
    if (mask & has_hazard) p = put_u16(p, e.hazard);
    if (mask & has_schedule) p = put_u16(p, e.schedule);
    if (mask & has_item) p = put_u16(p, e.item);
    if (mask & has_level) *p++ = e.level;
    if (mask & has_warning) p = put_varint(p, e.warning);
    if (mask & has_run) p = put_varint(p, e.run);
    if (mask & has_measure) p = put_varint(p, zigzag(static_cast<std::uint64_t>(e.measure)));
    if (mask & new_incident) p = put_varint(p, zigzag(e.incident - prev.incident));
    if (mask & new_request) p = put_varint(p, e.request);
    if (mask & new_order) p = put_varint(p, e.order);
    if (mask & new_time) p = put_varint(p, zigzag(bits(e.at) - bits(prev.at)));
    if (mask & has_due) p = put_varint(p, zigzag(bits(e.due) - bits(e.at)));
    for (unsigned i = 0; i < e.because_count; ++i) p = put_u16(p, e.because[i]);
    prev = e;
  }
  return p;
}

std::uint32_t outcome_history::kept_before(timestamp horizon) const {
  const std::size_t whole = count_ / group_size - group_base_;  // the group being filled stays
  const auto end = std::partition_point(groups_.begin(), groups_.begin() + static_cast<std::ptrdiff_t>(whole),
                                        [&](const group& g) { return g.clock < horizon; });
  return (group_base_ + static_cast<std::uint32_t>(end - groups_.begin())) * group_size;
}

void outcome_history::forget_before(std::uint32_t n) {
  if (n % group_size != 0 || n > kept_before(INT64_MAX)) throw std::logic_error("outcome_history: forget_before past what may go");
  while (group_base_ < n / group_size) {
    groups_.pop_front();
    ++group_base_;
  }
  // Blocks before the first kept outcome's go; the block the next append writes into stays.
  const std::uint64_t first_byte = groups_.empty() ? size_ : std::min(groups_.front().start, size_);
  while (!blocks_.empty() && block_base_ < (first_byte >> block_bits)) {
    blocks_.pop_front();
    ++block_base_;
  }
}

void outcome_history::save(byte_writer& w) const {
  // The encoder's context is not saved (an effect's padding would make the bytes vary): load
  // decodes it again from the last group.
  w.put(size_);
  w.put(count_);
  w.put(block_base_);
  w.put(group_base_);
  w.put_vector(std::vector<group>(groups_.begin(), groups_.end()));
  for (std::uint64_t at = block_base_ * block_size; at < size_; at += block_size)
    w.put_raw(blocks_[(at >> block_bits) - block_base_].get(), static_cast<std::size_t>(std::min<std::uint64_t>(block_size, size_ - at)));
}

bool outcome_history::load(byte_reader& r) {
  *this = outcome_history{};
  std::uint64_t size = 0;
  std::vector<group> groups;
  r.get(size);
  r.get(count_);
  r.get(block_base_);
  r.get(group_base_);
  r.get_vector(groups);
  const std::uint64_t first = block_base_ * block_size;
  if (r.failed() || block_base_ > (std::uint64_t{1} << 40) || first > size || group_base_ > count_ / group_size ||
      groups.size() != (count_ + group_size - 1) / group_size - group_base_)
    return r.fail(), false;
  for (std::uint64_t at = first; at < size && !r.failed(); at += block_size) {
    blocks_.emplace_back(new std::uint8_t[block_size]);
    r.get_raw(blocks_.back().get(), static_cast<std::size_t>(std::min<std::uint64_t>(block_size, size - at)));
  }
  size_ = size;
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (groups[i].start < first || groups[i].start >= std::max<std::uint64_t>(size_, 1) || (i > 0 && groups[i].clock < groups[i - 1].clock))
      r.fail();
  groups_.assign(groups.begin(), groups.end());
  if (r.failed()) {
    *this = outcome_history{};
    return false;
  }
  // What the next append in this group encodes against: the last outcome's seq and effect,
  // as decoding the group gives them (the encoder's deltas use only fields decoding restores).
  if (count_ % group_size != 0) {
    outcome last;
    try {
      decode(count_ - 1, last, context_);
    } catch (const std::exception&) {  // corrupt stream (a logic_error) or a block that is not there
      *this = outcome_history{};
      return r.fail(), false;
    }
  }
  return true;
}

void outcome_history::put(const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    if (size_ == (block_base_ + blocks_.size()) * block_size) blocks_.emplace_back(new std::uint8_t[block_size]);
    const std::size_t offset = static_cast<std::size_t>(size_ & (block_size - 1));
    const std::size_t k = std::min(n, block_size - offset);
    std::memcpy(blocks_.back().get() + offset, p, k);
    size_ += k;
    p += k;
    n -= k;
  }
}

void outcome_history::read(std::uint32_t n, outcome& out) const {
  if (n >= count_ || n < first_kept()) throw std::out_of_range("outcome_history: no outcome " + std::to_string(n));
  context c;
  decode(n, out, c);
}

void outcome_history::decode(std::uint32_t n, outcome& out, context& c) const {
  reader r(blocks_, block_base_, block_bits, groups_[n / group_size - group_base_].start);
  c = context{};
  for (std::uint32_t k = n - n % group_size;; ++k) {  // decode the group up to n; keep the last
    std::uint8_t head = r.byte();
    if (head == head_skip_block) {
      r.next_block();
      head = r.byte();
    }
    out.accepted = (head & head_accepted) != 0;
    out.duplicate = false;
    c.seq = out.seq = head & head_next_seq ? c.seq + 1 : c.seq + r.varint();
    out.reason = rejection::none;
    out.rule = no_rule;
    out.detail.clear();
    if (!out.accepted) {
      out.reason = static_cast<rejection>(r.byte());
      out.rule = r.u16();
      out.detail.resize(r.varint());
      for (char& ch : out.detail) ch = static_cast<char>(r.byte());
    }
    out.effects.resize(r.varint());
    effect& prev = c.last;
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
      if (mask & has_chain) e.chain = r.u16();
      if (mask & has_flag) e.flag = r.u16();
      if (mask & has_hazard) e.hazard = r.u16();
      if (mask & has_schedule) e.schedule = r.u16();
      if (mask & has_item) e.item = r.u16();
      if (mask & has_level) e.level = r.byte();
      if (mask & has_warning) e.warning = r.varint();
      if (mask & has_run) e.run = static_cast<run_id>(r.varint());
      if (mask & has_measure) e.measure = static_cast<std::int64_t>(unzigzag(r.varint()));
      e.exercise = (mask & is_exercise) != 0;
      e.incident = mask & new_incident ? prev.incident + unzigzag(r.varint()) : prev.incident;
      e.request = mask & new_request ? static_cast<request_id>(r.varint()) : prev.request;
      e.order = mask & new_order ? static_cast<order_id>(r.varint()) : prev.order;
      e.at = static_cast<timestamp>(mask & new_time ? bits(prev.at) + unzigzag(r.varint()) : bits(prev.at));
      if (mask & has_due) e.due = static_cast<timestamp>(bits(e.at) + unzigzag(r.varint()));
      e.because_count = static_cast<std::uint8_t>(mask & because_bits);
      for (unsigned i = 0; i < e.because_count; ++i) e.because[i] = r.u16();
      prev = e;
    }
    if (k == n) return;
  }
}

}  // namespace detail
MUSTER_END_NAMESPACE
