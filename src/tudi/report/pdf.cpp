// The report laid out on A4 pages: QPdfWriter + QPainter, maps drawn as vectors by the shared
// renderer (render::draw_figure, the same drawing as the viewer), text in the CJK fonts.

#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextOption>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tudi/core/error.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/render/fonts.hpp"
#include "tudi/render/furniture.hpp"
#include "tudi/report/document.hpp"

namespace tudi::report {
namespace {

constexpr int kDpi = 300;
const QColor kInk(25, 25, 25), kGrey(110, 110, 110), kRule(160, 160, 160), kHeaderFill(0xDD, 0xE6, 0xF0);

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string chinese_number(std::size_t n) {
  static const char* digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  if (n <= 10) return digits[n];
  if (n < 20) return std::string("十") + digits[n - 10];
  return std::to_string(n);
}

/// A cell's text: numbers with the column's decimals (thousands left unseparated, as the
/// statistics office types them), text as it is.
std::string cell_text(const Value& v, const output::Column& c) {
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{:.{}f}", *d, std::clamp(c.decimals, 0, 6));
  return to_text(v);
}

bool is_number(const Value& v) { return std::holds_alternative<double>(v) || std::holds_alternative<std::int64_t>(v); }

/// Numbers, and text that reads as one (a transposed table's cells), are right-aligned.
bool right_aligned(const Value& v) { return is_number(v) || (!is_null(v) && to_number(v).has_value()); }

bool has_cjk(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE0) return true;
  return false;
}

/// The page cursor: where the next block goes, and page breaks with running header and footer.
class Pages {
 public:
  Pages(QPdfWriter& writer, const Document& doc) : writer_(writer), doc_(doc), p_(&writer) {
    const double w = mm(210), h = mm(297);
    content_ = QRectF(mm(22), mm(24), w - mm(44), h - mm(24) - mm(22));
    y_ = content_.top();
    p_.setRenderHint(QPainter::Antialiasing);
    p_.setRenderHint(QPainter::TextAntialiasing);
  }

  double mm(double v) const { return v * kDpi / 25.4; }
  QPainter& painter() { return p_; }
  const QRectF& content() const { return content_; }
  double y() const { return y_; }
  void advance(double dy) { y_ += dy; }
  int page() const { return page_; }
  void set_section(std::string s) { section_ = std::move(s); }

  QFont font(double pt, bool bold = false, bool serif = false) const {
    QFont f(serif ? render::cjk_serif_family() : render::cjk_family());
    f.setPointSizeF(pt);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    return f;
  }

  /// Height of wrapped text in `width` device pixels.
  double text_height(const std::string& text, const QFont& f, double width) {
    p_.setFont(f);
    QTextOption o;
    o.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    return p_.boundingRect(QRectF(0, 0, width, 1e7), q(text), o).height();
  }
  void draw_text(const QRectF& r, const std::string& text, const QFont& f, const QColor& c,
                 Qt::Alignment align = Qt::AlignLeft | Qt::AlignTop) {
    p_.setFont(f);
    p_.setPen(c);
    QTextOption o(align);
    o.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    p_.drawText(r, q(text), o);
  }

  /// Starts a new page when fewer than `h` pixels are left; returns true when it did.
  bool ensure(double h) {
    if (y_ + h <= content_.bottom()) return false;
    new_page();
    return true;
  }

  void new_page() {
    if (!first_) {
      footer();
      writer_.newPage();
      ++page_;
    }
    first_ = false;
    y_ = content_.top();
    numbered_ = running_;  // the title page carries neither header nor number
    if (numbered_) header();
  }
  /// From here on pages carry the running header and the page number.
  void start_running() { running_ = true; }
  void finish() {
    footer();
    p_.end();
  }

 private:
  void header() {
    const QFont f = font(8);
    const QRectF r(content_.left(), mm(12), content_.width(), mm(6));
    draw_text(r, doc_.title, f, kGrey, Qt::AlignLeft | Qt::AlignBottom);
    draw_text(r, section_, f, kGrey, Qt::AlignRight | Qt::AlignBottom);
    p_.setPen(QPen(kRule, mm(0.2)));
    p_.drawLine(QPointF(content_.left(), mm(18.5)), QPointF(content_.right(), mm(18.5)));
  }
  void footer() {
    if (!numbered_) return;
    draw_text(QRectF(content_.left(), mm(297 - 15), content_.width(), mm(6)),
              fmt::format("第 {} 页", page_), font(8), kGrey, Qt::AlignHCenter | Qt::AlignTop);
  }

  QPdfWriter& writer_;
  const Document& doc_;
  QPainter p_;
  QRectF content_;
  double y_ = 0;
  int page_ = 1;
  bool first_ = true, running_ = false, numbered_ = false;
  std::string section_;
};

void title_page(Pages& pg, const Document& d) {
  pg.new_page();
  const QRectF c = pg.content();
  double y = c.top() + pg.mm(45);
  const double th = pg.text_height(d.title, pg.font(26, true, true), c.width());
  pg.draw_text(QRectF(c.left(), y, c.width(), th), d.title, pg.font(26, true, true), kInk, Qt::AlignHCenter | Qt::AlignTop);
  y += th + pg.mm(6);
  pg.draw_text(QRectF(c.left(), y, c.width(), pg.mm(10)), "三线核查 · 土地供应 · 项目匹配 · 开发区评价",
               pg.font(12, false, true), kGrey, Qt::AlignHCenter | Qt::AlignTop);
  y += pg.mm(28);

  std::vector<std::pair<std::string, std::string>> info = {
      {"项目文件", d.project}, {"统计日期", d.as_of}, {"工作坐标系", d.crs}, {"编制日期", d.date}};
  if (!d.organisation.empty()) info.insert(info.begin(), {"编制单位", d.organisation});
  const double key_w = pg.mm(32), val_w = pg.mm(95), left = c.left() + (c.width() - key_w - val_w) / 2;
  for (const auto& [k, v] : info) {
    const double h = std::max(pg.mm(9), pg.text_height(v, pg.font(12), val_w) + pg.mm(3));
    pg.draw_text(QRectF(left, y, key_w, h), k + "：", pg.font(12, true), kInk, Qt::AlignRight | Qt::AlignTop);
    pg.draw_text(QRectF(left + key_w, y, val_w, h), v, pg.font(12), kInk);
    y += h;
  }

  if (!d.summary.empty()) {
    y += pg.mm(14);
    pg.draw_text(QRectF(c.left(), y, c.width(), pg.mm(8)), "主要结果", pg.font(12, true, true), kInk);
    y += pg.mm(9);
    for (const std::string& s : d.summary) {
      const double h = pg.text_height(s, pg.font(9.5), c.width() - pg.mm(6));
      if (y + h > c.bottom() - pg.mm(12)) break;
      pg.draw_text(QRectF(c.left(), y, pg.mm(5), h), "•", pg.font(9.5), kInk);
      pg.draw_text(QRectF(c.left() + pg.mm(6), y, c.width() - pg.mm(6), h), s, pg.font(9.5), kInk);
      y += h + pg.mm(2.5);
    }
  }
  pg.draw_text(QRectF(c.left(), c.bottom() - pg.mm(8), c.width(), pg.mm(8)),
               "本报告由 tudi（土地）生成；运行记录见文末及 manifest.json", pg.font(8), kGrey,
               Qt::AlignHCenter | Qt::AlignBottom);
}

void heading(Pages& pg, const std::string& text, double pt, double space_before) {
  const QFont f = pg.font(pt, true, true);
  const double h = pg.text_height(text, f, pg.content().width());
  // Keep a heading with at least a few lines of what follows.
  if (pg.y() > pg.content().top() + 1) pg.advance(space_before);
  pg.ensure(h + pg.mm(30));
  pg.draw_text(QRectF(pg.content().left(), pg.y(), pg.content().width(), h), text, f, kInk);
  pg.advance(h + pg.mm(2.5));
}

void paragraph(Pages& pg, const Text& t) {
  if (t.level == 1) {
    heading(pg, t.text, 11, pg.mm(3));
    return;
  }
  const QFont f = t.level == 2 ? pg.font(8.5) : pg.font(10.5);
  const double w = pg.content().width();
  const double h = pg.text_height(t.text, f, w);
  pg.ensure(h);
  pg.draw_text(QRectF(pg.content().left(), pg.y(), w, h), t.text, f, t.level == 2 ? kGrey : kInk);
  pg.advance(h + pg.mm(t.level == 2 ? 1.5 : 3));
}

void figure(Pages& pg, const Figure& fig, int number) {
  const double w = pg.content().width();
  const double h = pg.mm(118), caption_h = pg.mm(8);
  pg.ensure(h + caption_h);
  const QRectF box(pg.content().left(), pg.y(), w, h);
  // Room for the coordinate labels the figure draws outside its frame.
  const QRectF frame = box.adjusted(pg.mm(9), pg.mm(6), -pg.mm(4), -pg.mm(7));
  QPainter& p = pg.painter();
  p.save();
  render::draw_figure(p, frame, fig.map);
  p.restore();
  pg.advance(h + pg.mm(1));
  pg.draw_text(QRectF(pg.content().left(), pg.y(), w, caption_h), fmt::format("图{}  {}", number, fig.caption),
               pg.font(9, true), kInk, Qt::AlignHCenter | Qt::AlignTop);
  pg.advance(caption_h + pg.mm(2));
}

/// Column widths for the available width: each column's natural width (cells up to 55 mm,
/// headers up to 24 mm, wrapping beyond), shrunk towards its minimum when the sum is too wide.
std::vector<double> column_widths(Pages& pg, const output::Table& t, const QFont& body, const QFont& head,
                                  double avail) {
  const QFontMetricsF mb(body, pg.painter().device()), mh(head, pg.painter().device());
  const double pad = pg.mm(2.4);
  std::vector<double> nat(t.columns.size()), min(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    double widest = std::min(mh.horizontalAdvance(q(t.columns[c].header())), pg.mm(24));
    double min_w = mh.horizontalAdvance(QStringLiteral("国国"));
    for (const auto& row : t.rows) {
      if (c >= row.size()) continue;
      const std::string s = cell_text(row[c], t.columns[c]);
      const double adv = mb.horizontalAdvance(q(s));
      widest = std::max(widest, std::min(adv, pg.mm(55)));
      if (is_number(row[c]) || (s.size() <= 16 && !has_cjk(s)))
        min_w = std::max(min_w, adv);  // numbers and codes ("XM2026-001") never wrap
    }
    nat[c] = widest + pad;
    min[c] = std::min(min_w, pg.mm(30)) + pad;
  }
  double sum_nat = 0, sum_min = 0;
  for (std::size_t c = 0; c < nat.size(); ++c) sum_nat += nat[c], sum_min += min[c];
  std::vector<double> w(nat.size());
  if (sum_nat <= avail) {
    for (std::size_t c = 0; c < w.size(); ++c) w[c] = nat[c] * avail / sum_nat;
  } else if (sum_min < avail) {
    const double k = (avail - sum_min) / (sum_nat - sum_min);
    for (std::size_t c = 0; c < w.size(); ++c) w[c] = min[c] + (nat[c] - min[c]) * k;
  } else {
    for (std::size_t c = 0; c < w.size(); ++c) w[c] = min[c] * avail / sum_min;
  }
  return w;
}

void table(Pages& pg, const TableBlock& b, int number) {
  const output::Table& t = b.table;
  const double avail = pg.content().width();
  const double pad = pg.mm(1.2);
  // Wide tables get a smaller font before their columns are squeezed.
  const double pt = t.columns.size() > 7 ? 7.5 : 8.5;
  const QFont head = pg.font(pt, true), body = pg.font(pt);
  const std::vector<double> w = column_widths(pg, t, body, head, avail);

  auto row_height = [&](const std::vector<std::string>& cells, const QFont& f) {
    double h = 0;
    for (std::size_t c = 0; c < cells.size(); ++c) h = std::max(h, pg.text_height(cells[c], f, w[c] - 2 * pad));
    return h + 2 * pad;
  };
  std::vector<std::string> header;
  for (const output::Column& c : t.columns) header.push_back(c.header());
  const double header_h = row_height(header, head);

  const QFont cap = pg.font(9, true);
  const std::string caption = fmt::format("表{}  {}", number, b.caption);
  const double cap_h = pg.text_height(caption, cap, avail) + pg.mm(1.5);
  const double first_row_h = t.rows.empty() ? 0 : row_height([&] {
    std::vector<std::string> s;
    for (std::size_t c = 0; c < t.columns.size(); ++c) s.push_back(c < t.rows[0].size() ? cell_text(t.rows[0][c], t.columns[c]) : "");
    return s;
  }(), body);
  pg.ensure(cap_h + header_h + first_row_h);
  pg.draw_text(QRectF(pg.content().left(), pg.y(), avail, cap_h), caption, cap, kInk, Qt::AlignHCenter | Qt::AlignTop);
  pg.advance(cap_h);

  QPainter& p = pg.painter();
  auto draw_row = [&](const std::vector<std::string>& cells, const std::vector<bool>& right, const QFont& f,
                      double h, bool is_header) {
    double x = pg.content().left();
    if (is_header) p.fillRect(QRectF(x, pg.y(), avail, h), kHeaderFill);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const QRectF cell(x, pg.y(), w[c], h);
      pg.draw_text(cell.adjusted(pad, pad, -pad, -pad), cells[c], f, kInk,
                   (is_header ? Qt::AlignHCenter : right[c] ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
      p.setPen(QPen(kRule, pg.mm(0.15)));
      p.setBrush(Qt::NoBrush);
      p.drawRect(cell);
      x += w[c];
    }
    pg.advance(h);
  };
  const std::vector<bool> header_right(header.size(), false);
  draw_row(header, header_right, head, header_h, true);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    std::vector<bool> right;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const Value v = c < row.size() ? row[c] : Value{};
      cells.push_back(cell_text(v, t.columns[c]));
      right.push_back(right_aligned(v));
    }
    const double h = row_height(cells, body);
    if (pg.ensure(h + pg.mm(1))) draw_row(header, header_right, head, header_h, true);  // repeat the header
    draw_row(cells, right, body, h, false);
  }
  pg.advance(pg.mm(1.5));
  if (!b.note.empty()) paragraph(pg, Text{b.note, 2});
  pg.advance(pg.mm(3));
}

}  // namespace

int write_pdf(const Document& doc, const std::filesystem::path& path, bool overwrite) {
  io::AtomicOutput out(path, overwrite);
  int pages = 0;
  {
    QPdfWriter writer(q(out.temp().string()));
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(q(doc.title));
    writer.setCreator(QStringLiteral("tudi"));
    Pages pg(writer, doc);
    if (!pg.painter().isActive()) throw Error(path.string(), "cannot start the PDF");
    title_page(pg, doc);

    pg.start_running();
    int figure_no = 0, table_no = 0;
    for (std::size_t s = 0; s < doc.sections.size(); ++s) {
      const Section& sec = doc.sections[s];
      pg.set_section(sec.title);
      pg.new_page();
      heading(pg, chinese_number(s + 1) + "、" + sec.title, 16, 0);
      for (const Block& b : sec.blocks) {
        if (const auto* t = std::get_if<Text>(&b)) paragraph(pg, *t);
        else if (const auto* f = std::get_if<Figure>(&b)) figure(pg, *f, ++figure_no);
        else if (const auto* tb = std::get_if<TableBlock>(&b)) table(pg, *tb, ++table_no);
      }
    }
    pg.set_section("运行记录");
    pg.new_page();
    heading(pg, "附：运行记录", 16, 0);
    paragraph(pg, Text{"以下为本次分析的输入、参数与软件版本摘要；全部输入与输出文件的大小和 SHA-256、"
                       "图层字段对照与规则包取值记录在 manifest.json 中，可据此复核与重现（留痕）。"});
    table(pg, TableBlock{"运行记录", doc.provenance, {}}, ++table_no);
    pages = pg.page();
    pg.finish();
  }
  out.commit();
  return pages;
}

}  // namespace tudi::report
