// bench_view [tudi.toml | FARMLAND_SOURCE] [--threads N] [--size WxH] [--viewer-read]
//
// The map viewer's targets (issue 8), measured offscreen with the same render library the
// viewer uses: first full view of a 10⁶-polygon farmland layer within 2 s, a pan or zoom redraw
// within 0.5 s, on two cores. Give the tudi.toml written by `tudi synth DIR --farmland 1000000`
// (its farmland role is read) or any farmland source; without one, the same 150 m × 100 m plot
// grid is built in memory. Prints each step with its target.
//
// From a GeoPackage it first measures the viewer's preview: open → first frame drawn from the
// file's R-tree (one box per plot) while the geometries are still to be read; target 2 s.
// The layer is then read with the parallel reader (two fields), or with --viewer-read as the
// viewer reads it (io::read_layer through load_layers: one thread, every field).

#include <QGuiApplication>

#include <tbb/global_control.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "tudi/project/project.hpp"
#include "tudi/io/index_boxes.hpp"
#include "tudi/io/parallel_read.hpp"
#include "tudi/render/renderer.hpp"

using namespace tudi;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// CPU time of the whole process (every thread), so a run on a busy machine still tells what
/// the work costs: on two idle cores the wall time is between cpu/2 and cpu.
double cpu_ms() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
          static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3);
}

std::shared_ptr<Layer> synthetic(std::int64_t n) {
  auto l = std::make_shared<Layer>();
  l->name = "YJJBNTTB";
  l->role = "farmland";
  l->crs = crs::Crs::from_epsg(4526);
  l->fields = {{"JBNTTBBH", FieldType::String}, {"DLBM", FieldType::String}};
  l->mapping = {{"id", "JBNTTBBH"}, {"land_class", "DLBM"}};
  const auto side = static_cast<std::int64_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  static const char* classes[] = {"0101", "0102", "0103"};
  l->features.reserve(static_cast<std::size_t>(n));
  for (std::int64_t k = 0; k < n; ++k) {
    const double x = 38450000.0 + static_cast<double>(k % side) * 150;
    const double y = 3850000.0 + static_cast<double>(k / side) * 100;
    Feature f;
    f.fid = k + 1;
    f.geometry = geom::polygon({{{x, y}, {x + 146, y}, {x + 146, y + 97}, {x, y + 97}, {x, y}}});
    f.values = {std::string("JB") + std::to_string(k + 1), std::string(classes[k % 3])};
    l->features.push_back(std::move(f));
  }
  return l;
}

struct Step {
  const char* name;
  double ms;
  double target_ms;  // 0 = no target
  double cpu = 0;    // CPU ms, all threads
};

}  // namespace

int main(int argc, char** argv) {
  std::string source;
  int threads = 2;
  bool viewer_read = false;
  QSize size(1600, 1000);
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--viewer-read")) viewer_read = true;
    else if (!std::strcmp(argv[i], "--size") && i + 1 < argc) {
      int w = 0, h = 0;
      if (std::sscanf(argv[++i], "%dx%d", &w, &h) == 2) size = QSize(w, h);
    } else source = argv[i];
  }
  if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  QGuiApplication app(argc, argv);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  std::vector<Step> steps;

  std::shared_ptr<Layer> layer;
  std::size_t preview_boxes = 0;
  auto t = Clock::now();
  double c0 = cpu_ms();
  try {
    io::LayerSource src;
    std::optional<crs::Crs> working;
    if (source.size() > 5 && source.substr(source.size() - 5) == ".toml") {
      const Project p = load_project(source);
      src = p.need("farmland", "bench_view");
      working = working_crs(p);
    } else {
      src.source = source;
      src.role = "farmland";
    }
    if (!source.empty()) {
      // The preview, from nothing: the project file, the R-tree, the rectangles, the full view.
      const auto t_open = Clock::now();
      const double c_open = cpu_ms();
      std::optional<io::IndexBoxes> boxes = io::read_index_boxes(src, working);
      if (boxes) {
        preview_boxes = boxes->boxes.size();
        steps.push_back({"  preview: read R-tree boxes", ms_since(t_open), 0, cpu_ms() - c_open});
        auto t1 = Clock::now();
        double c1 = cpu_ms();
        Layer schema;
        schema.name = boxes->name;
        schema.source = src.source;
        schema.role = "farmland";
        schema.crs = boxes->crs;
        auto preview = render::LayerData::from_boxes(schema, std::move(boxes->boxes));
        steps.push_back({"  preview: rectangles + R-tree", ms_since(t1), 0, cpu_ms() - c1});
        t1 = Clock::now();
        c1 = cpu_ms();
        render::MapSettings ps;
        ps.size = size;
        ps.crs = schema.crs;
        ps.extent = preview->extent();
        ps.layers.push_back(render::MapLayer::make("farmland", preview, render::style_for("farmland")));
        render::RenderJob job(ps, std::make_shared<render::LayerImageCache>());
        job.run();
        steps.push_back({"  preview: first full view", ms_since(t1), 0, cpu_ms() - c1});
        steps.push_back({"open -> first frame (preview from the R-tree)", ms_since(t), 2000, cpu_ms() - c0});
      } else {
        std::printf("no preview: %s has no GeoPackage R-tree to read\n", src.source.c_str());
      }
      t = Clock::now();
      c0 = cpu_ms();
    }
    if (source.empty()) {
      layer = synthetic(1000000);
      steps.push_back({"build 10^6 plots in memory (GEOS)", ms_since(t), 0, cpu_ms() - c0});
    } else if (viewer_read) {
      io::ReadOptions opt;
      opt.target = working;
      layer = std::make_shared<Layer>(io::read_layer(src, opt));
      steps.push_back({"read farmland (as the viewer: 1 thread, all fields)", ms_since(t), 0, cpu_ms() - c0});
    } else {
      io::ParallelReadOptions opt;
      opt.base.target = working;
      opt.fields = {"id", "land_class"};
      opt.threads = threads;
      layer = std::make_shared<Layer>(io::read_all(src, opt));
      steps.push_back({"read farmland (parallel reader)", ms_since(t), 0, cpu_ms() - c0});
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_view: %s\n", e.what());
    return 1;
  }

  t = Clock::now();
  c0 = cpu_ms();
  auto data = std::make_shared<const render::LayerData>(layer);
  steps.push_back({"prepare for drawing (coordinates + R-tree)", ms_since(t), 0, cpu_ms() - c0});

  render::MapSettings s;
  s.size = size;
  s.crs = layer->crs;
  s.extent = data->extent();
  s.layers.push_back(render::MapLayer::make("farmland", data, render::style_for("farmland")));
  auto cache = std::make_shared<render::LayerImageCache>();
  auto render = [&](const char* name, double target) {
    render::RenderJob job(s, cache);
    const auto t0 = Clock::now();
    const double cpu0 = cpu_ms();
    job.run();
    steps.push_back({name, ms_since(t0), target, cpu_ms() - cpu0});
    const auto it = job.stats().find("farmland");
    return it == job.stats().end() ? render::DrawStats{} : it->second;
  };
  const render::DrawStats st = render("first full view", 2000);
  const tudi::Envelope full = s.visible_extent();
  // A pan by a quarter of the width at full view: every plot in view is drawn again.
  s.extent = {full.minx + full.width() / 4, full.miny, full.maxx + full.width() / 4, full.maxy};
  render("pan (full view, 1/4 width)", 500);
  const double cx = (full.minx + full.maxx) / 2, cy = (full.miny + full.maxy) / 2;
  s.extent = render::zoom_about(full, 0.5, cx, cy);
  render("zoom in 2x", 500);
  s.extent = render::zoom_about(full, 0.1, cx, cy);
  render("zoom in 10x", 500);
  s.extent = render::zoom_about(full, 0.02, cx, cy);
  render("zoom in 50x (plots with outlines)", 500);
  s.extent = {s.extent.minx + s.extent.width() / 3, s.extent.miny, s.extent.maxx + s.extent.width() / 3, s.extent.maxy};
  render("pan at 50x", 500);
  s.extent = full;
  render("zoom out to full view", 500);
  s.layers[0].opacity = 0.5;
  render("opacity change (cached image)", 500);

  std::printf("tudi-view speed, %zu polygons (%zu vertices, %.0f MB drawing copy), %dx%d px, %d threads\n",
              data->size(), data->vertex_count(), static_cast<double>(data->memory_bytes()) / 1e6,
              size.width(), size.height(), threads);
  double load[1] = {0};
  if (getloadavg(load, 1) == 1 && load[0] > threads)
    std::printf("note: load average %.1f on this machine: wall times are inflated, CPU times are not\n", load[0]);
  if (preview_boxes > 0) std::printf("preview drew %zu boxes from the GeoPackage's R-tree\n", preview_boxes);
  std::printf("first view drew %zu features: %zu as polygons, %zu as pixel boxes, %zu as pixels\n",
              st.queried, st.polygons, st.small, st.pixels);
  std::printf("%-52s %10s %10s %10s\n", "step", "wall ms", "cpu ms", "target");
  bool ok = true;
  for (const Step& x : steps) {
    const bool pass = x.target_ms <= 0 || x.ms <= x.target_ms;
    ok = ok && pass;
    if (x.target_ms > 0)
      std::printf("%-52s %10.0f %10.0f %7.0f %s\n", x.name, x.ms, x.cpu, x.target_ms, pass ? "ok" : "SLOW");
    else
      std::printf("%-52s %10.0f %10.0f %10s\n", x.name, x.ms, x.cpu, "-");
  }
  return ok ? 0 : 3;
}
