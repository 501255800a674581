#include "attribute_table.hpp"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "tudi/core/roles.hpp"

namespace tudi::view {

QString field_label(const Layer& layer, std::size_t field) {
  const QString name = QString::fromStdString(layer.fields[field].name);
  if (const Role* role = find_role(layer.role)) {
    for (const auto& [canonical, source] : layer.mapping) {
      if (layer.field_index(source) != static_cast<int>(field)) continue;
      if (const CanonicalField* cf = find_field(*role, canonical))
        return name + QStringLiteral("（") + QString::fromUtf8(cf->alias.data(), static_cast<int>(cf->alias.size())) +
               QStringLiteral("）");
    }
  }
  return name;
}

AttributeModel::AttributeModel(std::shared_ptr<const Layer> layer, QObject* parent)
    : QAbstractTableModel(parent), layer_(std::move(layer)) {
  for (std::size_t i = 0; i < layer_->fields.size(); ++i) headers_.push_back(field_label(*layer_, i));
}

int AttributeModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(layer_->features.size());
}

int AttributeModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(layer_->fields.size()) + 1;
}

QVariant AttributeModel::data(const QModelIndex& ix, int role) const {
  if (!ix.isValid()) return {};
  const Feature& f = layer_->features[static_cast<std::size_t>(ix.row())];
  if (ix.column() == 0) {
    if (role == Qt::DisplayRole || role == Qt::EditRole) return static_cast<qlonglong>(f.fid);
    return {};
  }
  const std::size_t c = static_cast<std::size_t>(ix.column() - 1);
  if (c >= f.values.size()) return {};
  const Value& v = f.values[c];
  if (role == Qt::DisplayRole) return QString::fromStdString(to_text(v));
  // EditRole feeds sorting: numbers as numbers.
  if (role == Qt::EditRole) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<qlonglong>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return QString::fromStdString(to_text(v));
  }
  if (role == Qt::TextAlignmentRole && (std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v)))
    return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant AttributeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (o == Qt::Vertical) return section + 1;
  if (section == 0) return QStringLiteral("FID");
  return headers_[static_cast<std::size_t>(section - 1)];
}

AttributeTable::AttributeTable(std::string layer_id, std::shared_ptr<const Layer> layer, QWidget* parent)
    : QWidget(parent), layer_id_(std::move(layer_id)) {
  model_ = new AttributeModel(std::move(layer), this);
  proxy_ = new QSortFilterProxyModel(this);
  proxy_->setSourceModel(model_);
  proxy_->setSortRole(Qt::EditRole);
  proxy_->setFilterKeyColumn(-1);
  proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  view_ = new QTableView(this);
  view_->setModel(proxy_);
  view_->setSortingEnabled(true);
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  view_->verticalHeader()->setDefaultSectionSize(22);
  view_->sortByColumn(0, Qt::AscendingOrder);
  filter_ = new QLineEdit(this);
  filter_->setPlaceholderText(QStringLiteral("筛选（任一字段包含）"));
  filter_->setClearButtonEnabled(true);
  count_ = new QLabel(this);
  auto* zoom = new QPushButton(QStringLiteral("缩放到所选"), this);
  auto* top = new QHBoxLayout;
  top->addWidget(filter_, 1);
  top->addWidget(count_);
  top->addWidget(zoom);
  auto* lay = new QVBoxLayout(this);
  lay->setContentsMargins(2, 2, 2, 2);
  lay->addLayout(top);
  lay->addWidget(view_);
  auto update_count = [this] {
    count_->setText(QStringLiteral("%1 / %2 条").arg(proxy_->rowCount()).arg(model_->rowCount()));
  };
  update_count();
  connect(filter_, &QLineEdit::textChanged, this, [this, update_count](const QString& t) {
    proxy_->setFilterFixedString(t);
    update_count();
  });
  connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    if (!echo_) emit selection_changed(layer_id_, selected_features());
  });
  connect(zoom, &QPushButton::clicked, this, [this] { emit zoom_requested(layer_id_, selected_features()); });
  if (model_->columnCount() <= 12) view_->resizeColumnsToContents();
}

void AttributeTable::set_filter(const QString& text) { filter_->setText(text); }

int AttributeTable::visible_rows() const { return proxy_->rowCount(); }

std::vector<std::size_t> AttributeTable::selected_features() const {
  std::vector<std::size_t> out;
  for (const QModelIndex& ix : view_->selectionModel()->selectedRows())
    out.push_back(static_cast<std::size_t>(proxy_->mapToSource(ix).row()));
  std::sort(out.begin(), out.end());
  return out;
}

void AttributeTable::select_features(const std::vector<std::size_t>& features) {
  echo_ = true;
  QItemSelection sel;
  for (std::size_t f : features) {
    const QModelIndex ix = proxy_->mapFromSource(model_->index(static_cast<int>(f), 0));
    if (ix.isValid()) sel.select(ix, ix);
  }
  view_->selectionModel()->select(sel, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  if (!features.empty()) {
    const QModelIndex ix = proxy_->mapFromSource(model_->index(static_cast<int>(features.front()), 0));
    if (ix.isValid()) view_->scrollTo(ix);
  }
  echo_ = false;
}

}  // namespace tudi::view
