// The server's API, driven over HTTP on 127.0.0.1: sessions and roles, the map, every
// analysis, uploads, jobs and the audit log.

#include <gtest/gtest.h>

#include <QImage>

#include <fstream>
#include <chrono>
#include <set>
#include <thread>

#include "run_tudi.hpp"
#include "serve/serve_fixture.hpp"
#include "tudi/check/check.hpp"
#include "tudi/check/output.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/zip.hpp"
#include "tudi/serve/uploads.hpp"
#include "tudi/supply/output.hpp"
#include "tudi/supply/supply.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace tudi::test {
namespace {

/// A 40 m square well inside a farmland plot (at least 30 m from its edge) that no other plot
/// touches, and the plot's id: drawn there, the whole site overlaps that plot alone.
struct FarmSite {
  json ring = json::array();
  std::string plot_id;
  double area = 0;
};

FarmSite farm_site() {
  const Layer& farmland = *demo_workspace()->layer("farmland");
  for (const Feature& f : farmland.features) {
    const geom::Geometry inner = geom::buffer(f.geometry, -30);
    if (!inner || geom::is_empty(inner)) continue;
    double cx = 0, cy = 0;
    geom::for_each_ring(inner, [&](int part, int ring, std::span<const double> xy) {
      if (part == 0 && ring == 0) cx = xy[0], cy = xy[1];
    });
    const std::vector<std::pair<double, double>> sq = {
        {cx - 20, cy - 20}, {cx + 20, cy - 20}, {cx + 20, cy + 20}, {cx - 20, cy + 20}, {cx - 20, cy - 20}};
    const geom::Geometry site = geom::polygon({sq});
    if (!geom::covers(f.geometry, site)) continue;
    int touching = 0;
    for (const Feature& g : farmland.features) touching += g.geometry && geom::intersects(g.geometry, site);
    if (touching != 1) continue;
    FarmSite out;
    for (std::size_t i = 0; i + 1 < sq.size(); ++i) out.ring.push_back({sq[i].first, sq[i].second});
    out.plot_id = farmland.id_of(f);
    out.area = geom::area(site);
    return out;
  }
  ADD_FAILURE() << "no farmland plot wide enough in the demo";
  return {};
}

std::string demo_txt() { return slurp(kDemoDir / "proposals_txt" / "XM2026-001.txt"); }

TEST_F(ServeTest, LoginSetsAStrictHttpOnlyCookieAndLogoutEndsTheSession) {
  Browser b(port_);
  EXPECT_EQ(b.login("ana", "wrong password").status, 401);
  const Reply ok = b.login("ana", kPassword);
  ASSERT_EQ(ok.status, 200);
  const std::string cookie = ok.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(ok.json["role"], "analyst");
  EXPECT_EQ(ok.json["csrf"].get<std::string>().size(), 64u);
  const Reply me = b.get("/api/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json["user"], "ana");
  EXPECT_EQ(b.post_json("/api/logout", json::object()).status, 200);
  EXPECT_EQ(b.get("/api/me").status, 401);
}

TEST_F(ServeTest, RequestsWithoutASessionOrTheCsrfTokenOrTheRoleAreRefused) {
  Browser anon(port_);
  for (const char* path : {"/api/me", "/api/project", "/api/jobs", "/api/identify?x=1&y=1",
                           "/api/layers/farmland/attributes", "/api/layers/farmland/features",
                           "/api/tiles/farmland/0/0/0.png", "/api/users", "/api/audit",
                           "/api/jobs/00ff/files/check.json"}) {
    const Reply r = anon.get(path);
    EXPECT_EQ(r.status, 401) << path;
    EXPECT_NE(r.error().find("未登录"), std::string::npos) << path;
  }
  EXPECT_EQ(anon.post_json("/api/check", {{"ring", json::array()}}).status, 401);
  EXPECT_EQ(anon.post_json("/api/jobs", {{"kind", "supply"}}).status, 401);
  // A forged cookie is no session.
  anon.cookie() = "tudi_session=" + std::string(64, 'a');
  EXPECT_EQ(anon.get("/api/me").status, 401);

  // Logged in, but a state-changing request without the page's CSRF token.
  Browser ana = as("ana");
  const std::string token = ana.csrf();
  ana.csrf().clear();
  const Reply forged = ana.post_json("/api/jobs", {{"kind", "supply"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_NE(forged.error().find("CSRF"), std::string::npos);
  ana.csrf() = std::string(64, '0');
  EXPECT_EQ(ana.post_json("/api/jobs", {{"kind", "supply"}}).status, 403);
  ana.csrf() = token;
  EXPECT_EQ(ana.get("/api/jobs").json["jobs"].size(), 0u);  // nothing was queued

  // A viewer sees the map but runs nothing; an analyst does not manage users.
  Browser vic = as("vic");
  EXPECT_EQ(vic.get("/api/project").status, 200);
  const Reply denied = vic.post_json("/api/check", {{"ring", farm_site().ring}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.error().find("权限不足"), std::string::npos);
  EXPECT_EQ(vic.post_json("/api/jobs", {{"kind", "supply"}}).status, 403);
  EXPECT_EQ(ana.get("/api/users").status, 403);
  EXPECT_EQ(ana.get("/api/audit").status, 403);
  EXPECT_EQ(ana.post_json("/api/users", {{"name", "eve"}, {"password", "12345678"}, {"role", "admin"}}).status,
            403);
}

TEST_F(ServeTest, RepeatedFailedLoginsAreRateLimited) {
  Browser b(port_);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.login("bob", "wrong password").status, 401);
  // Now even the right password is refused, with the wait in the message and the header.
  const Reply limited = b.login("bob", kPassword);
  EXPECT_EQ(limited.status, 429);
  EXPECT_NE(limited.error().find("分钟后再试"), std::string::npos);
  EXPECT_GT(std::stoi(limited.header("Retry-After")), 0);
  // Another name from the same address is not yet limited.
  EXPECT_EQ(b.login("ana", kPassword).status, 200);
}

TEST_F(ServeTest, TheProjectTilesFeaturesAttributesAndIdentify) {
  Browser b = as("vic");
  const auto ws = demo_workspace();
  const Reply p = b.get("/api/project");
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(p.json["crs"]["epsg"], 4526);
  EXPECT_EQ(p.json["title"], "卫源县土地供应与规划分析报告");
  std::set<std::string> roles;
  for (const json& l : p.json["layers"]) {
    roles.insert(l["role"]);
    EXPECT_EQ(l["features"], ws->layer(l["role"])->features.size()) << l["role"];
    EXPECT_FALSE(l["style"]["title"].get<std::string>().empty());
  }
  EXPECT_EQ(roles, (std::set<std::string>{"landuse", "approvals", "parcels", "zones", "urban",
                                          "farmland", "redline", "proposals"}));

  // Level 0 covers the county: the farmland tile is a 256-px PNG with the style's fill in it.
  const Reply tile = b.get("/api/tiles/farmland/0/0/0.png");
  ASSERT_EQ(tile.status, 200);
  EXPECT_EQ(tile.header("Content-Type"), "image/png");
  QImage img;
  ASSERT_TRUE(img.loadFromData(reinterpret_cast<const uchar*>(tile.body.data()),
                               static_cast<int>(tile.body.size()), "PNG"));
  EXPECT_EQ(img.width(), 256);
  int painted = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) painted += qAlpha(img.pixel(x, y)) > 0;
  EXPECT_GT(painted, 1000);
  EXPECT_EQ(b.get("/api/tiles/farmland/1/2/0.png").status, 404);   // outside level 1
  EXPECT_EQ(b.get("/api/tiles/nosuchlayer/0/0/0.png").status, 404);

  // Identify inside the farmland site finds that plot, with the Chinese aliases of its fields.
  const FarmSite site = farm_site();
  const double x = site.ring[0][0].get<double>() + 20, y = site.ring[0][1].get<double>() + 20;
  const Reply id = b.get("/api/identify?x=" + std::to_string(x) + "&y=" + std::to_string(y) +
                         "&roles=farmland");
  ASSERT_EQ(id.status, 200);
  ASSERT_EQ(id.json["features"].size(), 1u);
  EXPECT_EQ(id.json["features"][0]["id"], site.plot_id);
  bool alias = false;
  for (const json& f : id.json["features"][0]["fields"]) alias = alias || f["alias"] == "地类编码";
  EXPECT_TRUE(alias);
  EXPECT_EQ(b.get("/api/identify?x=abc&y=1").status, 400);

  const Reply attrs = b.get("/api/layers/farmland/attributes?offset=10&limit=5");
  ASSERT_EQ(attrs.status, 200);
  EXPECT_EQ(attrs.json["total"], ws->layer("farmland")->features.size());
  ASSERT_EQ(attrs.json["rows"].size(), 5u);
  EXPECT_EQ(attrs.json["rows"][0]["index"], 10);

  const Reply feats = b.get("/api/layers/redline/features");
  ASSERT_EQ(feats.status, 200);
  EXPECT_EQ(feats.json["features"].size(), ws->layer("redline")->features.size());
  EXPECT_EQ(feats.json["features"][0]["geometry"]["type"], "MultiPolygon");
  EXPECT_EQ(b.get("/api/layers/farmland/features?bbox=1,2,3").status, 400);
}

TEST_F(ServeTest, ADrawnSiteOverFarmlandGetsTheOverlapAndTheConclusion) {
  Browser b = as("ana");
  const FarmSite site = farm_site();
  const Reply r = b.post_json("/api/check", {{"ring", site.ring}, {"category", "工业"}, {"name", "新厂区"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["state"], "done");
  const json& p = r.json["result"]["proposals"][0];
  EXPECT_EQ(p["name"], "新厂区");
  EXPECT_NEAR(p["area"]["planar_m2"].get<double>(), site.area, 1e-6);
  EXPECT_NEAR(p["farmland"]["overlap"]["planar_m2"].get<double>(), site.area, 1e-6);
  EXPECT_EQ(p["farmland"]["pieces"], 1);
  EXPECT_EQ(p["farmland"]["state"], "conflict");
  EXPECT_EQ(p["conclusion"]["severity"], "blocking");
  EXPECT_EQ(p["conclusion"]["label"], "禁止");
  // The overlap piece, for the map, names the plot it came from.
  const json& pieces = r.json["result"]["layers"]["overlaps"]["features"];
  bool found = false;
  for (const json& f : pieces)
    found = found || (f["properties"]["LINE"] == "farmland" && f["properties"]["SRC_ID"] == site.plot_id);
  EXPECT_TRUE(found);

  // The same answer as the library's own check on the same polygon.
  check::Inputs in;
  in.crs = demo_workspace()->crs();
  Layer l;
  l.name = "s";
  l.role = "proposals";
  l.crs = in.crs;
  Feature f;
  std::vector<std::pair<double, double>> ring;
  for (const json& v : site.ring) ring.emplace_back(v[0].get<double>(), v[1].get<double>());
  ring.push_back(ring.front());
  f.geometry = geom::polygon({ring});
  l.features.push_back(std::move(f));
  in.proposals.push_back(std::move(l));
  for (const std::string& role : check::kRoles) in.controls[role].layer = demo_workspace()->layer(role);
  check::Options opt;
  opt.category = "工业";
  const check::Result lib = check::analyse(in, demo_workspace()->check_rules(), opt);
  EXPECT_EQ(p["urban"]["outside"], check::to_json(lib)["proposals"][0]["urban"]["outside"]);

  // Its files are listed and download as what they are.
  std::set<std::string> names;
  for (const json& file : r.json["files"]) names.insert(file["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"check.json", "check.xlsx", "overlaps.gpkg"}));
  const std::string id = r.json["id"];
  // The workbook and the GeoPackage are written when first asked for, both at once.
  const fs::path dir = data_ / "jobs" / id;
  EXPECT_TRUE(fs::exists(dir / "check.json"));
  EXPECT_FALSE(fs::exists(dir / "overlaps.gpkg"));
  const Reply json_file = b.get("/api/jobs/" + id + "/files/check.json");
  ASSERT_EQ(json_file.status, 200);
  EXPECT_EQ(json_file.json["proposals"][0]["farmland"]["overlap"], p["farmland"]["overlap"]);
  const Reply xlsx = b.get("/api/jobs/" + id + "/files/check.xlsx");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_TRUE(fs::exists(dir / "overlaps.gpkg"));
  // Named: a range-for over a temporary's member would read it after it is destroyed.
  const Reply job = b.get("/api/jobs/" + id);
  for (const json& file : job.json["files"]) EXPECT_GT(file["bytes"].get<long>(), 0);
  EXPECT_NE(xlsx.header("Content-Disposition").find("attachment"), std::string::npos);
}

TEST_F(ServeTest, DrawnSitesThatCannotBeCheckedAreRefusedWithAReason) {
  Browser b = as("ana");
  auto refused = [&](const json& body) { return b.post_json("/api/check", body); };
  const Reply two = refused({{"ring", {{38481000.0, 3904000.0}, {38481010.0, 3904000.0}}}});
  EXPECT_EQ(two.status, 400);
  EXPECT_NE(two.error().find("至少需要 3 个不同的顶点"), std::string::npos) << two.body;
  const Reply degrees = refused({{"ring", {{113.9, 35.3}, {113.91, 35.3}, {113.91, 35.31}}}});
  EXPECT_EQ(degrees.status, 400);
  EXPECT_NE(degrees.error().find("坐标不在项目范围内"), std::string::npos) << degrees.body;
  const Reply text = refused({{"ring", {{"a", 1}, {2, 3}, {4, 5}}}});
  EXPECT_EQ(text.status, 400);
  const Reply category = refused({{"ring", farm_site().ring}, {"category", "<script>"}});
  EXPECT_EQ(category.status, 400);
  EXPECT_NE(category.error().find("未知的项目类别"), std::string::npos);
  EXPECT_EQ(category.error().find("<script>"), std::string::npos);
  EXPECT_EQ(b.post_json("/api/check", json("not an object")).status, 400);
  EXPECT_EQ(b.get("/api/jobs").json["jobs"].size(), 0u);
}

TEST_F(ServeTest, AnUploadedJzdTxtIsCheckedPlotByPlot) {
  Browser b = as("ana");
  const std::string txt = demo_txt();
  const Reply r = b.post_form("/api/check", {{"file", txt, "XM2026-001.txt", "text/plain"}});
  ASSERT_EQ(r.status, 200) << r.body;
  io::LayerSource src;
  src.source = (kDemoDir / "proposals_txt" / "XM2026-001.txt").string();
  const auto layers = check::read_proposals({src}, demo_workspace()->crs());
  std::size_t plots = 0;
  for (const Layer& l : layers) plots += l.features.size();
  EXPECT_EQ(r.json["result"]["proposals"].size(), plots);
  EXPECT_EQ(r.json["inputs"]["file"], "XM2026-001.txt");
  EXPECT_EQ(r.json["inputs"]["sha256"], serve::sha256_hex(txt));
}

TEST_F(ServeTest, BadUploadsAreRefusedWithAMessageNamingTheFile) {
  Browser b = as("ana");
  auto check = [&](const std::string& content, const std::string& name) {
    return b.post_form("/api/check", {{"file", content, name, "application/octet-stream"}});
  };
  struct Case {
    std::string content, name, says;
  };
  const std::vector<Case> cases = {
      {"", "empty.txt", "文件为空"},
      {std::string("\x00\x01\x02garbage", 10), "blob.txt", "既不是文本也不是 zip"},
      {"X,Y\n1,2\n", "notes.txt", "缺少 [地块坐标]"},
      {"{\"type\": \"Point\"}", "point.geojson", "不是有效的 GeoJSON 面要素"},
      {"[zones]\nname = 1\n", "scenario.toml", "此处不接受调整方案（TOML）"},
      {"PK\x03\x04 not really a zip", "broken.zip", "不是有效的 zip"},
  };
  for (const Case& c : cases) {
    const Reply r = check(c.content, c.name);
    EXPECT_EQ(r.status, 400) << c.name << ": " << r.body;
    EXPECT_NE(r.error().find(c.name), std::string::npos) << r.body;
    EXPECT_NE(r.error().find(c.says), std::string::npos) << r.body;
    EXPECT_EQ(r.error().find(data_.string()), std::string::npos) << "a server path leaked: " << r.body;
  }
  // A TXT whose plot is broken fails as a job, and says so with the client's name, not ours.
  const std::string broken = "[地块坐标]\n4,1.0,1,坏地块,面,,工业,,@\nJ1,1,abc,def\n";
  const Reply bad = check(broken, "坏文件.txt");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.json.value("error", "").find("坏文件.txt"), std::string::npos) << bad.body;
  EXPECT_EQ(bad.json.value("error", "").find("uploads"), std::string::npos) << bad.body;
  // No multipart file at all.
  EXPECT_EQ(b.post_form("/api/check", {{"other", "x", "", "text/plain"}}).status, 400);
}

TEST_F(ServeTest, UploadsOverTheSizeLimitAreRefused) {
  serve::ServerOptions opt;
  opt.max_upload = 4096;
  start(opt);
  Browser b = as("ana");
  std::string big = demo_txt();
  while (big.size() <= 4096) big += "\r\n";
  const Reply r = b.post_form("/api/check", {{"file", big, "big.txt", "text/plain"}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.error().find("文件过大"), std::string::npos) << r.body;
  // Past the whole request limit, the server refuses before reading it.
  const Reply huge = b.post_form("/api/check", {{"file", std::string(3u << 20, 'x'), "huge.txt", "text/plain"}});
  EXPECT_EQ(huge.status, 413);
}

TEST_F(ServeTest, PathTricksInUploadNamesAreHarmless) {
  Browser b = as("ana");
  const fs::path outside = data_.parent_path() / "evil.txt";
  fs::remove(outside);
  for (const std::string name : {"../../evil.txt", "..\\..\\evil.txt", "/etc/evil.txt",
                                 "uploads/../../evil.txt", "evil\x01\x7f<b>.txt"}) {
    const Reply r = b.post_form("/api/check", {{"file", demo_txt(), name, "text/plain"}});
    ASSERT_EQ(r.status, 200) << name << ": " << r.body;
    const std::string shown = r.json["inputs"]["file"];
    EXPECT_EQ(shown.find('/'), std::string::npos);
    EXPECT_EQ(shown.find('\\'), std::string::npos);
    EXPECT_EQ(shown.find_first_of("\x01\x7f<>"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(outside));
  EXPECT_FALSE(fs::exists("/etc/evil.txt"));
  // Every stored upload has a generated name: hex and an extension of ours.
  for (const auto& e : fs::recursive_directory_iterator(data_ / "uploads")) {
    if (!e.is_regular_file()) continue;
    const std::string stem = e.path().stem().string();
    EXPECT_EQ(stem.find_first_not_of("0123456789abcdef"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().extension(), ".txt");
  }

  // A zipped Shapefile whose entries climb out of the folder, or start at the root, is
  // refused whole; one in nested folders is unpacked under generated names.
  const fs::path src = scratch_dir("zipsrc");
  fs::create_directories(src);
  auto zip_of = [&](const std::string& prefix) {
    std::vector<std::pair<fs::path, std::string>> entries;
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"})
      entries.emplace_back(kDemoDir / (std::string("proposals") + ext), prefix + "zipevil" + ext);
    const fs::path zip = src / "site.zip";
    io::write_zip(zip, entries);
    return slurp(zip);
  };
  for (const char* prefix : {"../../../", "/tmp/"}) {
    const Reply z = b.post_form("/api/check", {{"file", zip_of(prefix), "../site.zip", "application/zip"}});
    EXPECT_EQ(z.status, 400) << prefix << ": " << z.body;
    EXPECT_NE(z.error().find("不安全路径"), std::string::npos) << z.body;
  }
  const Reply z = b.post_form("/api/check", {{"file", zip_of("a/b/"), "../site.zip", "application/zip"}});
  ASSERT_EQ(z.status, 200) << z.body;
  EXPECT_EQ(z.json["result"]["proposals"].size(), demo_workspace()->layer("proposals")->features.size());
  for (const fs::path& dir : {data_, data_.parent_path(), data_.parent_path().parent_path(), fs::path("/tmp")})
    EXPECT_FALSE(fs::exists(dir / "zipevil.shp")) << dir;
  for (const auto& e : fs::recursive_directory_iterator(data_))
    EXPECT_EQ(e.path().filename().string().find("zipevil"), std::string::npos) << e.path();

  // Download names must be ones the job listed: nothing climbs out of the job's folder.
  const std::string id = z.json["id"];
  for (const char* trick : {"../../tudi.db", "..%2F..%2Ftudi.db", "%2e%2e/%2e%2e/tudi.db",
                            "/etc/passwd", "check.json/../../../tudi.db"})
    EXPECT_EQ(b.get("/api/jobs/" + id + "/files/" + trick).status, 404) << trick;
}

TEST_F(ServeTest, AUserNeverSeesAnotherUsersJob) {
  Browser ana = as("ana"), bob = as("bob"), admin = as("admin");
  const Reply mine = ana.post_json("/api/check", {{"ring", farm_site().ring}});
  ASSERT_EQ(mine.status, 200);
  const std::string id = mine.json["id"];
  for (Browser* other : {&bob, &admin}) {
    EXPECT_EQ(other->get("/api/jobs").json["jobs"].size(), 0u);
    EXPECT_EQ(other->get("/api/jobs/" + id).status, 404);
    EXPECT_EQ(other->get("/api/jobs/" + id + "/files/check.json").status, 404);
    EXPECT_EQ(other->post_json("/api/jobs/" + id + "/cancel", json::object()).status, 404);
    const Reply report = other->post_json("/api/jobs", {{"kind", "report"}, {"from_job", id}});
    EXPECT_EQ(report.status, 400);
  }
  // An unknown id answers exactly as another user's does.
  EXPECT_EQ(bob.get("/api/jobs/" + std::string(32, 'f')).body, bob.get("/api/jobs/" + id).body);
  EXPECT_EQ(ana.get("/api/jobs").json["jobs"].size(), 1u);
  EXPECT_EQ(ana.get("/api/jobs/" + id + "/files/check.json").status, 200);
}

TEST_F(ServeTest, SupplyMatchAndZonesRunAsJobsWithTheLibrarysResults) {
  Browser b = as("ana");
  const Reply supply = b.post_json("/api/jobs", {{"kind", "supply"}});
  ASSERT_EQ(supply.status, 202) << supply.body;
  const Reply match = b.post_form("/api/jobs", {{"kind", "match", "", ""},
                                                {"projects", slurp(kDemoDir / "projects.csv"), "projects.csv", "text/csv"}});
  ASSERT_EQ(match.status, 202) << match.body;
  const Reply zones = b.post_form("/api/jobs", {{"kind", "zones", "", ""},
                                                {"scenario", slurp(kDemoDir / "scenario.toml"), "scenario.toml", "application/toml"}});
  ASSERT_EQ(zones.status, 202) << zones.body;

  const json s = b.wait_job(supply.json["id"]);
  ASSERT_EQ(s["state"], "done") << s.dump();
  const auto ws = demo_workspace();
  const supply::Result lib = supply::analyse(supply::inputs_from(ws->project_layers()),
                                             supply::load_settings(ws->project()));
  const json expected = supply::to_json(lib);
  for (const char* key : {"totals", "supply_rate", "batches", "zones"}) EXPECT_EQ(s["result"][key], expected[key]) << key;
  std::set<std::string> names;
  for (const json& f : s["files"]) names.insert(f["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"supply.gpkg", "supply.json", "supply.xlsx"}));

  const json m = b.wait_job(match.json["id"]);
  ASSERT_EQ(m["state"], "done") << m.dump();
  const auto demo_projects = [] {
    std::ifstream in(kDemoDir / "projects.csv");
    std::string line;
    int n = -1;  // the header
    while (std::getline(in, line)) n += !line.empty();
    return n;
  }();
  EXPECT_EQ(m["result"]["projects"].size(), static_cast<std::size_t>(demo_projects));
  EXPECT_EQ(m["inputs"]["projects"]["file"], "projects.csv");

  const json z = b.wait_job(zones.json["id"]);
  ASSERT_EQ(z["state"], "done") << z.dump();
  EXPECT_EQ(z["title"], "开发区评价（调整方案）");
  EXPECT_FALSE(z["result"]["zones"].empty());

  // The ledger: the demo's [ledger] file joined to the layers the server holds.
  const Reply ledger = b.post_json("/api/jobs", {{"kind", "ledger"}});
  ASSERT_EQ(ledger.status, 202) << ledger.body;
  const json l = b.wait_job(ledger.json["id"]);
  ASSERT_EQ(l["state"], "done") << l.dump().substr(0, 2000);
  const std::string cli_dir = scratch_dir("ledger-cli").string();
  ASSERT_EQ(run_tudi("ledger -c " + (kDemoDir / "tudi.toml").string() + " -o " + cli_dir + " --overwrite").code, 3);
  const json cli = json::parse(slurp(fs::path(cli_dir) / "ledger.json"));
  EXPECT_EQ(l["result"]["projects"].size(), cli["projects"].size());
  EXPECT_EQ(l["result"]["counts"], cli["counts"]);
  std::set<std::string> ledger_files;
  for (const json& f : l["files"]) ledger_files.insert(f["name"]);
  EXPECT_EQ(ledger_files, (std::set<std::string>{"ledger.gpkg", "ledger.json", "ledger.xlsx"}));

  // Asking for an analysis without its input, or one that does not exist.
  EXPECT_EQ(b.post_json("/api/jobs", {{"kind", "match"}}).status, 400);
  EXPECT_EQ(b.post_json("/api/jobs", {{"kind", "rm -rf"}}).status, 400);
  const Reply csv_as_scenario = b.post_form(
      "/api/jobs", {{"kind", "zones", "", ""}, {"scenario", "a,b\n1,2\n", "s.csv", "text/csv"}});
  EXPECT_EQ(csv_as_scenario.status, 400);
  EXPECT_NE(csv_as_scenario.error().find("s.csv"), std::string::npos);
}

TEST_F(ServeTest, AReportOfADrawnSiteDownloadsAsPdfWorkbookAndShapefileZip) {
  Browser b = as("ana");
  const Reply site = b.post_json("/api/check", {{"ring", farm_site().ring}, {"category", "工业"}});
  ASSERT_EQ(site.status, 200);
  const Reply r = b.post_json("/api/jobs", {{"kind", "report"}, {"from_job", site.json["id"]}});
  ASSERT_EQ(r.status, 202) << r.body;
  const json j = b.wait_job(r.json["id"]);
  ASSERT_EQ(j["state"], "done") << j.dump();
  EXPECT_GT(j["result"]["pages"].get<int>(), 1);
  std::set<std::string> names;
  for (const json& f : j["files"]) names.insert(f["name"]);
  for (const char* want : {"report.pdf", "report.xlsx", "results.gpkg", "shp.zip", "manifest.json"})
    EXPECT_TRUE(names.count(want)) << want;
  const std::string id = j["id"];
  const Reply pdf = b.get("/api/jobs/" + id + "/files/report.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf.header("Content-Type"), "application/pdf");
  const Reply zip = b.get("/api/jobs/" + id + "/files/shp.zip");
  EXPECT_EQ(zip.body.substr(0, 4), std::string("PK\x03\x04", 4));
  // The report is of the drawn site: its checked proposal is the one drawn.
  const Reply manifest = b.get("/api/jobs/" + id + "/files/manifest.json");
  EXPECT_NE(manifest.body.find("overlaps.gpkg"), std::string::npos) << manifest.body.substr(0, 2000);
}

TEST_F(ServeTest, AQueuedJobCancelsAtOnceAndAFullQueueIsRefused) {
  serve::ServerOptions opt;
  opt.long_workers = 1;
  opt.max_queued = 1;
  start(opt);
  Browser b = as("ana");
  const Reply first = b.post_json("/api/jobs", {{"kind", "report"}});
  ASSERT_EQ(first.status, 202);
  // Wait until the first is running, so the second waits in the queue.
  for (int i = 0; i < 200 && b.get("/api/jobs/" + first.json["id"].get<std::string>()).json["state"] == "queued"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const Reply second = b.post_json("/api/jobs", {{"kind", "supply"}});
  ASSERT_EQ(second.status, 202);
  const Reply third = b.post_json("/api/jobs", {{"kind", "zones"}});
  EXPECT_EQ(third.status, 503);
  EXPECT_NE(third.error().find("排队"), std::string::npos);
  const std::string id = second.json["id"];
  const Reply c = b.post_json("/api/jobs/" + id + "/cancel", json::object());
  ASSERT_EQ(c.status, 200);
  EXPECT_EQ(c.json["state"], "cancelled");
  EXPECT_FALSE(fs::exists(data_ / "jobs" / id));
  EXPECT_EQ(b.wait_job(first.json["id"])["state"], "done");
  EXPECT_EQ(b.get("/api/jobs/" + id).json["state"], "cancelled");
}

TEST_F(ServeTest, AdminsManageUsersAndReadTheAuditLogOfRequestsAndJobs) {
  Browser admin = as("admin");
  const Reply add = admin.post_json("/api/users", {{"name", "carol"}, {"password", "long enough 1"}, {"role", "viewer"}});
  EXPECT_EQ(add.status, 201) << add.body;
  EXPECT_EQ(admin.post_json("/api/users", {{"name", "carol"}, {"password", "long enough 1"}, {"role", "viewer"}}).status,
            400);
  EXPECT_EQ(admin.post_json("/api/users", {{"name", "dave"}, {"password", "short"}, {"role", "viewer"}}).status, 400);
  EXPECT_EQ(admin.post_json("/api/users", {{"name", "dave"}, {"password", "long enough 1"}, {"role", "root"}}).status, 400);
  Browser carol(port_);
  EXPECT_EQ(carol.login("carol", "long enough 1").status, 200);
  EXPECT_EQ(admin.del("/api/users/carol").status, 200);
  EXPECT_EQ(carol.get("/api/me").status, 401);  // removing a user ends their sessions
  EXPECT_EQ(admin.del("/api/users/admin").status, 400);

  Browser ana = as("ana");
  const Reply site = ana.post_json("/api/check", {{"ring", farm_site().ring}});
  ASSERT_EQ(site.status, 200);
  const std::string id = site.json["id"];
  // The request's own entry and job.end are written after the reply has gone out: on a loaded
  // machine the log is read again until they are there (for at most 20 s), not timed.
  std::set<std::string> actions;
  for (int attempt = 0; attempt < 200; ++attempt) {
    const Reply log = admin.get("/api/audit?user=ana&limit=100");
    ASSERT_EQ(log.status, 200);
    actions.clear();
    for (const json& e : log.json["entries"]) {
      EXPECT_EQ(e["user"], "ana");
      actions.insert(e["action"].get<std::string>() + " " + e["target"].get<std::string>());
    }
    if (actions.count("job.end " + id) && actions.count("POST /api/check")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(actions.count("login ana"));
  EXPECT_TRUE(actions.count("job.submit " + id));
  EXPECT_TRUE(actions.count("job.end " + id));
  EXPECT_TRUE(actions.count("POST /api/check"));
  // Failed logins are in it too, under the name tried.
  Browser x(port_);
  x.login("nobody", "whatever 123");
  Reply tried;
  bool failed = false;
  for (int attempt = 0; attempt < 200 && !failed; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    tried = admin.get("/api/audit?user=nobody");
    for (const json& e : tried.json["entries"]) failed = failed || (e["action"] == "login" && e["status"] == "401");
  }
  EXPECT_TRUE(failed) << tried.body;
}

TEST(ServeCli, InitAdminReadsThePasswordFromStdinAndTheServerNeedsAProject) {
  const fs::path data = scratch_dir("serve-cli");
  fs::remove_all(data);
  const fs::path pw = scratch_dir("pw");
  std::ofstream(pw) << "a good password\n";
  const int code = std::system((kTudi.string() + " serve --data " + data.string() +
                                " --init-admin chief < " + pw.string() + " > /dev/null")
                                   .c_str());
  ASSERT_EQ(WEXITSTATUS(code), 0);
  serve::Database db(data / "tudi.db");
  serve::Auth auth(db);
  ASSERT_TRUE(auth.find_user("chief"));
  EXPECT_EQ(auth.find_user("chief")->role, serve::Role::Admin);
  EXPECT_TRUE(auth.login("chief", "a good password", "127.0.0.1"));
  const std::string hash = *db.query("SELECT hash FROM users WHERE name = ?", {std::string("chief")})[0][0];
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  // A short password is refused, the user not created.
  std::ofstream(pw) << "short\n";
  const int bad = std::system((kTudi.string() + " serve --data " + data.string() +
                               " --init-admin deputy < " + pw.string() + " 2> /dev/null")
                                  .c_str());
  EXPECT_EQ(WEXITSTATUS(bad), 1);
  EXPECT_FALSE(auth.find_user("deputy"));
  EXPECT_EQ(run_tudi("serve --data " + data.string()).code, 2);
}

}  // namespace
}  // namespace tudi::test
