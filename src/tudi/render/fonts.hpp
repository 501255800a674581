#pragma once
// The CJK font every map and report uses, found once through QFontDatabase, so labels and
// legends never show tofu boxes.

#include <QFont>
#include <QString>

namespace tudi::render {

/// "Noto Sans CJK SC" when installed (fonts-noto-cjk), else "Noto Serif CJK SC", else another
/// family that covers Simplified Chinese; empty when none is installed.
QString cjk_family();
/// The serif CJK family for report headings ("Noto Serif CJK SC"), or cjk_family().
QString cjk_serif_family();
/// A map font of `pixel_size` pixels, hinting off so images are the same at any DPI and in
/// tests (fonts pinned).
QFont map_font(double pixel_size, bool bold = false);

}  // namespace tudi::render
