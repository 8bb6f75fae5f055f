// A session: engine + codec + journal. Each input's event record and outcome records are
// committed together (every_event: one write, and a failed write is cut back and the state
// rebuilt from the journal; none, batch: handed to the journal's thread, and a failure there
// stops the session); replay on open (docs/journal.md).
#include <muster/session.hpp>

#include "session/session_access.hpp"

#include "codec/captured_records.hpp"
#include "codec/codec_state.hpp"
#include "common/digest.hpp"
#include "common/incident_lines.hpp"
#include "common/json_escape.hpp"
#include "common/utf8.hpp"
#include "engine/engine_state.hpp"
#include "journal/journal_store.hpp"
#include "session/snapshot_check.hpp"
#include "session/snapshot_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

MUSTER_BEGIN_NAMESPACE
namespace {

constexpr std::string_view event_member = "\"event\":";
constexpr std::string_view advance_member = "\"advance\":";
constexpr std::string_view malformed_member = "\"malformed\":";
/// Room kept free at the end of the journal before an input is read: the input (at most
/// codec::max_event_bytes) and its outcome records, with a wide margin. An outcome larger than
/// that is caught when it is committed (session::impl::commit_or_refuse).
constexpr std::size_t reserve_bytes = 4 * codec::max_event_bytes;
/// The bound of an outcome's records (journal::stage_deferred) is the host's outcome JSON plus
/// this per record: each record body is the host's form of its effect or verdict less the names
/// and rule objects, with seconds for times (codec/encode_effect.cpp), after `"of":<seq>,` and
/// `"effect":` or `"outcome":`.
constexpr std::size_t max_outcome_record_overhead = journal::max_record_framing + 5 + 20 + 1 + 10;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// Under limits.retention the engine forgets its oldest event ids, and releases incidents and
/// warnings; the codec then forgets their names (only those: a name whose id the engine still
/// knows must keep its number).
void forget_names(codec& c, const engine& en) {
  if (const std::uint64_t from = en.remembered_ids_from(); from != 0) detail::codec_access::state(c).events.forget_below(from);
  if (const std::uint64_t from = detail::case_ids_held_from(en); from != 0) detail::codec_access::state(c).forget_cases_below(from);
}

/// The body of a `rejection` record for input that did not decode: the error and the raw text,
/// as a string when it is UTF-8, else as hex (the journal stays valid JSON and loses nothing).
std::string malformed_body(std::string_view input, const std::string& error) {
  std::string body(malformed_member);
  body += "{\"error\":";
  detail::append_json_string(body, detail::is_valid_utf8(error) ? std::string_view(error) : std::string_view("(not UTF-8)"));
  body += ",\"bytes\":" + std::to_string(input.size());
  std::string_view kept = input.substr(0, codec::max_event_bytes);
  if (kept.size() < input.size()) body += ",\"truncated\":true";
  if (detail::is_valid_utf8(kept)) {
    body += ",\"input\":";
    detail::append_json_string(body, kept);
  } else {
    body += ",\"input_hex\":\"";
    detail::append_hex(body, kept);
    body += '"';
  }
  body += '}';
  return body;
}

struct record_text {
  const char* type;
  std::string body;
};

/// The records that follow event record `of`, each passed to emit(type, body): one per effect
/// then a rejection when refused, or a single `duplicate` for a repeated event id (its effects
/// are recorded at its first outcome), in the codec's compact record forms. Live submission
/// (through journal::stage_deferred) and replay both write them with write_captured_records, so
/// a replay compares byte for byte. `blob` and `scratch` are reused from call to call.
template <class Emit>
void outcome_records(const outcome& o, std::uint64_t of, const codec& c, const engine& en, std::string& blob, std::string& scratch,
                     Emit&& emit) {
  blob.clear();
  detail::capture_records(blob, o, of, c, en);
  detail::write_captured_records(blob, c, en.rules(), scratch, emit);
}

/// The body of a clock advance's event record, into `body` (replaced).
void advance_body(std::string& body, const codec& c, timestamp t) {
  body.assign(advance_member);
  body += "{\"at\":";
  detail::append_json_string(body, c.format_time(t));
  body += ",\"unix\":" + std::to_string(t) + "}";
}

/// Reads the `unix` member of an advance body written by advance_body().
bool parse_advance_body(std::string_view body, timestamp& t) {
  const std::string_view key = ",\"unix\":";
  const std::size_t k = body.rfind(key);
  if (k == std::string_view::npos || body.size() < 2 || body.back() != '}') return false;
  const std::string_view digits = body.substr(k + key.size(), body.size() - 1 - k - key.size());
  if (digits.empty() || digits.size() > 20) return false;
  std::size_t i = 0;
  const bool negative = digits[0] == '-';
  if (negative) ++i;
  if (i == digits.size()) return false;
  std::int64_t v = 0;
  for (; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    v = v * 10 + (digits[i] - '0');
  }
  t = negative ? -v : v;
  return true;
}

std::string short_digest(const std::string& d) { return d.substr(0, 12); }

/// Replays a journal's records into an engine, checking each recorded outcome record against
/// what the engine answers now.
class replayer {
 public:
  replayer(engine& en, codec& c, const policy& p, const force_registry& r, recovery_report& rep)
      : en_(en), codec_(c), policy_(p), registry_(r), rep_(rep) {}

  status visit(const journal_record& r) {
    ++rep_.records;
    if (r.type == "header") return header(r);
    if (r.type == "registry") return registry(r);
    if (r.type == "event") {
      if (!pending_registry_.empty())
        return status(status_code::journal_registry_mismatch,
                      "journal-registry-mismatch: the journal was written with force registry " + short_digest(pending_registry_) +
                          "…, not this one (" + short_digest(registry_.digest) +
                          "…), and keeps no copy of it (journals written before registry versions): open it with the registry it was written with");
      return event(r);
    }
    if (r.type == "rejection" && starts_with(r.body, malformed_member)) {
      if (status s = group_complete(r); !s) return s;
      ++rep_.malformed;
      return {};
    }
    if (r.type == "effect" || r.type == "rejection" || r.type == "duplicate") return outcome_record(r);
    if (r.type == "snapshot") return snapshot(r);
    if (r.type == "segment") return segment(r);
    return status(status_code::journal_unknown_record, "journal-unknown-record: record " + std::to_string(r.seq) + " has type '" +
                                                           std::string(r.type) + "', which this version does not know");
  }

  /// Outcome records of the last event that the journal lacks (it ended before they were written).
  std::vector<record_text> missing() const {
    return std::vector<record_text>(expected_.begin() + static_cast<std::ptrdiff_t>(next_),
                                    expected_.begin() + static_cast<std::ptrdiff_t>(expected_n_));
  }

 private:
  /// journal_replay_mismatch at record `seq`: "journal-replay-mismatch: record <seq>: <what>".
  static status mismatch(std::uint64_t seq, const std::string& what) {
    return status(status_code::journal_replay_mismatch, "journal-replay-mismatch: record " + std::to_string(seq) + ": " + what);
  }

  /// Where a file of a journal in segments starts (the scan has checked it continues the
  /// chain). A journal that starts at one had its first segments archived (muster compact):
  /// only a snapshot after them stands for what they held.
  status segment(const journal_record& r) {
    if (started_) return {};
    return status(status_code::journal_missing,
                  "journal-missing: records 0.." + std::to_string(r.seq - 1) +
                      " were archived by muster compact, and no snapshot beside the journal could stand for them: put the "
                      "archived segments back beside the journal to replay it from the start");
  }

  status header(const journal_record& r) {
    started_ = true;
    result<journal_header> h = parse_journal_header(r.body);
    if (!h) return status(h.error().code(), "journal-damaged: record 0: " + h.error().message());
    rep_.engine_version = h->engine_version;
    if (h->policy_digest != policy_.digest)
      return status(status_code::journal_policy_mismatch,
                    "journal-policy-mismatch: the journal was written under policy " + short_digest(h->policy_digest) +
                        "…, not this policy (" + short_digest(policy_.digest) +
                        "…): open it with the policy it was written under (policy pinning)");
    // Another registry: the journal's own copy (the `registry` record after the header) replays
    // it; a journal without one is refused at its first event.
    if (h->registry_digest != en_.forces().digest) pending_registry_ = h->registry_digest;
    return {};
  }

  /// A version of the force registry the inputs after it ran under: its text, compiled against
  /// the policy; the engine (and the codec) move to it.
  status registry(const journal_record& r) {
    const std::string where = "journal-damaged: record " + std::to_string(r.seq) + ": ";
    std::string digest, text;
    try {
      const nlohmann::json j = nlohmann::json::parse("{" + std::string(r.body) + "}");
      digest = j.at("registry").at("digest").get<std::string>();
      text = j.at("registry").at("text").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      return status(status_code::journal_damaged,
                    where + "a registry record needs \"registry\":{\"digest\",\"text\"} (" + e.what() + ")");
    }
    saw_registry_ = true;
    if (digest == en_.forces().digest) {
      if (digest == pending_registry_) pending_registry_.clear();
      return {};
    }
    auto compiled = compile_forces_text(policy_, "registry record " + std::to_string(r.seq), text);
    if (!compiled.ok() || compiled.value->digest != digest)
      return status(status_code::journal_damaged,
                    where + "the registry it keeps " +
                        (compiled.ok() ? "does not hash to " + short_digest(digest) + "…" : "does not compile under this policy"));
    if (status moved = en_.replace_registry(compiled.value); !moved) return mismatch(r.seq, moved.message());
    codec_.replace_forces(compiled.value);
    if (digest == pending_registry_) pending_registry_.clear();
    return {};
  }

 public:
  /// Whether the journal keeps a copy of the registry it runs under (a `registry` record).
  bool saw_registry() const { return saw_registry_; }
  /// Replay goes on from a snapshot: the journal kept its registry before it (a session records
  /// one on every open, before it can take a snapshot).
  void resumed_from_snapshot() {
    saw_registry_ = true;
    started_ = true;
  }

 private:

  status group_complete(const journal_record& r) {
    if (next_ == expected_n_) return {};
    return mismatch(r.seq, "the outcome of event record " + std::to_string(event_seq_) +
                               " is incomplete: replay expects a '" + expected_[next_].type + "' record here");
  }

  status event(const journal_record& r) {
    if (status s = group_complete(r); !s) return s;
    const outcome* o = nullptr;
    if (starts_with(r.body, event_member)) {
      if (status decoded = codec_.decode_event(r.body.substr(event_member.size()), ev_); !decoded)
        return mismatch(r.seq, "the recorded event does not decode: " + decoded.message());
      o = &en_.submit(ev_.ev);
      forget_names(codec_, en_);
    } else if (starts_with(r.body, advance_member)) {
      timestamp t = 0;
      if (!parse_advance_body(r.body.substr(advance_member.size()), t)) return mismatch(r.seq, "the clock advance has no \"unix\" time");
      o = &en_.advance_to(t);
    } else {
      return mismatch(r.seq, "an event record with neither \"event\" nor \"advance\"");
    }
    ++rep_.events_replayed;
    event_seq_ = r.seq;
    expected_n_ = 0;  // the strings keep their capacity from event to event
    outcome_records(*o, r.seq, codec_, en_, blob_, scratch_, [&](const char* type, std::string_view body) {
      if (expected_n_ == expected_.size()) expected_.emplace_back();
      expected_[expected_n_].type = type;
      expected_[expected_n_].body.assign(body);
      ++expected_n_;
    });
    next_ = 0;
    return {};
  }

  /// A snapshot was taken here: the state replay has reached must be the one it saved (the file
  /// itself is checked when it is opened from; it may since have been removed).
  status snapshot(const journal_record& r) {
    if (status s = group_complete(r); !s) return s;
    detail::snapshot_record rec;
    std::string why;
    if (!detail::parse_snapshot_record(r.body, rec, why))
      return status(status_code::journal_damaged, "journal-damaged: record " + std::to_string(r.seq) + ": " + why);
    const std::string now = en_.state_digest();
    if (rec.state != now)
      return mismatch(r.seq, "the snapshot " + rec.file + " saved state " + short_digest(rec.state) + "…, but replaying to it gives " +
                                 short_digest(now) + "…");
    return {};
  }

  status outcome_record(const journal_record& r) {
    if (next_ == expected_n_)
      return mismatch(r.seq, "a '" + std::string(r.type) + "' record that replaying event record " + std::to_string(event_seq_) +
                                 " does not produce");
    const record_text& want = expected_[next_];
    if (r.type != want.type || r.body != want.body)
      return mismatch(r.seq, "replaying event record " + std::to_string(event_seq_) + " gives a different outcome\n  journal: " +
                                 std::string(r.type) + " " + std::string(r.body) + "\n  replay:  " + want.type + " " + want.body);
    ++next_;
    return {};
  }

  engine& en_;
  codec& codec_;
  const policy& policy_;
  const force_registry& registry_;
  recovery_report& rep_;
  owned_event ev_;
  std::string blob_, scratch_;
  std::vector<record_text> expected_;  ///< the first expected_n_ are the last event's
  std::string pending_registry_;       ///< the header's registry, until a registry record brings it
  bool started_ = false;               ///< the header, or a snapshot, came first
  bool saw_registry_ = false;
  std::size_t expected_n_ = 0;
  std::size_t next_ = 0;
  std::uint64_t event_seq_ = 0;
};

}  // namespace

journal_scan replay_journal(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                            const session_options& options, recovery_report& report) {
  if (!p || !forces) throw std::invalid_argument("muster::replay_journal needs a compiled policy and force registry");
  report = recovery_report{};
  engine en(p, forces, options.engine);
  codec c(p, forces);
  replayer rp(en, c, *p, *forces, report);
  journal_scan scan = scan_journal(
      options.journal_path, [&](const journal_record& r) { return rp.visit(r); }, options.expected_head);
  report.torn_bytes = scan.torn_bytes;
  report.torn_hole = scan.torn_hole;
  report.records_restored = rp.missing().size();  // what opening would append
  report.head = journal_head{scan.records - 1, scan.last_hash};
  report.digest = en.state_digest();
  return scan;
}

std::string recovery_report::summary() const {
  std::string s = created ? "new journal" : "journal";
  s += ": " + std::to_string(records) + " records, " + std::to_string(events_replayed) + " events replayed";
  if (malformed) s += ", " + std::to_string(malformed) + " malformed inputs skipped";
  if (torn_hole) s += ", torn tail dropped from a hole of zeros on (" + std::to_string(torn_bytes) + " bytes; a power cut)";
  else if (torn_bytes) s += ", torn last record dropped (" + std::to_string(torn_bytes) + " bytes)";
  if (snapshot_seq) s += " after the snapshot at record " + std::to_string(snapshot_seq);
  if (records_restored) s += ", " + std::to_string(records_restored) + " outcome records restored";
  s += ", state " + short_digest(digest);
  return s;
}

struct session::impl {
  std::shared_ptr<const policy> pol;
  std::shared_ptr<const force_registry> reg;
  session_options opt;
  std::unique_ptr<muster::engine> en;
  std::unique_ptr<muster::codec> cdc;
  std::unique_ptr<muster::journal> jr;
  recovery_report report;
  owned_event ev;
  std::string event_body, captured, record_body;  ///< reused from input to input
  /// What write_deferred reads and writes: the journal's thread's, in none and batch. On cache
  /// lines of their own: beside the submitter's fields (the decoded event, the error) each
  /// record the thread wrote cost the submitter a cache miss (a third of the journal's cost to it).
  struct alignas(64) record_writer {
    const muster::codec* codec = nullptr;                // the policy's tables, which never change
    std::vector<const rule_ref*> rules;                  // a copy of the engine's, which never change
    std::string text;                                    // each record's body
  };
  std::unique_ptr<record_writer> deferred = std::make_unique<record_writer>();
  status error;                              ///< the last call's problem (session::last_error)
  outcome own;                               ///< the outcome of a malformed input or a refusal
  const outcome* last_answer = &own;         ///< the last answer (session::last_outcome)
  bool failed = false;
  std::uint64_t inputs_since_snapshot = 0;   ///< session_options::snapshot_every
  std::size_t batch_lines = 0;               ///< event lines of the batch being submitted (0: none)
  timestamp decoded_at = INT64_MIN;          ///< the time of the last event stage_event decoded

  /// The journal goes first: its thread writes what is still queued with the codec, the engine
  /// and `deferred`, which must outlive it.
  ~impl() { jr.reset(); }

  void fresh() {
    en = std::make_unique<muster::engine>(pol, reg, opt.engine);
    cdc = std::make_unique<muster::codec>(pol, reg);
    en->name_incidents_with(cdc.get());
    point_writer();
  }

  /// After replay: the journal keeps a copy of the registry it runs under, and moves to the one
  /// given when the file was edited (a `registry` record, then the engine and codec move).
  status keep_registry(bool journal_has_copy) {
    const bool edited = en->forces().digest != reg->digest;
    if (!edited && journal_has_copy) return {};
    if (edited) {
      if (status moved = en->replace_registry(reg); !moved)
        return moved.with_prefix("refusing to start: journal-registry-edit: the edited registry " + reg->file +
                                 " cannot follow the journal's: ");
      cdc->replace_forces(reg);
      report.registry_replaced = true;
    }
    std::string body = "\"registry\":{\"digest\":\"" + reg->digest + "\",\"text\":";
    detail::append_json_string(body, reg->source);
    body += "}";
    jr->stage("registry", body);
    status err = jr->commit(false);
    if (err) err = jr->drain();
    if (!err)
      return status(err.code(), "refusing to start: cannot record the registry: " + err.message(), status_location{jr->path(), {}, 0, 0});
    return {};
  }

  /// session::snapshot(): the state after every input so far, beside the journal (a file, or a
  /// row of the partition's: snapshot_store.hpp), then a `snapshot` record with its SHA-256.
  status take_snapshot() {
    inputs_since_snapshot = 0;
    if (!jr) return status(status_code::invalid_argument, "snapshot: a session in memory keeps no snapshots");
    if (failed) return status(status_code::io_error, "snapshot: the session stopped after a journal failure: " + error.message());
    if (status drained = jr->drain(); !drained) {
      stop(drained.code(), drained.message() + " (the session stopped; reopen to recover)");
      return error;
    }
    const journal_mark at = jr->mark();  // the snapshot record goes here
    detail::snapshot_meta meta;
    meta.seq = at.next_seq;
    meta.offset = at.offset;
    meta.prev = at.prev;
    meta.policy_digest = pol->digest;
    meta.registry_digest = en->forces().digest;
    meta.registry_file = en->forces().file;
    meta.registry_text = en->forces().source;
    meta.state_digest = en->state_digest();
    meta.rules_digest = detail::rules_digest(*en);
    const std::string bytes = detail::encode_snapshot(meta, *en, *cdc);
    const std::unique_ptr<detail::snapshot_store> snaps = jr->snapshots();
    // Written whole first: a crash before its record leaves a snapshot no record names, unused.
    if (status written = snaps->write(meta.seq, bytes); !written) {
      status not_taken(written.code(), "snapshot not taken: " + written.message(), written.where());
      // A stale writer (another opened the partition since) may not append either: it stops.
      if (written.code() == status_code::journal_fenced) {
        stop(written.code(), not_taken.message() + " (the session stopped; reopen to recover)");
        return error;
      }
      return not_taken;
    }
    jr->stage("snapshot", detail::snapshot_record_body(snaps->name(meta.seq), detail::sha256_hex(bytes), bytes.size(), meta.state_digest));
    status recorded = jr->commit(false);
    if (recorded) recorded = jr->flush();
    if (!recorded) {
      // Cut back (every_event), the journal goes on without it and the snapshot is never used:
      // no record names it. Otherwise the journal cannot be trusted past its last sync. Either
      // way with the journal's code (no_space, io_error …).
      const std::string why = "journal: the snapshot record could not be written: " + recorded.message();
      if (!jr->failed()) {
        snaps->remove(meta.seq);
        return status(recorded.code(), why, status_location{jr->path(), {}, 0, 0});
      }
      stop(recorded.code(), why + " (the session stopped; reopen to recover)");
      return error;
    }
    // The newest are kept; a snapshot past the end of the journal (from a journal since
    // restored from a copy) is old news too, but it is never the one just taken.
    const std::vector<std::uint64_t> kept = snaps->list();
    const std::size_t keep = std::max(1U, opt.snapshots_kept);
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (kept[i] != meta.seq && (i >= keep || kept[i] > meta.seq)) snaps->remove(kept[i]);
    return {};
  }

  /// After inputs went through: a snapshot when snapshot_every of them have since the last one.
  /// A snapshot that cannot be taken leaves its reason in last_error(); the inputs stand.
  void after_inputs(std::size_t n) {
    if (opt.snapshot_every == 0 || !jr || failed) return;
    inputs_since_snapshot += n;
    if (inputs_since_snapshot < opt.snapshot_every) return;
    if (status taken = take_snapshot(); !taken && error.ok()) error = taken;
  }

  /// Before the journal is opened: starts the engine and codec from the newest snapshot that
  /// verifies, and has the journal scanned from the record after it (jo.resume). Snapshots
  /// passed over are named in report.snapshot_note; with none usable everything is replayed.
  void resume_from_snapshot(journal_options& jo) {
    if (!opt.open_from_snapshot) return;
    const std::unique_ptr<detail::snapshot_store> snaps = detail::open_snapshot_store(opt.journal_path);
    for (const std::uint64_t seq : snaps->list()) {
      std::string why;
      if (try_snapshot(*snaps, seq, jo, why)) {
        report.snapshot_seq = seq;
        return;
      }
      if (!report.snapshot_note.empty()) report.snapshot_note += "; ";
      report.snapshot_note += snaps->where(seq) + ": " + why;
    }
  }

  /// One snapshot: true with the engine and codec loaded from it and jo.resume set, or false
  /// with why it cannot be used (nothing changed).
  bool try_snapshot(detail::snapshot_store& snaps, std::uint64_t seq, journal_options& jo, std::string& why) {
    detail::checked_snapshot snap;
    const detail::snapshot_expectation want{pol->digest, detail::rules_digest(*en), opt.expected_head};
    if (!detail::check_snapshot(want, snaps, seq, snap, why)) return false;
    const detail::snapshot_meta& meta = snap.meta;
    // The registry the engine ran under then: the one given, or the snapshot's copy compiled again.
    std::shared_ptr<const force_registry> forces = reg;
    if (meta.registry_digest != reg->digest) {
      auto compiled = compile_forces_text(*pol, meta.registry_file, meta.registry_text);
      if (!compiled.ok() || compiled.value->digest != meta.registry_digest)
        return why = "the registry it keeps does not compile to its digest under this policy", false;
      forces = compiled.value;
    }
    auto en2 = std::make_unique<muster::engine>(pol, forces, opt.engine);
    auto cdc2 = std::make_unique<muster::codec>(pol, forces);
    en2->name_incidents_with(cdc2.get());
    detail::byte_reader& r = snap.state;
    if (!detail::load_engine_state(*en2, r) || !detail::codec_access::state(*cdc2).load(r) || !r.at_end())
      return why = "its state does not load into this policy and registry", false;
    if (en2->state_digest() != meta.state_digest) return why = "its state loads to another digest", false;
    en = std::move(en2);
    cdc = std::move(cdc2);
    point_writer();
    report.engine_version = snap.resume.header.engine_version;
    jo.resume = std::move(snap.resume);
    return true;
  }

  /// The record writer reads the current codec and engine.
  void point_writer() {
    deferred->codec = cdc.get();
    deferred->rules = en->rules();
  }

  /// The host's form of `o` into `out`.
  void answer(const outcome& o, outcome_text& out) {
    out.json.clear();
    out.effects.clear();
    out.json.reserve(160 + 400 * o.effects.size());  // what an effect with names and rules takes, about
    out.effects.reserve(o.effects.size());
    cdc->append_outcome(out.json, o, *en, out.effects);
    last_answer = &o;
    out.accepted = o.accepted;
    out.duplicate = o.duplicate;
    out.reason = o.reason;
    out.detail = o.detail;
    out.refused = false;
    out.line = 0;
  }

  /// Before an input is read: the session works, and the journal has room for the input and its
  /// outcome (so a full disk refuses it here, cheaply, with nothing changed). False with the
  /// refusal in `out`.
  bool admit(outcome_text& out) {
    if (failed) {
      refusal("the session stopped after a journal failure: " + error.message(), out);
      return false;
    }
    if (!error.ok()) error = status();
    if (!jr) return true;
    if (status err = jr->reserve(reserve_bytes); !err) {
      if (jr->failed()) {
        // The journal's thread failed to write or sync what earlier inputs handed it.
        stop(err.code(), err.message() + " (the session stopped; reopen to recover)");
        refusal(error.message(), out);
        return false;
      }
      journal_failed(err.code(), "journal: " + err.message() + " — the input was refused before it was read and changed nothing");
      refusal(error.message(), out);
      return false;
    }
    return true;
  }

  /// A refusal the host can read like any outcome: internal_error, with the reason.
  void refusal(const std::string& why, outcome_text& out) {
    own = outcome{};
    own.accepted = false;
    own.reason = rejection::internal_error;
    own.detail = why;
    answer(own, out);
    out.refused = true;
  }

  /// The journal could not take an input: the code of the journal's failure (no_space,
  /// journal_fenced, io_error …), naming the journal.
  void journal_failed(status_code code, std::string why) {
    error = status(code, std::move(why), status_location{jr->path(), {}, 0, 0});
  }

  void stop(status_code code, const std::string& why) {
    failed = true;
    journal_failed(code, why);
  }

  /// Rebuilds engine and codec from the journal as it is now (after a failed append was cut
  /// back): the codec may have numbered ids of an event that is not in the journal.
  bool rebuild(std::string& err) {
    // none, batch: the file must hold what was committed
    if (status drained = jr->drain(); !drained) {
      err = drained.message();
      return false;
    }
    auto en2 = std::make_unique<muster::engine>(pol, reg, opt.engine);
    auto cdc2 = std::make_unique<muster::codec>(pol, reg);
    en2->name_incidents_with(cdc2.get());
    recovery_report rep;
    replayer rp(*en2, *cdc2, *pol, *reg, rep);
    const journal_scan scan = scan_journal(jr->path(), [&](const journal_record& r) { return rp.visit(r); });
    if (!scan.ok() || scan.torn_bytes != 0 || !rp.missing().empty() || scan.records != jr->next_seq()) {
      err = scan.ok() ? "the journal on disk no longer matches what this session wrote" : scan.error.message();
      return false;
    }
    en = std::move(en2);
    cdc = std::move(cdc2);
    point_writer();
    return true;
  }

  /// Stages an input with its outcome — the event record (`event_body`), then its outcome
  /// records — and answers into `out`; the caller commits (run, submit_batch).
  template <class Apply>
  void stage_input(Apply&& apply, outcome_text& out) {
    const std::uint64_t seq = jr->stage("event", event_body);
    const outcome& o = apply();
    answer(o, out);
    // The outcome's records: written from a capture by the journal's thread while it has time
    // to spare (none, batch), else here — the same bytes either way, and the two threads share
    // the work (call plans, ~1 effect an input, defer; reports, ~5 effects, mostly do not).
    if (jr->deferring_helps()) {
      captured.clear();
      const std::uint32_t records = detail::capture_records(captured, o, seq, *cdc, *en);
      jr->stage_deferred(captured, records, out.json.size() + records * max_outcome_record_overhead);
    } else {
      outcome_records(o, seq, *cdc, *en, captured, record_body, [&](const char* type, std::string_view body) {
        jr->stage(type, body);
      });
    }
  }

  /// Records an input with its outcome, written together (one write); the sync follows the
  /// durability mode.
  template <class Apply>
  void run(Apply&& apply, outcome_text& out) {
    if (!jr) return answer(apply(), out);
    stage_input(apply, out);
    commit(out);
  }

  /// Commits what one input staged. A malformed input changed nothing, so its outcome stands
  /// even when its record cannot be written.
  void commit(outcome_text& out) {
    if (!jr) return;
    status err;
    if (!room_for_staged(err)) return refused(err, out);
    if ((err = jr->commit(true))) return;
    if (out.reason != rejection::malformed) return refused(err, out);
    if (jr->failed()) stop(err.code(), err.message() + " (the session stopped; reopen to recover)");
    else journal_failed(err.code(), out.detail + "; and it could not be recorded: " + err.message());
  }

  /// Whether the journal has room for what was staged (an outcome beyond reserve_bytes); else
  /// the staged records are dropped and the caller refuses them: the journal's thread must
  /// never be handed records it may have no room to write, as their outcomes are answered.
  bool room_for_staged(status& err) {
    if ((err = jr->reserve(0))) return true;
    jr->discard();
    return false;
  }

  /// The journal refused what was staged since the last commit: restore the state it describes
  /// and say so in `out`. every_event: a failed write is cut back, so neither the events nor
  /// their outcomes are recorded; the engine has taken them (it has no undo), so the state is
  /// rebuilt from the journal and they are refused whole. none, batch: commit() fails only when
  /// the journal's thread failed earlier; inputs after its last good write are then lost from
  /// the disk but not from the engine, so the session stops.
  void refused(const status& err, outcome_text& out) {
    std::string why;
    if (jr->failed()) {
      stop(err.code(), err.message() + " (the session stopped; reopen to recover)");
      return refusal(error.message(), out);
    }
    if (!rebuild(why)) {
      stop(err.code(), err.message() + "; rebuilding the state from the journal failed: " + why +
                           " (the session stopped; reopen to recover)");
      return refusal(error.message(), out);
    }
    journal_failed(err.code(), err.message() + (batch_lines > 1 ? " — the batch was not recorded and changed nothing"
                                                                : " — the event was not recorded and changed nothing"));
    refusal(error.message(), out);
  }

  /// Input that did not decode: a `malformed` rejection, its record staged (not committed).
  void stage_malformed(std::string_view input, status why, outcome_text& out) {
    own = outcome{};
    own.accepted = false;
    own.reason = rejection::malformed;
    own.detail = why.message();
    error = std::move(why);
    if (jr) jr->stage("rejection", malformed_body(input, own.detail));
    answer(own, out);
  }

  void malformed(std::string_view input, status why, outcome_text& out) {
    stage_malformed(input, why, out);
    commit(out);
  }

  /// An event record's body for `input`, which decoded: the text as the host sent it when it is
  /// one line (replay decodes it again to the same event, and the audit keeps the host's own
  /// bytes; copying is a fifth of the cost of re-encoding), else re-encoded canonically.
  void event_record_body(std::string_view input) {
    event_body.assign(event_member);
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!input.empty() && blank(input.front())) input.remove_prefix(1);
    while (!input.empty() && blank(input.back())) input.remove_suffix(1);
    // Starting with '{': a leading byte-order mark, which the decoder skips, would make the line no JSON.
    const bool one_line = !input.empty() && input.front() == '{' &&
                          std::memchr(input.data(), '\n', input.size()) == nullptr &&
                          std::memchr(input.data(), '\r', input.size()) == nullptr;  // memchr: vectorised
    if (one_line) event_body += input;
    else cdc->append_event(event_body, ev.ev);
  }

  /// Decodes an event and stages it with its outcome (or its malformed rejection).
  void stage_event(std::string_view event_json, outcome_text& out) {
    if (status decoded = cdc->decode_event(event_json, ev); !decoded) return stage_malformed(event_json, std::move(decoded), out);
    decoded_at = ev.ev.at;
    if (jr) {
      event_record_body(event_json);
      stage_input([&]() -> const outcome& { return en->submit(ev.ev); }, out);
    } else {
      answer(en->submit(ev.ev), out);
    }
    forget_names(*cdc, *en);
  }

  void submit(std::string_view event_json, outcome_text& out) {
    if (!admit(out)) return;
    stage_event(event_json, out);
    commit(out);
    after_inputs(1);
  }

  std::size_t submit_batch(std::string_view jsonl, std::vector<outcome_text>& outs) {
    std::size_t n = 0;
    bool admitted = true;
    status first_error;
    batch_lines = 0;
    std::size_t line_number = 0;
    // A relative advance counts from the latest time seen: the clock, or a later event's time
    // (a refused event's too), as the command line counts in the same file.
    timestamp latest = en->now();
    for (std::size_t at = 0; at < jsonl.size();) {
      std::size_t end = jsonl.find('\n', at);
      if (end == std::string_view::npos) end = jsonl.size();
      std::string_view line = jsonl.substr(at, end - at);
      at = end + 1;
      ++line_number;
      // The incident-file dialect (src/common/incident_lines.hpp): comments, advance lines.
      detail::incident_line kind = detail::classify_incident_line(line, line_number == 1, codec::max_event_bytes);
      if (kind.kind == detail::incident_line_kind::skip) continue;
      line = detail::incident_line_text(line, line_number == 1);
      if (n == outs.size()) outs.emplace_back();
      outcome_text& out = outs[n++];
      ++batch_lines;
      // Once the journal has no room, each further line is refused unread, for the same reason.
      if (admitted) admitted = admit(out);
      else refusal(error.message(), out);
      if (admitted && kind.kind == detail::incident_line_kind::advance) {
        stage_advance(line, kind.time, latest, out);
      } else if (admitted) {
        decoded_at = INT64_MIN;
        stage_event(line, out);
        if (decoded_at > latest) latest = decoded_at;
      }
      out.line = line_number;
      if (first_error.ok() && !error.ok()) first_error = error;
    }
    if (n == 0) {
      error = status();
      return 0;
    }
    status err;
    if (jr && (!room_for_staged(err) || !(err = jr->commit(true)))) {
      outcome_text& last = outs[n - 1];
      const std::size_t last_line = last.line;
      refused(err, last);  // rebuilds or stops; says why in `error`
      last.line = last_line;
      for (std::size_t i = 0; i + 1 < n; ++i) {
        const std::size_t line = outs[i].line;
        refusal(error.message(), outs[i]);
        outs[i].line = line;
      }
      first_error = error;
    } else if (failed) {
      // The journal's thread failed part-way: the staged records were dropped with the session.
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t line = outs[i].line;
        refusal(error.message(), outs[i]);
        outs[i].line = line;
      }
      first_error = error;
    }
    error = first_error;
    batch_lines = 0;
    after_inputs(n);
    return n;
  }

  /// An advance line of a batch ({"advance": T}), staged as advance() records it; a T that is
  /// no time is the line's malformed rejection. Moves `latest` to the time advanced to.
  void stage_advance(std::string_view line, const std::string& t, timestamp& latest, outcome_text& out) {
    timestamp to = 0;
    std::string why;
    const auto absolute = [&](std::string_view text, std::int64_t& v) { return cdc->parse_time(text, v); };
    if (!detail::advance_time(t, latest, absolute, to, why))
      return stage_malformed(line, status(status_code::malformed_input, "advance: " + why, status_location{{}, "advance", 0, 0}), out);
    if (to > latest) latest = to;
    if (jr) {
      advance_body(event_body, *cdc, to);
      stage_input([&]() -> const outcome& { return en->advance_to(to); }, out);
    } else {
      answer(en->advance_to(to), out);
    }
  }

  void advance(timestamp t, outcome_text& out) {
    if (!admit(out)) return;
    if (jr) advance_body(event_body, *cdc, t);
    run([&]() -> const outcome& { return en->advance_to(t); }, out);
    after_inputs(1);
  }

  void advance(std::string_view time_json, outcome_text& out) {
    if (!admit(out)) return;
    std::string_view v = time_json;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    timestamp t = 0;
    if (v.empty() || !cdc->parse_time(v, t))
      return malformed(time_json,
                       status(status_code::malformed_input, "at: not a time (RFC 3339, e.g. \"2026-07-10T10:00:00+08:00\", or seconds)",
                              status_location{{}, "at", 0, 0}),
                       out);
    advance(t, out);
  }
};

session::session(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
session::~session() = default;

result<std::unique_ptr<session>> session::open(std::shared_ptr<const policy> p, std::shared_ptr<const force_registry> forces,
                                               const session_options& options) {
  return detail::session_access::open(std::move(p), std::move(forces), options, {});
}

result<std::unique_ptr<session>> detail::session_access::open(std::shared_ptr<const policy> p,
                                                              std::shared_ptr<const force_registry> forces,
                                                              const session_options& options, const journal_fault_hook& fault) {
  if (!p || !forces) throw std::invalid_argument("muster::session needs a compiled policy and force registry");
  auto s = std::make_unique<session::impl>();
  s->pol = std::move(p);
  s->reg = std::move(forces);
  s->opt = options;
  s->fresh();
  if (!options.journal_path.empty()) {
    journal_header h;
    h.policy_digest = s->pol->digest;
    h.registry_digest = s->reg->digest;
    journal_options jo;
    jo.mode = options.mode;
    jo.batch_size = options.batch_size;
    jo.batch_interval = options.batch_interval;
    jo.queue_bytes = options.queue_bytes;
    jo.segment_bytes = options.segment_bytes;
    jo.fault = fault;
    jo.expected_head = options.expected_head;
    // On the journal's thread: reads the codec's policy tables and the engine's rules, which
    // never change while it writes (rebuild() drains the thread before it replaces codec and
    // engine).
    jo.write_deferred = [w = s->deferred.get()](std::string_view entry, const journal_record_emit& emit) {
      return detail::write_captured_records(entry, *w->codec, w->rules, w->text, emit);
    };
    s->resume_from_snapshot(jo);  // may replace the engine and codec with a snapshot's
    replayer rp(*s->en, *s->cdc, *s->pol, *s->reg, s->report);
    if (jo.resume) rp.resumed_from_snapshot();
    journal_scan scan;
    s->jr = journal::open(options.journal_path, h, jo, [&](const journal_record& r) { return rp.visit(r); }, scan);
    if (!s->jr) return scan.error.with_prefix("refusing to start: ");
    s->report.created = scan.created;
    s->report.torn_bytes = scan.torn_bytes;
    s->report.torn_hole = scan.torn_hole;
    if (scan.created) {
      s->report.records = 0;
      s->report.engine_version = MUSTER_VERSION_STRING;
    }
    // The journal ended after an event record but before (all of) its outcome: the engine has
    // just produced it again; put it on the disk.
    const std::vector<record_text> missing = rp.missing();
    if (!missing.empty()) {
      for (const record_text& r : missing) s->jr->stage(r.type, r.body);
      status err = s->jr->commit(true);
      if (err) err = s->jr->drain();
      if (!err)
        return status(err.code(), "refusing to start: cannot complete the last event's records: " + err.message(),
                      status_location{options.journal_path, {}, 0, 0});
      s->report.records_restored = missing.size();
    }
    if (status kept = s->keep_registry(rp.saw_registry()); !kept) return kept;
    s->report.head = s->jr->durable_head();
  }
  s->report.digest = s->en->state_digest();
  return std::unique_ptr<session>(new session(std::move(s)));
}

std::string session::submit_json(std::string_view event_json) {
  outcome_text out;
  impl_->submit(event_json, out);
  return std::move(out.json);
}

std::string session::advance_to(timestamp t) {
  outcome_text out;
  impl_->advance(t, out);
  return std::move(out.json);
}

std::string session::advance_json(std::string_view time_json) {
  outcome_text out;
  impl_->advance(time_json, out);
  return std::move(out.json);
}

void session::submit_json(std::string_view event_json, outcome_text& out) { impl_->submit(event_json, out); }
void session::advance_to(timestamp t, outcome_text& out) { impl_->advance(t, out); }
void session::advance_json(std::string_view time_json, outcome_text& out) { impl_->advance(time_json, out); }
std::size_t session::submit_batch(std::string_view jsonl, std::vector<outcome_text>& outcomes) {
  return impl_->submit_batch(jsonl, outcomes);
}

status session::snapshot() {
  impl& s = *impl_;
  status taken = s.take_snapshot();
  s.error = taken;
  return taken;
}

status session::flush() {
  impl& s = *impl_;
  if (!s.jr) return {};
  const status err = s.jr->flush();
  if (err) return {};
  s.stop(err.code(), err.message());
  return s.error;
}

status session::flush_if_due() {
  impl& s = *impl_;
  if (!s.jr) return {};
  const status err = s.jr->flush_if_due();
  if (err) return {};
  s.stop(err.code(), err.message());
  return s.error;
}

std::string session::state_digest() const { return impl_->en->state_digest(); }
const muster::engine& session::engine() const { return *impl_->en; }
const muster::codec& session::codec() const { return *impl_->cdc; }
journal_status session::journal() const {
  journal_status st;
  const muster::journal* j = impl_->jr.get();
  if (!j) return st;
  st.recorded = true;
  st.durable_head = j->durable_head();  // waits for the queue to be written, as the rest does
  st.durable_seq = j->durable_seq();
  st.next_seq = j->next_seq();
  st.counters = j->counters();
  st.failed = j->failed();
  return st;
}
const recovery_report& session::recovery() const { return impl_->report; }
const status& session::last_error() const { return impl_->error; }
const outcome& session::last_outcome() const { return *impl_->last_answer; }
bool session::failed() const { return impl_->failed; }

MUSTER_END_NAMESPACE
