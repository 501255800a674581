// tudi-view [tudi.toml | SOURCE...]: the map viewer.
//   --check FILE        run the control-line check on a 界址点 TXT (or layer) once loaded
//   --screenshot FILE   save the window as an image once everything is drawn, then quit
//                       (for the README: run under xvfb-run)

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "chinese.hpp"
#include "main_window.hpp"
#include "tudi/render/fonts.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("tudi-view");
  tudi::view::install_chinese_translations(app);
  const QString cjk = tudi::render::cjk_family();
  if (!cjk.isEmpty()) {
    QFont f(cjk);
    f.setPointSizeF(QApplication::font().pointSizeF());
    QApplication::setFont(f);
  }
  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("tudi 地图查看器"));
  cli.addHelpOption();
  cli.addPositionalArgument("sources", QStringLiteral("tudi.toml，或 Shapefile/GeoPackage/界址点 TXT"));
  cli.addOption({"check", QStringLiteral("载入后对该界址点文件做三线核查"), "FILE"});
  cli.addOption({"screenshot", QStringLiteral("绘制完成后保存窗口截图并退出"), "FILE"});
  cli.process(app);

  tudi::view::MainWindow w;
  w.show();
  const QStringList args = cli.positionalArguments();
  if (args.size() == 1 && args.front().endsWith(".toml")) w.open_project(args.front());
  else if (!args.isEmpty()) w.add_sources(args);
  if (cli.isSet("check") || cli.isSet("screenshot")) {
    QTimer::singleShot(0, &w, [&] {
      w.wait_idle(300000);
      if (cli.isSet("check")) {
        w.check_file(cli.value("check"));
        w.wait_idle(300000);
      }
      if (cli.isSet("screenshot")) {
        w.wait_idle(60000);
        w.grab().save(cli.value("screenshot"));
        QApplication::quit();
      }
    });
  }
  return QApplication::exec();
}
