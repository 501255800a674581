#include "layer_tree_model.hpp"

#include <QMimeData>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <set>

#include "tudi/core/roles.hpp"
#include "tudi/render/furniture.hpp"

namespace tudi::view {
namespace {
constexpr const char* kMime = "application/x-tudi-layer-id";
}

QString role_alias(const std::string& role) {
  const Role* r = find_role(role);
  if (!r) return {};
  return QString::fromUtf8(r->alias.data(), static_cast<qsizetype>(r->alias.size()));
}

QIcon symbol_icon(const render::Symbol& sym, const std::string& geometry) {
  QPixmap pm(32, 20);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  // Icons are drawn at a fixed "DPI" that makes a 0.26 mm outline one pixel.
  render::draw_symbol(p, QRectF(2, 2, 28, 16), sym, 96, geometry);
  return QIcon(pm);
}

LayerTreeModel::LayerTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

std::string LayerTreeModel::add(ViewLayer layer) {
  std::string base = layer.map.id.empty() ? layer.map.style.title : layer.map.id;
  std::string id = base;
  for (int n = 2; find(id); ++n) id = base + " (" + std::to_string(n) + ")";
  layer.map.id = id;
  // Roles stack as planners expect: land use at the bottom, lines and proposals on top;
  // results and dropped files go on top of everything.
  static const std::vector<std::string> order = {"landuse", "farmland", "approvals", "parcels",
                                                 "redline", "zones",    "urban",     "proposals"};
  auto rank = [&](const ViewLayer& l) {
    if (l.result || l.role.empty()) return 100;
    auto it = std::find(order.begin(), order.end(), l.role);
    return it == order.end() ? 50 : static_cast<int>(it - order.begin());
  };
  const int r = rank(layer);
  std::size_t pos = 0;
  while (pos < layers_.size() && rank(layers_[pos]) > r) ++pos;
  beginResetModel();
  layers_.insert(layers_.begin() + static_cast<std::ptrdiff_t>(pos), std::move(layer));
  legends_.insert(legends_.begin() + static_cast<std::ptrdiff_t>(pos), Legend{});
  rebuild_legend(pos);
  endResetModel();
  emit map_changed();
  return id;
}

void LayerTreeModel::remove(const std::string& id) {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id) {
      beginResetModel();
      layers_.erase(layers_.begin() + static_cast<std::ptrdiff_t>(i));
      legends_.erase(legends_.begin() + static_cast<std::ptrdiff_t>(i));
      endResetModel();
      emit map_changed();
      return;
    }
}

void LayerTreeModel::clear() {
  restore({});
}

void LayerTreeModel::restore(std::vector<ViewLayer> layers) {
  beginResetModel();
  layers_ = std::move(layers);
  legends_.assign(layers_.size(), Legend{});
  for (std::size_t i = 0; i < layers_.size(); ++i) rebuild_legend(i);
  endResetModel();
  emit map_changed();
}

const ViewLayer* LayerTreeModel::find(const std::string& id) const {
  for (const ViewLayer& l : layers_)
    if (l.map.id == id) return &l;
  return nullptr;
}

ViewLayer* LayerTreeModel::find(const std::string& id) {
  for (ViewLayer& l : layers_)
    if (l.map.id == id) return &l;
  return nullptr;
}

const ViewLayer* LayerTreeModel::by_role(const std::string& role) const {
  for (const ViewLayer& l : layers_)
    if (!l.result && l.role == role) return &l;
  return nullptr;
}

std::vector<render::MapLayer> LayerTreeModel::map_layers() const {
  std::vector<render::MapLayer> out;
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) out.push_back(it->map);
  return out;
}

void LayerTreeModel::rebuild_legend(std::size_t row) {
  Legend& lg = legends_[row];
  std::vector<render::LegendEntry> all = render::legend_entries(layers_[row].map);
  lg.layer_icon = all.front().has_symbol ? symbol_icon(all.front().symbol, all.front().geometry) : QIcon();
  lg.entries.assign(all.begin() + 1, all.end());
  lg.icons.clear();
  for (const auto& e : lg.entries) lg.icons.push_back(symbol_icon(e.symbol, e.geometry));
}

void LayerTreeModel::set_visible(const std::string& id, bool visible) {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id && layers_[i].map.visible != visible) {
      layers_[i].map.visible = visible;
      const QModelIndex ix = index(static_cast<int>(i), 0);
      emit dataChanged(ix, ix, {Qt::CheckStateRole});
      emit map_changed();
    }
}

void LayerTreeModel::set_opacity(const std::string& id, double opacity) {
  if (ViewLayer* l = find(id)) {
    l->map.opacity = std::clamp(opacity, 0.0, 1.0);
    emit map_changed();
  }
}

void LayerTreeModel::set_style(const std::string& id, render::Style style) {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id) {
      beginResetModel();
      layers_[i].map.set_style(std::move(style));
      rebuild_legend(i);
      endResetModel();
      emit map_changed();
    }
}

void LayerTreeModel::set_data(const std::string& id, std::shared_ptr<const render::LayerData> data,
                              render::Style style) {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id) {
      beginResetModel();
      layers_[i].map.data = std::move(data);
      layers_[i].map.selected.reset();
      layers_[i].map.set_style(std::move(style));
      rebuild_legend(i);
      endResetModel();
      emit map_changed();
    }
}

void LayerTreeModel::set_selection(const std::string& id, std::vector<std::size_t> features) {
  if (ViewLayer* l = find(id)) {
    l->map.selected = std::make_shared<const std::vector<std::size_t>>(std::move(features));
    ++l->map.revision;
    emit map_changed();
  }
}

void LayerTreeModel::clear_selections() {
  bool any = false;
  for (ViewLayer& l : layers_)
    if (l.map.selected) {
      l.map.selected.reset();
      ++l.map.revision;
      any = true;
    }
  if (any) emit map_changed();
}

void LayerTreeModel::move(const std::string& id, int to_row) {
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id) {
      to_row = std::clamp(to_row, 0, static_cast<int>(layers_.size()) - 1);
      if (static_cast<std::size_t>(to_row) == i) return;
      beginResetModel();
      ViewLayer l = std::move(layers_[i]);
      Legend g = std::move(legends_[i]);
      layers_.erase(layers_.begin() + static_cast<std::ptrdiff_t>(i));
      legends_.erase(legends_.begin() + static_cast<std::ptrdiff_t>(i));
      layers_.insert(layers_.begin() + to_row, std::move(l));
      legends_.insert(legends_.begin() + to_row, std::move(g));
      endResetModel();
      emit map_changed();
      return;
    }
}

Envelope LayerTreeModel::full_extent() const {
  Envelope e;
  for (const ViewLayer& l : layers_)
    if (l.map.data) e.expand(l.map.data->extent());
  return e;
}

// ------------------------------------------------------------------------- item model

QModelIndex LayerTreeModel::index(int row, int column, const QModelIndex& parent) const {
  if (column != 0 || row < 0) return {};
  if (!parent.isValid()) {
    if (row >= static_cast<int>(layers_.size())) return {};
    return createIndex(row, 0, quintptr(0));
  }
  if (parent.internalId() != 0) return {};
  const std::size_t lr = static_cast<std::size_t>(parent.row());
  if (lr >= legends_.size() || row >= static_cast<int>(legends_[lr].entries.size())) return {};
  return createIndex(row, 0, quintptr(lr + 1));
}

QModelIndex LayerTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid() || child.internalId() == 0) return {};
  return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int LayerTreeModel::rowCount(const QModelIndex& parent) const {
  if (!parent.isValid()) return static_cast<int>(layers_.size());
  if (parent.internalId() != 0) return 0;
  const std::size_t r = static_cast<std::size_t>(parent.row());
  return r < legends_.size() ? static_cast<int>(legends_[r].entries.size()) : 0;
}

int LayerTreeModel::columnCount(const QModelIndex&) const { return 1; }

std::string LayerTreeModel::id_at(const QModelIndex& ix) const {
  if (!ix.isValid()) return {};
  const std::size_t r = ix.internalId() == 0 ? static_cast<std::size_t>(ix.row()) : ix.internalId() - 1;
  return r < layers_.size() ? layers_[r].map.id : std::string();
}

QVariant LayerTreeModel::data(const QModelIndex& ix, int role) const {
  if (!ix.isValid()) return {};
  if (ix.internalId() != 0) {
    const Legend& lg = legends_[ix.internalId() - 1];
    const std::size_t r = static_cast<std::size_t>(ix.row());
    if (r >= lg.entries.size()) return {};
    if (role == Qt::DisplayRole) return QString::fromStdString(lg.entries[r].label);
    if (role == Qt::DecorationRole) return lg.icons[r];
    if (role == IsLayerRole) return false;
    if (role == LayerIdRole) return QString::fromStdString(id_at(ix));
    return {};
  }
  const ViewLayer& l = layers_[static_cast<std::size_t>(ix.row())];
  switch (role) {
    case Qt::DisplayRole: {
      QString t = QString::fromStdString(l.map.id);
      if (l.map.data) t += QStringLiteral("  (%1)").arg(l.map.data->size());
      if (l.map.data && l.map.data->is_preview()) t += QStringLiteral(" 预览，读取中…");
      // What the analyses take it for (a project's layers are titled so already), else the hint.
      const QString as = role_alias(l.role);
      if (!as.isEmpty() && as != QString::fromStdString(l.map.id))
        t += QStringLiteral("  用作：%1").arg(as);
      else if (l.role.empty() && !role_alias(l.suggested).isEmpty())
        t += QStringLiteral("  建议：%1").arg(role_alias(l.suggested));
      return t;
    }
    case Qt::EditRole: return QString::fromStdString(l.map.id);
    case Qt::DecorationRole: return legends_[static_cast<std::size_t>(ix.row())].layer_icon;
    case Qt::CheckStateRole: return l.map.visible ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole:
      return QString::fromStdString(l.source + (l.map.data ? "\n" + l.map.data->layer().crs.label() : ""));
    case OpacityRole: return l.map.opacity;
    case LayerIdRole: return QString::fromStdString(l.map.id);
    case IsLayerRole: return true;
    default: return {};
  }
}

bool LayerTreeModel::setData(const QModelIndex& ix, const QVariant& value, int role) {
  if (!ix.isValid() || ix.internalId() != 0) return false;
  const std::string id = layers_[static_cast<std::size_t>(ix.row())].map.id;
  if (role == Qt::CheckStateRole) {
    set_visible(id, value.toInt() == Qt::Checked);
    return true;
  }
  if (role == OpacityRole) {
    set_opacity(id, value.toDouble());
    emit dataChanged(ix, ix, {OpacityRole});
    return true;
  }
  return false;
}

Qt::ItemFlags LayerTreeModel::flags(const QModelIndex& ix) const {
  if (!ix.isValid()) return Qt::ItemIsDropEnabled;
  if (ix.internalId() != 0) return Qt::ItemIsEnabled;
  return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
         Qt::ItemIsDragEnabled;
}

Qt::DropActions LayerTreeModel::supportedDropActions() const { return Qt::MoveAction; }

QStringList LayerTreeModel::mimeTypes() const { return {kMime}; }

QMimeData* LayerTreeModel::mimeData(const QModelIndexList& indexes) const {
  auto* m = new QMimeData;
  for (const QModelIndex& ix : indexes)
    if (ix.isValid() && ix.internalId() == 0) {
      m->setData(kMime, QByteArray::fromStdString(id_at(ix)));
      break;
    }
  return m;
}

bool LayerTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction, int row, int,
                                  const QModelIndex& parent) {
  if (!data->hasFormat(kMime)) return false;
  const std::string id = data->data(kMime).toStdString();
  int target = row;
  if (parent.isValid()) target = parent.internalId() == 0 ? parent.row() : static_cast<int>(parent.internalId() - 1);
  if (target < 0) target = static_cast<int>(layers_.size()) - 1;
  // Dropping below itself counts the row it leaves.
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].map.id == id && static_cast<int>(i) < target && !parent.isValid()) --target;
  move(id, target);
  return false;  // moved here: the view must not delete the source row
}

}  // namespace tudi::view
