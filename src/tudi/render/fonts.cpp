#include "tudi/render/fonts.hpp"

#include <QFontDatabase>
#include <QGuiApplication>

#include <mutex>

namespace tudi::render {
namespace {

QString find_family(const QStringList& wanted) {
  const QStringList families = QFontDatabase::families();
  for (const QString& w : wanted)
    if (families.contains(w)) return w;
  for (const QString& f : QFontDatabase::families(QFontDatabase::SimplifiedChinese)) return f;
  return {};
}

}  // namespace

QString cjk_family() {
  static std::once_flag once;
  static QString family;
  std::call_once(once, [] {
    family = find_family({"Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei",
                          "Source Han Sans SC"});
  });
  return family;
}

QString cjk_serif_family() {
  static std::once_flag once;
  static QString family;
  std::call_once(once, [] { family = find_family({"Noto Serif CJK SC", "Noto Sans CJK SC"}); });
  return family;
}

QFont map_font(double pixel_size, bool bold) {
  QFont f(cjk_family());
  f.setPixelSize(std::max(1, static_cast<int>(pixel_size + 0.5)));
  f.setBold(bold);
  f.setHintingPreference(QFont::PreferNoHinting);
  f.setStyleStrategy(QFont::NoSubpixelAntialias);
  return f;
}

}  // namespace tudi::render
