// Internal: a flat binary form for state that is written and read back by the same build
// (snapshots, docs/journal.md "Snapshots"): values as their bytes, arrays as a count and their
// bytes. Not a portable format — a snapshot carries its build's layout fingerprint and is
// refused by any other — so nothing here converts byte order or sizes.
#pragma once

#include <muster/config.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace detail {

class byte_writer {
 public:
  explicit byte_writer(std::string& out) : out_(out) {}
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "byte_writer::put takes plain values");
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  /// `n` objects' bytes. Records holding a machine (machine_slot) are not trivially copyable by
  /// the type rules, but hold only ints and flags between events; their callers say so.
  void put_raw(const void* p, std::size_t n) {
    if (n != 0) out_.append(static_cast<const char*>(p), n);
  }
  void put_string(std::string_view s) {
    put<std::uint64_t>(s.size());
    out_.append(s.data(), s.size());
  }
  template <class T, class A>
  void put_vector(const std::vector<T, A>& v) {
    static_assert(std::is_trivially_copyable<T>::value, "byte_writer::put_vector takes plain values");
    put<std::uint64_t>(v.size());
    put_raw(v.data(), v.size() * sizeof(T));
  }
  std::size_t size() const { return out_.size(); }

 private:
  std::string& out_;
};

/// Reads what byte_writer wrote. A read past the end, or a count that cannot fit, sets failed()
/// and yields zeros: callers check failed() once at the end (or before using a count).
class byte_reader {
 public:
  explicit byte_reader(std::string_view in) : in_(in) {}
  template <class T>
  bool get(T& v) {
    static_assert(std::is_trivially_copyable<T>::value, "byte_reader::get takes plain values");
    return get_raw(&v, sizeof v);
  }
  template <class T>
  T get() {
    T v{};
    get(v);
    return v;
  }
  bool get_raw(void* p, std::size_t n) {
    if (n == 0) return !failed_;  // p may be null (an empty vector's data)
    if (failed_ || n > in_.size() - at_) {
      failed_ = true;
      std::memset(p, 0, n);
      return false;
    }
    std::memcpy(p, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  /// A count of objects of `size` bytes each that the rest of the input can hold; 0 and
  /// failed() when it cannot.
  std::uint64_t get_count(std::size_t size) {
    const auto n = get<std::uint64_t>();
    if (failed_ || (size != 0 && n > (in_.size() - at_) / size)) {
      failed_ = true;
      return 0;
    }
    return n;
  }
  bool get_string(std::string& s) {
    const std::uint64_t n = get_count(1);
    s.assign(in_.data() + at_, failed_ ? 0 : n);
    at_ += failed_ ? 0 : n;
    return !failed_;
  }
  template <class T, class A>
  bool get_vector(std::vector<T, A>& v) {
    static_assert(std::is_trivially_copyable<T>::value, "byte_reader::get_vector takes plain values");
    v.resize(get_count(sizeof(T)));
    return get_raw(v.data(), v.size() * sizeof(T));
  }
  void fail() { failed_ = true; }
  bool failed() const { return failed_; }
  bool at_end() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace detail
MUSTER_END_NAMESPACE
