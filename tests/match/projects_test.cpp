// The projects file: CSV (UTF-8 or GBK) and XLSX, Chinese or English headers, and the errors
// a planner can act on.
#include "tudi/match/projects.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/output/table.hpp"

namespace tudi::match {
namespace {

namespace fs = std::filesystem;

class ProjectsFile : public ::testing::Test {
 protected:
  fs::path dir = test::scratch_dir(std::string("tudi-match-projects-") +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  fs::path write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};

// The header the demo county's projects.csv uses (gis-data/README.md).
const char* kChinese =
    "项目编号,项目名称,行业代码,行业名称,污染类别,固定资产投资(万元),年税收(万元),"
    "用地需求下限(亩),用地需求上限(亩),计划容积率,单位增加值能耗(吨标煤/万元),意向开发区,"
    "必需基础设施,投资主体\r\n"
    "ZS2026-01,年产5万台套汽车零部件项目,C3670,汽车零部件及配件制造,2,37500,2250,100,130,"
    "1.3,0.35,卫源经济技术开发区,,河南卫源恒通汽车零部件有限公司\r\n"
    "ZS2026-11,生物疫苗原液生产项目,2761,生物药品制造,二类,\"40,000\",2500,110,130,1.2,0.3,"
    "卫源高新技术产业开发区,燃气、供热,河南卫源康泰生物制药有限公司\r\n";

void expect_demo_rows(const std::vector<ProjectSpec>& ps) {
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].id, "ZS2026-01");
  EXPECT_EQ(ps[0].name, "年产5万台套汽车零部件项目");
  EXPECT_EQ(ps[0].industry, "C3670");
  EXPECT_EQ(ps[0].industry_text, "C3670 汽车零部件及配件制造");
  EXPECT_EQ(ps[0].pollution, 2);
  EXPECT_DOUBLE_EQ(ps[0].investment, 37500);
  EXPECT_DOUBLE_EQ(*ps[0].tax, 2250);
  EXPECT_DOUBLE_EQ(ps[0].demand_min, 100);
  EXPECT_DOUBLE_EQ(ps[0].demand_max, 130);
  EXPECT_DOUBLE_EQ(*ps[0].far, 1.3);
  EXPECT_DOUBLE_EQ(*ps[0].energy, 0.35);
  EXPECT_EQ(ps[0].zone, "卫源经济技术开发区");
  EXPECT_EQ(ps[0].infrastructure, 0u);
  EXPECT_EQ(ps[1].industry, "C2761");
  EXPECT_EQ(ps[1].pollution, 2);
  EXPECT_DOUBLE_EQ(ps[1].investment, 40000);
  EXPECT_EQ(ps[1].infrastructure, 64u | 128u);  // 燃气 + 供热
}

TEST_F(ProjectsFile, CsvWithChineseHeadersInUtf8) {
  const auto ps = read_projects(write("projects.csv", kChinese));
  expect_demo_rows(ps);
  EXPECT_EQ(ps[1].where, (dir / "projects.csv").string() + ":3");
}

TEST_F(ProjectsFile, CsvWithBomAndInGbk) {
  expect_demo_rows(read_projects(write("bom.csv", std::string("\xEF\xBB\xBF") + kChinese)));
  expect_demo_rows(read_projects(write("gbk.csv", io::recode(kChinese, "UTF-8", "CP936"))));
}

TEST_F(ProjectsFile, CsvWithEnglishHeadersAndOneDemandColumn) {
  const auto ps = read_projects(
      write("en.csv",
            "id,name,industry_code,pollution_class,fixed_investment,annual_tax,demand,far\n"
            "P1,Chips,C3973,1,20000,900,100,1.5\n"));
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].industry, "C3973");
  EXPECT_DOUBLE_EQ(ps[0].demand_min, 100);
  EXPECT_DOUBLE_EQ(ps[0].demand_max, 100);
  EXPECT_FALSE(ps[0].energy);
}

TEST_F(ProjectsFile, XlsxThroughGdal) {
  output::Table t;
  t.title = "项目";
  for (const char* h : {"项目编号", "项目名称", "行业代码", "污染类别", "固定资产投资", "年税收",
                        "用地需求下限", "用地需求上限", "计划容积率", "必需基础设施"})
    t.columns.push_back({h, "", 2});
  t.columns[4].unit = "万元";
  t.columns[6].unit = "亩";
  t.rows.push_back({std::string("X1"), std::string("光电子器件"), std::string("C3976"),
                    std::int64_t{1}, 36000.0, 2000.0, 70.0, 130.0, 1.6, std::string("七通一平")});
  t.rows.push_back({std::string("X2"), std::string("仓储"), std::string("G5920"), std::int64_t{1},
                    16600.0, 830.0, 80.0, 100.0, 1.0, Value{}});
  const fs::path p = dir / "projects.xlsx";
  output::write_xlsx({t}, p, true);
  const auto ps = read_projects(p);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].id, "X1");
  EXPECT_DOUBLE_EQ(ps[0].investment, 36000);
  EXPECT_DOUBLE_EQ(ps[0].demand_max, 130);
  EXPECT_EQ(ps[0].infrastructure, 255u);
  EXPECT_EQ(ps[1].industry, "G5920");
  EXPECT_EQ(ps[1].where, p.string() + ":3");
}

TEST_F(ProjectsFile, ErrorsNameTheFileAndLine) {
  auto message = [&](const std::string& csv) {
    try {
      read_projects(write("bad.csv", csv));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "项目编号,行业代码,污染类别,固定资产投资,用地需求下限,用地需求上限\n";
  EXPECT_NE(message("项目编号,行业代码\nA,C39\n").find("no column for 污染类别"),
            std::string::npos);
  EXPECT_NE(message(head + "A,C39,4,100,1,2\n").find("bad.csv:2: 污染类别 '4'"), std::string::npos);
  EXPECT_NE(message(head + "A,C39,1,100,5,2\n").find("exceeds"), std::string::npos);
  EXPECT_NE(message(head + "A,XYZ,1,100,1,2\n").find("not a GB/T 4754-2017 code"),
            std::string::npos);
  EXPECT_NE(message(head + "A,C39,1,abc,1,2\n").find("固定资产投资 'abc' is not a number"),
            std::string::npos);
  EXPECT_NE(message(head + "A,C39,1,100,1,2\nA,C39,1,100,1,2\n")
                .find("bad.csv:3: 项目编号 A appears twice"),
            std::string::npos);
  EXPECT_NE(message("a,b\n").find("no column"), std::string::npos);
}

TEST(ProjectsFileDoc, EveryColumnIsDocumentedInGisDataReadme) {
  // gis-data/README.md is the projects file's reference: each column's Chinese title and its
  // English name stand together in one row of its table.
  std::ifstream in(test::kSourceDir / "gis-data" / "README.md");
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(in, line))
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  for (const ProjectColumn& c : project_columns()) {
    const std::string title = "| " + std::string(c.title);
    const std::string name = "`" + std::string(c.name) + "`";
    const bool found = std::any_of(rows.begin(), rows.end(), [&](const std::string& r) {
      return r.rfind(title, 0) == 0 && r.find(name) != std::string::npos;
    });
    EXPECT_TRUE(found) << c.title << " / " << c.name << " missing from gis-data/README.md";
  }
}

TEST(ProjectsDemo, TheDemoCountysFileReads) {
  const fs::path csv = test::kDemoDir / "projects.csv";
  if (!fs::exists(csv)) GTEST_SKIP() << csv << " not generated yet";
  const auto ps = read_projects(csv);
  EXPECT_GE(ps.size(), 10u);
}

}  // namespace
}  // namespace tudi::match
