#pragma once
// The viewer's main window: canvas in the middle, layer tree + legend, identify and analysis
// result panels, attribute tables, menus for the analyses. It calls the library (reading,
// check, supply, match) and presents what comes back; it computes nothing itself.

#include <QMainWindow>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "layer_tree_model.hpp"
#include "map_canvas.hpp"
#include "tudi/check/result.hpp"
#include "tudi/project/project.hpp"

class QTreeView;
class QTreeWidget;
class QTextBrowser;
class QLabel;
class QProgressBar;
class QPushButton;
class QComboBox;
class QLineEdit;
class QAction;
class QMenu;

namespace tudi::crs {
class Transformer;
}

namespace tudi::view {

class AttributeTable;
struct Loaded;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a tudi.toml (every configured role) or adds layer sources (Shapefile, GeoPackage,
  /// GeoJSON, 界址点 TXT or a folder of them). Runs in the background.
  void open_project(const QString& file);
  void add_sources(const QStringList& files);
  /// Runs the control-line check on a polygon (working CRS) or on a 界址点 TXT / layer file.
  void check_polygon(const MapCanvas::Ring& ring);
  void check_file(const QString& file);
  void run_supply();
  void run_match(const QString& projects_file = {});
  /// The development-zone study (current zones, and the project's scenario.toml when present).
  void run_zones();
  /// The major-project ledger's lights as a layer (the project's [ledger] file, or `file`;
  /// asked for when neither is there), warnings in the results panel and in identify.
  void run_ledger(const QString& file = {});
  void export_png(const QString& file);
  void export_pdf(const QString& file);
  /// Shows the features under a map point in the identify panel and selects the top one.
  void identify(double x, double y, double tolerance);
  AttributeTable* open_attribute_table(const std::string& layer_id);
  /// Gives a loose layer the role the analyses take it for (empty: none), through the
  /// library's assign_role; a role another loose layer had moves here. A project's layers keep
  /// their roles. When the layer cannot play the role, the error says why (last_error()).
  void assign_role(const std::string& layer_id, const std::string& role,
                   const FieldMapping& named = {});
  /// Asks which field to take when a role's field could be either of two (field_choices):
  /// the question and the fields; an empty answer cancels. A dialog unless a test sets one.
  using FieldChooser = std::function<QString(const QString& question, const QStringList& fields)>;
  void set_field_chooser(FieldChooser chooser) { choose_field_ = std::move(chooser); }
  /// A layer's context menu in the layer tree ("用作" and the rest), as right-clicking shows it.
  std::unique_ptr<QMenu> make_layer_menu(const std::string& layer_id);

  /// Waits, processing events, until no background task or render is running (tests).
  bool wait_idle(int timeout_ms = 60000);

  LayerTreeModel* model() const { return model_; }
  MapCanvas* canvas() const { return canvas_; }
  QTreeWidget* identify_panel() const { return identify_; }
  QTextBrowser* result_panel() const { return results_; }
  const check::Result* last_check() const { return last_check_.get(); }
  const Project* project() const { return project_ ? &*project_ : nullptr; }
  /// The last error a background task reported (also shown in the status bar).
  const QString& last_error() const { return last_error_; }

 protected:
  void dragEnterEvent(QDragEnterEvent*) override;
  void dropEvent(QDropEvent*) override;
  void closeEvent(QCloseEvent*) override;

 private:
  using Work = std::function<void(const Progress&)>;
  /// Runs `work` on a worker thread with the progress bar and a cancel button; `done` runs
  /// on the GUI thread afterwards when the work neither failed nor was cancelled, `failed`
  /// (if any) when it did.
  void run_task(const QString& title, Work work, std::function<void()> done,
                std::function<void()> failed = {});
  void build_menus();
  void build_docks();
  /// The GUI half of a reading task's preview: shown at once, swapped for the layers read.
  void show_project_preview(const Loaded& preview, const QString& file);
  void show_sources_preview(const Loaded& preview);
  void drop_previews();
  /// After a failed or cancelled project read: the previews go, the project they replaced
  /// comes back.
  void restore_replaced();
  void set_working_crs(const crs::Crs& c);
  void add_layer(std::shared_ptr<Layer> layer, const std::string& role, const std::string& source,
                 bool result, const std::string& style);
  void remove_results(const std::string& prefix);
  void show_check(const check::Result& r);
  void update_cursor(double x, double y);
  void layer_menu(const QPoint& pos);
  void sync_selection(const std::string& id, const std::vector<std::size_t>& features);
  /// The 用作 menu's action: asks for the fields the role cannot tell apart, then assign_role.
  void use_as(const std::string& id, const std::string& role);

  LayerTreeModel* model_;
  MapCanvas* canvas_;
  QTreeView* tree_;
  QTreeWidget* identify_;
  QTextBrowser* results_;
  QLabel* coords_;
  QLabel* scale_;
  QProgressBar* progress_;
  QPushButton* cancel_;
  QComboBox* category_;
  QLineEdit* activity_;  // 项目类型 of a drawn site (光伏发电, 村道 ...), as `tudi check --activity`
  QComboBox* major_;     // 重大项目级别, as `--major`
  QAction* zones_action_ = nullptr;
  FieldChooser choose_field_;
  std::optional<Project> project_;
  crs::Crs crs_;
  std::unique_ptr<crs::Transformer> to_lonlat_;
  std::shared_ptr<check::Result> last_check_;
  std::vector<AttributeTable*> tables_;
  /// Layers shown as a preview (boxes from a GeoPackage's R-tree) while the reading task runs:
  /// key (role, or source index) → layer id. The task swaps them for the real layers when it
  /// ends, or removes them when it fails or is cancelled.
  std::map<std::string, std::string> previews_;
  /// The project a project preview took the place of, put back when the read fails or is
  /// cancelled: opening a project and thinking better of it must not lose the one shown.
  struct Replaced {
    std::vector<ViewLayer> layers;  // top first
    std::optional<Project> project;
    crs::Crs crs;
    QString title;
  };
  std::optional<Replaced> replaced_;
  QString last_error_;

  // the one background task at a time
  std::thread worker_;
  std::shared_ptr<std::atomic<bool>> cancel_flag_;
  std::shared_ptr<std::atomic<double>> fraction_;
  bool busy_ = false;
};

}  // namespace tudi::view
