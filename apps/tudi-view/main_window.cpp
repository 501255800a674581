#include "main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "attribute_table.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/roles.hpp"
#include "tudi/crs/transform.hpp"
#include "tudi/project/sources.hpp"
#include "tudi/project/title.hpp"
#include "tudi/render/fonts.hpp"
#include "tudi/render/furniture.hpp"

namespace tudi::view {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// Roles in the order the project is read.
std::vector<std::string> all_roles() {
  std::vector<std::string> out;
  for (const Role& r : roles()) out.emplace_back(r.name);
  return out;
}

}  // namespace

/// What a reading task hands to the GUI thread: layers ready to draw, in the working CRS.
struct Loaded {
  std::optional<Project> project;
  crs::Crs crs;
  struct One {
    std::string role, source;
    std::shared_ptr<const render::LayerData> data;
    std::string key;  // matches a layer with its preview (MainWindow::previews_)
    std::string suggested{};  // a loose file's suggested role: its style, shown as a hint
  };
  std::vector<One> layers;
  std::vector<std::string> notes;
  std::string crs_why;  // how the working CRS was chosen, when it was chosen for these layers
};

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(QStringLiteral("tudi 土地 — 地图查看"));
  setAcceptDrops(true);
  model_ = new LayerTreeModel(this);
  canvas_ = new MapCanvas(model_, this);
  setCentralWidget(canvas_);
  build_docks();
  build_menus();
  coords_ = new QLabel(this);
  scale_ = new QLabel(this);
  progress_ = new QProgressBar(this);
  progress_->setRange(0, 1000);
  progress_->setMaximumWidth(260);
  progress_->setVisible(false);
  cancel_ = new QPushButton(QStringLiteral("取消"), this);
  cancel_->setVisible(false);
  statusBar()->addWidget(coords_, 1);
  statusBar()->addPermanentWidget(scale_);
  statusBar()->addPermanentWidget(progress_);
  statusBar()->addPermanentWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, [this] {
    if (cancel_flag_) *cancel_flag_ = true;
  });
  connect(canvas_, &MapCanvas::cursor_moved, this, &MainWindow::update_cursor);
  connect(canvas_, &MapCanvas::identify_requested, this, &MainWindow::identify);
  connect(canvas_, &MapCanvas::polygon_drawn, this, &MainWindow::check_polygon);
  auto show_scale = [this] {
    const double sc = canvas_->settings().scale();
    scale_->setText(QStringLiteral("比例尺 1:%L1").arg(std::round(sc), 0, 'f', 0));
  };
  connect(canvas_, &MapCanvas::extent_changed, this, show_scale);
  connect(canvas_, &MapCanvas::render_finished, this, [this, show_scale](double ms) {
    show_scale();
    statusBar()->showMessage(QStringLiteral("绘制用时 %1 毫秒").arg(ms, 0, 'f', 0), 3000);
  });
  choose_field_ = [this](const QString& question, const QStringList& fields) {
    bool ok = false;
    const QString pick =
        QInputDialog::getItem(this, QStringLiteral("用作"), question, fields, 0, false, &ok);
    return ok ? pick : QString();
  };
  resize(1400, 900);
}

MainWindow::~MainWindow() {
  if (cancel_flag_) *cancel_flag_ = true;
  if (worker_.joinable()) worker_.join();
  // The docks' destroyed() handlers erase from tables_: delete them while tables_ still exists
  // (QMainWindow's destructor would delete them after it is gone).
  for (AttributeTable* t : std::vector<AttributeTable*>(tables_)) delete t->parentWidget();
}

void MainWindow::closeEvent(QCloseEvent* e) {
  if (cancel_flag_) *cancel_flag_ = true;
  e->accept();
}

// ------------------------------------------------------------------------------ layout

void MainWindow::build_docks() {
  tree_ = new QTreeView(this);
  tree_->setModel(model_);
  tree_->setHeaderHidden(true);
  tree_->setDragDropMode(QAbstractItemView::InternalMove);
  tree_->setDefaultDropAction(Qt::MoveAction);
  tree_->setContextMenuPolicy(Qt::CustomContextMenu);
  tree_->setIconSize(QSize(32, 20));
  connect(tree_, &QTreeView::customContextMenuRequested, this, &MainWindow::layer_menu);
  connect(model_, &QAbstractItemModel::modelReset, tree_, [this] { tree_->expandAll(); });
  connect(tree_, &QTreeView::doubleClicked, this, [this](const QModelIndex& ix) {
    if (ix.isValid() && ix.internalId() == 0) open_attribute_table(model_->id_at(ix));
  });
  auto* layers = new QDockWidget(QStringLiteral("图层与图例"), this);
  layers->setObjectName("layers");
  layers->setWidget(tree_);
  addDockWidget(Qt::LeftDockWidgetArea, layers);

  identify_ = new QTreeWidget(this);
  identify_->setColumnCount(2);
  identify_->setHeaderLabels({QStringLiteral("字段"), QStringLiteral("值")});
  identify_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  auto* ident = new QDockWidget(QStringLiteral("要素识别"), this);
  ident->setObjectName("identify");
  ident->setWidget(identify_);
  addDockWidget(Qt::RightDockWidgetArea, ident);

  results_ = new QTextBrowser(this);
  results_->setOpenExternalLinks(false);
  results_->setHtml(QStringLiteral("<p style='color:#666'>在地图上绘制范围（分析 → 绘制范围核查），"
                                   "或载入界址点文件，即可查看三线核查结论。</p>"));
  auto* res = new QDockWidget(QStringLiteral("分析结果"), this);
  res->setObjectName("results");
  res->setWidget(results_);
  addDockWidget(Qt::RightDockWidgetArea, res);
  resizeDocks({layers}, {300}, Qt::Horizontal);
  resizeDocks({ident, res}, {380, 380}, Qt::Horizontal);
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu(QStringLiteral("文件(&F)"));
  QAction* open = file->addAction(QStringLiteral("打开项目…"), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, QStringLiteral("打开项目"), {},
                                                   QStringLiteral("tudi 项目 (tudi.toml *.toml)"));
    if (!f.isEmpty()) open_project(f);
  });
  open->setShortcut(QKeySequence::Open);
  QAction* add = file->addAction(QStringLiteral("添加图层…"), this, [this] {
    const QStringList f = QFileDialog::getOpenFileNames(
        this, QStringLiteral("添加图层"), {},
        QStringLiteral("空间数据 (*.shp *.gpkg *.geojson *.json *.txt);;所有文件 (*)"));
    if (!f.isEmpty()) add_sources(f);
  });
  file->addSeparator();
  QAction* png = file->addAction(QStringLiteral("导出当前视图为 PNG…"), this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, QStringLiteral("导出 PNG"), "map.png", "PNG (*.png)");
    if (!f.isEmpty()) export_png(f);
  });
  QAction* pdf = file->addAction(QStringLiteral("导出当前视图为 PDF…"), this, [this] {
    const QString f = QFileDialog::getSaveFileName(this, QStringLiteral("导出 PDF"), "map.pdf", "PDF (*.pdf)");
    if (!f.isEmpty()) export_pdf(f);
  });
  file->addSeparator();
  file->addAction(QStringLiteral("退出"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(QStringLiteral("视图(&V)"));
  auto* tools = new QActionGroup(this);
  auto tool = [&](const QString& name, MapCanvas::Tool t, const QString& key) {
    QAction* a = view->addAction(name, this, [this, t] { canvas_->set_tool(t); });
    a->setCheckable(true);
    a->setShortcut(QKeySequence(key));
    tools->addAction(a);
    return a;
  };
  QAction* pan = tool(QStringLiteral("平移"), MapCanvas::Tool::Pan, "P");
  pan->setChecked(true);
  QAction* zoom = tool(QStringLiteral("拉框放大"), MapCanvas::Tool::ZoomBox, "Z");
  QAction* ident = tool(QStringLiteral("识别要素"), MapCanvas::Tool::Identify, "I");
  view->addSeparator();
  QAction* full = view->addAction(QStringLiteral("全图"), canvas_, &MapCanvas::zoom_full);
  full->setShortcut(QKeySequence("Ctrl+Shift+F"));
  view->addAction(QStringLiteral("缩放到所选图层"), this, [this] {
    const ViewLayer* l = model_->find(model_->id_at(tree_->currentIndex()));
    if (l && l->map.data) canvas_->zoom_to(l->map.data->extent());
  });
  view->addAction(QStringLiteral("清除选择"), model_, &LayerTreeModel::clear_selections);

  QMenu* an = menuBar()->addMenu(QStringLiteral("分析(&A)"));
  QAction* sketch = an->addAction(QStringLiteral("绘制范围核查（三线）"), this, [this] {
    canvas_->set_tool(MapCanvas::Tool::Sketch);
    statusBar()->showMessage(QStringLiteral("单击添加顶点，双击或右键结束，Esc 取消"), 8000);
  });
  sketch->setCheckable(true);
  tools->addAction(sketch);
  an->addAction(QStringLiteral("核查界址点文件…"), this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, QStringLiteral("界址点坐标文件"), {},
                                                   QStringLiteral("界址点 TXT (*.txt);;空间数据 (*.shp *.gpkg *.geojson)"));
    if (!f.isEmpty()) check_file(f);
  });
  an->addSeparator();
  an->addAction(QStringLiteral("供地分析（熟地、闲置、批而未供、低效）"), this, &MainWindow::run_supply);
  an->addAction(QStringLiteral("标准地项目匹配…"), this, [this] { run_match(); });
  zones_action_ = an->addAction(QStringLiteral("开发区评价（含调整方案）"), this, &MainWindow::run_zones);
  an->addAction(QStringLiteral("项目台账预警（红灯、黄灯）…"), this, [this] { run_ledger(); });

  QMenu* help = menuBar()->addMenu(QStringLiteral("帮助(&H)"));
  help->addAction(QStringLiteral("关于 tudi-view"), this, [this] {
    results_->setHtml(QStringLiteral(
        "<h3>tudi-view</h3><p>土地分析地图查看器。拖动平移，滚轮缩放，Z 拉框放大，I 识别要素；"
        "把 Shapefile、GeoPackage 或界址点 TXT 拖入窗口即可添加图层。</p>"));
  });

  QToolBar* tb = addToolBar(QStringLiteral("工具"));
  tb->setObjectName("tools");
  tb->addAction(open);
  tb->addAction(add);
  tb->addSeparator();
  tb->addAction(pan);
  tb->addAction(zoom);
  tb->addAction(ident);
  tb->addAction(full);
  tb->addSeparator();
  tb->addAction(sketch);
  tb->addWidget(new QLabel(QStringLiteral(" 项目类别 "), this));
  category_ = new QComboBox(this);
  category_->addItems({QStringLiteral("工业"), QStringLiteral("仓储物流"), QStringLiteral("商服"),
                       QStringLiteral("住宅"), QStringLiteral("公共服务"), QStringLiteral("线性基础设施"),
                       QStringLiteral("点状基础设施"), QStringLiteral("能源"), QStringLiteral("水利"),
                       QStringLiteral("军事国防"), QStringLiteral("其他")});
  tb->addWidget(category_);
  activity_ = new QLineEdit(this);
  activity_->setObjectName("activity");
  activity_->setPlaceholderText(QStringLiteral("项目类型，如 光伏发电"));
  activity_->setMaximumWidth(150);
  tb->addWidget(activity_);
  major_ = new QComboBox(this);
  major_->setObjectName("major");
  major_->addItems({QStringLiteral("无"), QStringLiteral("省级"), QStringLiteral("国家")});
  major_->setToolTip(QStringLiteral("重大项目级别"));
  tb->addWidget(major_);
  tb->addSeparator();
  tb->addAction(png);
  tb->addAction(pdf);
}

// ------------------------------------------------------------------------------ tasks

void MainWindow::run_task(const QString& title, Work work, std::function<void()> done,
                          std::function<void()> failed) {
  if (busy_) {
    statusBar()->showMessage(QStringLiteral("请等待当前任务完成"), 4000);
    return;
  }
  if (worker_.joinable()) worker_.join();
  busy_ = true;
  cancel_flag_ = std::make_shared<std::atomic<bool>>(false);
  fraction_ = std::make_shared<std::atomic<double>>(0.0);
  progress_->setValue(0);
  progress_->setFormat(title + QStringLiteral(" %p%"));
  progress_->setVisible(true);
  cancel_->setVisible(true);
  auto* timer = new QTimer(this);
  timer->setInterval(100);
  auto frac = fraction_;
  connect(timer, &QTimer::timeout, this, [this, frac] { progress_->setValue(static_cast<int>(*frac * 1000)); });
  timer->start();
  auto flag = cancel_flag_;
  worker_ = std::thread([this, title, work = std::move(work), done = std::move(done),
                         failed = std::move(failed), flag, frac, timer] {
    QString error;
    bool cancelled = false;
    try {
      work([flag, frac](double f, std::string_view) {
        *frac = f;
        return !flag->load();
      });
    } catch (const Cancelled&) {
      cancelled = true;
    } catch (const std::exception& e) {
      error = QString::fromUtf8(e.what());
    }
    QMetaObject::invokeMethod(
        this,
        [this, title, error, cancelled, done, failed, timer] {
          timer->stop();
          timer->deleteLater();
          busy_ = false;
          progress_->setVisible(false);
          cancel_->setVisible(false);
          if (!error.isEmpty()) {
            last_error_ = title + QStringLiteral("失败：") + error;
            statusBar()->showMessage(last_error_, 15000);
            results_->append(QStringLiteral("<p style='color:#b00020'>%1</p>").arg(last_error_.toHtmlEscaped()));
          } else if (cancelled) {
            statusBar()->showMessage(title + QStringLiteral("已取消"), 5000);
          }
          if (!error.isEmpty() || cancelled) {
            if (failed) failed();
          } else {
            try {
              done();
            } catch (const std::exception& e) {
              last_error_ = title + QStringLiteral("失败：") + QString::fromUtf8(e.what());
              statusBar()->showMessage(last_error_, 15000);
            }
          }
        },
        Qt::QueuedConnection);
  });
}

bool MainWindow::wait_idle(int timeout_ms) {
  QElapsedTimer t;
  t.start();
  while (busy_ && t.elapsed() < timeout_ms) QApplication::processEvents(QEventLoop::AllEvents, 20);
  QApplication::processEvents();
  const int left = static_cast<int>(std::max<qint64>(1000, timeout_ms - t.elapsed()));
  return canvas_->wait_for_render(left) && !busy_;
}

// ------------------------------------------------------------------------------ loading

void MainWindow::add_layer(std::shared_ptr<Layer> layer, const std::string& role,
                           const std::string& source, bool result, const std::string& style) {
  auto drawn = std::make_shared<const render::LayerData>(std::move(layer));
  render::Style st = render::style_for(style);
  if (st.path.empty()) st = render::default_style(drawn->layer().name, model_->layers().size());
  ViewLayer v;
  v.map = render::MapLayer::make(st.title, drawn, std::move(st));
  v.role = role;
  v.source = source;
  v.result = result;
  model_->add(std::move(v));
}

void MainWindow::set_working_crs(const crs::Crs& c) {
  crs_ = c;
  canvas_->set_crs(crs_);
  to_lonlat_ = std::make_unique<crs::Transformer>(crs_, crs::Crs::from_epsg(crs::kCgcs2000Geographic));
}

void MainWindow::drop_previews() {
  for (const auto& [key, id] : previews_) model_->remove(id);
  previews_.clear();
}

void MainWindow::restore_replaced() {
  drop_previews();
  if (!replaced_) return;
  Replaced r = std::move(*replaced_);
  replaced_.reset();
  model_->restore(std::move(r.layers));
  project_ = std::move(r.project);
  if (!r.crs.empty()) set_working_crs(r.crs);
  setWindowTitle(r.title);
  canvas_->zoom_full();
}

void MainWindow::open_project(const QString& file) {
  auto out = std::make_shared<Loaded>();
  const std::string path = file.toStdString();
  run_task(QStringLiteral("读取项目"), [this, out, path, file](const Progress& p) {
    out->project = load_project(path);
    // First a preview from the layers' spatial indexes (GeoPackage R-trees: a box per feature,
    // read in a fraction of the time the geometries take), shown while the layers are read.
    auto preview = std::make_shared<Loaded>();
    preview->crs = working_crs(*out->project);
    for (const std::string& role : all_roles()) {
      if (!out->project->has(role)) continue;
      const io::LayerSource& src = out->project->layers.at(role);
      if (auto d = render::read_preview(src, preview->crs, scaled(p, 0, 0.05)))
        preview->layers.push_back({role, src.source, std::move(d), role});
    }
    if (!preview->layers.empty())
      QMetaObject::invokeMethod(this, [this, preview, file] { show_project_preview(*preview, file); },
                                Qt::QueuedConnection);
    ProjectLayers pl = load_layers(*out->project, all_roles(), scaled(p, 0.05, 0.85));
    out->crs = pl.crs;
    std::size_t i = 0;
    for (auto& [role, layer] : pl.layers) {
      report_progress(p, 0.85 + 0.15 * static_cast<double>(i++) / static_cast<double>(pl.layers.size()), role);
      for (const std::string& r : layer.report.repairs) out->notes.push_back(layer.name + ": " + r);
      auto sp = std::make_shared<Layer>(std::move(layer));
      out->layers.push_back({role, sp->source, std::make_shared<const render::LayerData>(sp), role});
    }
  }, [this, out, file] {
    const bool previewed = !previews_.empty();
    if (!previewed) {
      for (AttributeTable* t : tables_) t->parentWidget()->close();
      tables_.clear();
      model_->clear();
    }
    project_ = out->project;
    set_working_crs(out->crs);
    for (const auto& one : out->layers) {
      render::Style st = render::style_for(one.role);
      if (auto it = previews_.find(one.key); it != previews_.end()) {
        // Swapped in place, keeping visibility and opacity; a preview removed stays removed.
        model_->set_data(it->second, one.data, std::move(st));
        continue;
      }
      ViewLayer v;
      v.map = render::MapLayer::make(st.title, one.data, std::move(st));
      v.role = one.role;
      v.source = one.source;
      v.configured = true;
      model_->add(std::move(v));
    }
    previews_.clear();
    replaced_.reset();
    setWindowTitle(QStringLiteral("tudi 土地 — %1").arg(QFileInfo(file).absoluteFilePath()));
    if (!previewed) canvas_->zoom_full();
    statusBar()->showMessage(QStringLiteral("已读取 %1 个图层，工作坐标系 %2")
                                 .arg(out->layers.size())
                                 .arg(q(crs_.label())),
                             8000);
  }, [this] { restore_replaced(); });
}

void MainWindow::show_project_preview(const Loaded& preview, const QString& file) {
  // The project being opened takes the place of the one shown, which is kept aside until the
  // read ends (put back if it fails or is cancelled); the new project is set when read, so
  // analyses (which also wait for the task) never see a preview.
  for (AttributeTable* t : tables_) t->parentWidget()->close();
  tables_.clear();
  replaced_ = Replaced{model_->layers(), std::move(project_), crs_, windowTitle()};
  model_->clear();
  project_.reset();
  set_working_crs(preview.crs);
  for (const auto& one : preview.layers) {
    render::Style st = render::style_for(one.role);
    ViewLayer v;
    v.map = render::MapLayer::make(st.title, one.data, std::move(st));
    v.role = one.role;
    v.source = one.source;
    v.configured = true;
    previews_[one.key] = model_->add(std::move(v));
  }
  setWindowTitle(QStringLiteral("tudi 土地 — %1").arg(QFileInfo(file).absoluteFilePath()));
  canvas_->zoom_full();
  statusBar()->showMessage(QStringLiteral("预览：空间索引中的要素外包框，正在读取图层…"), 8000);
}

void MainWindow::add_sources(const QStringList& files) {
  auto out = std::make_shared<Loaded>();
  std::vector<std::filesystem::path> paths;
  for (const QString& f : files) paths.push_back(f.toStdString());
  const crs::Crs working = crs_;
  run_task(QStringLiteral("读取图层"), [this, out, paths, working](const Progress& p) {
    std::vector<io::LayerSource> sources(paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) sources[i].source = paths[i].string();
    // Added to a map that has a working CRS, they join it; else the library chooses one.
    out->crs = working.empty() ? working_crs(sources, &out->crs_why) : working;
    // Previews first (see open_project), in the working CRS.
    auto preview = std::make_shared<Loaded>();
    preview->crs = out->crs;
    for (std::size_t i = 0; i < sources.size(); ++i)
      if (auto d = render::read_preview(sources[i], out->crs, scaled(p, 0, 0.05)))
        preview->layers.push_back({"", sources[i].source, std::move(d), std::to_string(i), {}});
    if (!preview->layers.empty())
      QMetaObject::invokeMethod(this, [this, preview] { show_sources_preview(*preview); },
                                Qt::QueuedConnection);
    LoadedSources read = load_sources(paths, out->crs, scaled(p, 0.05, 1));
    for (std::size_t i = 0; i < read.layers.size(); ++i) {
      auto sp = std::make_shared<Layer>(std::move(read.layers[i].layer));
      out->layers.push_back({"", sources[i].source, std::make_shared<const render::LayerData>(sp),
                             std::to_string(i), read.layers[i].suggested_role});
    }
  }, [this, out] {
    const bool first = model_->layers().empty();
    if (crs_.empty()) {
      set_working_crs(out->crs);
    }
    for (const auto& one : out->layers) {
      // The suggested role only picks the style; no role is assigned until the user says so.
      render::Style st = render::style_for(one.suggested.empty() ? "-" : one.suggested);
      if (st.path.empty()) st = render::default_style(one.data->layer().name, model_->layers().size());
      st.title = one.data->layer().name;
      if (auto it = previews_.find(one.key); it != previews_.end()) {
        if (ViewLayer* v = model_->find(it->second)) {
          v->suggested = one.suggested;
          model_->set_data(it->second, one.data, std::move(st));
        }
        continue;
      }
      ViewLayer v;
      v.map = render::MapLayer::make(one.data->layer().name, one.data, std::move(st));
      v.suggested = one.suggested;
      v.source = one.source;
      model_->add(std::move(v));
    }
    previews_.clear();
    if (first) canvas_->zoom_full();
    statusBar()->showMessage(QStringLiteral("已读取 %1 个图层，%2；在图层上右键 → 用作，指定分析所用的图层")
                                 .arg(out->layers.size())
                                 .arg(q(crs_sentence(crs_.label(), out->crs_why))),
                             12000);
  }, [this] { drop_previews(); });
}

void MainWindow::show_sources_preview(const Loaded& preview) {
  const bool first = model_->layers().empty();
  if (crs_.empty()) {
    set_working_crs(preview.crs);
  }
  for (const auto& one : preview.layers) {
    const std::string& name = one.data->layer().name;
    render::Style st = render::default_style(name, model_->layers().size());
    st.title = name;
    ViewLayer v;
    v.map = render::MapLayer::make(name, one.data, std::move(st));
    v.source = one.source;
    previews_[one.key] = model_->add(std::move(v));
  }
  if (first) canvas_->zoom_full();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
  if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
  QStringList files;
  for (const QUrl& u : e->mimeData()->urls())
    if (u.isLocalFile()) files << u.toLocalFile();
  if (files.size() == 1 && files.front().endsWith(".toml")) open_project(files.front());
  else if (!files.isEmpty()) add_sources(files);
}

// ------------------------------------------------------------------------------ identify

void MainWindow::identify(double x, double y, double tolerance) {
  identify_->clear();
  bool selected = false;
  model_->clear_selections();
  bool previews = false;
  for (const ViewLayer& l : model_->layers()) {
    if (!l.map.visible || !l.map.data) continue;
    const render::LayerData& d = *l.map.data;
    // A preview's boxes are not its features: nothing to identify until the layer is read.
    if (d.is_preview()) {
      previews = true;
      continue;
    }
    // A layer drawn as outlines only (urban boundary, zones) is hit on its outline, not inside.
    bool filled = l.map.style.symbol.fill;
    for (const render::Category& c : l.map.style.categories) filled = filled || c.symbol.fill;
    std::vector<std::size_t> ids;
    d.query({x - tolerance, y - tolerance, x + tolerance, y + tolerance}, ids);
    std::sort(ids.begin(), ids.end());
    for (std::size_t f : ids) {
      if (!d.contains(f, x, y, tolerance, !filled)) continue;
      const Layer& layer = d.layer();
      const Feature& feat = layer.features[f];
      auto* top = new QTreeWidgetItem(identify_, {q(l.map.id), q(layer.id_of(feat))});
      QFont bold = top->font(0);
      bold.setBold(true);
      top->setFont(0, bold);
      top->setFont(1, bold);
      for (std::size_t i = 0; i < layer.fields.size() && i < feat.values.size(); ++i)
        new QTreeWidgetItem(top, {field_label(layer, i), q(to_text(feat.values[i]))});
      top->setExpanded(!selected);
      if (!selected) {
        model_->set_selection(l.map.id, {f});
        sync_selection(l.map.id, {f});
        selected = true;
      }
    }
  }
  if (!selected)
    new QTreeWidgetItem(identify_, {previews ? QStringLiteral("（图层仍在读取，读完后可识别要素）")
                                             : QStringLiteral("（此处没有要素）")});
}

AttributeTable* MainWindow::open_attribute_table(const std::string& id) {
  const ViewLayer* l = model_->find(id);
  if (!l || !l->map.data) return nullptr;
  if (l->map.data->is_preview()) {
    statusBar()->showMessage(QStringLiteral("图层仍在读取，读完后才能打开属性表"), 5000);
    return nullptr;
  }
  for (AttributeTable* t : tables_)
    if (t->layer_id() == id) {
      t->parentWidget()->show();
      t->parentWidget()->raise();
      return t;
    }
  auto* table = new AttributeTable(id, l->map.data->layer_ptr(), this);
  auto* dock = new QDockWidget(QStringLiteral("属性表 — %1").arg(q(id)), this);
  dock->setAttribute(Qt::WA_DeleteOnClose);
  dock->setWidget(table);
  addDockWidget(Qt::BottomDockWidgetArea, dock);
  tables_.push_back(table);
  connect(dock, &QObject::destroyed, this, [this, table] {
    tables_.erase(std::remove(tables_.begin(), tables_.end(), table), tables_.end());
  });
  connect(table, &AttributeTable::selection_changed, this,
          [this](const std::string& lid, const std::vector<std::size_t>& f) { model_->set_selection(lid, f); });
  connect(table, &AttributeTable::zoom_requested, this,
          [this](const std::string& lid, const std::vector<std::size_t>& f) {
            const ViewLayer* vl = model_->find(lid);
            if (!vl || f.empty()) return;
            Envelope e;
            for (std::size_t i : f) e.expand(vl->map.data->envelope(i));
            canvas_->zoom_to(e, 0.3);
          });
  if (l->map.selected) table->select_features(*l->map.selected);
  return table;
}

void MainWindow::sync_selection(const std::string& id, const std::vector<std::size_t>& features) {
  for (AttributeTable* t : tables_)
    t->select_features(t->layer_id() == id ? features : std::vector<std::size_t>{});
}

void MainWindow::layer_menu(const QPoint& pos) {
  const QModelIndex ix = tree_->indexAt(pos);
  if (std::unique_ptr<QMenu> menu = make_layer_menu(model_->id_at(ix)))
    menu->exec(tree_->viewport()->mapToGlobal(pos));
}

std::unique_ptr<QMenu> MainWindow::make_layer_menu(const std::string& id) {
  const ViewLayer* l = model_->find(id);
  if (!l) return nullptr;
  auto menu = std::make_unique<QMenu>(this);
  menu->addAction(QStringLiteral("缩放到图层"), this, [this, id] {
    if (const ViewLayer* v = model_->find(id)) canvas_->zoom_to(v->map.data->extent());
  });
  menu->addAction(QStringLiteral("打开属性表"), this, [this, id] { open_attribute_table(id); });
  menu->addAction(QStringLiteral("透明度…"), this, [this, id] {
    const ViewLayer* v = model_->find(id);
    bool ok = false;
    const int pct = QInputDialog::getInt(this, QStringLiteral("透明度"), QStringLiteral("不透明度（%）"),
                                         static_cast<int>(v->map.opacity * 100), 0, 100, 5, &ok);
    if (ok) model_->set_opacity(id, pct / 100.0);
  });
  menu->addAction(QStringLiteral("样式…"), this, [this, id] {
    const QString f = QFileDialog::getOpenFileName(this, QStringLiteral("选择样式"),
                                                   q(render::styles_dir().string()),
                                                   QStringLiteral("样式 (*.toml)"));
    if (f.isEmpty()) return;
    try {
      model_->set_style(id, render::load_style(f.toStdString()));
    } catch (const std::exception& e) {
      statusBar()->showMessage(QString::fromUtf8(e.what()), 10000);
    }
  });
  if (!l->result) {
    // What the analyses take the layer for: chosen here, never guessed (roles.hpp).
    QMenu* use = menu->addMenu(QStringLiteral("用作"));
    auto* group = new QActionGroup(use);
    auto add = [&](const QString& text, const std::string& role) {
      QAction* a = use->addAction(text, this, [this, id, role] { use_as(id, role); });
      a->setCheckable(true);
      a->setChecked(l->role == role);
      a->setData(q(role));
      group->addAction(a);
    };
    add(QStringLiteral("无"), "");
    use->addSeparator();
    for (const Role& r : roles()) {
      const std::string name(r.name);
      QString text = role_alias(name);
      if (name == l->suggested) text += QStringLiteral("（建议）");
      add(text, name);
    }
    // A project's layers have the roles its tudi.toml gives them.
    if (l->configured) {
      use->setEnabled(false);
      use->setTitle(QStringLiteral("用作（由项目文件指定）"));
    }
  }
  menu->addSeparator();
  const auto& all = model_->layers();
  const auto at = std::find_if(all.begin(), all.end(), [&](const ViewLayer& x) { return x.map.id == id; });
  const int row = static_cast<int>(at - all.begin());
  menu->addAction(QStringLiteral("上移"), this, [this, id, row] { model_->move(id, row - 1); });
  menu->addAction(QStringLiteral("下移"), this, [this, id, row] { model_->move(id, row + 1); });
  menu->addAction(QStringLiteral("移除"), this, [this, id] { model_->remove(id); });
  return menu;
}

void MainWindow::use_as(const std::string& id, const std::string& role) {
  const ViewLayer* v = model_->find(id);
  if (!v || !v->map.data || v->map.data->is_preview() || role.empty()) {
    assign_role(id, role);
    return;
  }
  FieldMapping named;
  for (const auto& [canonical, fields] : field_choices(v->map.data->layer(), role)) {
    const CanonicalField* cf = find_field(*find_role(role), canonical);
    QStringList items;
    for (const std::string& f : fields) items << q(f);
    const QString pick = choose_field_(
        QStringLiteral("%1用作%2：%3（%4）取哪个字段？")
            .arg(q(id), role_alias(role), q(std::string(cf->alias)), q(canonical)),
        items);
    if (pick.isEmpty()) return;
    named[canonical] = pick.toStdString();
  }
  assign_role(id, role, named);
}

void MainWindow::assign_role(const std::string& id, const std::string& role,
                             const FieldMapping& named) {
  const ViewLayer* v = model_->find(id);
  if (!v || v->result || v->configured || v->role == role) return;
  if (!v->map.data || v->map.data->is_preview()) {
    statusBar()->showMessage(QStringLiteral("图层仍在读取，读完后才能指定用作"), 5000);
    return;
  }
  // One layer per role, as the analyses take one: a loose layer that had it gives it up.
  std::string previous;
  if (const ViewLayer* holder = role.empty() ? nullptr : model_->by_role(role)) {
    if (holder->configured) {
      last_error_ =
          QStringLiteral("%1 已由项目图层 %2 承担").arg(role_alias(role), q(holder->map.id));
      statusBar()->showMessage(last_error_, 10000);
      return;
    }
    previous = holder->map.id;
  }
  // The drawn layer is shared with renders under way: the role goes on a copy.
  auto layer = std::make_shared<Layer>(v->map.data->layer().clone());
  try {
    if (role.empty()) clear_role(*layer);
    else tudi::assign_role(*layer, role, named);
  } catch (const std::exception& e) {
    last_error_ = QString::fromUtf8(e.what());
    statusBar()->showMessage(last_error_, 15000);
    results_->append(
        QStringLiteral("<p style='color:#b00020'>%1</p>").arg(last_error_.toHtmlEscaped()));
    return;
  }
  if (!previous.empty()) assign_role(previous, "");
  // Its attribute table showed the fields without the role's names.
  for (AttributeTable* t : std::vector<AttributeTable*>(tables_))
    if (t->layer_id() == id) t->parentWidget()->close();
  ViewLayer* target = model_->find(id);
  // Unassigned, the suggestion styles it again.
  const std::string& style_role = role.empty() ? target->suggested : role;
  render::Style st = render::style_for(style_role.empty() ? "-" : style_role);
  if (st.path.empty()) st = render::default_style(layer->name, model_->layers().size());
  st.title = layer->name;
  target->role = role;
  model_->set_data(id, std::make_shared<const render::LayerData>(std::move(layer)), std::move(st));
  statusBar()->showMessage(role.empty() ? QStringLiteral("图层 %1 不再用于分析").arg(q(id))
                                        : QStringLiteral("图层 %1 用作%2").arg(q(id), role_alias(role)),
                           8000);
}

void MainWindow::update_cursor(double x, double y) {
  QString t = QStringLiteral("X %1  Y %2（%3）")
                  .arg(x, 0, 'f', 2)
                  .arg(y, 0, 'f', 2)
                  .arg(q(crs_.empty() ? std::string("未知坐标系") : crs_.label()));
  if (to_lonlat_) {
    double lx = x, ly = y;
    if (to_lonlat_->transform(1, &lx, &ly))
      t += QStringLiteral("    经度 %1°  纬度 %2°").arg(lx, 0, 'f', 6).arg(ly, 0, 'f', 6);
  }
  coords_->setText(t);
}

void MainWindow::remove_results(const std::string& style_name) {
  std::vector<std::string> ids;
  for (const ViewLayer& l : model_->layers())
    if (l.result && l.map.style.name == style_name) ids.push_back(l.map.id);
  for (const std::string& id : ids) {
    for (AttributeTable* t : tables_)
      if (t->layer_id() == id) t->parentWidget()->close();
    model_->remove(id);
  }
}

// ------------------------------------------------------------------------------ export

void MainWindow::export_png(const QString& file) {
  canvas_->wait_for_render();
  // Twice the screen's resolution, with a margin for the grid labels.
  const double scale = 2;
  const QSize map = canvas_->size() * scale;
  const int margin = static_cast<int>(12 * scale);
  QImage img(map + QSize(2 * margin, 2 * margin), QImage::Format_ARGB32_Premultiplied);
  const double dpi = canvas_->settings().dpi * scale;
  img.setDotsPerMeterX(static_cast<int>(dpi / 0.0254));
  img.setDotsPerMeterY(static_cast<int>(dpi / 0.0254));
  img.fill(Qt::white);
  {
    QPainter p(&img);
    render::draw_figure(p, QRectF(margin, margin, map.width(), map.height()), canvas_->settings());
  }
  if (img.save(file)) statusBar()->showMessage(QStringLiteral("已导出 %1").arg(file), 5000);
  else statusBar()->showMessage(QStringLiteral("无法写入 %1").arg(file), 10000);
}

void MainWindow::export_pdf(const QString& file) {
  QPdfWriter pdf(file);
  // The project's own title (tudi.toml [report] title), as on the report's title page.
  const QString heading = project_ ? q(title_and_organisation(*project_).first) : QStringLiteral("地图");
  pdf.setTitle(heading);
  pdf.setPageSize(QPageSize(QPageSize::A4));
  pdf.setPageOrientation(QPageLayout::Landscape);
  pdf.setResolution(300);
  pdf.setCreator(QStringLiteral("tudi-view"));
  QPainter p(&pdf);
  const double mm = 300 / 25.4;
  const QRectF page(0, 0, pdf.width(), pdf.height());
  QFont title = QFont(render::cjk_family());
  title.setPixelSize(static_cast<int>(5.5 * mm));
  title.setBold(true);
  p.setFont(title);
  p.drawText(QRectF(0, 0, page.width(), 12 * mm), Qt::AlignCenter, heading);
  QFont small = QFont(render::cjk_family());
  small.setPixelSize(static_cast<int>(2.8 * mm));
  p.setFont(small);
  p.drawText(QRectF(0, page.height() - 7 * mm, page.width(), 7 * mm), Qt::AlignCenter,
             QStringLiteral("坐标系 %1    比例尺 1:%L2    tudi-view 导出")
                 .arg(q(crs_.label()))
                 .arg(std::round(canvas_->settings().scale()), 0, 'f', 0));
  const QRectF frame = page.adjusted(10 * mm, 14 * mm, -10 * mm, -10 * mm);
  render::MapSettings s = canvas_->settings();
  // Keep the view's aspect inside the frame.
  render::draw_figure(p, frame, s);
  p.end();
  statusBar()->showMessage(QStringLiteral("已导出 %1").arg(file), 5000);
}

}  // namespace tudi::view
