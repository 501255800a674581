// The analyses as the viewer runs them: gather the loaded layers, call the library on a worker
// thread, then show the result struct and its layers. No analysis logic lives here.

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QStatusBar>
#include <QTextBrowser>

#include <cmath>
#include <set>

#include "attribute_table.hpp"
#include "main_window.hpp"
#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/ledger/output.hpp"
#include "tudi/match/output.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/zones/output.hpp"

namespace tudi::view {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(double v, int decimals = 2) { return QString::number(v, 'f', decimals); }

QString severity_colour(check::Severity s) {
  switch (s) {
    case check::Severity::Ok: return "#2e7d32";
    case check::Severity::Justify: return "#f9a825";
    case check::Severity::Approval: return "#ef6c00";
    case check::Severity::Blocking: return "#c62828";
  }
  return "#000";
}

check::Settings check_rules(const std::optional<Project>& project) {
  const Project p = project ? *project : Project{};
  return check::load_settings(load_rule_pack(p, "check"));
}

}  // namespace

void MainWindow::check_polygon(const MapCanvas::Ring& ring) {
  if (crs_.empty()) {
    statusBar()->showMessage(QStringLiteral("请先打开项目或添加控制线图层"), 8000);
    return;
  }
  auto prop = std::make_shared<Layer>();
  prop->name = "绘制范围";
  prop->source = "绘制范围";
  prop->role = "proposals";
  prop->crs = crs_;
  prop->source_crs = crs_;
  prop->fields = {{"XMBH", FieldType::String}, {"XMMC", FieldType::String}};
  prop->mapping = {{"id", "XMBH"}, {"name", "XMMC"}};
  Feature f;
  f.fid = 1;
  f.geometry = geom::polygon({ring});
  f.values = {std::string("HZ-1"), std::string("绘制范围")};
  prop->features.push_back(std::move(f));
  canvas_->clear_sketch();
  remove_results("sketch");
  // The drawn site stays on the map under the results.
  Layer copy;
  copy.name = prop->name;
  copy.crs = prop->crs;
  copy.fields = prop->fields;
  copy.mapping = prop->mapping;
  copy.role = "proposals";
  Feature cf;
  cf.fid = 1;
  cf.geometry = geom::clone(prop->features.front().geometry);
  cf.values = prop->features.front().values;
  copy.features.push_back(std::move(cf));
  add_layer(std::make_shared<Layer>(std::move(copy)), "", "绘制", true, "sketch");

  std::map<std::string, std::shared_ptr<const render::LayerData>> controls;
  for (const std::string& role : check::kRoles)
    if (const ViewLayer* l = model_->by_role(role)) controls[role] = l->map.data;
  const std::string category = category_->currentText().toStdString();
  const std::string activity = activity_->text().trimmed().toStdString();
  const std::string major = major_->currentText().toStdString();
  const crs::Crs working = crs_;
  const std::optional<Project> project = project_;
  auto out = std::make_shared<check::Result>();
  run_task(QStringLiteral("三线核查"), [=](const Progress& p) {
    check::Inputs in;
    in.crs = working;
    in.proposals.push_back(std::move(*prop));
    for (const auto& [role, d] : controls) {
      check::Control c;
      c.layer = &d->layer();
      in.controls[role] = c;
    }
    for (const std::string& role : check::kRoles)
      if (!controls.count(role)) in.unchecked[role] = "未加载或未指定该图层（图层右键 → 用作）";
    check::Options opt;
    opt.category = category;
    opt.activity = activity;
    opt.major = major;
    opt.progress = p;
    *out = check::analyse(in, check_rules(project), opt);
  }, [this, out] {
    last_check_ = out;
    show_check(*out);
  });
}

void MainWindow::check_file(const QString& file) {
  if (crs_.empty()) {
    statusBar()->showMessage(QStringLiteral("请先打开项目或添加控制线图层"), 8000);
    return;
  }
  std::map<std::string, std::shared_ptr<const render::LayerData>> controls;
  for (const std::string& role : check::kRoles)
    if (const ViewLayer* l = model_->by_role(role)) controls[role] = l->map.data;
  const std::string category = category_->currentText().toStdString();
  const crs::Crs working = crs_;
  const std::optional<Project> project = project_;
  const std::string path = file.toStdString();
  auto out = std::make_shared<check::Result>();
  run_task(QStringLiteral("三线核查"), [=](const Progress& p) {
    check::Inputs in;
    in.crs = working;
    io::LayerSource src;
    src.source = path;
    src.role = "proposals";
    in.proposals = check::read_proposals({src}, working);
    for (const auto& [role, d] : controls) {
      check::Control c;
      c.layer = &d->layer();
      in.controls[role] = c;
    }
    for (const std::string& role : check::kRoles)
      if (!controls.count(role)) in.unchecked[role] = "未加载或未指定该图层（图层右键 → 用作）";
    check::Options opt;
    // A TXT's plot header names the use; the toolbar's category applies when it does not.
    opt.progress = p;
    (void)category;
    *out = check::analyse(in, check_rules(project), opt);
  }, [this, out] {
    last_check_ = out;
    show_check(*out);
  });
}

void MainWindow::show_check(const check::Result& r) {
  remove_results("overlaps");
  remove_results("check_proposals");
  std::vector<Layer> layers = check::to_layers(r);
  Envelope where;
  for (Layer& l : layers) {
    // The map shows the overlap pieces and the proposals; check_lines has no geometry.
    if (l.name != "overlaps" && l.name != "proposals") continue;
    const std::string style = l.name == "overlaps" ? "overlaps" : "check_proposals";
    if (l.features.empty()) continue;
    for (const Feature& f : l.features)
      if (f.geometry) where.expand(geom::envelope(f.geometry));
    add_layer(std::make_shared<Layer>(std::move(l)), "", "三线核查", true, style);
  }
  QString h = QStringLiteral("<h3>三线核查</h3><p style='color:#555'>坐标系 %1；规则包 %2</p>")
                  .arg(q(r.crs.label()).toHtmlEscaped(), q(r.rules.path.filename().string()).toHtmlEscaped());
  for (const check::ProposalResult& p : r.proposals) {
    h += QStringLiteral("<h4>%1（%2）</h4>").arg(q(p.name).toHtmlEscaped(), q(p.id).toHtmlEscaped());
    if (!p.checked) {
      h += QStringLiteral("<p style='color:#b00020'>未核查：%1</p>").arg(q(p.reason).toHtmlEscaped());
      continue;
    }
    const QString kind = p.activity.empty()
                             ? QStringLiteral("未对应活动类型，按项目类别核查")
                             : q(p.activity_name).toHtmlEscaped();
    h += QStringLiteral("<p>项目类别：%1；项目类型：%2（%3）；重大项目级别：%4<br>"
                        "用地面积：%5 m²（%6 公顷）；椭球面积 %7 m²（%8 亩）</p>")
             .arg(q(p.category).toHtmlEscaped(), q(p.activity_given).toHtmlEscaped(), kind,
                  q(check::label(p.major)), num(p.area.planar_m2), num(p.area.planar_ha(), 4),
                  num(p.area.ellipsoidal_m2), num(p.area.ellipsoidal_mu(), 4));
    h += QStringLiteral("<table border='1' cellspacing='0' cellpadding='3'>"
                        "<tr><th>控制线</th><th>重叠面积（m²）</th><th>椭球亩</th><th>官方面积（m²）</th>"
                        "<th>占比</th><th>图斑数</th><th>结论</th></tr>");
    for (const std::string& line : check::kLines) {
      auto it = p.lines.find(line);
      QString name = q(check::line_alias(line));
      if (line == "urban") name += QStringLiteral("（边界外）");
      if (it == p.lines.end() || !it->second.checked) {
        const QString why = it == p.lines.end() ? QString() : q(it->second.reason);
        h += QStringLiteral("<tr><td>%1</td><td colspan='6' style='color:#777'>未核查 %2</td></tr>")
                 .arg(name, why.toHtmlEscaped());
        continue;
      }
      const check::LineResult& lr = it->second;
      const bool official = (line == "farmland" || line == "cultivated") && lr.pieces > 0;
      h += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td align='right'>%3</td>"
                          "<td align='right'>%4</td><td align='right'>%5%</td>"
                          "<td align='right'>%6</td><td style='color:%7'>%8</td></tr>")
               .arg(name, num(lr.overlap.planar_m2), num(lr.overlap.ellipsoidal_mu(), 4),
                    official ? num(lr.official_m2) : QStringLiteral("—"), num(lr.share * 100),
                    QString::number(lr.pieces), severity_colour(lr.conclusion.severity),
                    q(check::label(lr.conclusion.severity)));
      for (const auto& [zone, a] : lr.by_zone)
        h += QStringLiteral("<tr><td>　其中 %1</td><td align='right'>%2</td>"
                            "<td align='right'>%3</td><td colspan='4'></td></tr>")
                 .arg(q(zone).toHtmlEscaped(), num(a.planar_m2), num(a.ellipsoidal_mu(), 4));
    }
    h += QStringLiteral("</table>");
    const check::ZoneHit* z = p.zone();
    h += QStringLiteral("<p>开发区：%1</p>")
             .arg(!p.zones_checked ? QStringLiteral("未核查")
                  : z              ? q(z->name).toHtmlEscaped()
                                   : QStringLiteral("不在任何开发区内"));
    h += QStringLiteral("<p><b>结论：<span style='color:%1'>%2</span></b><br>%3<br>"
                        "<span style='color:#555'>依据：%4</span></p>")
             .arg(severity_colour(p.conclusion.severity), q(check::label(p.conclusion.severity)),
                  q(p.conclusion.text).toHtmlEscaped(), q(p.conclusion.basis).toHtmlEscaped());
    for (const std::string line : {"farmland", "cultivated"})
      if (const check::LineResult& lr = p.lines.at(line); !lr.by_class.empty()) {
        h += QStringLiteral("<p>占用%1按地类：").arg(q(check::line_alias(line)));
        for (const auto& [cls, a] : lr.by_class)
          h += QStringLiteral("%1 %2 m²；").arg(q(cls).toHtmlEscaped(), num(a.planar_m2));
        if (line == "cultivated")
          h += QStringLiteral("应落实占补平衡 %1 m²（%2 亩）").arg(num(lr.official_m2),
                                                              num(units::m2_to_mu(lr.official_m2), 4));
        h += QStringLiteral("</p>");
      }
    if (p.landuse.checked && (p.landuse.forest.planar_m2 > 0 || p.landuse.grassland.planar_m2 > 0 ||
                              p.landuse.wetland.planar_m2 > 0))
      h += QStringLiteral("<p>占用林地 %1 m²，草地 %2 m²，湿地 %3 m²</p>")
               .arg(num(p.landuse.forest.planar_m2), num(p.landuse.grassland.planar_m2),
                    num(p.landuse.wetland.planar_m2));
    if (!p.reasons.empty()) {
      h += QStringLiteral("<p>触发规则（首条为决定性规则）：");
      for (const check::Reason& why : p.reasons)
        h += QStringLiteral("<br>%1%2 [%3] %4")
                 .arg(q(check::line_alias(why.line)),
                      why.zone.empty() ? QString() : QStringLiteral("·") + q(why.zone),
                      q(why.conclusion.rule).toHtmlEscaped(), q(check::label(why.conclusion.severity)));
      h += QStringLiteral("</p>");
    }
    for (const std::string& n : p.notes) h += QStringLiteral("<p style='color:#777'>注：%1</p>").arg(q(n).toHtmlEscaped());
  }
  for (const auto& [role, why] : r.unchecked)
    h += QStringLiteral("<p style='color:#777'>%1 未核查：%2</p>").arg(q(check::line_alias(role)), q(why).toHtmlEscaped());
  results_->setHtml(h);
  // The site with its surroundings: enough of the lines around it to see why.
  if (!where.empty()) canvas_->zoom_to(where, 2.5);
}

void MainWindow::run_supply() {
  const ViewLayer* parcels = model_->by_role("parcels");
  if (!project_ || !parcels) {
    statusBar()->showMessage(QStringLiteral("供地分析需要项目文件和供地地块图层"), 8000);
    return;
  }
  std::map<std::string, std::shared_ptr<const render::LayerData>> inputs;
  for (const std::string& role : supply::kRoles)
    if (const ViewLayer* l = model_->by_role(role)) inputs[role] = l->map.data;
  const Project project = *project_;
  struct Out {
    supply::Result result;
    std::vector<Layer> layers;
  };
  auto out = std::make_shared<Out>();
  run_task(QStringLiteral("供地分析"), [=](const Progress& p) {
    supply::Inputs in;
    auto get = [&](const char* role) { return inputs.count(role) ? &inputs.at(role)->layer() : nullptr; };
    in.parcels = get("parcels");
    in.approvals = get("approvals");
    in.redline = get("redline");
    in.farmland = get("farmland");
    in.urban = get("urban");
    in.zones = get("zones");
    out->result = supply::analyse(in, supply::load_settings(project), {p});
    out->layers = supply::to_layers(out->result, *in.parcels);
  }, [this, out] {
    for (const char* s : {"ready_parcels", "idle_parcels", "unsupplied_approved", "inefficient_land"})
      remove_results(s);
    for (Layer& l : out->layers) {
      if (l.features.empty()) continue;
      const std::string style = l.name;
      add_layer(std::make_shared<Layer>(std::move(l)), "", "供地分析", true, style);
    }
    const supply::Result& r = out->result;
    int counts[3] = {0, 0, 0};
    std::map<std::string, int> idle;
    int inefficient = 0;
    for (const supply::ParcelStatus& ps : r.parcels) {
      if (ps.readiness) ++counts[static_cast<int>(ps.readiness->level)];
      if (ps.idle) ++idle[supply::label(ps.idle->state)];
      if (!ps.inefficient.empty()) ++inefficient;
    }
    QString h = QStringLiteral("<h3>供地分析（截至 %1）</h3>").arg(q(r.as_of.iso()));
    h += QStringLiteral("<p>未供地块：净地 %1 宗，标准地 %2 宗，未达供地条件 %3 宗</p>")
             .arg(counts[0]).arg(counts[1]).arg(counts[2]);
    h += QStringLiteral("<p>已供地块：");
    for (const auto& [label, n] : idle) h += QStringLiteral("%1 %2 宗；").arg(q(label)).arg(n);
    h += QStringLiteral("</p><p>低效用地 %1 宗</p>").arg(inefficient);
    if (r.supply_rate)
      h += QStringLiteral("<p>近五年供地率 %1%（要求 ≥ %2%）：%3</p>")
               .arg(num(r.supply_rate->rate * 100, 1), num(r.supply_rate->line * 100, 0),
                    r.supply_rate->meets ? QStringLiteral("达标") : QStringLiteral("<b style='color:#c62828'>未达标</b>"));
    for (const std::string& w : r.not_checked)
      h += QStringLiteral("<p style='color:#777'>未核查：%1</p>").arg(q(w).toHtmlEscaped());
    results_->setHtml(h);
  });
}

void MainWindow::run_match(const QString& projects_file) {
  const ViewLayer* parcels = model_->by_role("parcels");
  if (!project_ || !parcels) {
    statusBar()->showMessage(QStringLiteral("项目匹配需要项目文件和供地地块图层"), 8000);
    return;
  }
  QString file = projects_file;
  if (file.isEmpty()) {
    const QString dir = QFileInfo(q(project_->file.string())).absolutePath();
    file = QFileDialog::getOpenFileName(this, QStringLiteral("选择拟供地项目表"), dir,
                                        QStringLiteral("项目表 (*.csv *.xlsx);;所有文件 (*)"));
    if (file.isEmpty()) return;
  }
  const Project project = *project_;
  const std::string path = file.toStdString();
  struct Out {
    match::Result result;
    Layer parcels;
    std::vector<Layer> layers;
    std::string summary;
  };
  auto out = std::make_shared<Out>();
  run_task(QStringLiteral("项目匹配"), [=](const Progress& p) {
    match::Options mo;
    mo.progress = p;
    out->result = match::run(project, path, mo, &out->parcels);
    out->layers = match::to_layers(out->result, out->parcels);
    out->summary = match::summary_text(out->result);
  }, [this, out] {
    for (const char* s : {"match_candidates", "match_assigned"}) remove_results(s);
    std::string candidates_id;
    for (Layer& l : out->layers) {
      if (l.features.empty()) continue;
      const std::string style = l.name;
      add_layer(std::make_shared<Layer>(std::move(l)), "", "项目匹配", true, style);
    }
    results_->setHtml(QStringLiteral("<h3>标准地项目匹配</h3><pre style='white-space:pre-wrap'>%1</pre>")
                          .arg(q(out->summary).toHtmlEscaped()));
    // Pick a project: its candidate parcels are selected on the map.
    QStringList names;
    for (const match::ProjectResult& pr : out->result.projects)
      names << q(pr.project.id + " " + pr.project.name);
    if (names.isEmpty() || QGuiApplication::platformName() == "offscreen") return;
    bool ok = false;
    const QString pick = QInputDialog::getItem(this, QStringLiteral("选择项目"),
                                               QStringLiteral("查看该项目的候选地块："), names, 0, false, &ok);
    if (!ok) return;
    const match::ProjectResult& pr = out->result.projects[static_cast<std::size_t>(names.indexOf(pick))];
    std::set<std::string> ids;
    for (const match::Candidate& c : pr.candidates)
      for (const std::string& id : c.parcel_ids) ids.insert(id);
    for (const ViewLayer& l : model_->layers()) {
      if (l.map.style.name != "match_candidates") continue;
      const Layer& layer = l.map.data->layer();
      const int fi = layer.field_index("parcel_id");
      std::vector<std::size_t> sel;
      Envelope e;
      for (std::size_t i = 0; i < layer.features.size(); ++i)
        if (fi >= 0 && ids.count(to_text(layer.features[i].values[static_cast<std::size_t>(fi)]))) {
          sel.push_back(i);
          e.expand(l.map.data->envelope(i));
        }
      model_->set_selection(l.map.id, sel);
      if (!e.empty()) canvas_->zoom_to(e, 0.5);
    }
  });
}

void MainWindow::run_zones() {
  if (!project_ || !model_->by_role("zones") || !model_->by_role("parcels")) {
    statusBar()->showMessage(QStringLiteral("开发区评价需要项目文件、开发区和供地地块图层"), 8000);
    return;
  }
  std::map<std::string, std::shared_ptr<const render::LayerData>> inputs;
  for (const std::string& role : zones::roles(false))
    if (const ViewLayer* l = model_->by_role(role)) inputs[role] = l->map.data;
  const Project project = *project_;
  struct Out {
    zones::Result result;
    std::vector<Layer> layers;
    bool scenario = false;
  };
  auto out = std::make_shared<Out>();
  run_task(QStringLiteral("开发区评价"), [=](const Progress& p) {
    zones::Inputs in;
    auto get = [&](const char* role) { return inputs.count(role) ? &inputs.at(role)->layer() : nullptr; };
    in.zones = get("zones");
    in.parcels = get("parcels");
    in.approvals = get("approvals");
    in.farmland = get("farmland");
    in.redline = get("redline");
    in.urban = get("urban");
    in.landuse = get("landuse");
    zones::Options opt;
    // The project's scenario file (一区多园, 扩区) is simulated when it sits beside tudi.toml.
    std::optional<zones::Scenario> scenario;
    const auto file = project.file.parent_path() / "scenario.toml";
    if (std::filesystem::exists(file)) {
      scenario = zones::load_scenario(file);
      opt.scenario = &*scenario;
      out->scenario = true;
    }
    opt.progress = p;
    out->result = zones::analyse(in, zones::load_settings(project), opt);
    out->layers = zones::to_layers(out->result);
  }, [this, out] {
    std::vector<std::string> names;
    for (Layer& l : out->layers) {
      if (l.features.empty()) continue;
      remove_results(l.name);
      names.push_back(l.name);
      const std::string style = l.name;
      add_layer(std::make_shared<Layer>(std::move(l)), "", "开发区评价", true, style);
    }
    QString h = QStringLiteral("<h3>开发区评价</h3><p>评价开发区 %1 个%2。</p>")
                    .arg(out->result.zones.size())
                    .arg(out->scenario ? QStringLiteral("，并模拟了 scenario.toml 中的调整方案") : QString());
    h += QStringLiteral("<p>结果图层：%1</p>").arg(q([&] {
      std::string j;
      for (const std::string& n : names) j += (j.empty() ? "" : "、") + n;
      return j;
    }()).toHtmlEscaped());
    for (const std::string& w : out->result.not_checked)
      h += QStringLiteral("<p style='color:#777'>未核查：%1</p>").arg(q(w).toHtmlEscaped());
    for (const std::string& w : out->result.warnings)
      h += QStringLiteral("<p style='color:#b26a00'>%1</p>").arg(q(w).toHtmlEscaped());
    results_->setHtml(h);
  });
}

void MainWindow::run_ledger(const QString& file) {
  if (!project_) {
    statusBar()->showMessage(QStringLiteral("项目台账预警需要项目文件"), 8000);
    return;
  }
  QString path = file;
  if (path.isEmpty() && !project_->sections.count("ledger")) {
    if (QGuiApplication::platformName() == "offscreen") return;
    const QString dir = QFileInfo(q(project_->file.string())).absolutePath();
    path = QFileDialog::getOpenFileName(this, QStringLiteral("选择重点项目台账"), dir,
                                        QStringLiteral("台账 (*.xlsx *.csv);;所有文件 (*)"));
    if (path.isEmpty()) return;
  }
  const Project project = *project_;
  struct Out {
    ledger::Result result;
    Layer layer;
  };
  auto out = std::make_shared<Out>();
  const std::string chosen = path.toStdString();
  run_task(QStringLiteral("项目台账预警"), [=](const Progress& p) {
    ledger::Options o;
    o.file = chosen;
    o.progress = p;
    ledger::ProjectRun run = ledger::run_project(project, o);
    out->layer = ledger::to_layer(run.result, run.layers.find("parcels"), run.layers.find("proposals"));
    out->result = std::move(run.result);
  }, [this, out] {
    remove_results("ledger_projects");
    // Identify on this layer lists each project's warnings (warning_text) and what it lacks.
    if (!out->layer.features.empty())
      add_layer(std::make_shared<Layer>(std::move(out->layer)), "", "项目台账", true, "ledger_projects");
    const ledger::Result& r = out->result;
    using ledger::Light;
    QString h = QStringLiteral("<h3>项目台账预警（截至 %1）</h3><p>%2 个项目：红灯 %3，黄灯 %4，绿灯 %5</p>")
                    .arg(q(r.as_of.iso()))
                    .arg(r.projects.size())
                    .arg(r.count(Light::red))
                    .arg(r.count(Light::yellow))
                    .arg(r.count(Light::green));
    for (const ledger::ProjectStatus& ps : r.projects) {
      if (ps.light == Light::green) continue;
      h += QStringLiteral("<p><b style='color:%1'>%2</b> %3 %4（%5）</p><ul>")
               .arg(ps.light == Light::red ? "#c62828" : "#f9a825", q(ledger::label(ps.light)),
                    q(ps.id).toHtmlEscaped(), q(ps.name).toHtmlEscaped(), q(ps.department).toHtmlEscaped());
      for (const ledger::Warning& w : ps.warnings)
        h += QStringLiteral("<li>%1：%2</li>").arg(q(ledger::label(w.level)), q(w.text).toHtmlEscaped());
      h += QStringLiteral("</ul>");
    }
    for (const ledger::Problem& pr : r.problems)
      h += QStringLiteral("<p style='color:#777'>数据问题 %1：%2</p>")
               .arg(q(pr.where).toHtmlEscaped(), q(pr.text).toHtmlEscaped());
    results_->setHtml(h);
  });
}

}  // namespace tudi::view
