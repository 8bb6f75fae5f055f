// Effects and outcomes → JSON, keys in a fixed order, none/0 fields left out. Names come
// precomputed from the policy and registry (codec_fragments); rules from engine::rules().
// Two forms share one writer: the host's (display names, RFC 3339 times, whole rule objects)
// and the journal's compact one (ids, seconds, rule ids: docs/journal.md), which says the
// same with a fifth of the bytes because the header pins the policy that names them.
#include "codec/codec_state.hpp"
#include "codec/json_out.hpp"
#include "codec/time_text.hpp"

#include <muster/codec.hpp>

MUSTER_BEGIN_NAMESPACE
namespace {

using detail::codec_fragments;
using detail::json_sink;

/// Which of the two forms is written.
enum class form : bool { host, record };

/// What writing an effect needs besides the effect.
struct effect_context {
  const codec_fragments& text;
  const std::vector<std::string>& incident_json;
  int utc_offset_minutes;
  const engine& en;
  form as;
  detail::time_memo at{}, due{};
};

/// A time: RFC 3339 for the host, seconds in a record.
void write_time(json_sink& w, effect_context& cx, timestamp t, detail::time_memo& memo) {
  if (cx.as == form::record) w.sint(t);
  else detail::write_time(w, t, cx.utc_offset_minutes, memo);
}

/// `,"key":"id","key_name":"名称"` for entry `i`; nothing for no_index; a number for an
/// index outside the tables (visible rather than hidden).
void write_party(json_sink& w, const effect_context& cx, std::string_view key, std::string_view name_key,
                 const std::vector<std::string>& ids, const std::vector<std::string>& names, index_t i) {
  if (i == no_index) return;
  w.key(key);
  if (i >= ids.size()) {
    w.uint(i);
    return;
  }
  w.raw(ids[i]);
  if (cx.as == form::record) return;  // the name is the policy's, found by the id
  w.key(name_key);
  w.raw(names[i]);
}

void write_rule(json_sink& w, const effect_context& cx, rule_index r) {
  const auto& rules = cx.en.rules();
  if (r >= rules.size() || rules[r] == nullptr) {
    w.raw("null", 4);
    return;
  }
  const bool cached = r < cx.text.rules.size() && cx.text.rules[r] == rules[r];
  if (cx.as == form::record) cached ? w.raw(cx.text.rule_id[r]) : w.string(rules[r]->id);
  else if (cached) w.raw(cx.text.rule_json[r]);
  else detail::write_rule(w, *rules[r]);
}

void write_effect(json_sink& w, effect_context& cx, const effect& e) {
  const codec_fragments& t = cx.text;
  w.raw("{\"kind\":", 8);
  const auto kind = static_cast<std::size_t>(e.kind);
  if (kind < t.effect_kinds.size()) w.raw(t.effect_kinds[kind]);
  else w.string(to_string(e.kind));  // a kind newer than the table
  if (e.about != topic::none) {
    w.key("topic");
    const auto about = static_cast<std::size_t>(e.about);
    if (about < t.topics.size()) w.raw(t.topics[about]);
    else w.string(to_string(e.about));
  }
  if (e.incident != 0) {
    w.key("incident");
    if (e.incident <= cx.incident_json.size()) w.raw(cx.incident_json[e.incident - 1]);
    else w.uint(e.incident);
  }
  if (e.request != 0) {
    w.key("request");
    w.uint(e.request);
  }
  if (e.order != 0) {
    w.key("order");
    w.uint(e.order);
  }
  write_party(w, cx, "to", "to_name", t.org_id, t.org_name, e.to);
  write_party(w, cx, "from", "from_name", t.org_id, t.org_name, e.from);
  write_party(w, cx, "via", "via_name", t.org_id, t.org_name, e.via);
  write_party(w, cx, "force", "force_name", t.force_id, t.force_name, e.force);
  if (e.step != no_index) {
    // Steps are numbered within the request's chain.
    w.key("step");
    const std::string* step = nullptr;
    if (e.request != 0) {
      if (auto r = cx.en.request(e.request); r && r->chain < t.step_id.size() && e.step < t.step_id[r->chain].size())
        step = &t.step_id[r->chain][e.step];
    }
    if (step) w.raw(*step);
    else w.uint(e.step);
  }
  if (e.grade != no_index) {
    w.key("grade");
    if (e.grade < t.grade_id.size()) w.raw(t.grade_id[e.grade]);
    else w.uint(e.grade);
  }
  w.key("at");
  write_time(w, cx, e.at, cx.at);
  if (e.due != 0) {
    w.key("due");
    write_time(w, cx, e.due, cx.due);
  }
  w.key("because");
  w.ch('[');
  for (unsigned i = 0; i < e.because_count && i < e.because.size(); ++i) {
    if (i) w.ch(',');
    write_rule(w, cx, e.because[i]);
  }
  w.raw("]}", 2);
}

/// `{"seq":…,"accepted":…,"duplicate":…,"rejection":{…}` — an outcome up to its effects.
void write_verdict(json_sink& w, effect_context& cx, const outcome& o) {
  w.raw("{\"seq\":", 7);
  w.uint(o.seq);
  w.key("accepted");
  w.boolean(o.accepted);
  w.key("duplicate");
  w.boolean(o.duplicate);
  if (!o.accepted) {
    w.raw(",\"rejection\":{\"reason\":", 23);
    w.string(to_string(o.reason));
    w.key("rule");
    if (o.rule == no_rule) w.raw("null", 4);
    else write_rule(w, cx, o.rule);
    w.key("detail");
    w.string(o.detail);
    w.ch('}');
  }
}

}  // namespace

void codec::append_effect(std::string& out, const effect& e, const engine& en) const {
  effect_context cx{state_->text, state_->incident_json, policy_->utc_offset_minutes, en, form::host};
  json_sink w(out);
  write_effect(w, cx, e);
}

void codec::append_effect_record(std::string& out, const effect& e, const engine& en) const {
  effect_context cx{state_->text, state_->incident_json, policy_->utc_offset_minutes, en, form::record};
  json_sink w(out);
  write_effect(w, cx, e);
}

void codec::append_verdict_record(std::string& out, const outcome& o, const engine& en) const {
  effect_context cx{state_->text, state_->incident_json, policy_->utc_offset_minutes, en, form::record};
  json_sink w(out);
  write_verdict(w, cx, o);
  w.ch('}');
}

namespace {

/// An outcome in the host's form; each effect's place in `out` goes to `spans` unless it is null.
void write_outcome(std::string& out, effect_context& cx, const outcome& o, std::vector<json_span>* spans) {
  json_sink w(out);
  write_verdict(w, cx, o);
  w.key("effects");
  w.ch('[');
  for (std::size_t i = 0; i < o.effects.size(); ++i) {
    if (i) w.ch(',');
    const std::size_t start = w.size();
    write_effect(w, cx, o.effects[i]);
    if (spans) spans->push_back({start, w.size() - start});
  }
  w.raw("]}", 2);
}

}  // namespace

void codec::append_outcome(std::string& out, const outcome& o, const engine& en) const {
  effect_context cx{state_->text, state_->incident_json, policy_->utc_offset_minutes, en, form::host};
  write_outcome(out, cx, o, nullptr);
}

void codec::append_outcome(std::string& out, const outcome& o, const engine& en, std::vector<json_span>& effects) const {
  effect_context cx{state_->text, state_->incident_json, policy_->utc_offset_minutes, en, form::host};
  write_outcome(out, cx, o, &effects);
}

std::string codec::encode_effect(const effect& e, const engine& en) const {
  std::string s;
  s.reserve(512);
  append_effect(s, e, en);
  return s;
}

std::string codec::encode_outcome(const outcome& o, const engine& en) const {
  std::string s;
  s.reserve(128 + 512 * o.effects.size());
  append_outcome(s, o, en);
  return s;
}

MUSTER_END_NAMESPACE
