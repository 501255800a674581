// tudi-view [tudi.toml | SOURCE...]: the map viewer.

#include <QApplication>
#include <QStringList>

#include "main_window.hpp"
#include "tudi/render/fonts.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("tudi-view");
  const QString cjk = tudi::render::cjk_family();
  if (!cjk.isEmpty()) {
    QFont f(cjk);
    f.setPointSizeF(QApplication::font().pointSizeF());
    QApplication::setFont(f);
  }
  tudi::view::MainWindow w;
  w.show();
  QStringList args = QApplication::arguments();
  args.removeFirst();
  if (args.size() == 1 && args.front().endsWith(".toml")) w.open_project(args.front());
  else if (!args.isEmpty()) w.add_sources(args);
  return QApplication::exec();
}
