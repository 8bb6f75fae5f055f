// Internal: the strict reader of one event object. It receives the JSON's tokens as SAX
// callbacks (nlohmann's json_sax interface, or json_scan's fast path), checks each field as it
// arrives, resolves ids through the policy's sorted tables and stops at the first error.
// It writes only to `out`; the codec's id tables are touched by decode_event, after success.
#pragma once

#include "codec/error_location.hpp"
#include "codec/event_fields.hpp"

#include <muster/codec.hpp>

#include <cstdint>
#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class name_table;

/// The codec's name tables, for the reader to ask for a name's slot as soon as it has read the
/// name (name_table::prefetch): the cache miss then overlaps with reading the rest of the event.
struct name_prefetch {
  name_table* events = nullptr;
  name_table* incidents = nullptr;
  std::uint64_t id_hash = 0, incident_hash = 0;
  bool has_id_hash = false, has_incident_hash = false;
};

/// Depth 0: before the event; 1: in the event object; 2: in the array of `forces`,
/// `capabilities`, `area` or `costs`; 3: in one of `costs`' objects ({"what", "amount"}).
/// Every callback returns false to stop at an error.
class event_reader {
 public:
  event_reader(const policy& p, const force_registry& r, owned_event& out, name_prefetch* names = nullptr)
      : p_(p), r_(r), out_(out), names_(names) {}

  bool null();
  bool boolean(bool v);
  bool number_integer(std::int64_t v);  ///< negative numbers only: others arrive unsigned
  bool number_unsigned(std::uint64_t v);
  bool number_float(double v, const std::string& text);
  bool string(std::string_view s);
  bool key(std::string_view k);
  bool start_object(std::size_t elements);
  bool end_object();
  bool start_array(std::size_t elements);
  bool end_array();
  /// A syntax error at `position` (nlohmann's chars_read_total), described by `what`.
  bool syntax_error(std::size_t position, std::string_view what);

  bool failed() const { return failed_; }
  /// The first error, located in `text`.
  void report(std::string_view text, codec_error& err);

 private:
  bool fail(std::string at_path, std::string why, error_spot where);
  std::string here() const;
  bool value_error(std::string why);
  bool wrong_type();
  bool not_object(const char* what);
  bool name(std::string_view s, std::string& to);
  /// `cur_`'s name (id or incident) has been read: ask for its slot.
  void prefetch_name();
  bool time_value(std::uint64_t v, timestamp& to);
  bool time_text(std::string_view s, timestamp& to);
  template <class Table>
  bool resolve(index_t found, std::string_view s, const char* what, const Table& table, index_t& to);
  bool member_string(std::string_view s);
  bool element(std::string_view s);
  bool finish();
  /// force.update: the item named, resolved against the force once the whole object is read.
  bool resolve_item(index_t owner);
  /// A claim's cost lines (4.1): one line's key, string and number, its end, and their sum.
  bool cost_key(std::string_view k);
  bool cost_value(std::string_view s);
  bool cost_amount(std::uint64_t v);
  bool end_cost();
  bool costs_add_up();

  const policy& p_;
  const force_registry& r_;
  owned_event& out_;
  name_prefetch* names_;
  int depth_ = 0;
  field cur_ = f_none;
  std::uint32_t member_ = 0;
  std::uint32_t element_ = 0;
  field_mask seen_ = 0;
  field order_[field_count] = {};
  std::uint32_t count_ = 0;
  std::uint32_t member_of_[field_count] = {};
  bool failed_ = false;
  std::string path_, message_;
  error_spot spot_;
  std::string item_;  ///< force.update's `item`, as written
  enum class cost_member : std::uint8_t { none, what, amount } cost_member_ = cost_member::none;
  std::uint8_t cost_seen_ = 0;  ///< bit 1: what, bit 2: amount, of the cost line being read
};

/// Decodes `text` into `out` (ids as written; numbers not assigned). Well-formed input takes
/// a fast scanner (json_scan); anything it does not handle, and every syntax error, goes
/// through nlohmann's parser, which is the reference for what is valid JSON.
bool read_event(const policy& p, const force_registry& r, std::string_view text, owned_event& out, codec_error& err,
                name_prefetch* names = nullptr);

/// nlohmann's parser only (tests compare the fast path with it).
bool read_event_reference(const policy& p, const force_registry& r, std::string_view text, owned_event& out, codec_error& err,
                          name_prefetch* names = nullptr);

/// The fast path: 1 when the event was read, 0 when the reader refused it (its error is
/// then the reference's too), -1 when the text needs nlohmann (syntax errors, escapes,
/// fractions, negative numbers, a byte-order mark …).
int scan_event(std::string_view text, event_reader& reader);

}  // namespace detail
MUSTER_END_NAMESPACE
