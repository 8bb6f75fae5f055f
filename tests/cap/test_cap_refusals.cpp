// Bad and hostile CAP input: every refusal is located (file:line:col), says why, and yields no event.
#include "cap_support.hpp"

#include <muster/diagnostic.hpp>

using namespace cap_test;

namespace {

/// The one error of importing `xml`: its code, and its place at `snippet` of the text.
void refused_at(const std::string& xml, const char* code, std::string_view snippet, const char* file = "alert.xml") {
  const auto r = muster::cap::import_alert(weihai(), xml, file);
  INFO(rendered(r.diagnostics));
  CHECK_FALSE(r.ok());
  CHECK_FALSE(r.ok());
  const muster::diagnostic* d = find(r.diagnostics, code);
  REQUIRE(d != nullptr);
  CHECK(d->level == muster::severity::error);
  CHECK(d->where.file == file);
  const spot s = at(xml, snippet);
  CHECK(d->where.line == s.line);
  CHECK(d->where.column == s.column);
}

}  // namespace

TEST_CASE("3.3.1 a CAP 1.1 alert is refused, saying so, at its <alert>") {
  const std::string xml = data("bad-cap11.xml");
  refused_at(xml, "cap-version", "<alert xmlns=");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  CHECK(r.diagnostics.front().message ==
        "a CAP 1.1 alert (namespace 'urn:oasis:names:tc:emergency:cap:1.1'); only CAP 1.2 is read");
  CHECK(muster::render(r.diagnostics.front()).rfind("alert.xml:3:1: cap-version: ", 0) == 0);
}

TEST_CASE("3.3.1 an Atom feed, an EDXL envelope, another root and another namespace are refused") {
  refused_at(data("bad-atom-feed.xml"), "atom-feed", "<feed");
  refused_at("<EDXLDistribution xmlns=\"urn:oasis:names:tc:emergency:EDXL:DE:1.0\"/>", "edxl-envelope", "<EDXL");
  refused_at("<?xml version=\"1.0\"?>\n<warning/>", "not-cap", "<warning");
  const std::string other = edited(data("wendeng-rainstorm-issue.xml"), "urn:oasis:names:tc:emergency:cap:1.2",
                                   "urn:example:not-cap");
  refused_at(other, "wrong-namespace", "<alert xmlns");
  const std::string none = edited(data("wendeng-rainstorm-issue.xml"), "xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\" ", "");
  refused_at(none, "wrong-namespace", "<alert xmlns:wh");
  const std::string cap10 = edited(data("bad-cap11.xml"), "urn:oasis:names:tc:emergency:cap:1.1", "http://www.incident.com/cap/1.0");
  refused_at(cap10, "cap-version", "<alert");
  // A prefix declared nowhere: not namespace-well-formed, so not CAP 1.2's.
  refused_at("<cap:alert/>", "wrong-namespace", "<cap:alert");
}

TEST_CASE("3.3.1 an <alert> without identifier is refused; every missing element and the typo are reported at once") {
  const std::string xml = data("bad-missing-identifier.xml");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  INFO(rendered(r.diagnostics));
  CHECK_FALSE(r.ok());
  std::vector<std::string> missing;
  for (const auto& d : r.diagnostics)
    if (d.code == "missing-element") {
      missing.push_back(d.message);
      CHECK(d.where.line == at(xml, "<alert").line);
    }
  CHECK(missing == std::vector<std::string>{"<alert> has no <identifier>, which CAP 1.2 requires",
                                            "<alert> has no <sender>, which CAP 1.2 requires"});
  const muster::diagnostic* typo = find(r.diagnostics, "unknown-element");
  REQUIRE(typo != nullptr);
  CHECK(typo->hint == "did you mean 'sender'?");
}

TEST_CASE("3.3.1 malformed CAP times are refused, each at its text: Z, a fraction, no offset, no such day") {
  const std::string xml = data("bad-times.xml");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  INFO(rendered(r.diagnostics));
  CHECK_FALSE(r.ok());
  struct row {
    const char* snippet;
    const char* why;
  };
  const row rows[] = {{"2026-07-10T06:00:00Z", "CAP 1.2 forbids 'Z': write UTC as -00:00"},
                      {"2026-07-10T06:00:00.250+08:00", "CAP 1.2 times have no fraction of a second"},
                      {"2026-07-10 08:00:00", "expected a date and time such as 2026-07-10T06:00:00+08:00"},
                      {"2026-02-30T06:00:00+08:00", "no such day in the calendar"}};
  std::size_t bad_times = 0;
  for (const auto& d : r.diagnostics) bad_times += d.code == "bad-time";
  CHECK(bad_times == std::size(rows));
  for (const row& w : rows) {
    CAPTURE(w.snippet);
    const spot s = at(xml, w.snippet);
    bool found = false;
    for (const auto& d : r.diagnostics)
      if (d.code == "bad-time" && d.where.line == s.line && d.where.column == s.column) {
        found = true;
        CHECK(d.message.find(w.why) != std::string::npos);
      }
    CHECK(found);
  }
}

TEST_CASE("3.3.1 CAP times: offsets, -00:00 as UTC, and the limits of the form") {
  const std::string base = data("wendeng-rainstorm-issue.xml");
  const char* good[][2] = {{"2026-07-09T21:58:12-00:00", "2026-07-10T05:58:12+08:00"},
                           {"2026-07-09T21:58:12+00:00", "2026-07-10T05:58:12+08:00"},
                           {"2026-07-09T16:28:12-05:30", "2026-07-10T05:58:12+08:00"},
                           {"2028-02-29T00:00:00+08:00", "2028-02-29T00:00:00+08:00"}};
  for (const auto& g : good) {
    CAPTURE(g[0]);
    const auto r = muster::cap::import_alert(
        weihai(), edited(base, "<sent>2026-07-10T05:58:12+08:00</sent>", std::string("<sent>") + g[0] + "</sent>"), "a.xml");
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    CHECK(r->at == g[1]);
  }
  for (const char* bad : {"2026-07-10T05:58:12+8:00", "2026-07-10T05:58:12+08:00 ", "2026-07-10T24:00:00+08:00",
                          "2026-07-10T05:58:60+08:00", "2026-07-10T05:58:12+15:00", "1969-12-31T23:59:59-00:00",
                          "2027-02-29T05:58:12+08:00", "2026-07-10", "2026-07-10T05:58+08:00", "１２"}) {
    CAPTURE(bad);
    const std::string xml = edited(base, "<sent>2026-07-10T05:58:12+08:00</sent>", std::string("<sent>") + bad + "</sent>");
    const auto r = muster::cap::import_alert(weihai(), xml, "a.xml");
    // A trailing space is trimmed as XML whitespace: that one is fine.
    if (std::string(bad).back() == ' ') {
      CHECK(r.ok());
      continue;
    }
    CHECK_FALSE(r.ok());
    CHECK(find(r.diagnostics, "bad-time") != nullptr);
  }
}

TEST_CASE("3.3.1 DOCTYPE and entity tricks are refused before parsing: billion laughs, external entities") {
  refused_at(data("bad-billion-laughs.xml"), "doctype-refused", "<!DOCTYPE");
  refused_at(data("bad-external-entity.xml"), "doctype-refused", "<!DOCTYPE");
  // In lower case, or an ENTITY alone: refused all the same.
  refused_at("<!doctype alert>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>", "doctype-refused", "<!doctype");
  refused_at("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><!ENTITY x \"y\"></alert>", "doctype-refused", "<!ENTITY");
  // An undeclared entity reference is never expanded: it is a malformed identifier here.
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<identifier>37100041600000_20260710055812_1</identifier>",
                                 "<identifier>&lol9;</identifier>");
  const auto r = muster::cap::import_alert(weihai(), xml, "a.xml");
  CHECK_FALSE(r.ok());
  CHECK(find(r.diagnostics, "bad-identifier") != nullptr);
}

TEST_CASE("3.3.1 too deep: elements nested past the bound are refused at the first one too deep") {
  std::string xml = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n";
  for (int i = 0; i < 40000; ++i) xml += "<x>";
  for (int i = 0; i < 40000; ++i) xml += "</x>";
  xml += "\n</alert>\n";
  const auto r = muster::cap::import_alert(weihai(), xml, "deep.xml");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "too-deep");
  CHECK(r.diagnostics[0].message == "elements nest deeper than 16 levels");
  CHECK(r.diagnostics[0].where.line == 2);
  CHECK(r.diagnostics[0].where.column == 1 + 3 * 15);  // the 17th element: 16 levels, the 15 <x> before it
  // 16 levels are allowed (and the unknown element is only a warning).
  std::string ok = edited(data("wendeng-rainstorm-issue.xml"), "<wh:push-to>flood-teams</wh:push-to>",
                          "<wh:a><wh:b><wh:c><wh:d><wh:e><wh:f><wh:g><wh:h><wh:i><wh:j><wh:k><wh:l><wh:m><wh:n>x"
                          "</wh:n></wh:m></wh:l></wh:k></wh:j></wh:i></wh:h></wh:g></wh:f></wh:e></wh:d></wh:c></wh:b></wh:a>");
  CHECK(muster::cap::import_alert(weihai(), ok, "ok.xml").ok());
  const std::string deeper = edited(ok, "<wh:n>x</wh:n>", "<wh:n><wh:o>x</wh:o></wh:n>");
  CHECK(find(muster::cap::import_alert(weihai(), deeper, "deep.xml").diagnostics, "too-deep") != nullptr);
}

TEST_CASE("3.3.1 too big: an alert over 1 MiB is refused before parsing; the bound can be lowered") {
  std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<note>", "<note>" + std::string(1U << 20, 'x'));
  const auto r = muster::cap::import_alert(weihai(), xml, "big.xml");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "file-too-large");
  CHECK(r.diagnostics[0].message.find("the limit is 1048576") != std::string::npos);
  muster::cap::limits small;
  small.max_bytes = 1000;
  const auto s = muster::cap::import_alert(weihai(), data("wendeng-rainstorm-issue.xml"), "a.xml", {}, small);
  CHECK(find(s.diagnostics, "file-too-large") != nullptr);
}

TEST_CASE("3.3.1 a file: unreadable, a directory, too big without reading it all") {
  const auto missing = muster::cap::parse_alert_file(data_path("no-such-alert.xml"));
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == "file-unreadable");
  const auto dir = muster::cap::parse_alert_file(std::string(MUSTER_SOURCE_DIR) + "/tests/cap/data");
  REQUIRE(dir.diagnostics.size() == 1);
  CHECK(dir.diagnostics[0].message.find("directory") != std::string::npos);
  muster::cap::limits small;
  small.max_bytes = 100;
  const auto big = muster::cap::parse_alert_file(data_path("wendeng-rainstorm-issue.xml"), small);
  REQUIRE(big.diagnostics.size() == 1);
  CHECK(big.diagnostics[0].code == "file-too-large");
  CHECK(muster::cap::parse_alert_file(data_path("wendeng-rainstorm-issue.xml")).ok());
}

TEST_CASE("3.3.1 bytes that are not UTF-8 XML: UTF-16, invalid UTF-8, NUL, a non-UTF-8 declaration, broken syntax") {
  refused_at(std::string("\xFF\xFE<\0a\0", 6), "encoding", "\xFF");
  const std::string bad_utf8 = edited(data("wendeng-rainstorm-issue.xml"), "文登区各镇街", "文登区\xE5\x90各镇街");
  refused_at(bad_utf8, "invalid-utf8", "\xE5\x90各镇街");
  const std::string nul = edited(data("wendeng-rainstorm-issue.xml"), "<note>", std::string("<note>\0", 7));
  refused_at(nul, "xml-syntax", std::string_view("\0", 1));
  const std::string gb = edited(data("wendeng-rainstorm-issue.xml"), "encoding=\"UTF-8\"", "encoding=\"GB2312\"");
  refused_at(gb, "encoding", "<?xml");
  const std::string broken = edited(data("wendeng-rainstorm-issue.xml"), "暴雨橙色预警</headline>", "暴雨橙色预警</headlin>");
  refused_at(broken, "xml-syntax", "</headlin>");
  const auto empty = muster::cap::import_alert(weihai(), "<?xml version=\"1.0\"?>\n<!-- nothing -->\n", "empty.xml");
  REQUIRE(empty.diagnostics.size() == 1);
  CHECK(muster::render(empty.diagnostics[0]) == "empty.xml: empty-document: the file holds no XML [a CAP alert is an <alert> element]");
  refused_at("junk<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>", "xml-syntax", "junk");
  const std::string two = data("wendeng-rainstorm-issue.xml") + "<alert/>\n";
  refused_at(two, "xml-syntax", "<alert/>");
}

TEST_CASE("3.3.1 an area that matches no jurisdiction is an error naming its codes and the policy's") {
  const std::string xml = data("bad-area-unmatched.xml");
  refused_at(xml, "area-unmatched", "<area>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  const muster::diagnostic* d = find(r.diagnostics, "area-unmatched");
  REQUIRE(d != nullptr);
  CHECK(d->message.find("the geocodes GB/T 2260 370612 and FIPS6 12345 (areas '烟台市牟平区')") != std::string::npos);
  CHECK(d->message.find("371003 文登区") != std::string::npos);
  CHECK(d->message.find("371000 威海市") != std::string::npos);
  // Polygons alone match nothing either: the error, and the warning for the polygon.
  const std::string poly = edited(xml, "<geocode><valueName>GB/T 2260</valueName><value>370612</value></geocode>\n      "
                                       "<geocode><valueName>FIPS6</valueName><value>12345</value></geocode>",
                                  "<polygon>37.30,121.85 37.30,122.25 36.95,122.25 37.30,121.85</polygon>");
  const auto p = muster::cap::import_alert(weihai(), poly, "alert.xml");
  CHECK(find(p.diagnostics, "area-unmatched") != nullptr);
  CHECK(find(p.diagnostics, "polygon-only") != nullptr);
  // No area at all.
  const std::string none = edited(xml, xml.substr(xml.find("    <area>"), xml.find("</area>") + 8 - xml.find("    <area>")), "");
  const auto n = muster::cap::import_alert(weihai(), none, "alert.xml");
  const muster::diagnostic* nd = find(n.diagnostics, "area-unmatched");
  REQUIRE(nd != nullptr);
  CHECK(nd->message.find("it names no geocode") != std::string::npos);
}

TEST_CASE("3.3.1 an unknown hazard is an error at its <event>, listing the policy's hazards") {
  const std::string xml = data("bad-unknown-hazard.xml");
  refused_at(xml, "unknown-hazard", "暴雪黄色预警");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  const muster::diagnostic* d = find(r.diagnostics, "unknown-hazard");
  REQUIRE(d != nullptr);
  CHECK(d->message ==
        "event '暴雪黄色预警' (eventCode 预警类型 11B04) is no hazard of the policy; its hazards are rainstorm (暴雨), "
        "typhoon (台风), storm_surge (风暴潮), forest_fire_risk (森林火险) and geological_hazard (地质灾害)");
  // A policy without hazards says that instead.
  muster::policy bare = weihai();
  bare.warnings.hazards.clear();
  const auto b = muster::cap::import_alert(bare, data("wendeng-rainstorm-issue.xml"), "alert.xml");
  CHECK(find(b.diagnostics, "no-hazards") != nullptr);
}

TEST_CASE("3.3.1 info blocks about different hazards are refused: one alert is one warning") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<event>Rainstorm</event>", "<event>Typhoon</event>");
  const std::string en = edited(xml, "<eventCode>\n      <valueName>预警类型</valueName>\n      <value>11B03</value>\n    </eventCode>\n    <effective>2026-07-10T05:58:12+08:00</effective>\n    <onset>2026-07-10T08:00:00+08:00</onset>\n    <expires>2026-07-11T06:00:00+08:00</expires>\n    <senderName>Weihai",
                                "<effective>2026-07-10T05:58:12+08:00</effective>\n    <onset>2026-07-10T08:00:00+08:00</onset>\n    <expires>2026-07-11T06:00:00+08:00</expires>\n    <senderName>Weihai");
  refused_at(en, "hazards-differ", "Typhoon</event>");
  // Two eventCodes naming two hazards in one block.
  const std::string two = edited(data("wendeng-rainstorm-issue.xml"), "<eventCode>\n      <valueName>预警类型</valueName>\n      <value>11B03</value>\n    </eventCode>\n    <effective>2026-07-10T05:58:12+08:00</effective>\n    <onset>2026-07-10T08:00:00+08:00</onset>\n    <expires>2026-07-11T06:00:00+08:00</expires>\n    <senderName>威海",
                                 "<eventCode><valueName>a</valueName><value>11B03</value></eventCode><eventCode><valueName>a</valueName><value>11B01</value></eventCode>\n    <expires>2026-07-11T06:00:00+08:00</expires>\n    <senderName>威海");
  const auto r = muster::cap::import_alert(weihai(), two, "a.xml");
  CHECK(find(r.diagnostics, "ambiguous-hazard") != nullptr);
}

TEST_CASE("3.3.1 severity Unknown without a level parameter is refused; so is a level parameter that is no colour") {
  const std::string xml = edited(data("forest-fire-severity.xml"), "<severity>Extreme</severity>", "<severity>Unknown</severity>");
  muster::cap::import_options o;
  o.actor = "weihai_nrp";
  const auto r = muster::cap::import_alert(weihai(), xml, "a.xml", o);
  CHECK_FALSE(r.ok());
  const muster::diagnostic* d = find(r.diagnostics, "unknown-severity");
  REQUIRE(d != nullptr);
  CHECK(d->where.line == at(xml, "Unknown</severity>").line);
  CHECK(d->where.column == at(xml, "Unknown</severity>").column);
  const std::string purple = edited(data("wendeng-rainstorm-issue.xml"), "<value>橙色</value>", "<value>紫色</value>");
  const auto p = muster::cap::import_alert(weihai(), purple, "a.xml");
  const muster::diagnostic* pd = find(p.diagnostics, "unknown-level");
  REQUIRE(pd != nullptr);
  CHECK(pd->message == "the '预警级别' parameter '紫色' is not a colour level");
}

TEST_CASE("3.3.1 status System and Draft, msgType Ack and Error are not imported, saying why; unknown values are refused") {
  const std::string xml = data("wendeng-rainstorm-issue.xml");
  const struct {
    const char* from;
    const char* to;
    const char* code;
    const char* says;
  } rows[] = {
      {"<status>Actual</status>", "<status>System</status>", "status-not-imported", "the alerting network's own operation"},
      {"<status>Actual</status>", "<status>Draft</status>", "status-not-imported", "a draft"},
      {"<msgType>Alert</msgType>", "<msgType>Ack</msgType>", "msgtype-not-imported", "acknowledges another message"},
      {"<msgType>Alert</msgType>", "<msgType>Error</msgType>", "msgtype-not-imported", "reports an error"},
      {"<msgType>Alert</msgType>", "<msgType>Alarm</msgType>", "unknown-value", "Alert, Update, Cancel, Ack and Error"},
      {"<scope>Public</scope>", "<scope>Everyone</scope>", "unknown-value", "Public, Restricted and Private"},
      {"<urgency>Expected</urgency>\n    <severity>Severe</severity>\n    <certainty>Likely</certainty>\n    <audience>",
       "<urgency>Soon</urgency>\n    <severity>Severe</severity>\n    <certainty>Likely</certainty>\n    <audience>", "unknown-value",
       "Immediate, Expected"},
      {"<category>Met</category>\n    <event>暴雨", "<category>Weather</category>\n    <event>暴雨", "unknown-value", "Geo, Met"},
  };
  for (const auto& w : rows) {
    CAPTURE(w.to);
    const std::string one = edited(xml, w.from, w.to);
    const auto r = muster::cap::import_alert(weihai(), one, "a.xml");
    CHECK_FALSE(r.ok());
    const muster::diagnostic* d = find(r.diagnostics, w.code);
    REQUIRE_MESSAGE(d != nullptr, rendered(r.diagnostics));
    CHECK(d->message.find(w.says) != std::string::npos);
    const std::string value = std::string(w.to).substr(std::string(w.to).find('>') + 1);
    CHECK(d->where.line == at(one, value).line);
  }
}

TEST_CASE("3.3.1 an Update or Cancel without references is refused; malformed references too") {
  const std::string update = data("wendeng-rainstorm-update.xml");
  const std::string refs = update.substr(update.find("  <cap:references>"),
                                         update.find("</cap:references>") + 18 - update.find("  <cap:references>"));
  refused_at(edited(update, refs, ""), "missing-references", "<cap:alert");
  for (const char* bad : {"only-an-identifier", "a@b,ID-1", "a@b,ID-1,2026-07-10T06:00:00Z", "a@b,,2026-07-10T06:00:00+08:00",
                          "a@b,ID-1,2026-07-10T06:00:00+08:00,extra"}) {
    CAPTURE(bad);
    const std::string one = edited(update, refs, std::string("  <cap:references>") + bad + "</cap:references>\n");
    refused_at(one, "bad-references", bad);
  }
}

TEST_CASE("3.3.1 identifiers and senders with spaces, commas, '<' or '&', or too long for an event id, are refused") {
  const std::string xml = data("wendeng-rainstorm-issue.xml");
  for (const char* id : {"ID 1", "ID,1", "ID&amp;1", "ID&lt;1", "ID&#1;1"}) {
    CAPTURE(id);
    refused_at(edited(xml, "<identifier>37100041600000_20260710055812_1</identifier>", std::string("<identifier>") + id + "</identifier>"),
               "bad-identifier", id);
  }
  refused_at(edited(xml, "weihai_meteo@weather.weihai.example", "weihai meteo"), "bad-identifier", "weihai meteo");
  const std::string long_id(253, 'x');
  refused_at(edited(xml, "<identifier>37100041600000_20260710055812_1</identifier>", "<identifier>" + long_id + "</identifier>"),
             "id-too-long", long_id);
  CHECK(muster::cap::import_alert(weihai(), edited(xml, "37100041600000_20260710055812_1", std::string(252, 'x')), "a.xml").ok());
}

TEST_CASE("3.3.1 repeated single elements, empty required ones and elements inside text elements are refused") {
  const std::string xml = data("wendeng-rainstorm-issue.xml");
  refused_at(edited(xml, "<status>Actual</status>", "<status>Actual</status><status>Test</status>"), "duplicate-element",
             "<status>Test");
  refused_at(edited(xml, "<event>暴雨</event>", "<event>  </event>"), "empty-value", "<event>  ");
  refused_at(edited(xml, "<event>暴雨</event>", "<event><b>暴雨</b></event>"), "not-text", "<event><b>");
  refused_at(edited(xml, "<category>Met</category>\n    <event>暴雨", "<event>暴雨"), "missing-element", "<info>");
  refused_at(edited(xml, "<areaDesc>文登区</areaDesc>", "<areaDesc>文登区</areaDesc><altitude>high</altitude>"), "bad-number",
             "high</altitude>");
}

TEST_CASE("3.3.1 a malformed polygon or circle is kept as written, with a warning at it") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "37.30,121.85 37.30,122.25 36.95,122.25 36.95,121.85 37.30,121.85",
                                 "37.30,121.85 37.30,122.25 36.95,122.25");
  const auto r = muster::cap::import_alert(weihai(), xml, "a.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  const muster::diagnostic* d = find(r.diagnostics, "bad-polygon");
  REQUIRE(d != nullptr);
  CHECK(d->level == muster::severity::warning);
  CHECK(d->message.find("3 points; at least 4") != std::string::npos);
  CHECK(d->where.line == at(xml, "37.30,121.85 37.30,122.25 36.95").line);
  for (const char* bad : {"37.30,121.85 37.30,122.25 36.95,122.25 36.95,121.85", "91,121 37,122 36,122 91,121",
                          "a,b c,d e,f a,b"}) {
    CAPTURE(bad);
    const std::string one = edited(data("wendeng-rainstorm-issue.xml"),
                                   "37.30,121.85 37.30,122.25 36.95,122.25 36.95,121.85 37.30,121.85", bad);
    CHECK(find(muster::cap::import_alert(weihai(), one, "a.xml").diagnostics, "bad-polygon") != nullptr);
  }
  const std::string circle = edited(data("rongcheng-typhoon-exercise.xml"), "37.16,122.49 25", "37.16,122.49");
  const auto c = muster::cap::import_alert(weihai(), circle, "a.xml");
  REQUIRE(c.ok());
  CHECK(find(c.diagnostics, "bad-circle") != nullptr);
}
