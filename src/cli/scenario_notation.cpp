// Effect lines: parsing expectations, rendering actual effects, aligning the two
// (scenario_notation.hpp).
#include "cli/scenario_notation.hpp"

#include "common/did_you_mean.hpp"

#include <muster/engine.hpp>

#include <charconv>

namespace muster::cli {
namespace {

using detail::ids_of;

constexpr auto last_effect_kind = static_cast<effect_kind>(effect_kind_count - 1);
constexpr auto last_topic = static_cast<topic>(topic_count - 1);

std::vector<std::string> effect_kind_names() {
  std::vector<std::string> v;
  for (int k = 0; k <= static_cast<int>(last_effect_kind); ++k) v.emplace_back(to_string(static_cast<effect_kind>(k)));
  return v;
}

std::vector<std::string> topic_names() {
  std::vector<std::string> v;
  for (int t = 1; t <= static_cast<int>(last_topic); ++t) v.emplace_back(to_string(static_cast<topic>(t)));
  return v;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  for (const auto& x : v)
    if (x == s) return true;
  return false;
}

struct field_name {
  const char* name;
  effect_field field;
};
constexpr field_name field_names[] = {
    {"to", effect_field::to},         {"from", effect_field::from},         {"via", effect_field::via},
    {"force", effect_field::force},   {"grade", effect_field::grade},       {"step", effect_field::step},
    {"incident", effect_field::incident}, {"request", effect_field::request}, {"order", effect_field::order},
    {"at", effect_field::at},         {"due", effect_field::due},
    {"warning", effect_field::warning}, {"level", effect_field::level}, {"exercise", effect_field::exercise},
    {"run", effect_field::run},       {"schedule", effect_field::schedule},
    {"force.jurisdiction", effect_field::force_jurisdiction}, {"force.category", effect_field::force_category},
    {"quantity", effect_field::quantity}, {"amount", effect_field::amount}, {"item", effect_field::item},
    {"chain", effect_field::chain},   {"flag", effect_field::flag},
};

std::string hint_for(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = detail::did_you_mean(word, candidates);
  return best.empty() ? std::string() : "did you mean '" + best + "'?";
}

bool fail(notation_error& err, std::size_t offset, std::string message, std::string hint = {}) {
  err.offset = offset;
  err.message = std::move(message);
  err.hint = std::move(hint);
  return false;
}

/// Checks an id against a table; `none` is always allowed.
bool known(std::string_view value, const std::vector<std::string>& ids, const char* what, std::size_t at, notation_error& err) {
  if (value == "none" || contains(ids, value)) return true;
  return fail(err, at, "'" + std::string(value) + "' is not " + what, hint_for(value, ids));
}

}  // namespace

notation_vocabulary notation_vocabulary::build(const rules_pair& rules, const codec& times) {
  notation_vocabulary v;
  v.pol = rules.pol.get();
  v.forces = rules.forces.get();
  v.times = &times;
  const engine en(rules.pol, rules.forces);
  for (const rule_ref* r : en.rules())
    if (r) v.rule_ids.push_back(r->id);
  for (const chain& c : rules.pol->chains)
    for (const chain_step& s : c.steps)
      if (!contains(v.step_ids, s.id)) v.step_ids.push_back(s.id);
  return v;
}

bool parse_effect_pattern(std::string_view text, const notation_vocabulary& vocab, effect_pattern& out, notation_error& err) {
  out = effect_pattern{};
  out.text = std::string(text);
  std::size_t pos = 0;
  auto next_word = [&](std::size_t& start) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    start = pos;
    bool in_list = false;  // `to=[a, b]`: spaces inside brackets stay in the word
    while (pos < text.size() && (in_list || text[pos] != ' ')) {
      if (text[pos] == '[') in_list = true;
      else if (text[pos] == ']') in_list = false;
      ++pos;
    }
    return text.substr(start, pos - start);
  };
  std::size_t at = 0;
  const std::string_view kind = next_word(at);
  if (kind.empty()) return fail(err, 0, "an empty effect line", "write the effect's kind first, e.g. 'notify incident_reported to=wendeng_gov'");
  static const std::vector<std::string> kinds = effect_kind_names();
  if (!contains(kinds, kind)) return fail(err, at, "'" + std::string(kind) + "' is not an effect kind", hint_for(kind, kinds));
  out.kind = std::string(kind);

  bool first = true;
  for (;;) {
    const std::string_view word = next_word(at);
    if (word.empty()) break;
    const std::size_t eq = word.find('=');
    if (eq == std::string_view::npos) {
      static const std::vector<std::string> topics = topic_names();
      if (!first || !out.topic.empty())
        return fail(err, at, "'" + std::string(word) + "' is not KEY=VALUE", "only the word after the kind may be a bare topic");
      if (!contains(topics, word)) return fail(err, at, "'" + std::string(word) + "' is not a topic", hint_for(word, topics));
      out.topic = std::string(word);
      first = false;
      continue;
    }
    first = false;
    const bool negated = eq > 0 && word[eq - 1] == '!';
    const std::string_view key = word.substr(0, negated ? eq - 1 : eq);
    const std::string_view value = word.substr(eq + 1);
    const std::size_t value_at = at + eq + 1;
    if (value.empty()) return fail(err, value_at, "'" + std::string(word.substr(0, eq + 1)) + "' has no value", "write 'none' for an absent field");
    if (key == "because") {
      if (negated || value.front() == '[')
        return fail(err, at, "because= takes rule ids, comma-separated, and no != or [list]", "because=a,b: the effect's reasons begin with a, then b");
      for (std::size_t b = 0; b <= value.size();) {
        std::size_t comma = value.find(',', b);
        if (comma == std::string_view::npos) comma = value.size();
        const std::string_view id = value.substr(b, comma - b);
        if (!contains(vocab.rule_ids, id))
          return fail(err, value_at + b, "'" + std::string(id) + "' is not a rule of the policy", hint_for(id, vocab.rule_ids));
        out.because.emplace_back(id);
        b = comma + 1;
      }
      continue;
    }
    const field_name* f = nullptr;
    for (const auto& candidate : field_names)
      if (key == candidate.name) f = &candidate;
    if (!f) {
      std::vector<std::string> keys{"because"};
      for (const auto& candidate : field_names) keys.emplace_back(candidate.name);
      return fail(err, at, "'" + std::string(key) + "' is not a field of an effect", hint_for(key, keys));
    }
    for (const auto& seen : out.fields)
      if (seen.field == f->field) return fail(err, at, "'" + std::string(key) + "' is given twice");
    effect_pattern::field_value fv{f->field, negated, {}};

    // One value, or `[a, b]`: each alternative is checked like a single value.
    std::vector<std::pair<std::string_view, std::size_t>> items;  // value, offset in the line
    if (value.front() == '[') {
      if (value.back() != ']' || value.size() < 3)
        return fail(err, value_at, "'" + std::string(value) + "' is not a list", "write " + std::string(key) + "=[a,b] (any of them)");
      for (std::size_t b = 1; b < value.size();) {
        std::size_t comma = value.find(',', b);
        if (comma == std::string_view::npos || comma > value.size() - 1) comma = value.size() - 1;
        std::size_t s0 = b, s1 = comma;
        while (s0 < s1 && value[s0] == ' ') ++s0;
        while (s1 > s0 && value[s1 - 1] == ' ') --s1;
        if (s0 == s1) return fail(err, value_at + b, "an empty item in '" + std::string(value) + "'");
        items.emplace_back(value.substr(s0, s1 - s0), value_at + s0);
        b = comma + 1;
      }
    } else {
      if (value.find_first_of("[]") != std::string_view::npos)
        return fail(err, value_at, "'" + std::string(value) + "' is not a value", "a list is written key=[a,b]");
      items.emplace_back(value, value_at);
    }
    const policy& p = *vocab.pol;
    for (const auto& [item, item_at] : items) {
      effect_pattern::value v{item == "none" ? std::string() : std::string(item)};
      switch (f->field) {
        case effect_field::to:
        case effect_field::from:
        case effect_field::via:
          if (!known(item, ids_of(p.organisations), "an organisation of the policy", item_at, err)) return false;
          break;
        case effect_field::force:
          if (!known(item, ids_of(vocab.forces->forces), "a force of the registry", item_at, err)) return false;
          break;
        case effect_field::grade:
          if (!known(item, ids_of(p.grades), "a grade of the policy", item_at, err)) return false;
          break;
        case effect_field::step:
          if (!known(item, vocab.step_ids, "a step of any chain", item_at, err)) return false;
          break;
        case effect_field::schedule:
          if (!known(item, ids_of(p.schedules), "a schedule of the policy", item_at, err)) return false;
          break;
        case effect_field::chain:
          if (!known(item, ids_of(p.chains), "a chain of the policy", item_at, err)) return false;
          break;
        case effect_field::flag:
          if (!known(item, ids_of(p.flags), "a flag of the policy", item_at, err)) return false;
          break;
        case effect_field::force_jurisdiction:
          if (!known(item, ids_of(p.jurisdictions), "a jurisdiction of the policy", item_at, err)) return false;
          out.pol = vocab.pol;
          out.forces = vocab.forces;
          break;
        case effect_field::force_category: {
          static const std::vector<std::string> categories{"government", "enterprise", "social", "expert"};
          if (!known(item, categories, "a force category (government, enterprise, social, expert)", item_at, err)) return false;
          out.pol = vocab.pol;
          out.forces = vocab.forces;
          break;
        }
        case effect_field::incident:
        case effect_field::warning:
        case effect_field::item: break;
        case effect_field::level: {
          static const std::vector<std::string> levels{"blue", "yellow", "orange", "red"};
          if (!known(item, levels, "a warning level (blue, yellow, orange, red)", item_at, err)) return false;
          break;
        }
        case effect_field::exercise:
          if (item != "true" && item != "false") return fail(err, item_at, "exercise= is true or false");
          break;
        case effect_field::request:
        case effect_field::order:
        case effect_field::run:
        case effect_field::quantity:
        case effect_field::amount:
          if (item != "none") {
            auto r = std::from_chars(item.data(), item.data() + item.size(), v.number);
            if (r.ec != std::errc() || r.ptr != item.data() + item.size() || v.number == 0)
              return fail(err, item_at, "'" + std::string(item) + "' is not a " + f->name + " number",
                          f->field == effect_field::quantity || f->field == effect_field::amount
                              ? "a positive whole number, as the opening event gave it"
                              : "numbers start at 1, in the order the engine made them");
          }
          break;
        case effect_field::at:
        case effect_field::due:
          if (item != "none") {
            std::int64_t offset = 0;
            if (parse_offset(item, offset)) v.time = vocab.base + offset;
            else if (!vocab.times->parse_time(std::string(item), v.time))
              return fail(err, item_at, "'" + std::string(item) + "' is not a time", "write +16m (after the start), RFC 3339, or 'none'");
          }
          break;
      }
      fv.any_of.push_back(std::move(v));
    }
    out.fields.push_back(std::move(fv));
  }
  return true;
}

namespace {

const force* force_named(const force_registry& r, const std::string& id) {
  for (const force& f : r.forces)
    if (f.id == id) return &f;
  return nullptr;
}

/// Whether one alternative holds for the effect.
bool field_is(const effect_pattern& p, effect_field field, const effect_pattern::value& v, const effect_row& e) {
  switch (field) {
    case effect_field::to: return v.id == e.to;
    case effect_field::from: return v.id == e.from;
    case effect_field::via: return v.id == e.via;
    case effect_field::force: return v.id == e.force;
    case effect_field::grade: return v.id == e.grade;
    case effect_field::step: return v.id == e.step;
    case effect_field::incident: return v.id == e.incident;
    case effect_field::warning: return v.id == e.warning;
    case effect_field::level: return v.id == e.level;
    case effect_field::exercise: return (v.id == "true") == e.exercise;
    case effect_field::request: return v.number == e.request;
    case effect_field::order: return v.number == e.order;
    case effect_field::run: return v.number == e.run;
    case effect_field::quantity: return v.number == e.quantity;
    case effect_field::amount: return v.number == e.amount;
    case effect_field::item: return v.id == e.item;
    case effect_field::schedule: return v.id == e.schedule;
    case effect_field::chain: return v.id == e.chain;
    case effect_field::flag: return v.id == e.flag;
    case effect_field::at: return v.time == e.at;
    case effect_field::due: return v.time == e.due;
    case effect_field::force_category: {
      const force* f = e.force.empty() || !p.forces ? nullptr : force_named(*p.forces, e.force);
      return f ? v.id == to_string(f->category) : v.id.empty();
    }
    case effect_field::force_jurisdiction: {
      const force* f = e.force.empty() || !p.forces ? nullptr : force_named(*p.forces, e.force);
      if (!f) return v.id.empty();
      for (index_t j = f->jurisdiction; p.pol && j != no_index && j < p.pol->jurisdictions.size(); j = p.pol->jurisdictions[j].parent)
        if (p.pol->jurisdictions[j].id == v.id) return true;
      return false;
    }
  }
  return false;
}

}  // namespace

bool matches(const effect_pattern& p, const effect_row& e) {
  if (p.kind != e.kind) return false;
  if (!p.topic.empty() && p.topic != e.topic) return false;
  for (const auto& f : p.fields) {
    bool any = false;
    for (const auto& v : f.any_of) any = any || field_is(p, f.field, v, e);
    if (any == f.negated) return false;
  }
  if (p.because.size() > e.because.size()) return false;
  for (std::size_t i = 0; i < p.because.size(); ++i)
    if (p.because[i] != e.because[i].id) return false;
  return true;
}

std::string render_effect(const effect_row& e, timestamp event_at, const notation_style& style) {
  std::string s = e.kind;
  if (!e.topic.empty()) s += " " + e.topic;
  auto put = [&s](const char* key, const std::string& value) {
    if (!value.empty()) s += std::string(" ") + key + "=" + value;
  };
  put("to", e.to);
  put("from", e.from);
  put("via", e.via);
  put("force", e.force);
  put("grade", e.grade);
  if (e.request) put("request", std::to_string(e.request));
  put("step", e.step);
  put("flag", e.flag);
  if (e.order) put("order", std::to_string(e.order));
  if (e.run) put("run", std::to_string(e.run));
  if (e.quantity) put("quantity", std::to_string(e.quantity));
  if (e.amount) put("amount", std::to_string(e.amount));
  put("item", e.item);
  put("schedule", e.schedule);
  if (style.show_incident) put("incident", e.incident);
  put("warning", e.warning);
  put("level", e.level);
  if (e.exercise) put("exercise", "true");
  if (e.at != event_at) put("at", format_offset(e.at - style.base));
  if (e.due) put("due", format_offset(e.due - style.base));
  if (!e.because.empty()) {
    s += " because=";
    for (std::size_t i = 0; i < e.because.size(); ++i) s += (i ? "," : "") + e.because[i].id;
  }
  return s;
}

std::string render_alignment(const std::vector<aligned_row>& rows, const std::vector<std::string>& expected,
                             const std::vector<std::string>& actual, std::string_view indent, bool extra_actual_ok) {
  std::string s;
  for (const aligned_row& r : rows) {
    s += indent;
    if (r.expected >= 0 && r.actual >= 0) s += "  " + expected[static_cast<std::size_t>(r.expected)];
    else if (r.expected >= 0) s += "- " + expected[static_cast<std::size_t>(r.expected)];
    else s += (extra_actual_ok ? "  " : "+ ") + actual[static_cast<std::size_t>(r.actual)];
    s += "\n";
  }
  return s;
}

bool alignment_differs(const std::vector<aligned_row>& rows, bool extra_actual_ok) {
  for (const aligned_row& r : rows)
    if ((r.expected >= 0 && r.actual < 0) || (r.actual >= 0 && r.expected < 0 && !extra_actual_ok)) return true;
  return false;
}

}  // namespace muster::cli
