#pragma once
// Qt's own dialogs (OK/Cancel, file dialogs, message boxes) in Chinese: the viewer is for a
// Chinese bureau, so its buttons say 确定/取消 whatever the machine's locale.

class QCoreApplication;

namespace tudi::view {

/// Loads Qt's zh_CN translations (qt6-translations-l10n) into the application and sets the
/// Chinese locale; false when the translation files are not installed.
bool install_chinese_translations(QCoreApplication& app);

}  // namespace tudi::view
