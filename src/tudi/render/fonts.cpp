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
    // TrueType (glyf) fonts first: Qt's PDF writer builds the text layer (ToUnicode) from the
    // font's cmap, and with the CFF-outline Noto CJK collection it loses digits and Latin runs
    // after Latin letters ("XM2026-001" → "XM -") and maps shared glyphs to the Kangxi radical
    // with the lower code point (⾯ U+2F9F for 面). WenQuanYi Zen Hei gives a clean text layer.
    family = find_family({"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN",
                          "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC"});
  });
  return family;
}

QString cjk_serif_family() {
  static std::once_flag once;
  static QString family;
  std::call_once(once, [] { family = find_family({"AR PL UMing CN", "WenQuanYi Zen Hei", "Noto Serif CJK SC", "Noto Sans CJK SC"});
  });
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
