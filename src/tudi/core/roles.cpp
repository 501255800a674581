#include "tudi/core/roles.hpp"

#include <algorithm>
#include <cctype>

#include "tudi/core/error.hpp"

namespace tudi {
namespace {

using K = Kind;

// Candidate names are matched case-insensitively; each role lists its canonical English name
// first so that files written by tudi itself map without a profile.
/// The standard-land indicators (标准地, DOMAIN §8) a parcel publishes, or a zone for its parcels.
const std::vector<CanonicalField> kStandardIndicators = {
    {"std_investment", "投资强度标准", K::Number, "万元/亩", {"std_investment", "TZQD"}},
    {"std_tax", "亩均税收标准", K::Number, "万元/亩", {"std_tax", "SSQD"}},
    {"std_far_min", "容积率下限", K::Number, "", {"std_far_min", "RJLXX"}},
    {"std_far_max", "容积率上限", K::Number, "", {"std_far_max", "RJLSX"}},
    {"std_energy", "单位能耗标准", K::Number, "吨标煤/万元", {"std_energy", "NHBZ"}},
    {"std_emission_intensity", "单位排放标准", K::Number, "千克/万元",
     {"std_emission_intensity", "PFQD"}},
    {"std_emission", "排放标准", K::Text, "", {"std_emission", "PFBZ"}},
};

std::vector<CanonicalField> with_indicators(std::vector<CanonicalField> fields) {
  fields.insert(fields.end(), kStandardIndicators.begin(), kStandardIndicators.end());
  return fields;
}

const std::vector<Role> kRoles = {
    {"redline", "生态保护红线", "STBHHX",
     {
         {"id", "标识码", K::Text, "", {"id", "BSM"}},
         {"name", "红线名称", K::Text, "", {"name", "HXMC", "MC"}},
         {"type", "红线类型", K::Text, "", {"type", "LHLX", "HXLX"}},
         {"control", "管控分区", K::Text, "", {"control", "GKFQ", "GKCS"}},
     }},
    {"farmland", "永久基本农田", "YJJBNTTB",
     {
         {"id", "图斑编号", K::Text, "", {"id", "JBNTTBBH", "TBBH"}},
         {"land_class", "地类编码", K::Text, "", {"land_class", "DLBM"}},
         {"class_name", "地类名称", K::Text, "", {"class_name", "DLMC"}},
         {"area", "图斑面积", K::Number, "m²", {"area", "TBMJ"}},
         {"farmland_area", "基本农田面积", K::Number, "m²", {"farmland_area", "JBNTMJ"}},
         {"class_area", "图斑地类面积", K::Number, "m²", {"class_area", "TBDLMJ"}},
         {"location", "坐落单位名称", K::Text, "", {"location", "ZLDWMC"}},
     }},
    {"urban", "城镇开发边界", "CZKFBJ",
     {
         {"id", "标识码", K::Text, "", {"id", "BSM"}},
         {"name", "名称", K::Text, "", {"name", "MC"}},
         {"zone_type", "功能分区", K::Text, "", {"zone_type", "GNFQ", "功能分区", "KFBJLX"}},
     }},
    {"zones", "开发区", "KFQ",
     with_indicators({
         {"id", "开发区代码", K::Text, "", {"id", "KFQDM", "DM"}},
         {"name", "开发区名称", K::Text, "", {"name", "KFQMC", "MC"}},
         {"level", "级别", K::Text, "", {"level", "JB", "KFQJB"}},
         {"kind", "类型", K::Text, "", {"kind", "KFQLX", "LX"}},
         {"eval_type", "评价类型", K::Text, "", {"eval_type", "PJLX"}},
         {"approved_date", "批准日期", K::Date, "", {"approved_date", "PZRQ"}},
         {"approved_area", "批准面积", K::Number, "公顷",
          {"approved_area", "approved_ha", "PZMJ", "HZMJ"}},
         {"lead_industries", "主导产业", K::Text, "", {"lead_industries", "ZDCY"}},
         {"negative_list", "负面清单", K::Text, "", {"negative_list", "FMQD"}},
     })},
    {"parcels", "供地地块", "GDDK",
     with_indicators({
         {"id", "地块编号", K::Text, "", {"id", "DKBH"}},
         {"name", "地块名称", K::Text, "", {"name", "DKMC"}},
         {"planned_use", "规划用途", K::Text, "", {"planned_use", "GHYT"}},
         {"expropriated", "征收完成", K::Flag, "", {"expropriated", "ZSWC"}},
         {"title_clear", "权属清晰", K::Flag, "", {"title_clear", "QSQX"}},
         {"illegal_building_area", "违法建筑面积", K::Number, "m²",
          {"illegal_building_area", "WFJZMJ"}},
         {"infrastructure", "基础设施", K::Text, "", {"infrastructure", "JCSS"}},
         {"planning_conditions", "规划条件", K::Flag, "", {"planning_conditions", "GHTJ"}},
         {"supply_date", "供地日期", K::Date, "", {"supply_date", "GDRQ"}},
         {"supply_type", "供地方式", K::Text, "", {"supply_type", "GDFS"}},
         {"approval_no", "批准文号", K::Text, "", {"approval_no", "PZWH"}},
         {"agreed_start", "约定动工日期", K::Date, "", {"agreed_start", "YDDGRQ"}},
         {"delivery_date", "交地日期", K::Date, "", {"delivery_date", "JDRQ"}},
         {"actual_start", "实际动工日期", K::Date, "", {"actual_start", "SJDGRQ"}},
         {"suspended_since", "停工日期", K::Date, "", {"suspended_since", "TGRQ"}},
         {"completed", "竣工日期", K::Date, "", {"completed", "JGRQ"}},
         {"developed_share", "已开发面积比例", K::Number, "%", {"developed_share", "KFBL"}},
         {"invested_share", "已投资比例", K::Number, "%", {"invested_share", "TZBL"}},
         {"government_cause", "政府原因", K::Text, "", {"government_cause", "ZFYY"}},
         {"land_price", "成交价款", K::Number, "万元", {"land_price", "CJJK"}},
         {"firm", "用地单位", K::Text, "", {"firm", "YDDW"}},
         {"industry", "行业代码", K::Text, "", {"industry", "HYDM"}},
         {"investment", "固定资产投资", K::Number, "万元", {"investment", "GDZCTZ"}},
         {"tax", "年税收", K::Number, "万元", {"tax", "NSS"}},
         {"floor_area", "建筑面积", K::Number, "m²", {"floor_area", "JZMJ"}},
         {"footprint", "建构筑物及堆场占地面积", K::Number, "m²", {"footprint", "JDMJ"}},
     })},
    {"proposals", "拟建项目", "XMYD",
     {
         {"id", "项目编号", K::Text, "", {"id", "XMBH", "DKBH"}},
         {"name", "项目名称", K::Text, "", {"name", "XMMC", "DKMC"}},
         {"category", "项目类别", K::Text, "", {"category", "XMLB", "项目类别"}},
         // What the project is and whether it is a listed major project (DOMAIN §6).
         {"activity", "项目类型", K::Text, "", {"activity", "XMLX", "项目类型", "JSNR", "建设内容"}},
         {"major", "重大项目级别", K::Text, "", {"major", "ZDXMJB", "重大项目级别"}},
     }},
    {"landuse", "国土调查地类图斑", "DLTB",
     {
         {"id", "图斑编号", K::Text, "", {"id", "TBBH"}},
         // The classes are all land use gives: without them no 耕地, 林地 or 湿地 is found.
         {"land_class", "地类编码", K::Text, "", {"land_class", "DLBM"}, true},
         {"class_name", "地类名称", K::Text, "", {"class_name", "DLMC"}},
         {"area", "图斑面积", K::Number, "m²", {"area", "TBMJ"}},
         {"deduction", "扣除地类面积", K::Number, "m²", {"deduction", "KCMJ"}},
         {"class_area", "图斑地类面积", K::Number, "m²", {"class_area", "TBDLMJ"}},
         {"grade", "耕地质量等别", K::Text, "", {"grade", "GDZLDB", "ZLDB", "GDDB", "质量等别"}},
         {"owner", "权属单位名称", K::Text, "", {"owner", "QSDWMC"}},
         {"location", "坐落单位名称", K::Text, "", {"location", "ZLDWMC"}},
     }},
    {"approvals", "建设用地批准", "PZWJSTD",
     {
         {"id", "批次编号", K::Text, "", {"id", "PCBH", "XMBH"}},
         {"name", "批次名称", K::Text, "", {"name", "PCMC", "XMMC"}},
         {"approval_no", "批准文号", K::Text, "", {"approval_no", "PZWH"}},
         {"approval_date", "批准日期", K::Date, "", {"approval_date", "PZRQ"}},
         {"approved_area", "批准面积", K::Number, "公顷", {"approved_area", "PZMJ"}},
         {"kind", "批准类型", K::Text, "", {"kind", "PZLX"}},
         {"withdrawn_area", "撤回面积", K::Number, "公顷", {"withdrawn_area", "CHMJ"}},
         {"reduced_area", "核减面积", K::Number, "公顷", {"reduced_area", "HJMJ"}},
     }},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const Role> roles() { return kRoles; }

const Role* find_role(std::string_view name) {
  for (const Role& r : kRoles)
    if (r.name == name) return &r;
  return nullptr;
}

const CanonicalField* find_field(const Role& role, std::string_view canonical) {
  for (const CanonicalField& f : role.fields)
    if (f.name == canonical) return &f;
  return nullptr;
}

ResolvedFields resolve_fields(const Role& role, const std::vector<FieldDef>& fields,
                              const FieldMapping& explicit_mapping, const std::string& where) {
  auto source_name = [&](std::string_view wanted) -> const FieldDef* {
    for (const FieldDef& f : fields)
      if (iequals(f.name, wanted)) return &f;
    return nullptr;
  };
  ResolvedFields res;
  FieldMapping& out = res.mapping;
  for (const auto& [canonical, source] : explicit_mapping) {
    if (!find_field(role, canonical))
      throw Error(where, "fields." + canonical + ": '" + canonical +
                             "' is not a field of role " + std::string(role.name));
    const FieldDef* f = source_name(source);
    if (!f)
      throw Error(where, "fields." + canonical + " = \"" + source +
                             "\": the layer has no field named " + source);
    out[canonical] = f->name;
  }
  auto detected = [&](const CanonicalField& cf, const std::string& source) {
    out[std::string(cf.name)] = source;
    if (!iequals(source, cf.name)) res.report.guessed[source] = std::string(cf.name);
  };
  for (const CanonicalField& cf : role.fields) {
    if (out.count(std::string(cf.name))) continue;
    std::vector<std::string> found;
    for (std::string_view cand : cf.candidates)
      if (const FieldDef* f = source_name(cand)) found.push_back(f->name);
    if (found.size() == 1) {
      detected(cf, found.front());
    } else if (found.size() > 1) {
      std::string list;
      for (const auto& n : found) list += (list.empty() ? "" : " and ") + n;
      throw Error(where, std::string(role.name) + " field '" + std::string(cf.name) + "' (" +
                             std::string(cf.alias) + ") could be " + list +
                             ": name one in [layers." + std::string(role.name) + ".fields]");
    }
  }
  // Chinese data often names a field by its alias (地类编码 rather than DLBM): a last resort,
  // after every candidate, so it never takes a field a candidate claimed.
  auto taken = [&](const std::string& source) {
    return std::any_of(out.begin(), out.end(), [&](const auto& m) { return m.second == source; });
  };
  for (const CanonicalField& cf : role.fields) {
    if (out.count(std::string(cf.name))) continue;
    const FieldDef* f = source_name(cf.alias);
    if (f && !taken(f->name)) {
      detected(cf, f->name);
    } else {
      res.report.missing.push_back(std::string(cf.name));
    }
  }
  return res;
}

FieldMapping resolve_mapping(const Role& role, const std::vector<FieldDef>& fields,
                             const FieldMapping& explicit_mapping, const std::string& where) {
  return resolve_fields(role, fields, explicit_mapping, where).mapping;
}

void FieldReport::merge(const FieldReport& other) {
  for (const std::string& m : other.missing)
    if (std::find(missing.begin(), missing.end(), m) == missing.end()) missing.push_back(m);
  guessed.insert(other.guessed.begin(), other.guessed.end());
}

std::string field_report_text(std::string_view role_name, const FieldReport& report,
                              bool chinese_only) {
  if (report.empty()) return {};
  const Role* role = find_role(role_name);
  // "land_class（地类编码）" on the console, "地类编码" in a deliverable.
  auto named = [&](const std::string& canonical) -> std::string {
    const CanonicalField* cf = role ? find_field(*role, canonical) : nullptr;
    if (!cf) return canonical;
    return chinese_only ? std::string(cf->alias) : canonical + "（" + std::string(cf->alias) + "）";
  };
  const std::string layer = role ? std::string(role->alias) + "图层" : std::string(role_name);
  std::string s = chinese_only ? layer : layer + "（" + std::string(role_name) + "）";
  if (!report.missing.empty()) {
    std::string list;
    for (const std::string& m : report.missing) list += (list.empty() ? "" : "、") + named(m);
    s += "缺少字段 " + list + "，相应取值按空值处理";
    if (!chinese_only) s += "（可在 [layers." + std::string(role_name) + ".fields] 中指定）";
  }
  if (!report.guessed.empty()) {
    std::string list;
    for (const auto& [source, canonical] : report.guessed)
      list += (list.empty() ? "" : "、") + source + " → " +
              (chinese_only ? named(canonical) : canonical);
    s += std::string(report.missing.empty() ? "" : "；") + "按字段名识别：" + list;
  }
  return s;
}

std::string guess_role(std::string_view layer_name, const std::vector<FieldDef>& fields) {
  std::string upper(layer_name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Role& r : kRoles)
    if (upper.find(r.typical_layer) != std::string::npos) return std::string(r.name);
  // Count source-specific candidates (not the shared English names like "id" or "name").
  std::string best;
  int best_hits = 1;  // at least two distinctive fields
  for (const Role& r : kRoles) {
    int hits = 0;
    for (const CanonicalField& cf : r.fields)
      for (std::size_t i = 1; i < cf.candidates.size(); ++i)
        for (const FieldDef& f : fields)
          if (iequals(f.name, cf.candidates[i])) ++hits;
    if (hits > best_hits) {
      best_hits = hits;
      best = r.name;
    }
  }
  return best;
}

std::optional<bool> to_flag(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i != 0;
  if (const auto* d = std::get_if<double>(&v)) return *d != 0;
  const auto* s = std::get_if<std::string>(&v);
  if (!s) return std::nullopt;
  std::string t;
  for (char c : *s)
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  for (std::string_view yes : {"是", "已", "有", "Y", "y", "YES", "yes", "true", "TRUE", "1", "√"})
    if (t == yes) return true;
  for (std::string_view no : {"否", "未", "无", "N", "n", "NO", "no", "false", "FALSE", "0", "×"})
    if (t == no) return false;
  return std::nullopt;
}

}  // namespace tudi
