#include "tudi/core/result_fields.hpp"

namespace tudi {
namespace {

// Layer-specific entries first (the same English name means another thing there), then the
// generic ones. Short names are pinyin initials as the bureaus' own tables spell them
// (DKBH 地块编号, DKMC 地块名称, XMBH 项目编号, DLBM 地类编码, KFQDM 开发区代码, PZWH 批准文号 …);
// areas say their unit and whether they are ellipsoidal (official) or planar.
const std::vector<ResultField> kFields = {
    // 三线核查: overlaps (one piece of a proposal in one control feature)
    {"overlaps", "AREA_M2", "CDMJ", "重叠面积（平方米，平面）"},
    {"overlaps", "ELL_M2", "CDTQMJ", "重叠面积（平方米，椭球）"},
    {"overlaps", "AREA_MU", "CDMU", "重叠面积（亩，椭球）"},
    // 三线核查: the state of each control line
    {"check_lines", "REASON", "YY", "未核查原因"},
    // 开发区评价: zones and the scenario's zones
    {"zones", "id", "KFQDM", "开发区代码"},
    {"zones", "name", "KFQMC", "开发区名称"},
    {"scenario_zones", "id", "KFQDM", "开发区代码"},
    {"scenario_zones", "name", "KFQMC", "开发区名称"},
    {"scenario_zones", "status", "QJCZ", "情景操作"},
    {"zones", "kind", "KFQLX", "开发区类型"},
    {"scenario_zones", "kind", "KFQLX", "开发区类型"},
    {"new_areas", "name", "KFQMC", "开发区名称"},
    {"conflicts", "kind", "CTLXDM", "冲突类型代码"},
    {"conflicts", "kind_label", "CTLX", "冲突类型"},
    {"candidates", "rank", "ZHPM", "综合排名"},
    // 土地供应
    {"ready_parcels", "label", "ZBCD", "准备程度"},
    {"idle_parcels", "label", "XZZT", "闲置状态"},
    {"unsupplied_approved", "name", "PCMC", "批次名称"},
    {"unsupplied_approved", "area_m2", "WGMJ", "批而未供面积（平方米，椭球）"},
    {"unsupplied_approved", "area_mu", "WGMU", "批而未供面积（亩，椭球）"},
    {"unsupplied_approved", "supply_rate", "GDL", "批次供地率（%）"},
    // 项目台账
    {"ledger_projects", "level", "XMJB", "项目级别"},
    {"ledger_projects", "land_id", "YDBH", "用地编号（地块或拟建项目）"},

    // 三线核查 (check's own upper-case names)
    {"", "PROP_ID", "XMBH", "项目编号"},
    {"", "PROP_NAME", "XMMC", "项目名称"},
    {"", "CATEGORY", "XMLB", "项目类别"},
    {"", "STATUS", "HCZT", "核查状态"},
    {"", "SEVERITY", "JLDJ", "结论等级"},
    {"", "AREA_M2", "ZDMJ", "占地面积（平方米，平面）"},
    {"", "RED_M2", "HXMJ", "生态保护红线重叠面积（平方米，平面）"},
    {"", "FARM_M2", "NTMJ", "永久基本农田重叠面积（平方米，平面）"},
    {"", "OUT_M2", "BJWMJ", "城镇开发边界外面积（平方米，平面）"},
    {"", "ZONE", "KFQMC", "所在开发区"},
    {"", "TEXT", "JL", "结论（或未核查原因）"},
    {"", "LINE", "KZXDM", "控制线代码"},
    {"", "LINE_NAME", "KZXMC", "控制线名称"},
    {"", "SRC_FID", "YSFID", "来源要素FID"},
    {"", "SRC_ID", "YSBH", "来源要素编号"},
    {"", "DLBM", "DLBM", "地类编码"},
    {"", "DLMC", "DLMC", "地类名称"},
    {"", "DKYT", "DKYT", "地块用途"},
    {"", "CONTROL", "GKFQ", "管控分区（功能分区）"},
    {"", "SLIVER", "SFSP", "疑似碎片（1=是）"},
    {"", "CHECKED", "SFHC", "是否核查（1=是）"},
    {"", "COMPARED", "BDYSS", "比对要素数"},
    {"", "VERSION", "SJBB", "数据版本"},
    {"", "DOCUMENT", "PZWJ", "批准文件"},
    {"", "DATE", "SJRQ", "数据日期"},
    // 土地供应, 项目匹配, 开发区评价, 项目台账 (lower-case names)
    {"", "id", "DKBH", "地块编号"},
    {"", "name", "DKMC", "地块名称"},
    {"", "parcel_id", "DKBH", "地块编号"},
    {"", "zone", "KFQDM", "开发区代码"},
    {"", "zone_name", "KFQMC", "开发区名称"},
    {"", "area_m2", "MJ", "面积（平方米，椭球）"},
    {"", "area_mu", "MU", "面积（亩，椭球）"},
    {"", "area_ha", "GQ", "面积（公顷，椭球）"},
    {"", "readiness", "ZBCDDM", "准备程度代码"},
    {"", "infra_grade", "JCSS", "基础设施条件"},
    {"", "missing_indicators", "QSZB", "缺少的标准地指标"},
    {"", "status", "XZZTDM", "闲置状态代码"},
    {"", "idle_years", "XZNS", "闲置年数"},
    {"", "counted_from", "QSRQ", "起算日期"},
    {"", "consequence", "CZYJ", "处置意见"},
    {"", "fee", "XZF", "土地闲置费（万元）"},
    {"", "unused", "GEWY", "供而未用（1=是）"},
    {"", "text", "SM", "说明"},
    {"", "flags", "DXLX", "低效用地类型"},
    {"", "batch_id", "PCBH", "批次编号"},
    {"", "approval_no", "PZWH", "批准文号"},
    {"", "approval_date", "PZRQ", "批准日期"},
    {"", "supply_rate", "TDGYL", "土地供应率（%）"},
    {"", "level", "JB", "级别"},
    {"", "kind", "LX", "类型"},
    {"", "kind_label", "LXMC", "类型名称"},
    {"", "eval_type", "PJLX", "评价类型"},
    {"", "development_rate", "TDKFL", "土地开发率（%）"},
    {"", "built_rate", "TDJCL", "土地建成率（%）"},
    {"", "industrial_rate", "GYYDL", "工业用地率（%）"},
    {"", "far", "ZHRJL", "综合容积率"},
    {"", "industrial_far", "GYRJL", "工业用地综合容积率"},
    {"", "building_coefficient", "JZXS", "工业用地建筑系数（%）"},
    {"", "industrial_investment", "TRQD", "工业用地固定资产投入强度（万元/公顷）"},
    {"", "industrial_investment_mu", "TRQDMU", "工业用地固定资产投入强度（万元/亩）"},
    {"", "industrial_tax", "GYSS", "工业用地地均税收（万元/公顷）"},
    {"", "industrial_tax_mu", "GYSSMU", "工业用地地均税收（万元/亩）"},
    {"", "tax_per_area", "ZHSS", "综合地均税收（万元/公顷）"},
    {"", "tax_per_area_mu", "ZHSSMU", "综合地均税收（万元/亩）"},
    {"", "idle_rate", "XZL", "闲置土地率（%）"},
    {"", "unsupplied_approved_area", "PEWGMJ", "批而未供土地面积（公顷）"},
    {"", "idle_area", "XZMJ", "闲置土地面积（公顷）"},
    {"", "composite", "ZHDF", "综合得分"},
    {"", "comp_rank", "ZHPM", "综合排名"},
    {"", "sources", "LYKFQ", "来源开发区"},
    {"", "added_ha", "KQMJ", "扩区面积（公顷，椭球）"},
    {"", "blocking", "CTJZ", "存在禁止类冲突（1=是）"},
    {"", "conclusion", "JL", "结论"},
    {"", "severity", "JLDJ", "结论等级"},
    {"", "source_id", "YSBH", "来源要素编号"},
    {"", "sliver", "SFSP", "疑似碎片（1=是）"},
    {"", "rank", "PM", "排名"},
    {"", "rank_area", "MJPM", "面积排名"},
    {"", "rank_compact", "JCPM", "紧凑度排名"},
    {"", "perimeter_m", "ZC", "周长（米）"},
    {"", "compactness", "JCD", "紧凑度"},
    {"", "unsupplied_mu", "PEWGMU", "其中批而未供（亩）"},
    {"", "projects", "HXXMS", "候选项目数"},
    {"", "best_project", "ZYXM", "得分最高项目"},
    {"", "best_score", "ZYDF", "最高得分"},
    {"", "project_ids", "HXXM", "候选项目编号"},
    {"", "assigned_to", "FPXM", "分配给项目"},
    {"", "project_id", "XMBH", "项目编号"},
    {"", "project", "XMMC", "项目名称"},
    {"", "project_name", "XMMC", "项目名称"},
    {"", "score", "DF", "得分"},
    {"", "land", "ZHDK", "分配地块（组合）"},
    {"", "land_area_mu", "ZHMU", "分配地块面积（亩）"},
    {"", "light", "YJDM", "预警等级代码"},
    {"", "light_label", "YJDJ", "预警等级"},
    {"", "department", "ZRDW", "责任单位"},
    {"", "warnings", "YJS", "预警数"},
    {"", "warning_text", "YJNR", "预警内容"},
    {"", "missing", "QSYS", "尚缺要素保障"},
};

}  // namespace

const std::vector<ResultField>& result_fields() { return kFields; }

const ResultField* result_field(std::string_view layer, std::string_view field) {
  const ResultField* generic = nullptr;
  for (const ResultField& f : kFields) {
    if (f.field != field) continue;
    if (f.layer == layer) return &f;
    if (f.layer.empty() && !generic) generic = &f;
  }
  return generic;
}

std::vector<FieldLabel> result_field_labels(std::string_view layer, const std::vector<FieldDef>& fields) {
  std::vector<FieldLabel> out;
  out.reserve(fields.size());
  for (const FieldDef& f : fields) {
    const ResultField* r = result_field(layer, f.name);
    out.push_back(r ? FieldLabel{std::string(r->short_name), std::string(r->alias)} : FieldLabel{});
  }
  return out;
}

}  // namespace tudi
