// Effects and outcomes → JSON, keys in a fixed order, none/0 fields left out. Names come
// precomputed from the policy and registry (codec_fragments); rules from engine::rules().
// Two forms share one writer: the host's (display names, RFC 3339 times, whole rule objects)
// and the journal's compact one (ids, seconds, rule ids: docs/journal.md), which says the
// same with a fifth of the bytes because the header pins the policy that names them.
#include "codec/captured_records.hpp"
#include "codec/codec_state.hpp"
#include "codec/effect_writer.hpp"
#include "codec/json_out.hpp"
#include "codec/time_text.hpp"

#include <muster/codec.hpp>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

/// A time: RFC 3339 for the host, seconds in a record.
void write_time(json_sink& w, effect_context& cx, timestamp t, time_memo& memo) {
  if (cx.as == effect_form::record) w.sint(t);
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
  if (cx.as == effect_form::record) return;  // the name is the policy's, found by the id
  w.key(name_key);
  w.raw(names[i]);
}

/// An organisation under `key`, from its fragment (the id, and the name for hosts).
void write_org(json_sink& w, const effect_context& cx, org_key key, index_t i) {
  if (i == no_index) return;
  const auto& whole = cx.as == effect_form::record ? cx.text.org_record[key] : cx.text.org_host[key];
  if (i < whole.size()) return w.raw(whole[i]);
  w.key(org_key_names[key]);
  w.uint(i);
}

void write_rule(json_sink& w, const effect_context& cx, rule_index r) {
  const auto& rules = cx.rules;
  if (r >= rules.size() || rules[r] == nullptr) {
    w.raw("null", 4);
    return;
  }
  const bool cached = r < cx.text.rules.size() && cx.text.rules[r] == rules[r];
  if (cx.as == effect_form::record) cached ? w.raw(cx.text.rule_id[r]) : w.string(rules[r]->id);
  else if (cached) w.raw(cx.text.rule_json[r]);
  else detail::write_rule(w, *rules[r]);
}

}  // namespace

void write_effect(json_sink& w, effect_context& cx, const effect& e, const effect_refs& refs) {
  const codec_fragments& t = cx.text;
  const auto kind = static_cast<std::size_t>(e.kind), about = static_cast<std::size_t>(e.about);
  if (kind < static_cast<std::size_t>(effect_kind_count) && about < static_cast<std::size_t>(topic_count)) {
    w.raw(t.effect_head[kind * topic_count + about]);
  } else {  // a kind or topic newer than the tables
    w.raw("{\"kind\":", 8);
    w.string(to_string(e.kind));
    if (e.about != topic::none) {
      w.key("topic");
      w.string(to_string(e.about));
    }
  }
  if (e.incident != 0) {
    w.key("incident");
    if (!refs.incident.empty()) w.raw(refs.incident);
    else w.uint(e.incident);
  }
  if (e.warning != 0) {
    w.key("warning");
    if (!refs.warning.empty()) w.raw(refs.warning);
    else w.uint(e.warning);
  }
  if (e.request != 0) {
    w.key("request");
    w.uint(e.request);
  }
  if (e.order != 0) {
    w.key("order");
    w.uint(e.order);
  }
  if (e.run != 0) {
    w.key("run");
    w.uint(e.run);
  }
  write_org(w, cx, org_to, e.to);
  write_org(w, cx, org_from, e.from);
  write_org(w, cx, org_via, e.via);
  write_party(w, cx, "force", "force_name", t.force_id, t.force_name, e.force);
  if (e.chain != no_index) {
    w.key("chain");
    if (e.chain < t.chain_id.size()) w.raw(t.chain_id[e.chain]);
    else w.uint(e.chain);
  }
  if (e.measure != 0) {
    w.key(e.chain < t.measure_key.size() ? t.measure_key[e.chain] : std::string_view("measure"));
    w.sint(e.measure);
  }
  if (e.item != no_index) {
    w.key("item");
    if (cx.as == effect_form::host && e.force < t.item_name.size() && e.item < t.item_name[e.force].size()) w.raw(t.item_name[e.force][e.item]);
    else w.uint(e.item);  // the journal's form: the force's item by position (as force.update's)
  }
  if (e.step != no_index) {
    w.key("step");
    if (!refs.step.empty()) w.raw(refs.step);
    else w.uint(e.step);
  }
  if (e.schedule != no_index) {
    w.key("schedule");
    if (e.schedule < t.schedule_id.size()) w.raw(t.schedule_id[e.schedule]);
    else w.uint(e.schedule);
  }
  if (e.flag != no_index) {
    w.key("flag");
    if (e.flag < t.flag_id.size()) w.raw(t.flag_id[e.flag]);
    else w.uint(e.flag);
  }
  if (e.grade != no_index) {
    w.key("grade");
    if (e.grade < t.grade_id.size()) w.raw(t.grade_id[e.grade]);
    else w.uint(e.grade);
  }
  if (e.hazard != no_index) {
    w.key("hazard");
    if (e.hazard < t.hazard_id.size()) w.raw(t.hazard_id[e.hazard]);
    else w.uint(e.hazard);
  }
  if (e.level < warning_level_count) {
    w.key("level");
    w.string(to_string(static_cast<warning_level>(e.level)));
  }
  if (e.exercise) {
    w.key("exercise");
    w.boolean(true);
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

void write_verdict(json_sink& w, effect_context& cx, const verdict_fields& v) {
  w.raw("{\"seq\":", 7);
  w.uint(v.seq);
  w.key("accepted");
  w.boolean(v.accepted);
  w.key("duplicate");
  w.boolean(v.duplicate);
  if (!v.accepted) {
    w.raw(",\"rejection\":{\"reason\":", 23);
    w.string(to_string(v.reason));
    w.key("rule");
    if (v.rule == no_rule) w.raw("null", 4);
    else write_rule(w, cx, v.rule);
    w.key("detail");
    w.string(v.detail);
    w.ch('}');
  }
}

effect_refs refs_of(const codec_state& s, const engine& /*en*/, const effect& e) {
  effect_refs r;
  if (const std::string* name = e.incident != 0 ? s.case_json(e.incident) : nullptr) r.incident = *name;
  if (const std::string* name = e.warning != 0 ? s.case_json(e.warning) : nullptr) r.warning = *name;
  // Steps are numbered within the request's chain.
  if (e.step != no_index && e.chain < s.text.step_id.size() && e.step < s.text.step_id[e.chain].size())
    r.step = s.text.step_id[e.chain][e.step];
  return r;
}

}  // namespace detail

namespace {

using detail::effect_context;
using detail::refs_of;
using detail::effect_form;
using detail::json_sink;

detail::verdict_fields verdict_of(const outcome& o) {
  return {o.seq, o.accepted, o.duplicate, o.reason, o.rule, o.detail};
}


/// An outcome in the host's form; each effect's place in `out` goes to `spans` unless it is null.
void write_outcome(std::string& out, effect_context& cx, const detail::codec_state& s, const engine& en, const outcome& o,
                   std::vector<json_span>* spans) {
  json_sink w(out);
  write_verdict(w, cx, verdict_of(o));
  w.key("effects");
  w.ch('[');
  for (std::size_t i = 0; i < o.effects.size(); ++i) {
    if (i) w.ch(',');
    const std::size_t start = w.size();
    write_effect(w, cx, o.effects[i], refs_of(s, en, o.effects[i]));
    if (spans) spans->push_back({start, w.size() - start});
  }
  w.raw("]}", 2);
}

}  // namespace

void codec::append_effect(std::string& out, const effect& e, const engine& en) const {
  effect_context cx{state_->text, en.rules(), policy_->utc_offset_minutes, effect_form::host};
  json_sink w(out);
  write_effect(w, cx, e, refs_of(*state_, en, e));
}

void detail::append_effect_record(std::string& out, const codec& c, const effect& e, const engine& en) {
  const codec_state& s = codec_access::state(c);
  effect_context cx{s.text, en.rules(), codec_access::utc_offset_minutes(c), effect_form::record};
  json_sink w(out);
  write_effect(w, cx, e, refs_of(s, en, e));
}

void detail::append_verdict_record(std::string& out, const codec& c, const outcome& o, const engine& en) {
  effect_context cx{codec_access::state(c).text, en.rules(), codec_access::utc_offset_minutes(c), effect_form::record};
  json_sink w(out);
  write_verdict(w, cx, verdict_of(o));
  w.ch('}');
}

void codec::append_outcome(std::string& out, const outcome& o, const engine& en) const {
  effect_context cx{state_->text, en.rules(), policy_->utc_offset_minutes, effect_form::host};
  write_outcome(out, cx, *state_, en, o, nullptr);
}

void codec::append_outcome(std::string& out, const outcome& o, const engine& en, std::vector<json_span>& effects) const {
  effect_context cx{state_->text, en.rules(), policy_->utc_offset_minutes, effect_form::host};
  write_outcome(out, cx, *state_, en, o, &effects);
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
