// tudi convert: between every format tudi reads and writes, 界址点 TXT included both ways.
#include <fmt/format.h>

#include "command.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/reader.hpp"
#include "tudi/io/writer.hpp"

namespace tudi::cli {
namespace {

class ConvertCommand final : public Command {
 public:
  const char* name() const override { return "convert"; }
  const char* description() const override {
    return "Convert a layer (Shapefile, GeoPackage, GeoJSON, 界址点 TXT, ...) to .shp/.gpkg/"
           ".geojson/.txt, decoding text and reprojecting on the way";
  }
  void setup(CLI::App& app) override {
    app.add_option("src", src_, "Source (any GDAL vector source, a 界址点 TXT or a folder of them)")
        ->required();
    app.add_option("dst", dst_, "Destination; its extension picks the format")->required();
    app.add_option("--layer", layer_, "Layer of a multi-layer source");
    app.add_option("--dst-crs", dst_crs_, "Reproject into this CRS (EPSG:4526)");
    app.add_option("--src-crs", src_crs_, "CRS of a source that declares none");
    app.add_option("--src-encoding", src_encoding_, "Encoding of the source (default: detect)");
    app.add_option("--encoding", encoding_,
                   "Encoding of Shapefile/TXT output: GBK (default, with .cpg) or UTF-8; "
                   "GeoPackage and GeoJSON are always UTF-8");
    app.add_flag("--overwrite", overwrite_, "Replace an existing destination");
  }
  int run() override {
    io::LayerSource src;
    src.source = src_;
    src.layer = layer_;
    src.encoding = src_encoding_;
    io::ReadOptions ropt;
    if (!src_crs_.empty()) ropt.assume = crs::Crs::from_user(src_crs_);
    ropt.progress = terminal_progress();
    io::WriteOptions wopt;
    io::format_for(dst_);  // an unknown extension is a usage error, before anything is read
    // GBK by default: ArcMap 10.x on Chinese Windows reads Shapefiles and TXT in the code page.
    wopt.encoding = encoding_.empty() ? "CP936" : encoding_;
    wopt.overwrite = overwrite_;
    if (!dst_crs_.empty()) wopt.target = crs::Crs::from_user(dst_crs_);
    const Layer layer = io::read_layer(src, ropt);
    io::write_layer(layer, dst_, wopt);
    const crs::Crs& out_crs = wopt.target ? *wopt.target : layer.crs;
    fmt::print(stderr, "{}: {} features, {} → {}, {} → {}{}\n", dst_, layer.features.size(),
               layer.source_crs.label(), out_crs.label(), layer.report.encoding,
               io::normalise_encoding(wopt.encoding),
               layer.report.repaired ? fmt::format(", {} invalid geometries repaired",
                                                   layer.report.repaired)
                                     : "");
    for (const std::string& r : layer.report.repairs) fmt::print(stderr, "  {}\n", r);
    for (const std::string& w : layer.report.warnings) fmt::print(stderr, "  warning: {}\n", w);
    return 0;
  }

 private:
  std::string src_, dst_, layer_, dst_crs_, src_crs_, src_encoding_ = "auto", encoding_;
  bool overwrite_ = false;
};

}  // namespace

std::unique_ptr<Command> make_convert() { return std::make_unique<ConvertCommand>(); }

}  // namespace tudi::cli
