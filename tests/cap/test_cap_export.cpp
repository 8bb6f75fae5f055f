// Warning events → CAP 1.2 alerts, and back: import(export(x)) gives x.
#include "cap_support.hpp"

using namespace cap_test;
using muster::cap::warning_event;

namespace {

/// The events the importer makes of the three alerts of the 文登区 rainstorm.
std::vector<warning_event> wendeng_thread() {
  std::vector<warning_event> out;
  for (const char* f : {"wendeng-rainstorm-issue.xml", "wendeng-rainstorm-update.xml", "wendeng-rainstorm-cancel.xml"}) {
    const auto r = import_data(f);
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    out.push_back(*r);
  }
  return out;
}

std::string jsonl(const std::vector<warning_event>& events) {
  std::string out;
  for (const auto& e : events) out += muster::cap::to_json_line(e) + "\n";
  return out;
}

std::vector<warning_event> reimported(const std::vector<std::string>& alerts) {
  std::vector<warning_event> out;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    const auto r = muster::cap::import_alert(weihai(), alerts[i], "exported-" + std::to_string(i + 1) + ".xml");
    INFO(alerts[i]);
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    CHECK_MESSAGE(r.diagnostics.empty(), rendered(r.diagnostics));
    out.push_back(*r);
  }
  return out;
}

}  // namespace

TEST_CASE("3.3.1 import(export(x)) gives x back: the 文登区 rainstorm's issue, update and cancel") {
  const std::vector<warning_event> x = wendeng_thread();
  const auto exported = muster::cap::export_alerts(weihai(), x);
  REQUIRE_MESSAGE(exported.ok(), rendered(exported.diagnostics));
  REQUIRE(exported->size() == 3);
  const std::vector<warning_event> back = reimported(*exported);
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(muster::cap::to_json_line(back[i]) == muster::cap::to_json_line(x[i]));
  CHECK(back == x);
}

TEST_CASE("3.3.1 tests/cap/data/wendeng-thread.jsonl is what the importer makes of the three 文登区 alerts") {
  const std::string fixture = data("wendeng-thread.jsonl");
  const auto read = muster::cap::read_warning_events(weihai(), fixture, "wendeng-thread.jsonl");
  REQUIRE_MESSAGE(read.ok(), rendered(read.diagnostics));
  CHECK(*read == wendeng_thread());
  CHECK(fixture.substr(fixture.find("{\"id\"")) == jsonl(wendeng_thread()));
}

TEST_CASE("3.3.1 import(export(x)) gives x back through JSON Lines, for exercise and test warnings and every hazard") {
  std::vector<warning_event> x;
  for (const char* f : {"rongcheng-typhoon-exercise.xml", "storm-surge-test.xml"}) {
    const auto r = import_data(f, "weihai_meteo");
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    x.push_back(*r);
  }
  const auto nr = import_data("forest-fire-severity.xml", "weihai_nrp");
  REQUIRE(nr.ok());
  x.push_back(*nr);
  // Through the text a host would keep: JSON Lines, read back against the policy.
  const auto read = muster::cap::read_warning_events(weihai(), jsonl(x), "warnings.jsonl");
  REQUIRE_MESSAGE(read.ok(), rendered(read.diagnostics));
  CHECK(*read == x);
  const auto exported = muster::cap::export_alerts(weihai(), *read);
  REQUIRE_MESSAGE(exported.ok(), rendered(exported.diagnostics));
  CHECK(reimported(*exported) == x);
}

TEST_CASE("3.3.1 an exported alert says what CAP consumers look for") {
  const auto exported = muster::cap::export_alerts(weihai(), wendeng_thread());
  REQUIRE(exported.ok());
  const std::string& issue = (*exported)[0];
  for (const char* part : {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">",
                           "<identifier>37100041600000_20260710055812_1</identifier>", "<sender>weihai_meteo</sender>",
                           "<sent>2026-07-10T05:58:12+08:00</sent>", "<status>Actual</status>", "<msgType>Alert</msgType>",
                           "<language>zh-CN</language>", "<event>暴雨</event>", "<severity>Severe</severity>",
                           "<value>11B03</value>", "<expires>2026-07-11T06:00:00+08:00</expires>",
                           "<senderName>威海市气象局</senderName>", "<headline>文登区暴雨橙色预警</headline>",
                           "<valueName>预警级别</valueName>", "<value>橙色</value>", "<areaDesc>文登区</areaDesc>",
                           "<valueName>GB/T 2260</valueName>", "<value>371003</value>", "<language>en-US</language>",
                           "<event>Rainstorm</event>", "<headline>Orange Rainstorm Warning for Wendeng District</headline>",
                           "<areaDesc>Wendeng District</areaDesc>"})
    CHECK_MESSAGE(issue.find(part) != std::string::npos, part);
  CHECK(issue.find("<references>") == std::string::npos);
  const std::string& cancel = (*exported)[2];
  // Every earlier message of the warning, the one referred to last.
  CHECK(cancel.find("<references>weihai_meteo,37100041600000_20260710055812_1,2026-07-10T05:58:12+08:00 "
                    "weihai_meteo,37100041600000_20260710113005_1,2026-07-10T11:30:05+08:00</references>") != std::string::npos);
  CHECK(cancel.find("<msgType>Cancel</msgType>") != std::string::npos);
  CHECK(cancel.find("<headline>文登区、乳山市解除暴雨预警</headline>") != std::string::npos);
  CHECK(cancel.find("<urgency>Past</urgency>") != std::string::npos);
}

TEST_CASE("3.3.1 export: a sender domain, and an update that leaves hazard and area out takes them from its warning") {
  const std::string events =
      R"({"id":"w-1","kind":"warning.issue","at":"2026-07-10T06:00:00+08:00","actor":"weihai_meteo","warning":"CN-WH-2026-0710-01","hazard":"rainstorm","level":"orange","area":["wendeng"],"until":"2026-07-11T06:00:00+08:00"})"
      "\n# a comment, then a blank line\n\n"
      R"({"id":"w-4","kind":"warning.update","at":"2026-07-10T12:00:00+08:00","actor":"weihai_meteo","warning":"CN-WH-2026-0710-02","references":"CN-WH-2026-0710-01","level":"red"})"
      "\n"
      R"({"id":"w-5","kind":"warning.cancel","at":1783684800,"actor":"weihai_meteo","warning":"CN-WH-2026-0710-03","references":"CN-WH-2026-0710-02"})"
      "\n";
  const auto read = muster::cap::read_warning_events(weihai(), events, "w.jsonl");
  REQUIRE_MESSAGE(read.ok(), rendered(read.diagnostics));
  REQUIRE(read->size() == 3);
  CHECK((*read)[0].where.line == 1);
  CHECK((*read)[1].where.line == 4);
  CHECK((*read)[2].at == "2026-07-10T20:00:00+08:00");  // seconds, written in the policy's zone
  muster::cap::export_options o;
  o.sender_domain = "weather.weihai.example";
  const auto exported = muster::cap::export_alerts(weihai(), *read, o);
  REQUIRE_MESSAGE(exported.ok(), rendered(exported.diagnostics));
  const auto back = reimported(*exported);
  CHECK(back[0].actor == "weihai_meteo");  // the sender's local part
  CHECK(back[1].hazard == "rainstorm");
  CHECK(back[1].level == "red");
  CHECK(back[1].area == std::vector<std::string>{"wendeng"});
  CHECK(back[1].until == "2026-07-11T06:00:00+08:00");
  CHECK(back[1].references == "CN-WH-2026-0710-01");
  CHECK(back[2].references == "CN-WH-2026-0710-02");
  CHECK((*exported)[0].find("<sender>weihai_meteo@weather.weihai.example</sender>") != std::string::npos);
}

TEST_CASE("3.3.1 export refuses what CAP cannot say: an unknown reference, an identifier with a space, a repeated id") {
  const auto read = [](const std::string& text) {
    const auto r = muster::cap::read_warning_events(weihai(), text, "w.jsonl");
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    return *r;
  };
  const std::string issue =
      R"({"id":"w-1","kind":"warning.issue","at":"2026-07-10T06:00:00+08:00","actor":"weihai_meteo","warning":"W-1","hazard":"rainstorm","level":"orange","area":["wendeng"]})";
  const auto orphan = muster::cap::export_alerts(
      weihai(), read(R"({"id":"w-5","kind":"warning.cancel","at":"2026-07-10T20:00:00+08:00","actor":"weihai_meteo","warning":"W-3","references":"W-2"})"));
  CHECK_FALSE(orphan.ok());
  const muster::diagnostic* d = find(orphan.diagnostics, "unknown-reference");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == "w.jsonl");
  CHECK(d->where.line == 1);
  const auto spaced = muster::cap::export_alerts(weihai(), read(edited(issue, "\"W-1\"", "\"W 1\"")));
  CHECK(find(spaced.diagnostics, "bad-identifier") != nullptr);
  const auto twice = muster::cap::export_alerts(weihai(), read(issue + "\n" + edited(issue, "\"w-1\"", "\"w-2\"")));
  CHECK(find(twice.diagnostics, "bad-event") != nullptr);
}

TEST_CASE("3.3.1 reading warning events: each bad line located, with what is wrong and a guess") {
  const std::string text =
      "{\"id\":\"a\",\"kind\":\"warning.issue\",\"at\":\"2026-07-10T06:00:00+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"W-1\","
      "\"hazard\":\"rainstrom\",\"level\":\"purple\",\"area\":[\"wendeng\",\"wendgen\"],\"colour\":\"red\"}\n"
      "{\"id\":\"b\",\"kind\":\"warning.acknowledge\",\"at\":\"2026-07-10T06:10:00+08:00\",\"actor\":\"wendeng_fire\",\"warning\":\"W-1\"}\n"
      "{\"id\":\"c\",\"kind\":\"warning.issue\",\"at\":\"2026-07-10 06:00\",\"actor\":\"nobody\"}\n"
      "{\"id\":\"d\", oops}\n"
      "[1,2]\n"
      "{\"a\":[[[[[[1]]]]]]}\n"
      "{\"id\":\"e\",\"kind\":\"warning.cancel\",\"at\":\"2026-07-10T06:00:00+08:00\",\"actor\":\"weihai_meteo\",\"warning\":\"W-9\",\"level\":\"red\"}\n";
  const auto r = muster::cap::read_warning_events(weihai(), text, "bad.jsonl");
  INFO(rendered(r.diagnostics));
  CHECK_FALSE(r.ok());
  const std::string all = rendered(r.diagnostics);
  for (const char* part : {
           "bad.jsonl:1:1: bad-event: hazard: 'rainstrom' is not a hazard of the policy (warnings: hazards:) [did you mean 'rainstorm'?]",
           "bad.jsonl:1:1: bad-event: level: 'purple' is not a level",
           "bad.jsonl:1:1: bad-event: area[1]: 'wendgen' is not a jurisdiction of the policy [did you mean 'wendeng'?]",
           "bad.jsonl:1:1: bad-event: colour: no warning event has this member",
           "bad.jsonl:2:1: not-cap-kind: a 'warning.acknowledge' is no CAP message",
           "bad.jsonl:3:1: bad-event: at: '2026-07-10 06:00' is not a valid time",
           "bad.jsonl:3:1: bad-event: actor: 'nobody' is not an organisation of the policy",
           "bad.jsonl:3:1: bad-event: warning: missing",
           "bad.jsonl:3:1: bad-event: hazard: missing",
           "bad.jsonl:4:12: bad-json: not a JSON event: syntax error",
           "bad.jsonl:5:1: bad-json: not a JSON event: expected a JSON object (one event)",
           "bad.jsonl:6:1: bad-json: not a JSON event: nested deeper than a warning event is (4 levels)",
           "bad.jsonl:7:1: bad-event: references: missing",
           "bad.jsonl:7:1: bad-event: level: a warning.cancel does not take it",
       })
    CHECK_MESSAGE(all.find(part) != std::string::npos, part);
}
