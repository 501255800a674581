// The result layers as the next office opens them: every Shapefile and the GeoPackage reopened
// with GDAL, each Chinese attribute compared with what was written (UTF-8 and GBK); the QGIS
// styles (.qml beside each Shapefile, layer_styles in the GeoPackage) parse and name the fields.

#include <QString>
#include <QXmlStreamReader>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "report/fixture.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/result_fields.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/output/table.hpp"
#include "tudi/io/reader.hpp"

namespace tudi::report {
namespace {

namespace fs = std::filesystem;
using test::demo_report;

struct Closer {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};
using Dataset = std::unique_ptr<GDALDataset, Closer>;

Dataset open(const fs::path& p, const char* encoding = nullptr) {
  io::gdal_init();
  CPLStringList oo;
  if (encoding) oo.SetNameValue("ENCODING", encoding);
  return Dataset(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR, nullptr, oo.List(), nullptr));
}

using test::slurp;

bool has_geometry(const Layer& l) {
  for (const Feature& f : l.features)
    if (f.geometry) return true;
  return false;
}

/// Compares every text attribute of `layer` with the features of `ogr`, in order; returns how
/// many values contained Chinese (so a test cannot pass on ASCII alone).
int expect_same_text(const Layer& layer, OGRLayer& ogr, const std::string& what,
                      const std::string& dbf_encoding = {}) {
  EXPECT_EQ(ogr.GetFeatureCount(), static_cast<GIntBig>(layer.features.size())) << what;
  ogr.ResetReading();
  int chinese = 0;
  for (const Feature& f : layer.features) {
    OGRFeatureUniquePtr o(ogr.GetNextFeature());
    if (!o) break;
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
      if (layer.fields[i].type != FieldType::String) continue;
      const std::string want = to_text(f.values[i]);
      const std::string got = o->GetFieldAsString(static_cast<int>(i));
      if (dbf_encoding.empty() || io::recode(want, "UTF-8", dbf_encoding).size() <= 254) {
        EXPECT_EQ(got, want) << what << " feature " << f.fid << " field " << layer.fields[i].name;
      } else {
        // A DBF text holds 254 bytes: longer texts are cut at a character boundary (the
        // GeoPackage and the workbook carry them whole).
        EXPECT_EQ(want.compare(0, got.size(), got), 0) << what << " feature " << f.fid;
        EXPECT_GE(io::recode(got, "UTF-8", dbf_encoding).size(), 250u) << what << " feature " << f.fid;
      }
      for (unsigned char c : want)
        if (c >= 0xE0) {
          ++chinese;
          break;
        }
    }
  }
  return chinese;
}

void expect_shapefiles_round_trip(const fs::path& dir, const std::string& encoding,
                                  const std::string& cpg) {
  const auto& r = demo_report();
  int chinese = 0, files = 0;
  for (const ResultLayer& l : r.layers) {
    if (!has_geometry(l.layer)) continue;
    const fs::path shp = dir / "shp" / (l.layer.name + ".shp");
    ASSERT_TRUE(fs::exists(shp)) << shp;
    EXPECT_TRUE(fs::exists(fs::path(shp).replace_extension(".prj"))) << shp;
    EXPECT_EQ(slurp(fs::path(shp).replace_extension(".cpg")).substr(0, cpg.size()), cpg) << shp;
    // GDAL decodes by the .cpg, as ArcGIS and QGIS do.
    Dataset ds = open(shp);
    ASSERT_TRUE(ds) << shp;
    chinese += expect_same_text(l.layer, *ds->GetLayer(0), shp.string(), encoding);
    ++files;

    // Field names as stored: at most 10 bytes in the file's encoding, no two alike.
    Dataset raw = open(shp, "");
    ASSERT_TRUE(raw);
    OGRFeatureDefn* defn = raw->GetLayer(0)->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(l.layer.fields.size())) << shp;
    std::set<std::string> names;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      const std::string name = defn->GetFieldDefn(i)->GetNameRef();
      EXPECT_LE(name.size(), 10u) << shp << " " << name;
      EXPECT_TRUE(names.insert(io::to_utf8(name, encoding)).second) << shp << " repeats " << name;
    }
  }
  EXPECT_GE(files, 8);
  EXPECT_GT(chinese, 50) << "too few Chinese values to prove the encoding";
}

TEST(ReportLayers, ShapefilesKeepChineseInUtf8) {
  expect_shapefiles_round_trip(demo_report().dir, "UTF-8", "UTF-8");
}

TEST(ReportLayers, ShapefilesKeepChineseInGbk) {
  expect_shapefiles_round_trip(demo_report().gbk_dir, "CP936", "936");
}

TEST(ReportLayers, GbkShapefileBytesAreGbk) {
  // A GBK reader without .cpg support (ArcMap 10 on Chinese Windows) sees the bytes: the Chinese
  // values must be GBK, not UTF-8.
  const auto& r = demo_report();
  const std::string dbf = slurp(r.gbk_dir / "shp" / "check_proposals.dbf");
  std::string utf8;  // a proposal's name (PROP_NAME)
  for (const ResultLayer& l : r.layers)
    if (l.layer.name == "check_proposals") utf8 = to_text(l.layer.features.front().values[1]);
  ASSERT_FALSE(utf8.empty());
  EXPECT_EQ(dbf.find(utf8), std::string::npos);
  EXPECT_NE(dbf.find(io::recode(utf8, "UTF-8", "CP936")), std::string::npos);
}

TEST(ReportLayers, BoundaryTxtIsGbkByDefault) {
  // Under ctest the GBK run is `tudi report` with no --encoding (demo_fixture.sh): the TXT the
  // land system takes back and the Shapefiles come out in GBK unless asked otherwise.
  const auto& r = demo_report();
  const std::string bytes = slurp(r.gbk_dir / "界址点" / "XM2026-001.txt");
  // 数据产生单位 in GBK: 数 = CA FD, 据 = BE DD.
  EXPECT_NE(bytes.find("\xCA\xFD\xBE\xDD"), std::string::npos);
  EXPECT_EQ(bytes.find("数据"), std::string::npos);  // not UTF-8
  EXPECT_EQ(slurp(r.gbk_dir / "shp" / "check_proposals.cpg").substr(0, 3), "936");
}

TEST(ReportLayers, GeoPackageKeepsChineseInBothRuns) {
  for (const fs::path& dir : {demo_report().dir, demo_report().gbk_dir}) {
    Dataset ds = open(dir / "results.gpkg");
    ASSERT_TRUE(ds) << dir;
    int chinese = 0;
    for (const ResultLayer& l : demo_report().layers) {
      OGRLayer* o = ds->GetLayerByName(l.layer.name.c_str());
      ASSERT_NE(o, nullptr) << l.layer.name;
      chinese += expect_same_text(l.layer, *o, dir.string() + " " + l.layer.name);
    }
    EXPECT_GT(chinese, 50);
  }
}

/// The renderer attribute, label field and aliases a .qml names.
struct QmlFields {
  std::set<std::string> named;    // attr=, fieldName=, and fields of LIKE filters
  std::set<std::string> aliases;  // <alias field=...>
  std::map<std::string, std::string> alias_names;  // field → its alias (<alias name=...>)
  bool ok = false;
};

QmlFields parse_qml(const std::string& text) {
  QmlFields q;
  QXmlStreamReader x(QString::fromStdString(text));
  bool root = false;
  while (!x.atEnd()) {
    if (x.readNext() != QXmlStreamReader::StartElement) continue;
    if (x.name() == QStringLiteral("qgis")) root = true;
    const auto a = x.attributes();
    if (x.name() == QStringLiteral("renderer-v2") && a.hasAttribute("attr"))
      q.named.insert(a.value("attr").toString().toStdString());
    if (x.name() == QStringLiteral("text-style")) q.named.insert(a.value("fieldName").toString().toStdString());
    if (x.name() == QStringLiteral("rule") && a.value("filter") != QStringLiteral("ELSE")) {
      const QString f = a.value("filter").toString();
      q.named.insert(f.section('"', 1, 1).toStdString());
    }
    if (x.name() == QStringLiteral("alias")) {
      q.aliases.insert(a.value("field").toString().toStdString());
      q.alias_names[a.value("field").toString().toStdString()] = a.value("name").toString().toStdString();
    }
  }
  q.ok = root && !x.hasError();
  return q;
}

/// The files of `dir` with extension `ext` (".qml"), sorted.
std::vector<fs::path> files_with(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ReportStyles, QmlFilesParseAndNameTheShapefileFields) {
  for (const fs::path& dir : {demo_report().dir, demo_report().gbk_dir}) {
    const std::vector<fs::path> qmls = files_with(dir / "shp", ".qml");
    for (const fs::path& qml : qmls) {
      const QmlFields q = parse_qml(slurp(qml));
      ASSERT_TRUE(q.ok) << qml;
      Dataset ds = open(fs::path(qml).replace_extension(".shp"));
      ASSERT_TRUE(ds) << qml;
      std::set<std::string> fields;
      OGRFeatureDefn* defn = ds->GetLayer(0)->GetLayerDefn();
      for (int i = 0; i < defn->GetFieldCount(); ++i) fields.insert(defn->GetFieldDefn(i)->GetNameRef());
      EXPECT_EQ(q.aliases, fields) << qml;
      for (const std::string& f : q.named) EXPECT_TRUE(fields.count(f)) << qml << " names " << f;
    }
    EXPECT_GE(qmls.size(), 8u) << dir;
  }
}

/// The field names of a .dbf as stored: the 11-byte name slots of its header (the bytes of the
/// file's encoding).
std::vector<std::string> dbf_field_names(const fs::path& dbf) {
  const std::string d = slurp(dbf);
  std::vector<std::string> names;
  if (d.size() < 32) return names;
  const std::size_t header = static_cast<unsigned char>(d[8]) | (static_cast<unsigned char>(d[9]) << 8);
  for (std::size_t at = 32; at + 32 <= header && d[at] != '\x0d'; at += 32)
    names.push_back(std::string(d.c_str() + at, strnlen(d.c_str() + at, 11)));
  return names;
}

bool has_chinese(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

/// <attrlabl> → <attalias> of an ArcGIS .shp.xml; `ok` when it parses.
std::map<std::string, std::string> shp_xml_aliases(const std::string& text, bool& ok) {
  std::map<std::string, std::string> out;
  QXmlStreamReader x(QString::fromStdString(text));
  std::string label;
  bool root = false;
  while (!x.atEnd()) {
    if (x.readNext() != QXmlStreamReader::StartElement) continue;
    if (x.name() == QStringLiteral("metadata")) root = true;
    if (x.name() == QStringLiteral("attrlabl")) label = x.readElementText().toStdString();
    if (x.name() == QStringLiteral("attalias")) out[label] = x.readElementText().toStdString();
  }
  ok = root && !x.hasError();
  return out;
}

TEST(ReportShapefiles, FieldsAreTheBureausAbbreviationsWithChineseAliases) {
  for (const fs::path& dir : {demo_report().dir, demo_report().gbk_dir}) {
    const std::vector<fs::path> dbfs = files_with(dir / "shp", ".dbf");
    for (const fs::path& dbf : dbfs) {
      const std::string what = dbf.string();
      const std::vector<std::string> names = dbf_field_names(dbf);
      ASSERT_FALSE(names.empty()) << what;
      // ≤ 10 bytes, unique, none cut into a numbered prefix (industri_1 … industri_5).
      EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << what;
      for (const std::string& n : names) {
        EXPECT_LE(n.size(), 10u) << what << " " << n;
        const std::size_t u = n.rfind('_');
        EXPECT_FALSE(u != std::string::npos && u + 1 < n.size() &&
                     n.find_first_not_of("0123456789", u + 1) == std::string::npos)
            << what << " " << n;
      }
      // The .qml gives each field a Chinese alias.
      const QmlFields q = parse_qml(slurp(fs::path(dbf).replace_extension(".qml")));
      ASSERT_TRUE(q.ok) << what;
      for (const std::string& n : names) {
        ASSERT_TRUE(q.alias_names.count(n)) << what << " " << n;
        EXPECT_TRUE(has_chinese(q.alias_names.at(n))) << what << " " << n << " " << q.alias_names.at(n);
      }
      // ArcGIS's metadata beside the .shp names the same fields with the same aliases.
      const fs::path xml = fs::path(dbf).replace_extension(".shp.xml");
      ASSERT_TRUE(fs::exists(xml)) << xml;
      bool ok = false;
      const std::map<std::string, std::string> attrs = shp_xml_aliases(slurp(xml), ok);
      EXPECT_TRUE(ok) << xml;
      EXPECT_EQ(attrs.size(), names.size()) << xml;
      for (const std::string& n : names) {
        ASSERT_TRUE(attrs.count(n)) << xml << " " << n;
        EXPECT_EQ(attrs.at(n), q.alias_names.at(n)) << xml << " " << n;
      }
    }
    EXPECT_GE(dbfs.size(), 8u) << dir;
  }
  // A few of the bureau's abbreviations, where they belong.
  const auto proposals = dbf_field_names(demo_report().dir / "shp" / "check_proposals.dbf");
  EXPECT_NE(std::find(proposals.begin(), proposals.end(), "XMBH"), proposals.end());
  EXPECT_NE(std::find(proposals.begin(), proposals.end(), "ZDMJ"), proposals.end());
  const auto ready = dbf_field_names(demo_report().dir / "shp" / "ready_parcels.dbf");
  EXPECT_NE(std::find(ready.begin(), ready.end(), "DKBH"), ready.end());
  EXPECT_NE(std::find(ready.begin(), ready.end(), "DKMC"), ready.end());
  const auto overlaps = dbf_field_names(demo_report().dir / "shp" / "overlaps.dbf");
  EXPECT_NE(std::find(overlaps.begin(), overlaps.end(), "DLBM"), overlaps.end());
}

TEST(ReportShapefiles, EveryResultFieldIsInTheTable) {
  // A field added to a result layer without its short name and alias fails here.
  for (const ResultLayer& l : demo_report().layers) {
    std::set<std::string> used;
    for (const FieldDef& f : l.layer.fields) {
      const ResultField* r = result_field(l.layer.name, f.name);
      ASSERT_NE(r, nullptr) << l.layer.name << "." << f.name;
      EXPECT_LE(r->short_name.size(), 10u) << r->short_name;
      EXPECT_TRUE(has_chinese(std::string(r->alias))) << r->alias;
      EXPECT_TRUE(used.insert(std::string(r->short_name)).second)
          << l.layer.name << ": " << r->short_name << " twice";
    }
  }
}

/// A sheet of an .xlsx by its name (the workbook lists sheets in file order).
std::string sheet_xml(const fs::path& xlsx, const std::string& name) {
  const std::string wb = test::command_output("unzip -p '" + xlsx.string() + "' xl/workbook.xml");
  int index = 0;
  for (std::size_t at = 0; (at = wb.find("<sheet name=\"", at)) != std::string::npos; at += 13) {
    ++index;
    if (wb.compare(at + 13, name.size() + 1, name + "\"") == 0)
      return test::command_output("unzip -p '" + xlsx.string() + "' xl/worksheets/sheet" +
                                  std::to_string(index) + ".xml");
  }
  return {};
}

/// The column letters of the header cell `header` in row 1, or "".
std::string header_column(const std::string& sheet, const std::string& header) {
  const std::size_t t = sheet.find("<t>" + header + "</t>");
  if (t == std::string::npos) return {};
  const std::size_t c = sheet.rfind("<c r=\"", t);
  std::string col;
  for (std::size_t i = c + 6; i < sheet.size() && std::isupper(static_cast<unsigned char>(sheet[i])); ++i)
    col += sheet[i];
  return col;
}

int column_number(const std::string& letters) {
  int n = 0;
  for (char c : letters) n = n * 26 + (c - 'A' + 1);
  return n;
}

TEST(ReportWorkbook, TheDemoWorkbookWrapsLongTextsAndWritesDatesAsDates) {
  // Item 10 of issue 17 on the report's own workbook (the code landed in 746dc57).
  const fs::path xlsx = demo_report().dir / "report.xlsx";
  const std::string check = sheet_xml(xlsx, "核查·核查结果");
  ASSERT_FALSE(check.empty());
  for (const char* h : {"结论", "依据"}) {
    const int n = column_number(header_column(check, h));
    ASSERT_GT(n, 0) << h;
    EXPECT_NE(check.find("<col min=\"" + std::to_string(n) + "\" max=\"" + std::to_string(n) +
                         "\" width=\"60.7109375\" style="),
              std::string::npos)
        << h;
  }
  const std::string styles = test::command_output("unzip -p '" + xlsx.string() + "' xl/styles.xml");
  EXPECT_NE(styles.find("wrapText=\"1\""), std::string::npos);
  EXPECT_NE(styles.find("formatCode=\"yyyy-mm-dd\""), std::string::npos);
  // 起算日期 of the idle parcels: Excel day numbers, not text.
  const std::string idle = sheet_xml(xlsx, "供地·闲置土地");
  const std::string col = header_column(idle, "起算日期");
  ASSERT_FALSE(col.empty());
  int dates = 0, texts = 0;
  for (std::size_t at = 0; (at = idle.find("<c r=\"" + col, at)) != std::string::npos; ++at) {
    const std::size_t row = at + 6 + col.size();
    if (!std::isdigit(static_cast<unsigned char>(idle[row])) || idle.compare(row, 2, "1\"") == 0) continue;
    const std::string cell = idle.substr(at, idle.find('>', at) - at);
    const std::size_t end = idle.find("</c>", at);
    const std::string body = idle.substr(at, end == std::string::npos ? 0 : end - at);
    if (cell.find("inlineStr") != std::string::npos) ++texts;
    else if (body.find("<v>") != std::string::npos && cell.back() != '/') ++dates;
  }
  EXPECT_GT(dates, 0);
  EXPECT_EQ(texts, 0);
}

TEST(ReportWorkbook, FieldTableGivesTheChineseAliases) {
  const fs::path xlsx = demo_report().dir / "report.xlsx";
  // The workbook writes its strings inline: the sheets themselves hold them.
  const std::string strings =
      test::command_output("unzip -p '" + xlsx.string() + "' 'xl/worksheets/*.xml'");
  for (const char* s : {"Shapefile字段名", "中文别名", "industrial_investment_mu", "TRQDMU",
                        "工业用地固定资产投入强度（万元/亩）"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
}

TEST(ReportStyles, GeoPackageStylesAreWhereQgisLooks) {
  Dataset ds = open(demo_report().dir / "results.gpkg");
  ASSERT_TRUE(ds);
  OGRLayer* styles = ds->GetLayerByName("layer_styles");
  ASSERT_NE(styles, nullptr);
  OGRFeatureDefn* defn = styles->GetLayerDefn();
  for (const char* c : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                        "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner",
                        "ui", "update_time"})
    EXPECT_GE(defn->GetFieldIndex(c), 0) << c;
  std::set<std::string> styled;
  for (auto& f : *styles) {
    styled.insert(f->GetFieldAsString("f_table_name"));
    EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
    EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
    const QmlFields q = parse_qml(f->GetFieldAsString("styleQML"));
    EXPECT_TRUE(q.ok) << f->GetFieldAsString("f_table_name");
    OGRLayer* l = ds->GetLayerByName(f->GetFieldAsString("f_table_name"));
    ASSERT_NE(l, nullptr);
    for (const std::string& n : q.named) EXPECT_GE(l->GetLayerDefn()->GetFieldIndex(n.c_str()), 0) << n;
  }
  for (const ResultLayer& l : demo_report().layers) EXPECT_TRUE(styled.count(l.layer.name)) << l.layer.name;
}

TEST(ReportWorkbook, LongTextsWrapInWideColumnsAndDatesAreDates) {
  const fs::path dir = test::fresh_scratch_dir("tudi-xlsx-wrap");
  output::Table t;
  t.title = "核查结果";
  t.columns = {{"项目编号", "", 0}, {"结论", "", 0}, {"依据", "", 0}, {"起算日期", "", 0}};
  t.rows.push_back({std::string("XM-1"), std::string("占用永久基本农田；永久基本农田一经划定……"),
                    std::string("《中华人民共和国土地管理法》第三十五条"), std::string("2026-11-22")});
  output::write_xlsx({t}, dir / "t.xlsx", true);
  const std::string sheet = test::command_output("unzip -p '" + (dir / "t.xlsx").string() +
                                                 "' xl/worksheets/sheet1.xml");
  const std::string styles =
      test::command_output("unzip -p '" + (dir / "t.xlsx").string() + "' xl/styles.xml");
  // 结论 and 依据 (columns B, C) are 60 characters wide with a wrapping style.
  EXPECT_NE(sheet.find("<col min=\"2\" max=\"2\" width=\"60.7109375\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<col min=\"3\" max=\"3\" width=\"60.7109375\""), std::string::npos) << sheet;
  EXPECT_NE(styles.find("vertical=\"top\" wrapText=\"1\""), std::string::npos) << styles;
  // 2026-11-22 as Excel's day number with a date format, not a string.
  EXPECT_NE(sheet.find("<v>46348</v>"), std::string::npos) << sheet;
  EXPECT_NE(styles.find("yyyy-mm-dd"), std::string::npos);
}

TEST(ReportWorkbook, WhatExcelCannotHoldGoesOnNotMissing) {
  const fs::path dir = test::fresh_scratch_dir("tudi-xlsx-limits");
  // Sheets of 10 rows below the header (Excel's are 1,048,575, SheetLimit's default), 21 rows,
  // and a text longer than a cell holds.
  output::Table t;
  t.title = "重叠图斑";
  t.columns = {{"序号", "", 0}, {"说明", "", 0}};
  for (std::int64_t i = 1; i <= 21; ++i) t.rows.push_back({i, std::string()});
  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "耕地";  // 40,000 characters
  t.rows[0][1] = long_text;
  output::write_xlsx({t}, dir / "t.xlsx", true, std::nullopt, output::SheetLimit{10});
  const std::string xlsx = (dir / "t.xlsx").string();
  const std::string workbook = test::command_output("unzip -p '" + xlsx + "' xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"重叠图斑（2）\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"重叠图斑（3）\""), std::string::npos) << workbook;
  EXPECT_EQ(workbook.find("name=\"重叠图斑（4）\""), std::string::npos) << workbook;
  const auto sheet = [&](int n) {
    return test::command_output("unzip -p '" + xlsx + "' xl/worksheets/sheet" + std::to_string(n) + ".xml");
  };
  // Each sheet goes on where the last stopped: 1–10, 11–20, 21; none is lost or repeated.
  for (const auto& [n, first, last] : {std::tuple{1, 1, 10}, std::tuple{2, 11, 20}, std::tuple{3, 21, 21}}) {
    const std::string xml = sheet(n);
    EXPECT_NE(xml.find("<v>" + std::to_string(first) + "</v>"), std::string::npos) << n << xml;
    EXPECT_NE(xml.find("<v>" + std::to_string(last) + "</v>"), std::string::npos) << n << xml;
    EXPECT_EQ(xml.find("<v>" + std::to_string(last + 1) + "</v>"), std::string::npos) << n << xml;
    EXPECT_EQ(xml.find("<v>" + std::to_string(first - 1) + "</v>"), std::string::npos) << n << xml;
    EXPECT_NE(xml.find("<c r=\"A1\""), std::string::npos) << "sheet " << n << " has its header";
  }
  // constant_memory writes strings inline in the sheet.
  const std::string cut = test::command_output(
      "unzip -p '" + (dir / "t.xlsx").string() +
      "' xl/worksheets/sheet1.xml | grep -o '超出 Excel 单元格 32767 字符上限' | head -1");
  EXPECT_NE(cut.find("32767"), std::string::npos);
}

TEST(ReportWorkbook, AWorkbookThatCannotBeWrittenIsOneLineNamingIt) {
  const fs::path dir = test::scratch_dir("tudi-xlsx-fail");
  fs::remove_all(dir);
  output::Table t;
  t.title = "x";
  t.columns = {{"a", "", 0}};
  try {
    output::write_xlsx({t}, dir / "no-such-folder" / "t.xlsx", true);
    ADD_FAILURE() << "written into a folder that does not exist";
  } catch (const tudi::Error& e) {
    EXPECT_NE(std::string(e.what()).find("t.xlsx"), std::string::npos) << e.what();
  }
}

TEST(ReportLayers, BoundaryTxtPerProposal) {
  const auto& r = demo_report();
  int n = 0;
  for (const auto& e : fs::directory_iterator(r.dir / "界址点")) {
    const std::string text = slurp(e.path());
    EXPECT_NE(text.find("[地块坐标]"), std::string::npos) << e.path();
    ++n;
  }
  EXPECT_GE(n, 8);
}

TEST(ReportLayers, BoundaryTxtIsNamedByIdAndKeepsItsIdentity) {
  // Each proposal's file is <id>.txt; its plot header carries 地块编号, 地块名称 and 地块用途
  // (the project category), 地块面积 is real even for the bow-tie that could not be checked,
  // and 数据产生单位 is the project's organisation.
  const auto& r = demo_report();
  int n = 0;
  for (const check::ProposalResult& p : r.analyses->check->proposals) {
    const fs::path path = r.dir / "界址点" / (p.id + ".txt");
    ASSERT_TRUE(fs::exists(path)) << path;
    ++n;
    const std::string text = slurp(path);
    EXPECT_NE(text.find("数据产生单位=卫源县自然资源和规划局\r\n"), std::string::npos) << path;
    const auto at = text.find(",@");
    ASSERT_NE(at, std::string::npos);
    const std::string header = text.substr(text.rfind('\n', at) + 1, at - text.rfind('\n', at) - 1);
    std::vector<std::string> cells;
    std::stringstream ss(header);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    ASSERT_GE(cells.size(), 7u) << header;
    EXPECT_EQ(cells[2], p.id) << header;
    EXPECT_EQ(cells[3], p.name) << header;
    EXPECT_EQ(cells[6], p.category) << header;
    EXPECT_GT(std::stod(cells[1]), 0.1) << header;  // 公顷; the bow-tie's lobes do not cancel
  }
  EXPECT_EQ(n, 17);  // the demo's proposals
}

}  // namespace
}  // namespace tudi::report
