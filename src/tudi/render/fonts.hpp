#pragma once
// The CJK font every map and report uses, found once through QFontDatabase, so labels and
// legends never show tofu boxes.

#include <QFont>
#include <QString>

namespace tudi::render {

/// "WenQuanYi Zen Hei" when installed (fonts-wqy-zenhei: TrueType outlines, so PDF text is
/// searchable), else WenQuanYi Micro Hei, AR PL UMing, Noto Sans/Serif CJK SC, else another family
/// that covers Simplified Chinese; empty when none is installed.
QString cjk_family();
/// The serif CJK family for report headings ("AR PL UMing CN", fonts-arphic-uming), or cjk_family().
QString cjk_serif_family();
/// A map font of `pixel_size` pixels, hinting off so images are the same at any DPI and in
/// tests (fonts pinned).
QFont map_font(double pixel_size, bool bold = false);

}  // namespace tudi::render
