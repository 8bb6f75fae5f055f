// to_warning_event: a parsed CAP alert mapped onto a policy (see cap.hpp). The first info block
// in Chinese (else the first) decides the hazard, level, area and expiry; the others may not
// name another hazard and are checked against its area.
#include "cap/cap_time.hpp"
#include "cap/mapping.hpp"
#include "cap/messages.hpp"

#include "common/did_you_mean.hpp"

#include <muster/cap.hpp>
#include <muster/policy.hpp>

#include <algorithm>
#include <cctype>

MUSTER_BEGIN_NAMESPACE
namespace cap {
namespace {

using namespace detail;

bool is_chinese(const info& in) {
  const std::string& l = in.language;
  return l.size() >= 2 && std::tolower(static_cast<unsigned char>(l[0])) == 'z' &&
         std::tolower(static_cast<unsigned char>(l[1])) == 'h' && (l.size() == 2 || l[2] == '-');
}

std::size_t primary_info(const alert& a) {
  for (std::size_t i = 0; i < a.infos.size(); ++i)
    if (is_chinese(a.infos[i])) return i;
  return 0;
}

std::string info_label(const alert& a, std::size_t i) { return std::to_string(i + 1) + " (" + a.infos[i].language + ")"; }

std::string role_names(const policy& p, role_mask roles) {
  std::vector<std::string> names;
  for (std::size_t r = 0; r < p.roles.size() && r < 64; ++r)
    if ((roles >> r) & 1U) names.push_back(p.roles[r].id);
  return listed(names);
}

/// The organisation the alert comes from: the option, else the sender's local part.
std::string resolve_actor(const policy& p, const alert& a, const import_options& o, reporter& rep) {
  std::vector<std::string> ids;
  for (const organisation& org : p.organisations) ids.push_back(org.id);
  std::string actor = o.actor;
  if (!actor.empty()) {
    if (p.find_organisation(actor) == no_index) {
      const std::string guess = muster::detail::did_you_mean(actor, ids);
      rep.add(msg::unknown_actor, source_location{rep.file(), 0, 0, -1}, {shown(actor)},
              guess.empty() ? std::string() : "did you mean '" + guess + "'?");
      return {};
    }
  } else {
    const std::string local = a.sender.substr(0, a.sender.find('@'));
    if (local.empty() || p.find_organisation(local) == no_index) {
      rep.add(msg::sender_not_organisation, a.sender_where, {shown(a.sender)});
      return {};
    }
    actor = local;
  }
  const organisation& org = p.organisations[p.find_organisation(actor)];
  if (p.warnings.issued_by != 0 && (org.roles & p.warnings.issued_by) == 0)
    rep.add(msg::actor_not_issuer, a.sender_where, {actor, role_names(p, p.warnings.issued_by)});
  return actor;
}

/// The hazard of `in` (an index of p.warnings.hazards), or -1 (reported).
int resolve_hazard(const policy& p, const info& in, reporter& rep, hazard_match& m) {
  m = match_hazard(p, in);
  const auto& hs = p.warnings.hazards;
  if (m.other >= 0) {
    rep.add(msg::ambiguous_hazard, in.where, {hs[static_cast<std::size_t>(m.hazard)].id, hs[static_cast<std::size_t>(m.other)].id});
    return -1;
  }
  if (m.hazard >= 0) return m.hazard;
  std::string what = "event " + shown(in.event);
  if (!in.event_codes.empty()) {
    std::vector<std::string> codes;
    for (const value_pair& c : in.event_codes) codes.push_back(c.name + " " + c.value);
    what += " (eventCode " + listed(codes) + ")";
  }
  std::vector<std::string> names;
  for (const hazard& h : hs) {
    names.push_back(h.id);
    if (!h.name.zh.empty()) names.push_back(h.name.zh);
    if (!h.name.en.empty()) names.push_back(h.name.en);
  }
  const std::string guess = muster::detail::did_you_mean(in.event, names);
  rep.add(msg::unknown_hazard, in.event_where.line != 0 ? in.event_where : in.where, {what, listed(hazard_names(p))},
          guess.empty() ? std::string() : "did you mean '" + guess + "'?");
  return -1;
}

/// The level: a level parameter, else a colour in the event text, else the severity. -1 (reported) when none says.
int resolve_level(const info& in, const hazard_match& m, reporter& rep) {
  int from_parameter = -1;
  for (const value_pair& v : in.parameters) {
    if (!is_level_parameter(v.name)) continue;
    from_parameter = level_from_colour(v.value);
    if (from_parameter < 0) {
      rep.add(msg::unknown_level, v.where, {shown(v.name), shown(v.value)});
      return -1;
    }
    break;
  }
  if (from_parameter >= 0) {
    if (m.colour >= 0 && m.colour != from_parameter)
      rep.add(msg::level_disagrees, in.event_where,
              {"level parameter", level_name(from_parameter), "event text", level_name(m.colour), level_name(from_parameter)});
    return from_parameter;
  }
  if (m.colour >= 0) return m.colour;
  const int from_severity = level_from_severity(in.severity);
  if (from_severity < 0)
    rep.add(msg::unknown_severity, in.severity_where.line != 0 ? in.severity_where : in.where,
            {in.severity.empty() ? "(none)" : in.severity});
  return from_severity;
}

std::vector<std::string> ids_of(const policy& p, const std::vector<index_t>& js) {
  std::vector<std::string> out;
  for (index_t j : js) out.push_back(p.jurisdictions[j].id);
  return out;
}

/// Fills hazard, level, area and until from the infos of an Alert or Update.
void describe(const policy& p, const alert& a, warning_event& ev, reporter& rep) {
  const char* kind = a.msg_type == msg_type::alert ? "Alert" : "Update";
  if (a.infos.empty()) {
    rep.add(msg::no_info, a.where, {kind});
    return;
  }
  const std::size_t first = primary_info(a);
  const info& in = a.infos[first];
  if (p.warnings.hazards.empty()) {
    rep.add(msg::no_hazards, in.event_where.line != 0 ? in.event_where : in.where, {shown(p.id)});
  } else {
    hazard_match m;
    const int h = resolve_hazard(p, in, rep, m);
    if (h >= 0) ev.hazard = p.warnings.hazards[static_cast<std::size_t>(h)].id;
    const int level = resolve_level(in, m, rep);
    if (level >= 0) ev.level = level_name(level);
    // The other blocks may translate the hazard, never name another one.
    for (std::size_t i = 0; i < a.infos.size() && h >= 0; ++i) {
      if (i == first) continue;
      const int other = match_hazard(p, a.infos[i]).hazard;
      if (other >= 0 && other != h)
        rep.add(msg::hazards_differ, a.infos[i].event_where,
                {info_label(a, i), p.warnings.hazards[static_cast<std::size_t>(other)].id, info_label(a, first), ev.hazard});
    }
  }
  const area_match area = match_areas(p, in, &rep);
  ev.area = ids_of(p, area.jurisdictions);
  std::vector<index_t> ours = area.jurisdictions;
  std::sort(ours.begin(), ours.end());
  for (std::size_t i = 0; i < a.infos.size() && !ours.empty(); ++i) {
    if (i == first || a.infos[i].areas.empty()) continue;
    const std::vector<index_t> named = match_areas(p, a.infos[i], nullptr).jurisdictions;
    std::vector<index_t> theirs = named;
    std::sort(theirs.begin(), theirs.end());
    if (theirs != ours)
      rep.add(msg::areas_differ, a.infos[i].areas.front().where,
              {info_label(a, i), listed(ids_of(p, named)), info_label(a, first), listed(ev.area), std::to_string(first + 1)});
  }
  if (in.expires) ev.until = event_time(in.expires->seconds, p.utc_offset_minutes);
}

}  // namespace

result<warning_event> to_warning_event(const policy& p, const alert& a, const import_options& o) {
  std::vector<diagnostic> diags;
  reporter rep(a.where.file, diags, 100);
  warning_event ev;
  ev.where = a.where;
  ev.id = "cap:" + a.identifier;
  ev.warning = a.identifier;
  ev.at = event_time(a.sent.seconds, p.utc_offset_minutes);
  ev.actor = resolve_actor(p, a, o, rep);
  switch (a.msg_type) {
    case msg_type::alert:
      ev.kind = "warning.issue";
      if (!a.references.empty()) rep.add(msg::references_ignored, a.references_where);
      if (a.status == status::exercise) ev.status = "exercise";
      if (a.status == status::test) ev.status = "test";
      describe(p, a, ev, rep);
      break;
    case msg_type::update:
    case msg_type::cancel: {
      const bool update = a.msg_type == msg_type::update;
      ev.kind = update ? "warning.update" : "warning.cancel";
      if (a.references.empty())
        rep.add(msg::missing_references, a.where, {update ? "Update" : "Cancel", update ? "updates" : "cancels"});
      else
        ev.references = a.references.back().identifier;
      if (update) describe(p, a, ev, rep);  // a cancel's info blocks say nothing the engine needs
      break;
    }
  }
  return finish<warning_event>(std::move(ev), std::move(diags));
}

result<warning_event> import_alert(const policy& p, std::string_view xml, const std::string& file_name,
                                   const import_options& o, const limits& l) {
  result<alert> parsed = parse_alert(xml, file_name, l);
  if (!parsed.ok()) return result<warning_event>(parsed.error(), std::move(parsed.diagnostics));
  result<warning_event> mapped = to_warning_event(p, *parsed, o);
  std::vector<diagnostic> diags = std::move(parsed.diagnostics);
  diags.insert(diags.end(), mapped.diagnostics.begin(), mapped.diagnostics.end());
  return finish<warning_event>(mapped.ok() ? std::optional<warning_event>(std::move(*mapped)) : std::nullopt, std::move(diags));
}

bool operator==(const warning_event& a, const warning_event& b) {
  return a.id == b.id && a.kind == b.kind && a.at == b.at && a.actor == b.actor && a.warning == b.warning &&
         a.references == b.references && a.hazard == b.hazard && a.level == b.level && a.area == b.area &&
         a.until == b.until && a.status == b.status;
}

}  // namespace cap
MUSTER_END_NAMESPACE
