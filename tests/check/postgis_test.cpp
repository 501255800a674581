// The independent engine: the demo layers loaded into PostGIS with ogr2ogr, every proposal's
// overlap recomputed there by brute force (no index, no cheap cases, no streaming, no cutting),
// and compared with tudi check to 1e-6 relative or 0.01 m², whichever is larger.
// scripts/test.sh starts a throwaway PostGIS and exports TUDI_PG ("host=... user=tudi
// dbname=tudi").
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "test_config.hpp"
#include "tudi/check/check.hpp"
#include "tudi/project/project.hpp"
#include "tudi/geom/overlay.hpp"
#include "tudi/io/parallel_read.hpp"
#include "tudi/synth/synth.hpp"

namespace fs = std::filesystem;
using namespace tudi;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs a command; returns its stdout, and its exit status through `status`.
std::string run(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) {
    status = -1;
    return out;
  }
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  status = pclose(p);
  return out;
}

/// psql -At: one line per row, fields separated by '|'.
std::vector<std::vector<std::string>> query(const std::string& pg, const std::string& sql) {
  int status = 0;
  // Notices (ST_IsValid explaining itself) would mix into the rows.
  std::string cmd = "PGOPTIONS='-c client_min_messages=warning' psql ";
  cmd += quote(pg);
  cmd += " -v ON_ERROR_STOP=1 -At -c ";
  cmd += quote(sql);
  const std::string out = run(cmd, status);
  if (status != 0) throw std::runtime_error("psql failed: " + out);
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> row;
    std::size_t start = 0;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
      row.push_back(line.substr(start, bar - start));
    row.push_back(line.substr(start));
    rows.push_back(row);
  }
  return rows;
}

/// Loads one configured layer into table <prefix><role>, reprojected into the working CRS, its
/// text decoded as tudi decodes it, column names kept as they are.
void load(const std::string& pg, const io::LayerSource& src, const std::string& role,
          const crs::Crs& working, const std::string& prefix = "check_") {
  io::ReadOptions ro;
  ro.target = working;
  const io::SchemaInfo info = io::read_schema(src, ro);
  std::string cmd = "ogr2ogr -f PostgreSQL ";
  cmd += quote(std::string("PG:").append(pg));
  cmd += " ";
  cmd += quote(src.source);
  if (!src.layer.empty()) cmd.append(" ").append(quote(src.layer));
  if (fs::path(src.source).extension() == ".shp")
    cmd.append(" -oo ENCODING=").append(quote(info.schema.report.encoding));
  cmd.append(" -nln ").append(prefix).append(role).append(" -t_srs ").append(working.label());
  cmd.append(" -nlt PROMOTE_TO_MULTI -lco GEOMETRY_NAME=geom -lco LAUNDER=NO -lco FID=ogc_fid");
  cmd.append(" -overwrite");
  int status = 0;
  const std::string out = run(cmd, status);
  ASSERT_EQ(status, 0) << cmd << "\n" << out;
}

double number(const std::string& s) {
  return s.empty() ? 0.0 : std::stod(s);
}

void expect_close(double tudi_m2, double postgis_m2, const std::string& what,
                  double absolute = 0.01, double relative = 1e-6) {
  const double tolerance = std::max(absolute, relative * std::fabs(postgis_m2));
  EXPECT_NEAR(tudi_m2, postgis_m2, tolerance) << what;
}

}  // namespace

TEST(CheckPostgis, DemoOverlapsAgreeWithStIntersection) {
  const char* pg_env = std::getenv("TUDI_PG");
  if (!pg_env || !*pg_env)
    GTEST_SKIP() << "TUDI_PG is not set: no PostGIS to cross-check against (scripts/test.sh "
                    "starts one)";
  const fs::path project_file = test::kDemoDir / "tudi.toml";
  if (!fs::exists(project_file))
    GTEST_SKIP() << project_file << " is absent: run `tudi synth gis-data/demo` first";
  const std::string pg = pg_env;
  const Project project = load_project(project_file);
  const check::Result result = check::run(project, {});
  const crs::Crs working = result.crs;

  for (const std::string role : {"proposals", "redline", "farmland", "urban"}) {
    load(pg, project.layers.at(role), role, working);
    if (HasFatalFailure()) return;
  }
  const std::string id = project.layers.at("proposals").fields.count("id")
                             ? project.layers.at("proposals").fields.at("id")
                             : "XMBH";
  // Control features are repaired the way tudi repairs them (MakeValid, structure method);
  // invalid proposals are left out on both sides (tudi reports them instead of checking them).
  // The demo's coordinates are on the 0.001 m grid (DOMAIN §6), so reducing them to it is the
  // identity; both sides overlay in floating point as ST_Intersection does by default (tudi
  // falls back to the grid's overlay only where the floating one would leave a part thinner
  // than the grid; see geom::robust_overlay).
  const std::string valid = "ST_MakeValid(geom, 'method=structure keepcollapsed=false')";
  for (const std::string role : {"redline", "farmland", "urban"})
    query(pg, "UPDATE check_" + role + " SET geom = ST_Multi(ST_CollectionExtract(" + valid +
                  ", 3)) WHERE NOT ST_IsValid(geom); CREATE INDEX ON check_" + role +
                  " USING gist (geom); ANALYZE check_" + role);
  const std::string p = "ST_ReducePrecision(p.geom, 0.001)";
  std::map<std::string, std::map<std::string, double>> expect;  // line → id → m²
  for (const std::string line : {"redline", "farmland"}) {
    const auto rows =
        query(pg, "SELECT p.\"" + id + "\", COALESCE(SUM(ST_Area(ST_Intersection(" + p +
                      ", ST_ReducePrecision(f.geom, 0.001)))), 0) FROM check_proposals p "
                      "LEFT JOIN check_" +
                      line +
                      " f ON ST_Intersects(p.geom, f.geom) "
                      "WHERE ST_IsValid(p.geom) AND ST_Dimension(p.geom) = 2 GROUP BY p.\"" +
                      id + "\"");
    for (const auto& r : rows) expect[line][r.at(0)] = number(r.at(1));
  }
  {
    const auto rows =
        query(pg, "SELECT p.\"" + id + "\", ST_Area(ST_Difference(" + p +
                      ", COALESCE((SELECT ST_Union(ST_ReducePrecision(u.geom, 0.001)) FROM "
                      "check_urban u WHERE ST_Intersects(u.geom, p.geom)), ST_SetSRID('POLYGON "
                      "EMPTY'::geometry, ST_SRID(p.geom))))) FROM check_proposals p WHERE "
                      "ST_IsValid(p.geom) AND "
                      "ST_Dimension(p.geom) = 2");
    for (const auto& r : rows) expect["urban"][r.at(0)] = number(r.at(1));
  }
  int compared = 0, overlapping = 0;
  for (const check::ProposalResult& pr : result.proposals) {
    if (!pr.checked) continue;
    for (const std::string line : {"redline", "farmland", "urban"}) {
      ASSERT_TRUE(expect[line].count(pr.id)) << pr.id << " missing from PostGIS (" << line << ")";
      const double mine = pr.lines.at(line).overlap.planar_m2;
      expect_close(mine, expect[line][pr.id], pr.id + " " + line);
      ++compared;
      if (line != "urban" && mine > 0) ++overlapping;
    }
  }
  EXPECT_GT(compared, 0);
  EXPECT_GT(overlapping, 0) << "the demo should have proposals that overlap the lines";
  std::printf("compared %d proposal × line areas with PostGIS (%d with overlap)\n", compared,
              overlapping);
}

TEST(CheckPostgis, OffGridOverlapsAgreeWithPlainStIntersection) {
  // Data shaped like a reprojected county: a coverage of farmland plots with every decimal
  // (no coordinate on the 0.001 m grid), irregular proposals over tens of plots each. tudi
  // overlays the coordinates as read, as PostGIS does: every proposal's overlap must agree
  // with the plain ST_Intersection of the raw geometries to 10⁻⁹ relative or 0.001 m².
  const char* pg_env = std::getenv("TUDI_PG");
  if (!pg_env || !*pg_env)
    GTEST_SKIP() << "TUDI_PG is not set: no PostGIS to cross-check against (scripts/test.sh "
                    "starts one)";
  const std::string pg = pg_env;
  const fs::path dir = test::scratch_dir("tudi-check-offgrid");
  fs::remove_all(dir);
  synth::ScaleOptions opt;
  opt.farmland = 3000;
  opt.proposals = 60;
  opt.off_grid = true;
  opt.proposal_plots = 30;
  synth::write_scaled(opt, dir);
  const Project project = load_project(dir / "tudi.toml");
  check::Options co;
  co.skip = {"redline", "urban", "zones"};
  const check::Result result = check::run(project, co);
  for (const std::string role : {"proposals", "farmland"}) {
    load(pg, project.layers.at(role), role, result.crs, "offgrid_");
    if (HasFatalFailure()) return;
  }
  query(pg, "CREATE INDEX ON offgrid_farmland USING gist (geom); ANALYZE offgrid_farmland");
  const auto rows = query(
      pg, "SELECT p.\"XMBH\", COALESCE(SUM(ST_Area(ST_Intersection(p.geom, f.geom))), 0), "
          "COUNT(f.geom) FROM offgrid_proposals p LEFT JOIN offgrid_farmland f ON "
          "ST_Intersects(p.geom, f.geom) GROUP BY p.\"XMBH\"");
  std::map<std::string, double> expect;
  for (const auto& r : rows) expect[r.at(0)] = number(r.at(1));
  int compared = 0, off_grid = 0;
  double plots = 0;
  for (const check::ProposalResult& pr : result.proposals) {
    ASSERT_TRUE(pr.checked) << pr.id << ": " << pr.reason;
    ASSERT_TRUE(expect.count(pr.id)) << pr.id << " missing from PostGIS";
    const check::LineResult& lr = pr.lines.at("farmland");
    expect_close(lr.overlap.planar_m2, expect[pr.id], pr.id, 0.001, 1e-9);
    plots += lr.pieces;
    ++compared;
    if (!geom::on_grid(pr.geometry, 0.001)) ++off_grid;
  }
  EXPECT_EQ(compared, 60);
  EXPECT_EQ(off_grid, compared) << "the generated proposals should be off the grid";
  EXPECT_GT(plots / compared, 10) << "each proposal should meet tens of plots";
  const check::OverlayCount& n = result.overlays.at("farmland");
  std::printf("compared %d off-grid proposals with PostGIS: %.1f pieces each, %lld overlays, "
              "%lld retried on the grid\n",
              compared, plots / compared, static_cast<long long>(n.overlays),
              static_cast<long long>(n.retried));
}
