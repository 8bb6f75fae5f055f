// One error channel (include/muster/status.hpp): session, journal, codec, the engine's
// registry replacement and CAP answer with a status whose code says what kind of failure it is
// and whose message and location say where and what.
#include "journal_files.hpp"

#include <muster/cap.hpp>
#include <muster/codec.hpp>
#include <muster/engine.hpp>
#include <muster/journal.hpp>
#include <muster/session.hpp>
#include <muster/status.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>

using muster::status;
using muster::status_code;
using muster_test::open_ok;
using muster_test::open_refused;
using muster_test::read_file;
using muster_test::temp_dir;
using muster_test::weihai;
using muster_test::write_file;

namespace {

const char* const first_report =
    R"({"id":"e1","kind":"incident.report","at":"2026-10-10T10:00:00+08:00","actor":"wendeng_water","incident":"f1","jurisdiction":"wendeng","incident_type":"flood","grade":"general"})";

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// The reference registry's text with its last force cut off (forces: is the file's last key).
std::string registry_without_last_force() {
  const std::string text = read_file(std::string(MUSTER_SOURCE_DIR) + "/rules/weihai-forces.yaml");
  return text.substr(0, text.rfind("\n  - id: ") + 1);
}

/// The last force of the reference registry, by id.
std::string last_force_id() { return weihai().forces->forces.back().id; }

}  // namespace

TEST_CASE("status: ok by default; a failure keeps its code, its message and its location as data") {
  const status ok;
  CHECK(ok.ok());
  CHECK(static_cast<bool>(ok));
  CHECK(ok.code() == status_code::ok);
  CHECK(ok.message().empty());

  const status located = status::located(status_code::malformed_input, {"", "forces[2]", 1, 9}, "'x' is not a force");
  CHECK_FALSE(located.ok());
  CHECK(located.message() == "1:9: forces[2]: 'x' is not a force");
  CHECK(located.what() == "'x' is not a force");
  CHECK(located.where().path == "forces[2]");
  const status prefixed = located.with_prefix("refusing: ");
  CHECK(prefixed.message() == "refusing: 1:9: forces[2]: 'x' is not a force");
  CHECK(prefixed.what() == "'x' is not a force");
  CHECK(prefixed.code() == status_code::malformed_input);

  // Every code has a kebab-case name of its own (the words messages use).
  std::set<std::string> names;
  for (int c = 0; c <= static_cast<int>(status_code::no_space); ++c) {
    const std::string name = muster::to_string(static_cast<status_code>(c));
    CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string::npos);
    CHECK(names.insert(name).second);
  }
  CHECK(muster::to_string(status_code::journal_locked) == std::string("journal-locked"));
}

TEST_CASE("result: a value or a failure; reading the value of a failure is a broken invariant") {
  const muster::result<int> seven(7);
  CHECK(seven.ok());
  CHECK(*seven == 7);
  CHECK(seven.error().ok());
  const muster::result<int> none(status(status_code::io_error, "cannot read x"));
  CHECK_FALSE(none.ok());
  CHECK(none.error().code() == status_code::io_error);
  CHECK_THROWS_AS((void)none.value(), muster::bad_result_access);
  CHECK_THROWS_AS(muster::result<int>{status()}, muster::bad_result_access);  // a failure needs a code
}

TEST_CASE("errors: a malformed event is malformed_input, at its field, line and column, from the codec and from the session") {
  muster::codec c(weihai().policy, weihai().forces);
  muster::owned_event ev;
  const status bad = c.decode_event(
      "{\"id\":\"e1\",\"kind\":\"incident.report\",\"at\":\"2026-10-10T10:00:00+08:00\",\"actor\":\"wendeng_water\",\n"
      "\"incident\":\"f1\",\"jurisdiction\":\"wendeng\",\"incident_type\":\"flood\",\"grade\":\"huge\"}",
      ev);
  CHECK(bad.code() == status_code::malformed_input);
  CHECK(bad.where().path == "grade");
  CHECK(bad.where().line == 2);
  CHECK(bad.where().column == 74);  // the value, after "grade":
  CHECK(bad.message() == "2:74: grade: 'huge' is not a grade of the policy");
  CHECK(bad.what() == "'huge' is not a grade of the policy");

  auto s = open_ok("");
  muster::outcome_text out;
  s->submit_json(R"({"id":"e2","kind":"incident.report","at":"2026-10-10T10:00:00+08:00","actor":"wendeng_water"})", out);
  CHECK(out.reason == muster::rejection::malformed);
  CHECK(s->last_error().code() == status_code::malformed_input);
  CHECK(s->last_error().message() == out.detail);
  CHECK(contains(s->last_error().message(), "incident"));
  CHECK(s->last_outcome().reason == muster::rejection::malformed);  // the typed outcome says the same
  s->advance_json("\"yesterday\"", out);
  CHECK(s->last_error().code() == status_code::malformed_input);
  CHECK(s->last_error().where().path == "at");
  s->submit_json(first_report, out);
  CHECK(out.accepted);
  CHECK(s->last_error().ok());
  CHECK(s->last_outcome().accepted);
}

TEST_CASE("errors: a damaged journal is journal_damaged, naming the file, the record and its line") {
  temp_dir dir;
  const std::string path = dir.file("j");
  {
    auto s = open_ok(path);
    s->submit_json(first_report);
  }
  std::string bytes = read_file(path);
  const std::size_t second_line = bytes.find('\n') + 1;
  bytes[second_line + 5] ^= 1;  // record 1, the registry's copy
  write_file(path, bytes);
  const status err = open_refused(path);
  CHECK(err.code() == status_code::journal_damaged);
  CHECK(err.where().file == path);
  CHECK(err.where().line == 2);
  CHECK(err.message().rfind("refusing to start: " + path + ":2: journal-damaged: record 1 (byte " + std::to_string(second_line) + "): ", 0) == 0);
  CHECK(read_file(path) == bytes);  // left as it was

  // The header alone, read by the public parser: what is wrong with it, as data.
  const auto header = muster::parse_journal_header(R"("format":"muster-journal/9","engine":"0.1.0","policy":"p","registry":"r")");
  CHECK(header.error().code() == status_code::journal_format_unsupported);
  CHECK(contains(header.error().message(), "unsupported journal format 'muster-journal/9'"));
  CHECK(muster::parse_journal_header(R"("format":"muster-journal/2","engine":"0.1.0")").error().code() ==
        status_code::journal_damaged);
  const auto good = muster::parse_journal_header(R"("format":"muster-journal/2","engine":"0.1.0","policy":"p","registry":"r")");
  REQUIRE(good.ok());
  CHECK(good->policy_digest == "p");
}

TEST_CASE("errors: a visitor's refusal stops the scan with the visitor's code, located at its record") {
  temp_dir dir;
  const std::string path = dir.file("j");
  open_ok(path)->submit_json(first_report);
  const muster::journal_scan scan = muster::scan_journal(path, [](const muster::journal_record& r) {
    return r.seq == 2 ? status(status_code::journal_unknown_record, "not this one") : status();
  });
  CHECK(scan.error.code() == status_code::journal_unknown_record);
  CHECK(scan.error.message() == path + ":3: not this one");
  CHECK(scan.error.where().line == 3);
  CHECK(scan.error_seq == 2);
}

TEST_CASE("errors: a journal another session holds is journal_locked, naming the file") {
  temp_dir dir;
  const std::string path = dir.file("j");
  auto first = open_ok(path);
  const status err = open_refused(path);
  CHECK(err.code() == status_code::journal_locked);
  CHECK(err.where().file == path);
  CHECK(contains(err.message(), "journal " + path + " is in use"));
}

TEST_CASE("errors: a registry that removes a known force is registry_conflict, naming the force, and changes nothing") {
  auto edited = muster::compile_forces_text(*weihai().policy, "weihai-forces-cut.yaml", registry_without_last_force());
  REQUIRE(edited.ok());
  REQUIRE(edited.value->forces.size() + 1 == weihai().forces->forces.size());

  // The engine: a fresh one takes any registry; one that has taken an input keeps its forces.
  muster::engine fresh(weihai().policy, weihai().forces);
  CHECK(fresh.replace_registry(edited.value).ok());
  muster::engine en(weihai().policy, weihai().forces);
  muster::codec c(weihai().policy, weihai().forces);
  muster::owned_event ev;
  REQUIRE(c.decode_event(first_report, ev).ok());
  REQUIRE(en.submit(ev.ev).accepted);
  const std::string before = en.state_digest();
  const status err = en.replace_registry(edited.value);
  CHECK(err.code() == status_code::registry_conflict);
  CHECK(err.where().file == "weihai-forces-cut.yaml");
  CHECK(err.where().path == "forces[" + std::to_string(weihai().forces->forces.size() - 1) + "]");
  CHECK(err.message() == "force " + last_force_id() +
                             " is no longer in the registry: forces already known must stay (retire one with duty: stood_down)");
  CHECK(en.state_digest() == before);
  CHECK(en.replace_registry(nullptr).code() == status_code::invalid_argument);

  // The session on a journal: refused with the same code, the journal left as it was.
  temp_dir dir;
  const std::string path = dir.file("j");
  open_ok(path)->submit_json(first_report);
  const std::string bytes = read_file(path);
  muster::session_options o;
  o.journal_path = path;
  auto opened = muster::session::open(weihai().policy, edited.value, o);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code() == status_code::registry_conflict);
  CHECK(contains(opened.error().message(), "refusing to start: journal-registry-edit: the edited registry weihai-forces-cut.yaml"));
  CHECK(contains(opened.error().message(), "force " + last_force_id() + " is no longer in the registry"));
  CHECK(read_file(path) == bytes);
}

TEST_CASE("errors: a CAP alert that is refused is malformed_input at its first error; an unreadable file is io_error") {
  const auto r = muster::cap::import_alert(*weihai().policy, "<alert>", "alert.xml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code() == status_code::malformed_input);
  REQUIRE_FALSE(r.diagnostics.empty());
  CHECK(r.error().message().rfind(muster::render(r.diagnostics.front()), 0) == 0);
  CHECK(r.error().where().file == "alert.xml");
  CHECK(r.error().where().line == r.diagnostics.front().where.line);

  const auto missing = muster::cap::parse_alert_file("/nonexistent/for/sure/alert.xml");
  CHECK(missing.error().code() == status_code::io_error);
  CHECK(contains(missing.error().message(), "/nonexistent/for/sure/alert.xml"));
}
