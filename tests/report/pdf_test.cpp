// The report as a bureau receives it: report.pdf (pages, Chinese section titles as text, the
// CJK font embedded), a figure page compared with a reference image, report.xlsx and
// manifest.json; and the command line's exit codes.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include <QDateTime>
#include <QImage>
#include <QString>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "render/scene.hpp"
#include "report/fixture.hpp"
#include "tudi/render/style.hpp"
#include "tudi/report/document.hpp"
#include "tudi/report/manifest.hpp"

namespace tudi::report {
namespace {

namespace fs = std::filesystem;
using test::command_output;
using test::demo_report;

int pdf_pages(const fs::path& pdf) {
  std::smatch m;
  const std::string info = command_output("pdfinfo '" + pdf.string() + "'");
  return std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")) ? std::stoi(m[1]) : -1;
}

/// pdftotext's UTF-8 text of a PDF.
std::string pdf_text(const fs::path& pdf) {
  return command_output("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
}

TEST(ReportPdf, HasItsPagesAndChineseSectionTitles) {
  const auto& r = demo_report();
  const fs::path pdf = r.dir / "report.pdf";
  ASSERT_TRUE(fs::exists(pdf));
  EXPECT_EQ(pdf_pages(pdf), r.outcome.pages);
  EXPECT_GE(r.outcome.pages, 8);  // title, four sections with maps and tables, provenance
  // The text layer as it is, without folding: a reader searches it and pastes from it.
  const std::string text = pdf_text(pdf);
  for (const char* title : {"一、三线核查", "二、土地供应", "三、项目匹配", "四、开发区评价",
                            "附：运行记录", "工作坐标系", "图例", "永久基本农田", "亩"})
    EXPECT_NE(text.find(title), std::string::npos) << title;
  // Text is embedded in a CJK TrueType font (tofu would come from a fallback without Chinese
  // glyphs; the CFF Noto CJK collection gives a broken text layer).
  const std::string fonts = command_output("pdffonts '" + pdf.string() + "'");
  EXPECT_NE(fonts.find("WenQuanYiZenHei"), std::string::npos) << fonts;
}

TEST(ReportPdf, TextLayerHasEveryProjectIdTheCrsAndNoKangxiRadicals) {
  const auto& r = demo_report();
  const std::string text = pdf_text(r.dir / "report.pdf");
  EXPECT_NE(text.find("EPSG:4526"), std::string::npos);
  int ids = 0;
  for (const auto& e : fs::directory_iterator(test::kDemoDir / "proposals_txt")) {
    const std::string id = e.path().stem().string();  // XM2026-001 … and PC2026-03
    if (id.rfind("XM", 0) != 0) continue;
    ++ids;
    EXPECT_NE(text.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(ids, 17);
  // Kangxi radicals (U+2F00–U+2FDF) come from a glyph shared with a common character.
  const QString q = QString::fromStdString(text);
  int radicals = 0;
  for (const QChar c : q)
    if (c.unicode() >= 0x2F00 && c.unicode() <= 0x2FDF) ++radicals;
  EXPECT_EQ(radicals, 0);
}

TEST(ReportPdf, AProposalThatCannotBeCheckedShowsItsReasonInEveryTable) {
  const auto& r = demo_report();
  const check::ProposalResult* bad = nullptr;
  for (const auto& p : r.analyses->check->proposals)
    if (!p.checked) bad = &p;
  ASSERT_NE(bad, nullptr);  // XM2026-007, the bow-tie
  EXPECT_EQ(bad->id, "XM2026-007");
  // Cells wrap over lines: compare without white space. 表1 (结论等级) and 表2 (结论).
  auto squeeze = [](std::string t) {
    std::erase_if(t, [](char c) { return c == ' ' || c == '\n' || c == '\f'; });
    return t;
  };
  const std::string text = squeeze(pdf_text(r.dir / "report.pdf"));
  const std::string reason = squeeze("未核查：" + bad->reason);
  EXPECT_NE(reason.find("自相交"), std::string::npos) << reason;  // in Chinese, not GEOS's words
  int rows = 0;
  for (std::size_t at = text.find(reason); at != std::string::npos; at = text.find(reason, at + 1)) ++rows;
  EXPECT_EQ(rows, 2) << reason;
  EXPECT_EQ(text.find("Self-intersection"), std::string::npos);
}

TEST(ReportPdf, EachConclusionHasOneSpelling) {
  // The legend, the tables, the summary and the console all take check::label.
  const render::Style st = render::style_for("check_proposals");
  for (const render::Category& c : st.categories) {
    bool found = false;
    for (check::Severity s : {check::Severity::Ok, check::Severity::Justify,
                              check::Severity::Approval, check::Severity::Blocking})
      if (c.value == check::to_string(s)) {
        EXPECT_EQ(c.label, check::label(s)) << c.value;
        found = true;
      }
    EXPECT_TRUE(found) << c.value;
  }
  const std::string text = pdf_text(demo_report().dir / "report.pdf");
  EXPECT_EQ(text.find("需报国务院批准"), std::string::npos);
  EXPECT_NE(text.find(check::label(check::Severity::Approval)), std::string::npos);
}

TEST(ReportPdf, NoEnglishInTheRunRecordOrTablesAndLocalTimeWithOffset) {
  const std::string text = pdf_text(demo_report().dir / "report.pdf");
  for (const char* english : {"the format stores", "from .cpg", "text is", "std_investment", "std_tax"})
    EXPECT_EQ(text.find(english), std::string::npos) << english;
  EXPECT_NE(text.find("投资强度标准"), std::string::npos);  // 表4's missing indicators, by name
  EXPECT_NE(text.find("据 .cpg 文件"), std::string::npos);
  // The machine's zone, or China Standard Time where the machine keeps UTC.
  const QDateTime now = QDateTime::currentDateTime();
  const bool utc_machine = !std::getenv("TZ") && now.offsetFromUtc() == 0;
  const std::string start = iso_time(std::chrono::system_clock::now());
  EXPECT_TRUE(std::regex_search(start, std::regex("T\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d$"))) << start;
  if (utc_machine) {
    EXPECT_TRUE(start.ends_with("+08:00")) << start;
  }
  EXPECT_NE(text.find(start.substr(start.size() - 6)), std::string::npos);  // the offset printed
}

TEST(ReportPdf, PrintsTheEllipsoidalMuAndSaysSo) {
  const auto& r = demo_report();
  const std::string text = pdf_text(r.dir / "report.pdf");
  EXPECT_NE(text.find("表中亩数为椭球面积（官方面积）"), std::string::npos);
  // XM2026-001's area in 表1 is its ellipsoidal 亩 (108.0000 planar: a round figure the
  // synthetic county drew, which other tables may also print).
  for (const auto& p : r.analyses->check->proposals) {
    if (p.id != "XM2026-001") continue;
    const std::string ell = fmt::format("{:.4f}", p.area.ellipsoidal_mu());
    const std::string planar = fmt::format("{:.4f}", p.area.planar_mu());
    ASSERT_NE(ell, planar);
    EXPECT_NE(text.find(ell), std::string::npos) << ell;
  }
}

TEST(ReportPdf, WorkbookHasChineseSheetsWithFrozenHeaders) {
  const fs::path xlsx = demo_report().dir / "report.xlsx";
  ASSERT_TRUE(fs::exists(xlsx));
  const std::string workbook = command_output("unzip -p '" + xlsx.string() + "' xl/workbook.xml");
  for (const char* sheet :
       {"核查·核查结果", "供地·汇总", "匹配·分配结果", "开发区·开发区评价", "Shapefile字段对照"})
    EXPECT_NE(workbook.find(sheet), std::string::npos) << sheet;
  const std::string sheet1 =
      command_output("unzip -p '" + xlsx.string() + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("state=\"frozen\""), std::string::npos);
  // Numbers as numbers: a value cell without t="s" (shared string).
  EXPECT_TRUE(std::regex_search(sheet1, std::regex("<c r=\"[A-Z]+[0-9]+\"( s=\"[0-9]+\")?><v>")));
}

TEST(ReportManifest, RecordsInputsWithHashesAndTheRun) {
  // `tudi report` (the fixture) stages its outputs in a set committed after the manifest is
  // closed: they are listed and hashed all the same (before, the CLI's manifest listed none).
  const auto& r = demo_report();
  std::ifstream f(r.dir / "manifest.json");
  const nlohmann::json m = nlohmann::json::parse(f);
  const std::string toml = (test::kDemoDir / "tudi.toml").string();
  bool found = false;
  for (const auto& in : m["inputs"]) {
    EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u) << in;
    if (in["path"] == toml) {
      found = true;
      const std::string sum = command_output("sha256sum '" + toml + "'");
      EXPECT_EQ(sum.substr(0, 64), in["sha256"].get<std::string>());
      EXPECT_EQ(in["size"].get<std::uintmax_t>(), fs::file_size(toml));
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(m["layers"]["farmland"]["encoding"], "GB18030");  // GBK without .cpg: detected
  EXPECT_EQ(m["layers"]["farmland"]["field_mapping"]["id"], "JBNTTBBH");
  EXPECT_EQ(m["working_crs"].get<std::string>().find("4526") != std::string::npos, true);
  EXPECT_TRUE(m["rule_packs"].contains("check"));
  EXPECT_TRUE(m["versions"].contains("GDAL"));
  EXPECT_LE(m["start"].get<std::string>(), m["end"].get<std::string>());
  EXPECT_GE(m["seconds"].get<double>(), 0.0);
  std::set<std::string> outputs;
  for (const auto& o : m["outputs"]) {
    const fs::path path = o["path"].get<std::string>();
    outputs.insert(path.filename().string());
    if (path.filename() == "report.pdf") {  // hashed once the PDF was complete
      EXPECT_EQ(command_output("sha256sum '" + path.string() + "'").substr(0, 64), o["sha256"]);
    }
  }
  EXPECT_TRUE(outputs.count("report.pdf"));
  EXPECT_TRUE(outputs.count("results.gpkg"));
}

TEST(ReportManifest, TheRunRecordSaysWhichFieldsWereMissingAndWhichGuessed) {
  // Each layer's field report is in manifest.json and, in Chinese alone, on the run record.
  std::ifstream f(demo_report().dir / "manifest.json");
  nlohmann::json m = nlohmann::json::parse(f);
  const auto& parcels = m.at("layers").at("parcels").at("fields");
  EXPECT_EQ(parcels.at("guessed").value("DKBH", ""), "id") << parcels.dump();
  EXPECT_TRUE(parcels.at("missing").is_array());
  // A farmland layer whose class is in 地类编码 and that has no TBDLMJ.
  m["layers"]["farmland"]["fields"] = {{"missing", {"class_area"}},
                                       {"guessed", {{"地类编码", "land_class"}}}};
  std::string said;
  for (const auto& row : provenance_table(m).rows)
    if (to_text(row.at(0)) == "字段 farmland") said = to_text(row.at(1));
  EXPECT_EQ(said,
            "永久基本农田图层缺少字段 图斑地类面积，相应取值按空值处理；按字段名识别：地类编码 → "
            "地类编码");
  // The PDF's run record has the demo's own rows (DKBH taken for the parcels' id at least).
  const std::string text = pdf_text(demo_report().dir / "report.pdf");
  EXPECT_NE(text.find("字段 parcels"), std::string::npos);
}

TEST(ReportLedger, TheDemoLedgerHasItsSectionSheetsAndLayer) {
  const auto& r = demo_report();
  ASSERT_TRUE(r.analyses->ledger) << "the demo project names ledger.xlsx in [ledger]";
  const std::string text = pdf_text(r.dir / "report.pdf");
  for (const char* s : {"五、项目台账", "项目台账预警图", "红灯预警（按责任单位）",
                        "黄灯预警（按责任单位）", "要素保障：尚缺事项", "ZD2026-13", "县商务局"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  const std::string workbook =
      command_output("unzip -p '" + (r.dir / "report.xlsx").string() + "' xl/workbook.xml");
  for (const char* sheet : {"台账·项目台账", "台账·预警清单", "台账·要素保障"})
    EXPECT_NE(workbook.find(sheet), std::string::npos) << sheet;
  bool layer = false;
  for (const report::ResultLayer& l : r.layers)
    if (l.layer.name == "ledger_projects") layer = !l.layer.features.empty();
  EXPECT_TRUE(layer);
  EXPECT_TRUE(fs::exists(r.dir / "shp" / "ledger_projects.shp"));
  std::ifstream f(r.dir / "manifest.json");
  const nlohmann::json m = nlohmann::json::parse(f);
  EXPECT_TRUE(m["rule_packs"].contains("ledger"));
  bool input = false;
  for (const auto& in : m["inputs"])
    input = input || in["path"].get<std::string>().find("ledger.xlsx") != std::string::npos;
  EXPECT_TRUE(input) << "the ledger is an input of the run record";
}

/// A one-figure document on a hand-built county corner, styled from styles/.
Document figure_document() {
  using test::add_polygon;
  using test::make_layer;
  using test::rect_ring;
  constexpr double X0 = 38500000, Y0 = 3860000;
  static auto farmland = make_layer("YJJBNTTB", "farmland", {"JBNTTBBH", "DLBM"},
                                    {{"id", "JBNTTBBH"}, {"land_class", "DLBM"}});
  static auto redline = make_layer("STBHHX", "redline", {"HXMC"}, {{"name", "HXMC"}});
  static auto urban = make_layer("CZKFBJ", "urban", {"MC"}, {{"name", "MC"}});
  static auto proposals =
      make_layer("check_proposals", "", {"PROP_ID", "SEVERITY"}, {{"id", "PROP_ID"}});
  if (farmland->features.empty()) {
    const char* classes[] = {"0101", "0102", "0103"};
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 3; ++j)
        add_polygon(*farmland,
                    {rect_ring(X0 + i * 160, Y0 + j * 110, X0 + i * 160 + 150, Y0 + j * 110 + 100)},
                    {"JB" + std::to_string(i * 3 + j + 1), classes[(i + j) % 3]});
    add_polygon(*redline, {rect_ring(X0 + 700, Y0 - 50, X0 + 1000, Y0 + 300)}, {"淇河湿地红线"});
    add_polygon(*urban, {rect_ring(X0 - 20, Y0 + 360, X0 + 980, Y0 + 700)}, {"城关镇"});
    add_polygon(*proposals, {rect_ring(X0 + 420, Y0 + 200, X0 + 820, Y0 + 480)},
                {"XM-1", "blocking"});
  }
  Figure fig;
  fig.caption = "三线核查详图（测试）";
  fig.map.crs = crs::Crs::from_epsg(4526);
  fig.map.extent = {X0 - 60, Y0 - 80, X0 + 1060, Y0 + 740};
  auto add = [&](const std::string& id, const std::shared_ptr<Layer>& l, const std::string& style) {
    fig.map.layers.push_back(render::MapLayer::make(
        id, std::make_shared<const render::LayerData>(l), render::style_for(style)));
  };
  add("farmland", farmland, "farmland");
  add("urban", urban, "urban");
  add("redline", redline, "redline");
  add("check_proposals", proposals, "check_proposals");
  fig.map.layers.back().selected =
      std::make_shared<const std::vector<std::size_t>>(std::vector<std::size_t>{0});
  Document d;
  d.title = "测试报告";
  d.date = "2026年11月22日";
  Section s{"三线核查", {}};
  s.blocks.push_back(Text{"图面应含图例、比例尺、指北针与坐标格网注记。"});
  s.blocks.push_back(std::move(fig));
  d.sections.push_back(std::move(s));
  d.provenance.columns = {{"项目", "", 0}, {"内容", "", 0}};
  return d;
}

TEST(ReportPdf, FigurePageMatchesReference) {
  // The page is rasterised by poppler as a reader would see it. Refresh the reference with
  // TUDI_UPDATE_REFERENCES=1 (tests/data/render/report_figure.png), then look at it.
  const fs::path dir = test::fresh_scratch_dir("tudi-report-figure");
  const int pages = write_pdf(figure_document(), dir / "figure.pdf", false);
  EXPECT_EQ(pages, 3);
  command_output("pdftoppm -png -r 50 -f 2 -l 2 -singlefile '" + (dir / "figure.pdf").string() +
                 "' '" + (dir / "page").string() + "'");
  const QImage page(QString::fromStdString((dir / "page.png").string()));
  ASSERT_FALSE(page.isNull());
  test::expect_matches_reference(page, "report_figure", 0.01);
}

int exit_code(const std::string& args) {
  const int status =
      std::system((test::kTudi.string() + " " + args + " >/dev/null 2>&1 </dev/null").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ReportCli, UsageAndBadInput) {
  const std::string demo = (test::kDemoDir / "tudi.toml").string();
  EXPECT_EQ(exit_code("report -c " + demo), 2);  // no -o
  EXPECT_EQ(exit_code("report -c " + demo + " -o /tmp/x --encoding BIG5"), 2);
  const fs::path dir = test::fresh_scratch_dir("tudi-report-bad");
  std::ofstream(dir / "tudi.toml") << "[layers.parcels]\nsource = \"missing.shp\"\n";
  const std::string err =
      command_output(test::kTudi.string() + " report -c " + (dir / "tudi.toml").string() + " -o " +
                     (dir / "out").string() + " 2>&1 >/dev/null");
  EXPECT_NE(err.find("missing.shp"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(
      exit_code("report -c " + (dir / "tudi.toml").string() + " -o " + (dir / "out").string()), 1);
}

}  // namespace
}  // namespace tudi::report
