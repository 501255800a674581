#include "chinese.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace tudi::view {

bool install_chinese_translations(QCoreApplication& app) {
  const QLocale zh(QLocale::Chinese, QLocale::China);
  QLocale::setDefault(zh);
  auto* qt = new QTranslator(&app);  // owned by the application
  if (!qt->load(zh, QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    delete qt;
    return false;
  }
  return QCoreApplication::installTranslator(qt);
}

}  // namespace tudi::view
