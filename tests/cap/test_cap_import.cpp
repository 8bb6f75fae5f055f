// CAP 1.2 alerts as warning agencies send them → the warning events of docs/warnings.md.
#include "cap_support.hpp"

#include "cap/mapping.hpp"

using namespace cap_test;
using muster::cap::warning_event;

TEST_CASE("3.3.1 a CAP alert for 文登区 becomes warning.issue") {
  const auto r = import_data("wendeng-rainstorm-issue.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK_MESSAGE(r.diagnostics.empty(), rendered(r.diagnostics));  // extensions, a resource, a polygon beside the code: all quiet
  const warning_event& e = *r;
  CHECK(muster::cap::to_json_line(e) ==
        R"({"id":"cap:37100041600000_20260710055812_1","kind":"warning.issue","at":"2026-07-10T05:58:12+08:00",)"
        R"("actor":"weihai_meteo","warning":"37100041600000_20260710055812_1","hazard":"rainstorm","level":"orange",)"
        R"("area":["wendeng"],"until":"2026-07-11T06:00:00+08:00"})");
}

TEST_CASE("3.3.1 an Update raising the warning to red and adding 乳山市 becomes warning.update") {
  const auto r = import_data("wendeng-rainstorm-update.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK_MESSAGE(r.diagnostics.empty(), rendered(r.diagnostics));
  CHECK(muster::cap::to_json_line(*r) ==
        R"({"id":"cap:37100041600000_20260710113005_1","kind":"warning.update","at":"2026-07-10T11:30:05+08:00",)"
        R"("actor":"weihai_meteo","warning":"37100041600000_20260710113005_1",)"
        R"("references":"37100041600000_20260710055812_1","hazard":"rainstorm","level":"red",)"
        R"("area":["wendeng","rushan"],"until":"2026-07-11T12:00:00+08:00"})");
}

TEST_CASE("3.3.1 a Cancel refers to the last message it lists, and its UTC time (-00:00) is read") {
  const auto r = import_data("wendeng-rainstorm-cancel.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(muster::cap::to_json_line(*r) ==
        R"({"id":"cap:37100041600000_20260710195540_1","kind":"warning.cancel","at":"2026-07-10T19:55:40+08:00",)"
        R"("actor":"weihai_meteo","warning":"37100041600000_20260710195540_1",)"
        R"("references":"37100041600000_20260710113005_1"})");
}

TEST_CASE("3.2.3 an Exercise alert is an exercise warning; the Chinese block decides though English comes first") {
  const auto r = import_data("rongcheng-typhoon-exercise.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  const warning_event& e = *r;
  CHECK(e.status == "exercise");
  CHECK(e.hazard == "typhoon");
  CHECK(e.level == "yellow");  // 预警级别 黄色, though severity says Extreme
  CHECK(e.area == std::vector<std::string>{"rongcheng"});
  // The sea area has only a polygon: kept, not matched, and said.
  const muster::diagnostic* d = find(r.diagnostics, "polygon-only");
  REQUIRE_MESSAGE(d != nullptr, rendered(r.diagnostics));
  CHECK(d->level == muster::severity::warning);
  CHECK(d->message.find("荣成市以东海域") != std::string::npos);
  const std::string xml = data("rongcheng-typhoon-exercise.xml");
  CHECK(d->where.line == at(xml, "<area>\n      <areaDesc>荣成市以东海域").line);
  CHECK(muster::cap::to_json_line(e).find(R"("status":"exercise")") != std::string::npos);
}

TEST_CASE("3.3.1 a Test alert is a test warning; the colour comes from the event text; an area outside the policy is said") {
  const auto r = import_data("storm-surge-test.xml", "weihai_meteo");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  const warning_event& e = *r;
  CHECK(e.status == "test");
  CHECK(e.hazard == "storm_surge");
  CHECK(e.level == "blue");  // 风暴潮蓝色预警, though severity says Moderate (yellow)
  CHECK(e.area == std::vector<std::string>{"weihai"});  // ADCODE 371000
  const muster::diagnostic* d = find(r.diagnostics, "area-outside");
  REQUIRE_MESSAGE(d != nullptr, rendered(r.diagnostics));
  CHECK(d->message.find("烟台市沿海") != std::string::npos);
  CHECK(d->message.find("ADCODE 370600") != std::string::npos);
  CHECK(d->level == muster::severity::warning);
}

TEST_CASE("3.3.1 without a level parameter the severity gives the level (Extreme is red), and --actor names the sender") {
  const auto r = import_data("forest-fire-severity.xml", "weihai_nrp");  // 威海市自然资源和规划局
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(r->actor == "weihai_nrp");
  CHECK(r->hazard == "forest_fire_risk");  // its en name, "Forest Fire Danger"
  CHECK(r->level == "red");
  CHECK(r->area == std::vector<std::string>{"huancui", "hitech_zone"});  // in the order of the geocodes
}

TEST_CASE("3.3.1 the sender's local part names the actor only when it is an organisation id") {
  // forestry.duty@… is no organisation: the importer says so rather than guess.
  const auto r = import_data("forest-fire-severity.xml");
  CHECK_FALSE(r.ok());
  const muster::diagnostic* d = find(r.diagnostics, "unknown-sender");
  REQUIRE_MESSAGE(d != nullptr, rendered(r.diagnostics));
  CHECK(d->message.find("forestry.duty@nr.weihai.example") != std::string::npos);
  CHECK(d->hint.find("--actor") != std::string::npos);
  CHECK(d->where.line == at(data("forest-fire-severity.xml"), "forestry.duty@").line);
  // An --actor that is no organisation: refused with a guess.
  const auto r2 = import_data("wendeng-rainstorm-issue.xml", "weihai_meteorology");
  const muster::diagnostic* d2 = find(r2.diagnostics, "unknown-actor");
  REQUIRE(d2 != nullptr);
  CHECK(d2->hint == "did you mean 'weihai_meteo'?");
}

TEST_CASE("3.3.1 an actor that issues no warnings is imported with a warning: the engine will refuse it") {
  const auto r = import_data("wendeng-rainstorm-issue.xml", "wendeng_fire");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  const muster::diagnostic* d = find(r.diagnostics, "actor-not-issuer");
  REQUIRE(d != nullptr);
  CHECK(d->level == muster::severity::warning);
  CHECK(d->message.find("warning_agency") != std::string::npos);
}

TEST_CASE("3.3.1 hazards by event text: id, names, cap_events, a colour and 预警 after it, 'Orange … Warning'") {
  const std::string xml = data("wendeng-rainstorm-issue.xml");
  // Without the eventCodes, only the event text names the hazard.
  std::string plain = xml;
  const std::string code = "<eventCode>\n      <valueName>预警类型</valueName>\n      <value>11B03</value>\n    </eventCode>\n";
  for (int removed = 0; removed < 2; ++removed) {
    const auto found = plain.find(code);
    REQUIRE(found != std::string::npos);
    plain.erase(found, code.size());
  }
  REQUIRE(plain.find("<eventCode>") == std::string::npos);
  struct row {
    const char* event;
    const char* hazard;
    const char* level;
  };
  const row rows[] = {
      {"暴雨", "rainstorm", "orange"},
      {"rainstorm", "rainstorm", "orange"},
      {"Rainstorm", "rainstorm", "orange"},
      {"暴雨预警", "rainstorm", "orange"},
      {"暴雨预警信号", "rainstorm", "orange"},
      {"地质灾害气象风险预警", "geological_hazard", "orange"},  // a cap_event, kept whole
      {"森林火险气象等级预警", "forest_fire_risk", "orange"},
      {"Storm Surge Warning", "storm_surge", "orange"},
  };
  for (const row& w : rows) {
    CAPTURE(w.event);
    const std::string one = edited(plain, "<event>暴雨</event>", std::string("<event>") + w.event + "</event>");
    const auto r = muster::cap::import_alert(weihai(), one, "alert.xml");
    // The English block still says Rainstorm: another hazard than some rows', which is refused.
    if (std::string(w.hazard) != "rainstorm") {
      CHECK(find(r.diagnostics, "hazards-differ") != nullptr);
      continue;
    }
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    CHECK(r->hazard == w.hazard);
    CHECK(r->level == w.level);
  }
}

TEST_CASE("3.3.1 a colour in the event text that the level parameter contradicts: the parameter wins, with a warning") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<event>暴雨</event>", "<event>暴雨黄色预警</event>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(r->level == "orange");
  const muster::diagnostic* d = find(r.diagnostics, "level-disagrees");
  REQUIRE(d != nullptr);
  CHECK(d->message == "the level parameter says orange, the event text says yellow; orange is used");
}

TEST_CASE("3.3.1 level parameters: level, colour, color, 预警级别 with English or Chinese colours") {
  const std::string xml = data("forest-fire-severity.xml");
  const char* params[][2] = {{"level", "blue"}, {"colour", "Yellow"}, {"color", "ORANGE"}, {"预警级别", "红色"}, {"预警级别", "蓝"}};
  const char* expected[] = {"blue", "yellow", "orange", "red", "blue"};
  for (std::size_t i = 0; i < std::size(params); ++i) {
    CAPTURE(params[i][1]);
    const std::string one = edited(xml, "<area>\n      <areaDesc>Huancui",
                                   std::string("<parameter><valueName>") + params[i][0] + "</valueName><value>" + params[i][1] +
                                       "</value></parameter>\n    <area>\n      <areaDesc>Huancui");
    muster::cap::import_options o;
    o.actor = "weihai_meteo";
    const auto r = muster::cap::import_alert(weihai(), one, "alert.xml", o);
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    CHECK(r->level == expected[i]);
  }
}

TEST_CASE("3.3.1 severities map to levels: Minor blue, Moderate yellow, Severe orange, Extreme red") {
  const char* sev[] = {"Minor", "Moderate", "Severe", "Extreme"};
  const char* lvl[] = {"blue", "yellow", "orange", "red"};
  for (int i = 0; i < 4; ++i) {
    const std::string xml = edited(data("forest-fire-severity.xml"), "<severity>Extreme</severity>",
                                   std::string("<severity>") + sev[i] + "</severity>");
    muster::cap::import_options o;
    o.actor = "weihai_meteo";
    const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml", o);
    REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
    CHECK(r->level == lvl[i]);
  }
}

TEST_CASE("3.3.1 geocode names GB/T 2260, GB2260, GBT2260, ADCODE and 行政区划代码 are division codes; others are not") {
  using muster::cap::detail::is_division_code_name;
  for (const char* yes : {"GB/T 2260", "GB/T2260", "gb/t 2260", "GBT2260", "GB 2260", "GB2260", "ADCODE", "adcode", "行政区划代码"})
    CHECK_MESSAGE(is_division_code_name(yes), yes);
  for (const char* no : {"SAME", "FIPS6", "UGC", "EMMA_ID", "2260", "GB/T 2659"}) CHECK_MESSAGE(!is_division_code_name(no), no);
}

TEST_CASE("3.3.1 an English block naming other areas than the Chinese one: the Chinese areas, with a warning") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"),
                                 "<areaDesc>Wendeng District</areaDesc>\n      <geocode>\n        <valueName>GB/T 2260</valueName>\n        <value>371003</value>",
                                 "<areaDesc>Rushan</areaDesc>\n      <geocode>\n        <valueName>GB/T 2260</valueName>\n        <value>371083</value>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(r->area == std::vector<std::string>{"wendeng"});
  const muster::diagnostic* d = find(r.diagnostics, "areas-differ");
  REQUIRE(d != nullptr);
  CHECK(d->message == "info 2 (en-US) names the jurisdictions rushan, info 1 (zh-CN) wendeng; info 1's are used");
}

TEST_CASE("3.3.1 several areas and repeated codes: their union, each jurisdiction once, in the order named") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<wh:push-to>flood-teams</wh:push-to>",
                                 "<area><areaDesc>乳山市</areaDesc><geocode><valueName>GB/T 2260</valueName><value>371083</value></geocode>"
                                 "<geocode><valueName>GB/T 2260</valueName><value>371003</value></geocode></area>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(r->area == std::vector<std::string>{"wendeng", "rushan"});
}

TEST_CASE("3.3.1 what CAP says is kept: references, several infos, parameters, areas with polygons and circles") {
  const auto a = muster::cap::parse_alert(data("wendeng-rainstorm-update.xml"), "update.xml");
  REQUIRE_MESSAGE(a.ok(), rendered(a.diagnostics));
  CHECK(a->msg_type == muster::cap::msg_type::update);
  REQUIRE(a->references.size() == 1);
  CHECK(a->references[0].sender == "weihai_meteo@weather.weihai.example");
  CHECK(a->references[0].identifier == "37100041600000_20260710055812_1");
  CHECK(a->references[0].sent.seconds == 1783634292);  // 2026-07-09T21:58:12Z
  CHECK(a->references[0].sent.utc_offset_minutes == 480);
  REQUIRE(a->infos.size() == 2);
  CHECK(a->infos[0].language == "zh-CN");
  CHECK(a->infos[0].description == "过去3小时文登区降雨量已达 <b>110</b> 毫米，降雨仍将持续。");  // CDATA as text
  CHECK(a->infos[0].urgency == "Immediate");
  CHECK(a->infos[0].certainty == "Observed");
  CHECK(a->infos[1].areas[0].geocodes.size() == 2);

  const auto b = muster::cap::parse_alert(data("wendeng-rainstorm-issue.xml"), "issue.xml");
  REQUIRE(b.ok());
  const muster::cap::info& zh = b->infos[0];
  CHECK(b->source == "威海市气象台 首席预报员 值班");
  CHECK(b->codes == std::vector<std::string>{"CN-SD-WH"});
  CHECK(zh.response_types == std::vector<std::string>{"Prepare", "Monitor"});
  CHECK(zh.parameters.size() == 2);
  CHECK(zh.resources == 1);
  CHECK(zh.onset->seconds == zh.effective->seconds + 2 * 3600 + 1 * 60 + 48);
  CHECK(zh.areas[0].polygons.size() == 1);
  CHECK(zh.web == "https://weather.weihai.example/warnings/20260710-1");

  const auto c = muster::cap::parse_alert(data("rongcheng-typhoon-exercise.xml"), "drill.xml");
  REQUIRE(c.ok());
  CHECK(c->scope == "Restricted");
  CHECK(c->restriction == "综合应急演练参演单位");
  CHECK(c->incidents == "WH-DRILL-2026-03");
  CHECK(c->infos[0].language == "en-US");
  CHECK(c->infos[0].categories == std::vector<std::string>{"Met", "Safety"});
  CHECK(c->infos[0].areas[0].circles == std::vector<std::string>{"37.16,122.49 25"});
}

TEST_CASE("3.3.1 an info block without <language> is en-US, and the schema's element order is not enforced") {
  const auto a = muster::cap::parse_alert(data("forest-fire-severity.xml"), "f.xml");
  REQUIRE(a.ok());
  CHECK(a->infos[0].language == "en-US");
  const auto b = muster::cap::parse_alert(data("storm-surge-test.xml"), "s.xml");  // <language> after <category>
  REQUIRE_MESSAGE(b.ok(), rendered(b.diagnostics));
  CHECK(b->infos[0].language == "zh-CN");
}

TEST_CASE("3.3.1 elements of other namespaces are extensions, ignored quietly; an unknown CAP element is a warning") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<contact>", "<contcat>x</contcat>\n    <contact>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  REQUIRE(r.diagnostics.size() == 1);
  const muster::diagnostic& d = r.diagnostics[0];
  CHECK(d.code == "unknown-element");
  CHECK(d.level == muster::severity::warning);
  CHECK(d.hint == "did you mean 'contact'?");
  CHECK(d.where.line == at(xml, "<contcat>").line);
  CHECK(d.where.column == at(xml, "<contcat>").column);
}

TEST_CASE("3.3.1 an Alert that lists references: they are ignored, with a warning") {
  const std::string xml = edited(data("wendeng-rainstorm-issue.xml"), "<note>",
                                 "<references>a@b,OLD-1,2026-07-09T06:00:00+08:00</references>\n  <note>");
  const auto r = muster::cap::import_alert(weihai(), xml, "alert.xml");
  REQUIRE_MESSAGE(r.ok(), rendered(r.diagnostics));
  CHECK(r->references.empty());
  CHECK(find(r.diagnostics, "references-ignored") != nullptr);
}

TEST_CASE("3.3.1 a UTF-8 byte order mark is skipped and locations still count from the first byte") {
  const std::string xml = "\xEF\xBB\xBF" + edited(data("wendeng-rainstorm-issue.xml"), "<status>Actual</status>", "<status>actual</status>");
  const auto r = muster::cap::import_alert(weihai(), xml, "bom.xml");
  CHECK_FALSE(r.ok());
  const muster::diagnostic* d = find(r.diagnostics, "unknown-value");
  REQUIRE(d != nullptr);
  CHECK(d->hint == "did you mean 'Actual'?");
  CHECK(d->where.line == at(xml, "actual</status>").line);
  CHECK(d->where.column == at(xml, "actual</status>").column);
}
