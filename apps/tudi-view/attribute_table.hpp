#pragma once
// The attribute table of one layer: every feature's decoded attributes, sortable and
// filterable, with its selection mirrored on the map (and the map's selection mirrored here).

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

#include "tudi/layer/layer.hpp"

class QLineEdit;
class QTableView;
class QLabel;

namespace tudi::view {

/// Feature rows × field columns over a Layer (numbers sort as numbers).
class AttributeModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  explicit AttributeModel(std::shared_ptr<const Layer> layer, QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;
  const Layer& layer() const { return *layer_; }

 private:
  std::shared_ptr<const Layer> layer_;
  std::vector<QString> headers_;
};

/// "JBNTTBBH（图斑编号）": a source field with the Chinese alias of the canonical field it maps to.
QString field_label(const Layer& layer, std::size_t field);

class AttributeTable : public QWidget {
  Q_OBJECT
 public:
  AttributeTable(std::string layer_id, std::shared_ptr<const Layer> layer, QWidget* parent = nullptr);
  const std::string& layer_id() const { return layer_id_; }
  /// Selects these features (rows) without echoing the change back.
  void select_features(const std::vector<std::size_t>& features);
  std::vector<std::size_t> selected_features() const;
  void set_filter(const QString& text);
  QTableView* view() const { return view_; }
  int visible_rows() const;

 signals:
  void selection_changed(const std::string& layer_id, const std::vector<std::size_t>& features);
  void zoom_requested(const std::string& layer_id, const std::vector<std::size_t>& features);

 private:
  std::string layer_id_;
  AttributeModel* model_;
  QSortFilterProxyModel* proxy_;
  QTableView* view_;
  QLineEdit* filter_;
  QLabel* count_;
  bool echo_ = false;
};

}  // namespace tudi::view
