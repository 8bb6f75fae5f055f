// export_alerts: warning events → CAP 1.2 alerts (see cap.hpp). The events of one warning form a
// thread (issue, updates, cancel); each message's <references> lists every earlier message of
// its thread, the one it refers to last, which is the one the importer takes.
#include "cap/cap_time.hpp"
#include "cap/mapping.hpp"
#include "cap/messages.hpp"

#include "codec/time_text.hpp"

#include <muster/cap.hpp>
#include <muster/policy.hpp>

#include <pugixml.hpp>

#include <map>
#include <sstream>

MUSTER_BEGIN_NAMESPACE
namespace cap {
namespace {

using namespace detail;

/// What the messages of one warning so far have said.
struct thread {
  std::string hazard, level, until, status;
  std::vector<std::string> area;
  std::vector<std::string> messages;  ///< "sender,identifier,sent" of each, in order
};

struct exporter {
  const policy& p;
  const export_options& o;
  reporter& rep;
  std::vector<thread> threads;
  std::map<std::string, std::size_t> thread_of;  ///< message id (warning) → its thread

  const hazard* find_hazard(const std::string& id) const {
    for (const hazard& h : p.warnings.hazards)
      if (h.id == id) return &h;
    return nullptr;
  }

  /// identifier and sender: CAP forbids spaces, commas, '<' and '&'; XML forbids controls.
  bool cap_id_ok(const warning_event& e, const std::string& what, const std::string& s) {
    for (char c : s) {
      const auto b = static_cast<unsigned char>(c);
      if (b < 0x20 || b == 0x7F) {
        rep.add(msg::not_xml_text, e.where, {what + " " + shown(s)});
        return false;
      }
      if (c == ' ' || c == ',' || c == '<' || c == '&') {
        rep.add(msg::bad_identifier, e.where, {what, shown(s), c == ',' ? "a comma" : c == ' ' ? "a space" : std::string("'") + c + "'"});
        return false;
      }
    }
    return true;
  }

  static void add_text(pugi::xml_node parent, const char* name, const std::string& value) {
    parent.append_child(name).append_child(pugi::node_pcdata).set_value(value.c_str());
  }

  static void add_pair(pugi::xml_node parent, const char* name, const std::string& value_name, const std::string& value) {
    pugi::xml_node n = parent.append_child(name);
    add_text(n, "valueName", value_name);
    add_text(n, "value", value);
  }

  static std::string name_in(const text& t, bool zh, const std::string& fallback) {
    if (zh) return !t.zh.empty() ? t.zh : !t.en.empty() ? t.en : fallback;
    return !t.en.empty() ? t.en : !t.zh.empty() ? t.zh : fallback;
  }

  void add_info(pugi::xml_node alert, const warning_event& e, const thread& t, const hazard& h, bool zh) {
    const int level = level_from_colour(t.level);
    const bool cancel = e.kind == "warning.cancel";
    const std::string event = name_in(h.name, zh, h.id);
    pugi::xml_node in = alert.append_child("info");
    add_text(in, "language", zh ? "zh-CN" : "en-US");
    add_text(in, "category", "Other");  // the policy's hazards carry no CAP category
    add_text(in, "event", event);
    add_text(in, "urgency", cancel ? "Past" : "Unknown");
    add_text(in, "severity", severity_of_level(level));
    add_text(in, "certainty", cancel ? "Observed" : "Unknown");
    if (!h.cap_codes.empty()) add_pair(in, "eventCode", "cap_code", h.cap_codes.front());
    if (!cancel && !t.until.empty()) {
      timestamp until = 0;
      muster::detail::parse_time_text(t.until, until, nullptr);
      add_text(in, "expires", format_cap_time(until, p.utc_offset_minutes));
    }
    const index_t org = p.find_organisation(e.actor);
    if (org != no_index) add_text(in, "senderName", name_in(p.organisations[org].name, zh, e.actor));
    std::string places;
    for (const std::string& j : t.area) {
      const index_t ji = p.find_jurisdiction(j);
      if (!places.empty()) places += zh ? "、" : ", ";
      places += name_in(p.jurisdictions[ji].name, zh, j);
    }
    if (zh) add_text(in, "headline", cancel ? places + "解除" + event + "预警" : places + event + level_name_zh(level) + "预警");
    else add_text(in, "headline", cancel ? event + " warning for " + places + " cancelled"
                                          : std::string(level_name_en(level)) + " " + event + " Warning for " + places);
    if (zh) add_pair(in, "parameter", "预警级别", level_name_zh(level));
    else add_pair(in, "parameter", "level", level_name(level));
    for (const std::string& j : t.area) {
      const jurisdiction& ju = p.jurisdictions[p.find_jurisdiction(j)];
      pugi::xml_node ar = in.append_child("area");
      add_text(ar, "areaDesc", name_in(ju.name, zh, ju.id));
      add_pair(ar, "geocode", "GB/T 2260", ju.code);
    }
  }

  /// One alert, or "" (reported) when the event cannot be one.
  std::string write(const warning_event& e) {
    const std::size_t errors = rep.errors();
    const std::string sender = o.sender_domain.empty() ? e.actor : e.actor + "@" + o.sender_domain;
    cap_id_ok(e, "warning", e.warning);
    cap_id_ok(e, "sender", sender);
    timestamp at = 0;
    muster::detail::parse_time_text(e.at, at, nullptr);
    const std::string sent = format_cap_time(at, p.utc_offset_minutes);

    const bool issue = e.kind == "warning.issue";
    if (thread_of.count(e.warning) != 0) {
      rep.add(msg::bad_event_field, e.where, {"warning", shown(e.warning) + " names an earlier message too; each CAP message has its own identifier"});
      return {};
    }
    std::size_t ti = 0;
    if (issue) {
      threads.push_back({e.hazard, e.level, e.until, e.status, e.area, {}});
      ti = threads.size() - 1;
    } else {
      const auto found = thread_of.find(e.references);
      if (found == thread_of.end()) {
        rep.add(msg::unknown_reference, e.where, {shown(e.references)});
        return {};
      }
      ti = found->second;
      thread& t = threads[ti];
      if (!e.hazard.empty()) t.hazard = e.hazard;
      if (!e.level.empty()) t.level = e.level;
      if (!e.area.empty()) t.area = e.area;
      if (!e.until.empty()) t.until = e.until;
    }
    const thread t = threads[ti];  // a copy: this message joins the thread only once it is written
    const hazard* h = find_hazard(t.hazard);
    for (const std::string& j : t.area) {
      const jurisdiction& ju = p.jurisdictions[p.find_jurisdiction(j)];
      if (ju.code.empty()) rep.add(msg::no_code, e.where, {shown(ju.id)});
    }
    if (h == nullptr || rep.errors() != errors) return {};

    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node alert = doc.append_child("alert");
    alert.append_attribute("xmlns") = std::string(namespace_1_2).c_str();
    add_text(alert, "identifier", e.warning);
    add_text(alert, "sender", sender);
    add_text(alert, "sent", sent);
    add_text(alert, "status", t.status == "exercise" ? "Exercise" : t.status == "test" ? "Test" : "Actual");
    add_text(alert, "msgType", issue ? "Alert" : e.kind == "warning.update" ? "Update" : "Cancel");
    add_text(alert, "scope", "Public");
    if (!issue) {
      std::string refs;
      for (const std::string& m : t.messages) refs += (refs.empty() ? "" : " ") + m;
      add_text(alert, "references", refs);
    }
    add_info(alert, e, t, *h, true);
    if (!h->name.en.empty()) add_info(alert, e, t, *h, false);

    threads[ti].messages.push_back(sender + "," + e.warning + "," + sent);
    thread_of[e.warning] = ti;
    std::ostringstream xml;
    doc.save(xml, "  ", pugi::format_default, pugi::encoding_utf8);
    return xml.str();
  }
};

}  // namespace

result<std::vector<std::string>> export_alerts(const policy& p, const std::vector<warning_event>& events,
                                               const export_options& o) {
  std::vector<diagnostic> diags;
  reporter rep(events.empty() ? std::string() : events.front().where.file, diags, 100);
  exporter x{p, o, rep, {}, {}};
  std::vector<std::string> alerts;
  for (const warning_event& e : events) alerts.push_back(x.write(e));
  return finish<std::vector<std::string>>(std::move(alerts), std::move(diags));
}

}  // namespace cap
MUSTER_END_NAMESPACE
