#include "tudi/match/projects.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "tudi/core/error.hpp"
#include "tudi/match/settings.hpp"
#include "tudi/supply/supply.hpp"

namespace tudi::match {
namespace {

std::optional<double> number(const Value& v, const io::RawTable& t, std::size_t row,
                             std::string_view title) {
  if (is_null(v)) return std::nullopt;
  if (auto d = io::cell_number(v)) return d;
  throw Error(t.where(row), std::string(title) + " '" + to_text(v) + "' is not a number");
}

int pollution_class(const Value& v, const io::RawTable& t, std::size_t row) {
  const std::string s = to_text(v);
  for (const auto& [text, cls] : std::vector<std::pair<std::string, int>>{
           {"三", 3}, {"二", 2}, {"一", 1}, {"III", 3}, {"II", 2}, {"I", 1}})
    if (s.find(text) != std::string::npos && !std::isdigit(static_cast<unsigned char>(s[0])))
      return cls;
  // "1", "2.0", or a use code such as "100102" whose last digit is the class.
  if (auto d = to_number(v)) {
    const auto n = static_cast<long long>(*d);
    const int cls = static_cast<int>(n >= 10 ? n % 10 : n);
    if (cls >= 1 && cls <= 3 && static_cast<double>(n) == *d) return cls;
  }
  throw Error(t.where(row), "污染类别 '" + s + "' must be 1, 2 or 3 (一类/二类/三类)");
}

}  // namespace

const std::vector<ProjectColumn>& project_columns() {
  static const std::vector<ProjectColumn> kColumns = {
      {"id", "项目编号", true, {"id", "project_id", "项目编号", "编号", "xmbh"}},
      {"name", "项目名称", false, {"name", "project_name", "项目名称", "名称", "xmmc"}},
      {"industry",
       "行业代码",
       true,
       {"industry", "industry_code", "行业代码", "国民经济行业代码", "行业分类代码", "hydm"}},
      {"industry_name", "行业名称", false, {"industry_name", "行业名称", "行业"}},
      {"pollution",
       "污染类别",
       true,
       {"pollution", "pollution_class", "污染类别", "污染等级", "工业类别", "环境类别"}},
      {"investment",
       "固定资产投资",
       true,
       {"investment", "fixed_investment", "固定资产投资", "固定资产投资额", "计划总投资", "总投资",
        "gdzctz"}},
      {"tax",
       "年税收",
       false,
       {"tax", "annual_tax", "promised_tax", "年税收", "承诺年税收", "达产年税收", "税收", "nss"}},
      {"demand_min",
       "用地需求下限",
       false,
       {"demand_min", "area_min", "用地需求下限", "最小用地", "用地面积下限", "需求下限"}},
      {"demand_max",
       "用地需求上限",
       false,
       {"demand_max", "area_max", "用地需求上限", "最大用地", "用地面积上限", "需求上限"}},
      {"demand", "用地需求", false, {"demand", "用地需求", "用地面积", "需求面积"}},
      {"far", "计划容积率", false, {"far", "planned_far", "计划容积率", "规划容积率", "容积率"}},
      {"energy",
       "单位增加值能耗",
       false,
       {"energy", "单位增加值能耗", "单位能耗", "能耗", "energy_per_value_added"}},
      {"emission_intensity",
       "单位增加值排放",
       false,
       {"emission_intensity", "单位增加值排放", "单位增加值污染物排放", "排放强度", "单位排放"}},
      {"output", "年产值", false, {"output", "annual_output", "年产值", "达产年产值", "产值"}},
      {"rd_share",
       "研发投入占比",
       false,
       {"rd_share", "研发投入占比", "研发经费投入占比", "研发占比"}},
      {"building_coefficient", "建筑系数", false, {"building_coefficient", "建筑系数"}},
      {"zone",
       "意向开发区",
       false,
       {"zone", "preferred_zone", "意向开发区", "意向园区", "意向区域", "开发区"}},
      {"infrastructure",
       "必需基础设施",
       false,
       {"infrastructure", "required_infrastructure", "必需基础设施", "基础设施要求", "配套要求",
        "基础设施"}},
      {"investor", "投资主体", false, {"investor", "投资主体", "企业名称", "用地单位"}},
  };
  return kColumns;
}

std::vector<ProjectSpec> projects_from_table(const io::RawTable& t) {
  // Column index of each canonical name; two headers naming one column is an error.
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < t.headers.size(); ++i) {
    const std::string k = io::header_key(t.headers[i]);
    for (const ProjectColumn& c : project_columns()) {
      const bool hit = std::any_of(c.headers.begin(), c.headers.end(),
                                   [&](std::string_view h) { return io::header_key(h) == k; });
      if (!hit) continue;
      const std::string name(c.name);
      if (col.count(name))
        throw Error(t.source, "columns '" + t.headers[col[name]] + "' and '" + t.headers[i] +
                                  "' both give " + std::string(c.title) + ": keep one");
      col[name] = i;
      break;
    }
  }
  for (const ProjectColumn& c : project_columns())
    if (c.required && !col.count(std::string(c.name)))
      throw Error(t.source, "no column for " + std::string(c.title) + " (" + std::string(c.name) +
                                "); see gis-data/README.md for the projects format");
  if (!col.count("demand") && !col.count("demand_min") && !col.count("demand_max"))
    throw Error(t.source, "no column for 用地需求 (demand, or demand_min and demand_max)");

  auto cell = [&](const std::vector<Value>& row, const char* name) -> const Value& {
    static const Value null;
    auto it = col.find(name);
    return it == col.end() || it->second >= row.size() ? null : row[it->second];
  };
  std::vector<ProjectSpec> out;
  std::set<std::string> ids;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    ProjectSpec p;
    p.where = t.where(r);
    auto num = [&](const char* name, std::string_view title) {
      return number(cell(row, name), t, r, title);
    };
    p.id = to_text(cell(row, "id"));
    if (auto d = std::get_if<double>(&cell(row, "id"));
        d && *d == static_cast<double>(static_cast<long long>(*d)))
      p.id = std::to_string(static_cast<long long>(*d));
    if (p.id.empty()) throw Error(p.where, "项目编号 is empty");
    if (!ids.insert(p.id).second) throw Error(p.where, "项目编号 " + p.id + " appears twice");
    p.name = to_text(cell(row, "name"));
    if (p.name.empty()) p.name = p.id;
    p.industry_text = to_text(cell(row, "industry"));
    p.industry = normalise_industry(p.industry_text);
    if (p.industry.empty())
      throw Error(p.where, "行业代码 '" + p.industry_text +
                               "' is not a GB/T 4754-2017 code (e.g. C3670 or 3670)");
    const std::string industry_name = to_text(cell(row, "industry_name"));
    if (!industry_name.empty()) p.industry_text = p.industry + " " + industry_name;
    p.pollution = pollution_class(cell(row, "pollution"), t, r);
    const auto inv = num("investment", "固定资产投资");
    if (!inv || *inv <= 0) throw Error(p.where, "固定资产投资 must be a positive number (万元)");
    p.investment = *inv;
    p.tax = num("tax", "年税收");
    const auto dmin = num("demand_min", "用地需求下限");
    const auto dmax = num("demand_max", "用地需求上限");
    const auto demand = num("demand", "用地需求");
    p.demand_min = dmin ? *dmin : demand ? *demand : 0;
    p.demand_max = dmax ? *dmax : demand ? *demand : 0;
    if (!dmax && !demand) throw Error(p.where, "用地需求上限 is empty");
    if (p.demand_min < 0 || p.demand_max <= 0)
      throw Error(p.where, "用地需求 must be positive (亩)");
    if (p.demand_min > p.demand_max)
      throw Error(p.where, "用地需求下限 " + to_text(Value(p.demand_min)) + " 亩 exceeds 上限 " +
                               to_text(Value(p.demand_max)) + " 亩");
    p.far = num("far", "计划容积率");
    p.energy = num("energy", "单位增加值能耗");
    p.emission_intensity = num("emission_intensity", "单位增加值排放");
    p.output = num("output", "年产值");
    p.rd_share = num("rd_share", "研发投入占比");
    p.building_coefficient = num("building_coefficient", "建筑系数");
    p.zone = to_text(cell(row, "zone"));
    p.infrastructure_text = to_text(cell(row, "infrastructure"));
    if (!p.infrastructure_text.empty()) {
      const supply::InfraState infra = supply::parse_infrastructure(p.infrastructure_text);
      if (infra.items == 0)
        throw Error(p.where,
                    "必需基础设施 '" + p.infrastructure_text +
                        "' names no item (供水、供电、道路、场地平整、通信、排水、燃气、供热)");
      p.infrastructure = infra.items;
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) throw Error(t.source, "no projects in the file");
  return out;
}

std::vector<ProjectSpec> read_projects(const std::filesystem::path& path) {
  return projects_from_table(io::read_table(path));
}

}  // namespace tudi::match
