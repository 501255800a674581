// Reading the county's ledger: header detection (or [ledger.columns]), one Entry per row, and
// a Problem for every row or cell that cannot be used, so the rest is still judged.
#include <algorithm>
#include <set>

#include "tudi/core/error.hpp"
#include "tudi/ledger/ledger.hpp"

namespace tudi::ledger {
namespace {

std::vector<std::string> node_headers(const Node& n, bool planned) {
  std::vector<std::string> names = {n.name};
  names.insert(names.end(), n.aliases.begin(), n.aliases.end());
  const std::vector<std::string> suffixes =
      planned ? std::vector<std::string>{"计划日期", "计划时间", "计划完成日期", "计划完成时间", "计划"}
              : std::vector<std::string>{"完成日期", "完成时间", "实际完成日期", "实际完成时间",
                                         "实际日期", "完成"};
  std::vector<std::string> out = {n.code + (planned ? "_planned" : "_done")};
  for (const std::string& a : names) {
    for (const std::string& s : suffixes) out.push_back(a + s);
    out.push_back((planned ? "计划" : "实际") + a + "日期");
    out.push_back((planned ? "计划" : "实际") + a + "时间");
  }
  return out;
}

/// Splits 地块编号 on ; ；, 、 and whitespace-free trims ("JK-12；JK-13" → JK-12, JK-13).
std::vector<std::string> split_ids(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && (cur.back() == ' ' || cur.back() == '\t')) cur.pop_back();
    std::size_t i = 0;
    while (i < cur.size() && (cur[i] == ' ' || cur[i] == '\t')) ++i;
    if (i < cur.size()) out.push_back(cur.substr(i));
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ';' || s[i] == ',') {
      flush();
      ++i;
    } else if (s.compare(i, 3, "；") == 0 || s.compare(i, 3, "，") == 0 ||
               s.compare(i, 3, "、") == 0) {
      flush();
      i += 3;
    } else {
      cur += s[i++];
    }
  }
  flush();
  return out;
}

}  // namespace

std::vector<Column> columns(const Settings& settings) {
  std::vector<Column> c = {
      {"id", "项目编号", {"id", "project_id", "项目编号", "编号", "项目代码", "xmbh"}},
      {"name", "项目名称", {"name", "project_name", "项目名称", "名称", "xmmc"}},
      {"level", "项目级别", {"level", "项目级别", "级别", "重点级别", "项目层级"}},
      {"category", "项目类别", {"category", "项目类别", "类别", "项目类型", "行业类别"}},
      {"investment", "总投资", {"investment", "总投资", "计划总投资", "总投资额", "项目总投资"}},
      {"department", "责任单位", {"department", "责任单位", "牵头单位", "责任部门", "责任单位（部门）"}},
      {"leader", "包联领导", {"leader", "包联领导", "联系领导", "分包领导", "包抓领导"}},
      {"land", "地块编号", {"land", "parcels", "地块编号", "用地编号", "宗地编号", "地块", "dkbh"}},
      {"energy_quota", "能耗指标", {"energy_quota", "能耗指标", "能耗指标落实", "能耗指标落实情况"}},
      {"environment_capacity",
       "环境容量",
       {"environment_capacity", "环境容量", "环境容量指标", "环境容量落实情况"}},
  };
  for (const Indicator& i : settings.indicators) {
    c.push_back({"committed_" + i.code,
                 "承诺" + i.name,
                 {"committed_" + i.code, "承诺" + i.name, i.name + "承诺值", "承诺" + i.name + "标准"}});
    c.push_back({"measured_" + i.code,
                 "实测" + i.name,
                 {"measured_" + i.code, "实测" + i.name, "实际" + i.name, "复核" + i.name,
                  i.name + "实测值"}});
  }
  for (const Node& n : settings.nodes) {
    c.push_back({n.code + "_planned", n.name + "计划日期", node_headers(n, true)});
    c.push_back({n.code + "_done", n.name + "完成日期", node_headers(n, false)});
  }
  return c;
}

Ledger read_ledger(io::RawTable table, const Settings& settings) {
  Ledger out;
  out.table = std::move(table);
  const io::RawTable& t = out.table;
  const std::vector<Column> cols = columns(settings);

  // Overrides first: a header named in [ledger.columns] belongs to that column only.
  std::set<std::size_t> taken;
  for (const auto& [name, header] : settings.columns) {
    const bool known =
        std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.name == name; });
    if (!known)
      throw Error(t.source, "[ledger.columns] " + name + ": not a ledger column (see gis-data/README.md)");
    std::size_t found = t.headers.size();
    for (std::size_t i = 0; i < t.headers.size(); ++i)
      if (t.headers[i] == header || io::header_key(t.headers[i]) == io::header_key(header)) found = i;
    if (found == t.headers.size())
      throw Error(t.source, "[ledger.columns] " + name + " = \"" + header + "\": no such column");
    out.columns[name] = found;
    taken.insert(found);
  }
  for (std::size_t i = 0; i < t.headers.size(); ++i) {
    if (taken.count(i)) continue;
    const std::string k = io::header_key(t.headers[i]);
    for (const Column& c : cols) {
      if (settings.columns.count(c.name)) continue;
      const bool hit = std::any_of(c.headers.begin(), c.headers.end(),
                                   [&](const std::string& h) { return io::header_key(h) == k; });
      if (!hit) continue;
      if (auto it = out.columns.find(c.name); it != out.columns.end())
        throw Error(t.source, "columns '" + t.headers[it->second] + "' and '" + t.headers[i] +
                                  "' both give " + c.title + ": keep one, or name it in [ledger.columns]");
      out.columns[c.name] = i;
      break;
    }
  }
  if (!out.columns.count("id"))
    throw Error(t.source, "no column for 项目编号 (id); see gis-data/README.md for the ledger format");

  auto cell = [&](const std::vector<Value>& row, const std::string& name) -> const Value& {
    static const Value null;
    auto it = out.columns.find(name);
    return it == out.columns.end() || it->second >= row.size() ? null : row[it->second];
  };
  auto title = [&](const std::string& name) { return t.headers[out.columns.at(name)]; };

  std::set<std::string> ids;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    Entry e;
    e.row = r;
    e.where = t.where(r);
    e.id = to_text(cell(row, "id"));
    if (e.id.empty()) {
      out.problems.push_back({e.where, "没有项目编号，该行未处理"});
      continue;
    }
    if (!ids.insert(e.id).second) {
      out.problems.push_back({e.where, "项目编号 " + e.id + " 重复，该行未处理"});
      continue;
    }
    e.name = to_text(cell(row, "name"));
    e.level = to_text(cell(row, "level"));
    e.category = to_text(cell(row, "category"));
    e.department = to_text(cell(row, "department"));
    e.leader = to_text(cell(row, "leader"));
    e.land = split_ids(to_text(cell(row, "land")));
    auto number = [&](const std::string& name) -> std::optional<double> {
      const Value& v = cell(row, name);
      if (is_null(v)) return std::nullopt;
      if (auto d = io::cell_number(v)) return d;
      out.problems.push_back({e.where, title(name) + " '" + to_text(v) + "' 不是数字，按未填处理"});
      return std::nullopt;
    };
    e.investment = number("investment");
    for (const Indicator& i : settings.indicators) {
      if (auto v = number("committed_" + i.code)) e.committed[i.code] = *v;
      if (auto v = number("measured_" + i.code)) e.measured[i.code] = *v;
    }
    e.has_energy_column = out.columns.count("energy_quota") != 0;
    e.has_environment_column = out.columns.count("environment_capacity") != 0;
    e.energy_quota = to_text(cell(row, "energy_quota"));
    e.environment_capacity = to_text(cell(row, "environment_capacity"));
    auto date = [&](const std::string& name) -> std::optional<Date> {
      const Value& v = cell(row, name);
      if (is_null(v)) return std::nullopt;
      if (auto d = to_date(v)) return d;
      out.problems.push_back({e.where, title(name) + " '" + to_text(v) + "' 不是日期，按未填处理"});
      return std::nullopt;
    };
    for (const Node& n : settings.nodes) {
      const bool planned_col = out.columns.count(n.code + "_planned") != 0;
      const bool done_col = out.columns.count(n.code + "_done") != 0;
      if (!planned_col && !done_col) continue;
      NodeDates nd{n.code, n.name, date(n.code + "_planned"), date(n.code + "_done")};
      if (nd.done && *nd.done > settings.as_of) {
        out.problems.push_back({e.where, n.name + "完成日期 " + nd.done->iso() + " 晚于统计日期 " +
                                             settings.as_of.iso() + "，按未完成处理"});
        nd.done.reset();
      }
      e.nodes.push_back(std::move(nd));
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace tudi::ledger
