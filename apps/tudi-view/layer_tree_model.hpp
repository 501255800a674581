#pragma once
// The layer tree and the legend as one item model (QGIS's layer-tree idea): a top-level row
// per layer (checkable for visibility, drag to reorder, opacity and style as data) and a child
// row per legend class. The canvas draws what this model says; it holds no layers itself.

#include <QAbstractItemModel>
#include <QIcon>

#include <memory>
#include <string>
#include <vector>

#include "tudi/render/furniture.hpp"
#include "tudi/render/map_settings.hpp"

namespace tudi::view {

/// One layer in the viewer: what is drawn and where it came from.
struct ViewLayer {
  render::MapLayer map;
  /// The role the analyses take it for: the project's, or one the user assigned (用作); empty
  /// for a loose file nobody assigned and for results.
  std::string role;
  std::string suggested;    // a loose file's suggested role (guess_role): its style and a hint
  std::string source;       // path, for the tooltip
  bool result = false;      // produced by an analysis
  bool configured = false;  // its role comes from the project file and stays
};

class LayerTreeModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Roles { OpacityRole = Qt::UserRole + 1, LayerIdRole, IsLayerRole };

  explicit LayerTreeModel(QObject* parent = nullptr);

  /// Adds a layer on top (or, with `above_roles` order, where its role belongs). Ids are made
  /// unique. Returns the id.
  std::string add(ViewLayer layer);
  void remove(const std::string& id);
  void clear();
  /// Puts back layers as layers() gave them (top first), ids, order and state unchanged.
  void restore(std::vector<ViewLayer> layers);
  /// Layers top first, as the tree shows them.
  const std::vector<ViewLayer>& layers() const { return layers_; }
  const ViewLayer* find(const std::string& id) const;
  ViewLayer* find(const std::string& id);
  /// The first layer with a role, or nullptr.
  const ViewLayer* by_role(const std::string& role) const;
  /// Layers bottom first, ready for a MapSettings.
  std::vector<render::MapLayer> map_layers() const;

  void set_visible(const std::string& id, bool visible);
  void set_opacity(const std::string& id, double opacity);
  void set_style(const std::string& id, render::Style style);
  /// Swaps what a layer draws (a preview for the layer read in full), keeping its place,
  /// visibility and opacity; the selection is dropped.
  void set_data(const std::string& id, std::shared_ptr<const render::LayerData> data, render::Style style);
  /// Features highlighted on the map (from the attribute table or identify).
  void set_selection(const std::string& id, std::vector<std::size_t> features);
  void clear_selections();
  void move(const std::string& id, int to_row);
  /// The extent of every layer together.
  Envelope full_extent() const;

  // QAbstractItemModel
  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  Qt::DropActions supportedDropActions() const override;
  QStringList mimeTypes() const override;
  QMimeData* mimeData(const QModelIndexList& indexes) const override;
  bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                    const QModelIndex& parent) override;
  /// The layer id of a row (top-level or legend child).
  std::string id_at(const QModelIndex& index) const;

 signals:
  /// Something that changes the map: a redraw is due.
  void map_changed();

 private:
  struct Legend {
    std::vector<render::LegendEntry> entries;  // without the title line
    std::vector<QIcon> icons;
    QIcon layer_icon;
  };
  void rebuild_legend(std::size_t row);
  std::vector<ViewLayer> layers_;  // top first
  std::vector<Legend> legends_;
};

/// A role's Chinese name ("永久基本农田" for farmland); empty for no or an unknown role.
QString role_alias(const std::string& role);

/// A legend swatch as an icon.
QIcon symbol_icon(const render::Symbol& sym, const std::string& geometry);

}  // namespace tudi::view
