// Pass `templates`: organisations said once for many jurisdictions.
//
// Most jurisdictions hold the same few departments (an EM bureau, a fire team, a government),
// named after the jurisdiction. An `organisation_templates` entry lists them once, with
// `{id}`, `{zh}` and `{en}` standing for the jurisdiction's, and a `for_each` filter (level,
// kind, or named jurisdictions). This pass copies each template organisation into the
// `organisations` list, once per matching jurisdiction, before any other pass runs: the later
// passes see ordinary organisations, so a template is checked exactly like a written one, and
// its diagnostics point at the template (identical ones are reported once).
//
// Runs before `shape`, so it reads the blocks it uses defensively and leaves every malformed
// piece for `shape` to report. The expansion is bounded: copies count against the loader's
// node limit, so a small file cannot grow into a large tree.
#include "policy/policy_context.hpp"

#include <string>
#include <string_view>

MUSTER_BEGIN_NAMESPACE
namespace detail {
namespace {

struct place_values {
  std::string_view id, zh, en;
};

std::string_view text_of(const yaml_node& map, std::string_view key) {
  const yaml_node* n = map.is_map() ? map.find(key) : nullptr;
  return n && n->is_scalar() ? std::string_view(n->text) : std::string_view();
}

/// True when `value` (a scalar or a list of scalars) is, or contains, `text`.
bool lists(const yaml_node& value, std::string_view text) {
  if (value.is_scalar()) return value.text == text;
  for (const auto& item : value.items)
    if (item.is_scalar() && item.text == text) return true;
  return false;
}

/// Whether jurisdiction `j` passes the template's `for_each` filter; every key given must match.
bool matches(const yaml_node& filter, const yaml_node& j) {
  if (!filter.is_map()) return false;
  for (const auto& e : filter.entries) {
    const std::string_view key = e.key.text;
    if (key == "level" && !lists(e.value, text_of(j, "level"))) return false;
    if (key == "kind" && !lists(e.value, text_of(j, "kind"))) return false;
    if (key == "jurisdictions" && !lists(e.value, text_of(j, "id"))) return false;
  }
  return true;
}

std::size_t count_nodes(const yaml_node& n) {
  std::size_t c = 1;
  for (const auto& i : n.items) c += count_nodes(i);
  for (const auto& e : n.entries) c += 1 + count_nodes(e.value);
  return c;
}

/// Replaces `{id}`, `{zh}` and `{en}` in every scalar of `n`; any other `{name}` is reported.
void substitute(policy_context& cx, yaml_node& n, const place_values& v, bool& reported) {
  if (n.is_scalar()) {
    if (n.text.find('{') == std::string::npos) return;
    std::string out;
    for (std::size_t i = 0; i < n.text.size(); ++i) {
      const std::size_t close = n.text[i] == '{' ? n.text.find('}', i) : std::string::npos;
      if (close == std::string::npos) {
        out += n.text[i];
        continue;
      }
      const std::string_view name = std::string_view(n.text).substr(i + 1, close - i - 1);
      if (name == "id") out += v.id;
      else if (name == "zh") out += v.zh;
      else if (name == "en") out += v.en;
      else {
        if (!reported)
          cx.report(n, "template-placeholder", "'{" + std::string(name) + "}' is not a placeholder of an organisation template",
                    "use {id}, {zh} or {en}: the jurisdiction's id and names");
        reported = true;
        out.append(n.text, i, close - i + 1);
      }
      i = close;
    }
    n.text = std::move(out);
    n.text_column = 0;  // the text no longer stands verbatim in the file
    return;
  }
  for (auto& i : n.items) substitute(cx, i, v, reported);
  for (auto& e : n.entries) substitute(cx, e.value, v, reported);
}

yaml_node scalar_like(const yaml_node& at, std::string text) {
  yaml_node n;
  n.line = at.line;
  n.column = at.column;
  n.text = std::move(text);
  return n;
}

}  // namespace

void expand_templates(policy_context& cx) {
  yaml_node& root = cx.source.root;
  const yaml_node* templates = root.find("organisation_templates");
  const yaml_node* jurisdictions = root.find("jurisdictions");
  if (!templates || !templates->is_seq() || !jurisdictions || !jurisdictions->is_seq()) return;

  std::vector<yaml_node> made;
  const std::size_t loaded = count_nodes(root);
  std::size_t budget = cx.limits.max_nodes > loaded ? cx.limits.max_nodes - loaded : 0;
  for (const auto& t : templates->items) {
    const yaml_node* filter = t.is_map() ? t.find("for_each") : nullptr;
    const yaml_node* orgs = t.is_map() ? t.find("organisations") : nullptr;
    if (!filter || !orgs || !orgs->is_seq()) continue;
    bool placeholder_reported = false;
    std::size_t matched = 0;
    for (const auto& j : jurisdictions->items) {
      if (!j.is_map() || !matches(*filter, j)) continue;
      ++matched;
      const place_values v{text_of(j, "id"), text_of(j, "zh"), text_of(j, "en")};
      for (const auto& o : orgs->items) {
        if (!o.is_map()) continue;
        if (const yaml_node* own = o.find("jurisdiction")) {
          cx.report(*own, "template-jurisdiction", "an organisation template takes its jurisdiction from for_each",
                    "remove jurisdiction: here, or write the organisation out under organisations");
          continue;
        }
        const std::size_t cost = count_nodes(o) + 2;
        if (cost > budget) {
          cx.report(t, "template-too-large", "organisation_templates expand past the policy's node limit (" +
                    std::to_string(cx.limits.max_nodes) + " nodes)", "narrow for_each, or write fewer organisations per template");
          return;
        }
        budget -= cost;
        yaml_node copy = o;
        substitute(cx, copy, v, placeholder_reported);
        copy.entries.push_back({scalar_like(o, "jurisdiction"), scalar_like(o, std::string(v.id))});
        made.push_back(std::move(copy));
      }
    }
    if (matched == 0)
      cx.warn(*filter, "template-unused", "no jurisdiction matches this for_each, so the template adds no organisation",
              "check level, kind and jurisdictions against the jurisdiction list");
  }
  if (made.empty()) return;
  yaml_node* list = nullptr;
  for (auto& e : root.entries)
    if (e.key.text == "organisations") list = &e.value;
  if (!list) {  // every organisation comes from templates: the list starts where they do
    yaml_node seq = scalar_like(*templates, {});
    seq.type = yaml_node::kind::sequence;
    root.entries.push_back({scalar_like(*templates, "organisations"), std::move(seq)});  // `templates` dangles from here
    list = &root.entries.back().value;
  }
  if (!list->is_seq()) return;  // shape reports it
  for (auto& m : made) list->items.push_back(std::move(m));
}

}  // namespace detail
MUSTER_END_NAMESPACE
