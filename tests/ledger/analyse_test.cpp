// The ledger's rules, each pinned at its edge: node dates (due within N days, overdue, done
// late), idle land from the supply analysis, control lines from the check, 承诺制 commitments,
// and the rows that cannot be joined or read.
#include <gtest/gtest.h>

#include <algorithm>

#include "supply/fixtures.hpp"
#include "tudi/core/error.hpp"
#include "tudi/project/project.hpp"
#include "tudi/ledger/ledger.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::ledger {
namespace {

using test::add;
using test::box;

constexpr const char* kAsOf = "2026-11-22";

Date day(const char* iso) { return *parse_date(iso); }
std::string shifted(std::int64_t days) { return add_days(day(kAsOf), days).iso(); }

/// The bundled rule pack with the project's [ledger] section `section`, as of kAsOf.
Settings settings_with(const std::string& section = {}) {
  Project p;
  p.file = "tudi.toml";
  p.analysis.as_of = kAsOf;
  if (!section.empty()) p.set_section("ledger", section);
  return load_settings(p);
}

/// The supply analysis of `parcels` as of kAsOf: what the ledger reads idle states and
/// contract dates from.
supply::Result supply_of(const Layer& parcels) {
  supply::Settings s;
  s.as_of = day(kAsOf);
  supply::Inputs in;
  in.parcels = &parcels;
  return supply::analyse(in, s);
}

/// A ledger as read from "ledger.csv": header row, then rows of text on lines 2, 3, ...
io::RawTable table(const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
  io::RawTable t;
  t.source = "ledger.csv";
  t.encoding = "UTF-8";
  t.headers = headers;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<Value> row;
    for (const std::string& s : rows[i]) row.push_back(s.empty() ? Value{} : Value(s));
    t.rows.push_back(std::move(row));
    t.lines.push_back(static_cast<int>(i) + 2);
  }
  return t;
}

/// One project XM-1 with a 开工 node planned at `planned` and done at `done` ("" = not done).
Result start_node(const std::string& planned, const std::string& done,
                  const Settings& s = settings_with()) {
  const Ledger l = read_ledger(
      table({"项目编号", "项目名称", "责任单位", "开工计划日期", "开工完成日期"},
            {{"XM-1", "项目一", "县发改委", planned, done}}),
      s);
  Inputs in;
  in.ledger = &l;
  return analyse(in, s);
}

const Warning* find_rule(const ProjectStatus& p, const std::string& rule) {
  for (const Warning& w : p.warnings)
    if (w.rule == rule) return &w;
  return nullptr;
}

TEST(LedgerNodes, DueInExactlyNDaysIsYellow) {
  const Result r = start_node(shifted(30), "");
  ASSERT_EQ(r.projects.size(), 1u);
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.light, Light::yellow);
  const Warning* w = find_rule(p, "node_due_soon");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->node, "start");
  EXPECT_EQ(w->department, "县发改委");
  EXPECT_EQ(w->due->iso(), shifted(30));
  EXPECT_EQ(w->days_late, -30);
}

TEST(LedgerNodes, DueInNPlusOneDaysRaisesNothing) {
  const Result r = start_node(shifted(31), "");
  EXPECT_EQ(r.projects[0].light, Light::green);
  EXPECT_TRUE(r.projects[0].warnings.empty());
}

TEST(LedgerNodes, NFollowsTheProjectSection) {
  const Settings s = settings_with("[warnings]\ndue_within_days = 10\n");
  EXPECT_EQ(start_node(shifted(10), "", s).projects[0].light, Light::yellow);
  EXPECT_EQ(start_node(shifted(11), "", s).projects[0].light, Light::green);
}

TEST(LedgerSettings, BadValuesInTheProjectSectionAreErrorsNamingIt) {
  // Each with the line of the project file its message names (an unknown table at its header).
  const std::pair<const char*, const char*> cases[] = {
      {"[warnings]\ndue_within_days = -1\n", "tudi.toml:2: "},
      {"[warnings]\ndue_within_days = 1.5\n", "tudi.toml:2: "},
      {"[levels]\nnode_lost = \"red\"\n", "tudi.toml:2: "},
      {"[levels]\nnode_overdue = \"orange\"\n", "tudi.toml:2: "},
      {"[colours]\nred = 1\n", "tudi.toml:1: "}};
  for (const auto& [bad, where] : cases) {
    try {
      settings_with(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(where, 0), 0u) << e.what();
    }
  }
}

TEST(LedgerNodes, DueTodayIsYellowNotRed) {
  const Result r = start_node(kAsOf, "");
  EXPECT_EQ(r.projects[0].light, Light::yellow);
  EXPECT_NE(find_rule(r.projects[0], "node_due_soon"), nullptr);
}

TEST(LedgerNodes, DueYesterdayAndNotDoneIsRed) {
  const Result r = start_node(shifted(-1), "");
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.light, Light::red);
  const Warning* w = find_rule(p, "node_overdue");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->days_late, 1);
  EXPECT_EQ(w->level, Light::red);
  EXPECT_TRUE(r.any_red());
}

TEST(LedgerNodes, DoneOnTheDayIsGreenAndOneDayLateIsYellow) {
  EXPECT_EQ(start_node("2026-03-01", "2026-03-01").projects[0].light, Light::green);
  const Result r = start_node("2026-03-01", "2026-03-02");
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.light, Light::yellow);
  const Warning* w = find_rule(p, "node_done_late");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->days_late, 1);
  EXPECT_EQ(w->due->iso(), "2026-03-01");
}

TEST(LedgerNodes, ALevelOfNoneSwitchesTheRuleOff) {
  const Settings s = settings_with("[levels]\nnode_overdue = \"none\"\n");
  EXPECT_EQ(start_node(shifted(-1), "", s).projects[0].light, Light::green);
}

TEST(LedgerNodes, ADoneDateAfterTheAsOfDateIsAProblemAndCountsAsNotDone) {
  const Result r = start_node(shifted(-5), shifted(1));
  EXPECT_EQ(r.projects[0].light, Light::red);
  const auto late = std::find_if(r.problems.begin(), r.problems.end(), [](const Problem& p) {
    return p.text.find("晚于统计日期") != std::string::npos;
  });
  ASSERT_NE(late, r.problems.end());
  EXPECT_EQ(late->where, "ledger.csv:2");
}

// ------------------------------------------------------------------------- rows and columns

TEST(LedgerRows, AnUnknownParcelIsReportedAndTheRowStillJudged) {
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  add(parcels, box(0, 0, 100, 100), {{"id", "P1"}});
  const Settings s = settings_with();
  const Ledger l = read_ledger(
      table({"项目编号", "项目名称", "地块编号", "开工计划日期", "开工完成日期"},
            {{"XM-1", "项目一", "P1；NOPE", shifted(-3), ""}}),
      s);
  Inputs in;
  in.ledger = &l;
  in.parcels = &parcels;
  const Result r = analyse(in, s);
  ASSERT_EQ(r.projects.size(), 1u);
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.light, Light::red) << "the row is judged although one of its parcels is unknown";
  ASSERT_EQ(p.land.size(), 2u);
  EXPECT_EQ(p.land[0].role, "parcels");
  EXPECT_NEAR(p.land[0].area.ellipsoidal_m2, 10000, 10);
  EXPECT_EQ(p.land[1].role, "");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].where, "ledger.csv:2");
  EXPECT_NE(r.problems[0].text.find("NOPE"), std::string::npos);
}

TEST(LedgerRows, BadRowsAreReportedByLineAndTheRestProcessed) {
  const Settings s = settings_with();
  const Ledger l = read_ledger(
      table({"项目编号", "项目名称", "总投资(万元)", "开工计划日期"},
            {{"", "没有编号", "", ""},
             {"XM-1", "项目一", "一千", "明年"},
             {"XM-1", "重复", "", ""},
             {"XM-2", "项目二", "37,500", shifted(-1)}}),
      s);
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0].id, "XM-1");
  EXPECT_FALSE(l.entries[0].investment);
  EXPECT_EQ(l.entries[1].investment, 37500);
  std::vector<std::string> where;
  for (const Problem& p : l.problems) where.push_back(p.where);
  EXPECT_EQ(where, (std::vector<std::string>{"ledger.csv:2", "ledger.csv:3", "ledger.csv:3",
                                             "ledger.csv:4"}));
  Inputs in;
  in.ledger = &l;
  const Result r = analyse(in, s);
  EXPECT_EQ(r.projects[0].light, Light::green) << "an unreadable date is no date";
  EXPECT_EQ(r.projects[1].light, Light::red);
}

TEST(LedgerRows, HeadersAreDetectedOrNamedInTheProjectAndUnknownOnesCarriedThrough) {
  const Settings s = settings_with("[columns]\nid = \"代码\"\nstart_planned = \"进场时间\"\n");
  const Ledger l = read_ledger(
      table({"代码", "名称", "进场时间", "开工完成日期", "备注"},
            {{"XM-1", "项目一", shifted(-2), "", "县长督办"}}),
      s);
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].name, "项目一");
  Inputs in;
  in.ledger = &l;
  const Result r = analyse(in, s);
  EXPECT_EQ(r.projects[0].light, Light::red);
  const std::vector<output::Table> tables = to_tables(r);
  const output::Table& back = tables.front();
  ASSERT_EQ(back.columns.size(), 7u);
  EXPECT_EQ(back.columns[0].title, "预警");
  EXPECT_EQ(back.columns[6].title, "备注");
  EXPECT_EQ(to_text(back.rows[0][0]), "红灯");
  EXPECT_EQ(to_text(back.rows[0][6]), "县长督办");
  EXPECT_EQ(to_text(back.rows[0][4]), shifted(-2)) << "a CSV's text goes back as it was";
}

TEST(LedgerRows, AnXlsxDateCellGoesBackAsADate) {
  const Settings s = settings_with();
  io::RawTable t = table({"项目编号", "开工计划日期", "备注"}, {{"XM-1", "2026/06/15", "2026/06/15"}});
  t.encoding = "XLSX";
  const Ledger l = read_ledger(t, s);
  ASSERT_EQ(l.entries.size(), 1u);
  ASSERT_EQ(l.entries[0].nodes.size(), 1u);
  EXPECT_EQ(l.entries[0].nodes[0].planned->iso(), "2026-06-15");
  Inputs in;
  in.ledger = &l;
  const output::Table back = to_tables(analyse(in, s)).front();
  EXPECT_EQ(to_text(back.rows[0][3]), "2026-06-15");
  EXPECT_EQ(to_text(back.rows[0][4]), "2026-06-15");
}

TEST(LedgerRows, NoIdColumnOrAColumnNamedTwiceIsAnError) {
  const Settings s = settings_with();
  EXPECT_THROW(read_ledger(table({"项目名称"}, {{"x"}}), s), Error);
  EXPECT_THROW(read_ledger(table({"项目编号", "编号"}, {{"x", "y"}}), s), Error);
  EXPECT_THROW(read_ledger(table({"项目编号"}, {{"x"}}),
                           settings_with("[columns]\nname = \"名字\"\n")),
               Error);
}

// ------------------------------------------------------------------------- idle land

/// Parcel P1 supplied 2023-05-01 with start agreed `agreed_start`, not started; its ledger row.
Result idle_parcel(const std::string& agreed_start) {
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  add(parcels, box(0, 0, 100, 100),
      {{"id", "P1"}, {"supply_date", "2023-05-01"}, {"agreed_start", agreed_start},
       {"land_price", "1000"}});
  const supply::Result supplied = supply_of(parcels);
  const Settings s = settings_with();
  const Ledger l = read_ledger(table({"项目编号", "地块编号"}, {{"XM-1", "P1"}}), s);
  Inputs in;
  in.ledger = &l;
  in.parcels = &parcels;
  in.supply = &supplied;
  return analyse(in, s);
}

TEST(LedgerIdle, AParcelIdleOneYearIsRed) {
  const Result r = idle_parcel(add_years(day(kAsOf), -1).iso());
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.land[0].supply_state, "idle_1y");
  EXPECT_EQ(p.light, Light::red);
  const Warning* w = find_rule(p, "idle_1y");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->days_late, 365);
}

TEST(LedgerIdle, ADayShortOfTheYearIsOnlyTheYellowWarning) {
  const Result r = idle_parcel(shifted(-364));
  const ProjectStatus& p = r.projects[0];
  EXPECT_EQ(p.land[0].supply_state, "warning");
  EXPECT_EQ(p.light, Light::yellow);
  EXPECT_NE(find_rule(p, "idle_warning"), nullptr);
}

// ------------------------------------------------------------------------- control lines

TEST(LedgerControl, AParcelOnTheRedLineIsRedAndFarmlandIsCounted) {
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  add(parcels, box(0, 0, 100, 100), {{"id", "P1"}});
  add(parcels, box(200, 0, 100, 100), {{"id", "P2"}});
  add(parcels, box(400, 0, 100, 100), {{"id", "P3"}});
  ProjectLayers layers;
  layers.crs = parcels.crs;
  Layer redline = test::make_layer("redline", {"id", "name"});
  add(redline, box(50, 0, 100, 100), {{"id", "R1"}});
  Layer farmland = test::make_layer("farmland", {"id", "land_class"});
  add(farmland, box(200, 0, 50, 100), {{"id", "F1"}, {"land_class", "0103"}});
  add(farmland, box(250, 0, 20, 100), {{"id", "F2"}, {"land_class", "0201"}});
  layers.layers.emplace("parcels", std::move(parcels));
  layers.layers.emplace("redline", std::move(redline));
  layers.layers.emplace("farmland", std::move(farmland));
  const Layer& p = *layers.find("parcels");

  Project project;
  project.analysis.as_of = kAsOf;
  const Settings s = load_settings(project);
  const Ledger l = read_ledger(
      table({"项目编号", "项目类别", "项目级别", "地块编号", "用地预审完成日期"},
            {{"XM-1", "工业", "市级", "P1", "2026-01-01"},
             {"XM-2", "能源", "省级", "P2", "2026-01-01"},
             {"XM-3", "工业", "", "P3", "2026-01-01"}}),
      s);
  const Layer land = land_layer(l, &p, nullptr);
  ASSERT_EQ(land.features.size(), 3u);
  const check::Result checked = check_land(project, layers, land);
  Inputs in;
  in.ledger = &l;
  in.parcels = &p;
  in.check = &checked;
  const Result r = analyse(in, s);
  ASSERT_EQ(r.projects.size(), 3u);
  EXPECT_EQ(r.projects[0].land[0].check_severity, "blocking");
  EXPECT_EQ(r.projects[0].light, Light::red);
  const Warning* blocking = find_rule(r.projects[0], "control_blocking");
  ASSERT_NE(blocking, nullptr);
  EXPECT_NE(blocking->text.find("生态保护红线"), std::string::npos) << blocking->text;
  EXPECT_EQ(blocking->text.find("不占用"), std::string::npos) << "only the lines in conflict: " << blocking->text;

  // A provincial major energy project may occupy farmland with the State Council's approval
  // (rules/check.toml farmland-category-major; by category alone it may not): yellow, and
  // 要素保障 lists what is occupied.
  const ProjectStatus& p2 = r.projects[1];
  EXPECT_EQ(p2.light, Light::yellow);
  EXPECT_NE(find_rule(p2, "control_approval"), nullptr);
  ASSERT_TRUE(p2.elements.farmland);
  EXPECT_NEAR(p2.elements.farmland->ellipsoidal_m2, 7000, 5);
  ASSERT_TRUE(p2.elements.farmland_cultivated);
  EXPECT_NEAR(p2.elements.farmland_cultivated->ellipsoidal_m2, 5000, 5);

  EXPECT_EQ(r.projects[2].light, Light::green);
  EXPECT_EQ(r.projects[2].land[0].check_severity, "ok");
}

// ------------------------------------------------------------------------- 承诺制

/// Project XM-1 on parcel P1 (1 ha = 15 亩, supplied on `contract`) committing investment
/// intensity `committed` (ledger column) and measured at `measured` ("" = not measured).
Result commitment(const std::string& contract, const std::string& committed,
                  const std::string& measured) {
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  add(parcels, box(0, 0, 100, 100), {{"id", "P1"}, {"supply_date", contract}});
  const Settings s = settings_with();
  const Ledger l = read_ledger(
      table({"项目编号", "地块编号", "承诺投资强度(万元/亩)", "实测投资强度(万元/亩)"},
            {{"XM-1", "P1", committed, measured}}),
      s);
  const supply::Result supplied = supply_of(parcels);
  Inputs in;
  in.ledger = &l;
  in.parcels = &parcels;
  in.supply = &supplied;
  return analyse(in, s);
}

const Commitment* find_commitment(const ProjectStatus& p, const std::string& indicator) {
  for (const Commitment& c : p.commitments)
    if (c.indicator == indicator) return &c;
  return nullptr;
}

TEST(LedgerCommitments, AFailedCommitmentAtItsReviewIsRed) {
  // 竣工复核 three years after the contract: due on the as-of date exactly.
  const Result r = commitment(add_years(day(kAsOf), -3).iso(), "300", "299.5");
  const ProjectStatus& p = r.projects[0];
  const Commitment* c = find_commitment(p, "investment");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->due->iso(), kAsOf);
  ASSERT_TRUE(c->pass);
  EXPECT_FALSE(*c->pass);
  EXPECT_EQ(p.light, Light::red);
  const Warning* w = find_rule(p, "commitment_failed");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->node, "completion_review");
}

TEST(LedgerCommitments, ReachingTheCommitmentPasses) {
  const Result r = commitment(add_years(day(kAsOf), -3).iso(), "300", "300");
  const Commitment* c = find_commitment(r.projects[0], "investment");
  ASSERT_TRUE(c && c->pass);
  EXPECT_TRUE(*c->pass);
  EXPECT_EQ(r.projects[0].light, Light::green);
}

TEST(LedgerCommitments, NotYetDueIsNotJudged) {
  const Result r = commitment(add_days(add_years(day(kAsOf), -3), 1).iso(), "300", "10");
  const Commitment* c = find_commitment(r.projects[0], "investment");
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->pass);
  EXPECT_EQ(r.projects[0].light, Light::green);
}

TEST(LedgerCommitments, DueWithoutAMeasuredValueIsYellow) {
  const Result r = commitment("2020-01-01", "300", "");
  EXPECT_EQ(r.projects[0].light, Light::yellow);
  EXPECT_NE(find_rule(r.projects[0], "commitment_unmeasured"), nullptr);
}

TEST(LedgerCommitments, ThePublishedIndicatorBindsAndTheParcelIsMeasured) {
  Layer parcels = test::make_layer("parcels", test::kParcelFields);
  // 15 亩 (ellipsoidal, near enough on the central meridian), 3000 万元 → 200 万元/亩 < 260.
  add(parcels, box(0, 0, 100, 100),
      {{"id", "P1"}, {"supply_date", "2020-01-01"}, {"std_investment", "260"}});
  parcels.fields.push_back({"investment", FieldType::String});
  parcels.mapping["investment"] = "investment";
  parcels.features[0].values.push_back(Value("3000"));
  const Settings s = settings_with();
  const Ledger l = read_ledger(table({"项目编号", "地块编号"}, {{"XM-1", "P1"}}), s);
  const supply::Result supplied = supply_of(parcels);
  Inputs in;
  in.ledger = &l;
  in.parcels = &parcels;
  in.supply = &supplied;
  const Result r = analyse(in, s);
  const Commitment* c = find_commitment(r.projects[0], "investment");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->committed, 260);
  EXPECT_EQ(c->committed_from, "地块公布指标 P1");
  ASSERT_TRUE(c->measured);
  EXPECT_NEAR(*c->measured, 200, 0.1);
  EXPECT_EQ(r.projects[0].light, Light::red);
}

TEST(LedgerLight, TheLightIsTheWorstWarningAndRedComesFirst) {
  const Settings s = settings_with();
  const Ledger l = read_ledger(
      table({"项目编号", "用地预审计划日期", "用地预审完成日期", "开工计划日期"},
            {{"XM-1", "2026-01-01", "2026-01-09", shifted(-1)}}),
      s);
  Inputs in;
  in.ledger = &l;
  const Result r = analyse(in, s);
  const ProjectStatus& p = r.projects[0];
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].rule, "node_overdue");
  EXPECT_EQ(p.warnings[1].rule, "node_done_late");
  EXPECT_EQ(p.light, Light::red);
  EXPECT_EQ(p.department, "未填责任单位");
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(j["projects"][0]["light"], "red");
  EXPECT_EQ(j["projects"][0]["warnings"][0]["days_late"], 1);
  EXPECT_EQ(j["projects"][0]["warnings"][1]["due"], "2026-01-01");
}

}  // namespace
}  // namespace tudi::ledger
