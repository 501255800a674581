#include "tudi/report/manifest.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QTimeZone>
#include <QtGlobal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "tudi/core/error.hpp"
#include "tudi/core/version.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/io/atomic_output.hpp"
#include "tudi/io/layer_styles.hpp"
#include "tudi/output/json.hpp"
#include "tudi/render/style.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace tudi::report {
namespace {

/// A TOML document as JSON (toml++'s own JSON formatter), so rule packs and project sections
/// appear in the manifest as values, not as text.
json toml_json(const toml::table& t) {
  std::ostringstream s;
  s << toml::json_formatter{t};
  return json::parse(s.str());
}

json file_entry(const fs::path& p) {
  // An output of this run is still under its temporary name until the run's set commits.
  const fs::path now = io::OutputSet::current_path(p);
  std::error_code ec;
  const auto size = fs::file_size(now, ec);
  return {{"path", p.string()},
          {"size", ec ? json(nullptr) : json(size)},
          {"sha256", ec ? json(nullptr) : json(sha256_file(now))}};
}

/// Every file that makes up a source: a Shapefile's sidecars, a folder's files.
void add_source_files(const fs::path& source, std::set<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(source, ec)) {
    for (const auto& e : fs::directory_iterator(source, ec))
      if (e.is_regular_file()) out.insert(e.path());
    return;
  }
  if (!fs::exists(source, ec)) return;  // a database connection ("PG:..."), not a file
  out.insert(source);
  const fs::path folder = source.has_parent_path() ? source.parent_path() : ".";
  const std::string stem = source.stem().string();
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file() && e.path().stem() == stem && e.path() != source &&
        e.path().extension() != ".gpkg-wal" && e.path().extension() != ".gpkg-shm")
      out.insert(e.path());
}

const std::vector<std::string> kRulePacks = {"check", "supply", "standard_land", "zones", "ledger"};

}  // namespace

std::string sha256_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string(), "cannot read");
  QCryptographicHash h(QCryptographicHash::Sha256);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.addData(QByteArrayView(buf.data(), static_cast<qsizetype>(in.gcount())));
  }
  return h.result().toHex().toStdString();
}

namespace {
/// The machine's time zone, or China Standard Time where the machine keeps UTC (servers and
/// containers usually do) and TZ does not name another zone.
QTimeZone report_zone() {
  const char* tz = std::getenv("TZ");
  const QTimeZone system = QTimeZone::systemTimeZone();
  if ((tz && *tz) || system.offsetFromUtc(QDateTime::currentDateTimeUtc()) != 0) return system;
  return QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
}

QDateTime in_report_zone(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  return QDateTime::fromMSecsSinceEpoch(ms.count(), report_zone());
}
}  // namespace

std::string iso_time(std::chrono::system_clock::time_point t) {
  const QDateTime d = in_report_zone(t);
  const int off = d.offsetFromUtc() / 60;
  return d.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toStdString() +
         fmt::format("{}{:02}:{:02}", off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
}

std::string chinese_date(std::chrono::system_clock::time_point t) {
  const QDate d = in_report_zone(t).date();
  return fmt::format("{}年{}月{}日", d.year(), d.month(), d.day());
}

std::string encoding_how_in_chinese(const std::string& how) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"the format stores UTF-8", "格式规定为 UTF-8"},
      {"from .cpg file", "据 .cpg 文件"},
      {"DBF language driver byte", "据 DBF 语言驱动字节"},
      {"text is not UTF-8", "文本不是有效 UTF-8，按 GB18030 读取"},
      {"every text field is valid UTF-8", "全部文本字段为有效 UTF-8"},
      {"text is valid UTF-8", "文本为有效 UTF-8"},
      {"text is plain ASCII", "文本仅含 ASCII 字符"},
      {"byte order mark", "据字节顺序标记（BOM）"},
      {"given by the user", "由用户指定"},
  };
  std::string out;
  for (const auto& [en, zh] : kWords)
    if (how.find(en) != std::string::npos && out.find(zh) == std::string::npos)
      out += (out.empty() ? "" : "；") + std::string(zh);
  return out.empty() ? "检测" : out;
}

std::vector<fs::path> input_files(const Project& project, const Options& options) {
  std::set<fs::path> files;
  if (!project.file.empty()) files.insert(project.file);
  for (const auto& [role, src] : project.layers) add_source_files(src.source, files);
  if (!options.projects_file.empty()) files.insert(options.projects_file);
  if (!options.scenario_file.empty()) files.insert(options.scenario_file);
  if (!options.ledger_file.empty()) files.insert(options.ledger_file);
  for (const std::string& pack : kRulePacks) {
    const fs::path p = rules_dir(project) / (pack + ".toml");
    if (fs::exists(p)) files.insert(p);
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(render::styles_dir(), ec))
    if (e.path().extension() == ".toml") files.insert(e.path());
  return {files.begin(), files.end()};
}

json manifest(const Project& project, const Options& options, const Analyses& a,
              std::chrono::system_clock::time_point start) {
  json inputs = json::array();
  for (const fs::path& p : input_files(project, options)) inputs.push_back(file_entry(p));
  if (a.ledger && options.ledger_file.empty()) inputs.push_back(file_entry(a.ledger->source));

  json layers = json::object();
  for (const auto& [role, src] : project.layers) {
    json l = {{"source", src.source},
              {"layer", src.layer},
              {"encoding_setting", src.encoding},
              {"field_mapping_given", src.fields}};
    if (const Layer* read = a.layers.find(role)) {
      l["layer_name"] = read->name;
      l["features"] = read->features.size();
      l["field_mapping"] = read->mapping;
      l["fields"] = output::field_report_json(read->report.fields);
      l["encoding"] = read->report.encoding;
      l["encoding_how"] = read->report.encoding_how;
      l["crs"] = read->source_crs.label();
      l["crs_how"] = read->report.crs_how;
      l["invalid_geometries"] = read->report.invalid;
      l["repaired"] = read->report.repairs;
      l["warnings"] = read->report.warnings;
    }
    layers[role] = l;
  }

  json sections = json::object();
  for (const auto& [name, section] : project.sections) sections[name] = toml_json(section->table);
  json packs = json::object();
  for (const std::string& name : kRulePacks) {
    const fs::path p = rules_dir(project) / (name + ".toml");
    if (fs::exists(p))
      packs[name] = {{"file", p.string()}, {"values", toml_json(load_rule_pack(p).table)}};
  }

  json versions = {{"tudi", kVersion}, {"Qt", qVersion()}};
  for (const auto& [lib, v] : io::library_versions()) versions[lib] = v;

  json analyses = json::array();
  if (a.check) analyses.push_back("三线核查");
  if (a.supply) analyses.push_back("土地供应");
  if (a.match) analyses.push_back("项目匹配");
  if (a.zones) analyses.push_back("开发区评价");
  if (a.ledger) analyses.push_back("项目台账");

  return {{"tool", "tudi report"},
          {"versions", versions},
          {"start", iso_time(start)},
          {"project_file", project.file.string()},
          {"working_crs", a.layers.crs.label()},
          {"working_crs_why", a.layers.crs_why},
          {"parameters",
           {{"crs", project.analysis.crs},
            {"as_of", project.analysis.as_of},
            {"rules_dir", rules_dir(project).string()},
            {"projects", options.projects_file.string()},
            {"scenario", options.scenario_file.string()},
            {"ledger", a.ledger ? a.ledger->source : std::string()},
            {"encoding", options.encoding},
            {"styles_dir", render::styles_dir().string()},
            {"project_sections", sections}}},
          {"rule_packs", packs},
          {"analyses", analyses},
          {"skipped", a.skipped},
          {"layers", layers},
          {"inputs", inputs}};
}

void close_manifest(json& manifest, std::chrono::system_clock::time_point start,
                    std::chrono::system_clock::time_point end,
                    const std::vector<fs::path>& outputs) {
  manifest["end"] = iso_time(end);
  manifest["seconds"] = std::chrono::duration<double>(end - start).count();
  json out = json::array();
  for (const fs::path& p : outputs)
    if (fs::exists(io::OutputSet::current_path(p))) out.push_back(file_entry(p));  // staged or placed
  manifest["outputs"] = std::move(out);
}

output::Table provenance_table(const json& m) {
  output::Table t;
  t.title = "运行记录";
  t.columns = {{"项目", "", 0}, {"内容", "", 0}};
  auto row = [&](const std::string& k, const std::string& v) { t.rows.push_back({k, v}); };
  row("开始时间", m["start"].get<std::string>());
  row("工作坐标系", m["working_crs"].get<std::string>() +
                     (m.value("working_crs_why", std::string()).empty()
                          ? std::string()
                          : "（" + m["working_crs_why"].get<std::string>() + "）"));
  row("统计日期", m["parameters"]["as_of"].get<std::string>());
  row("规则包目录", m["parameters"]["rules_dir"].get<std::string>());
  std::string versions;
  for (const auto& [k, v] : m["versions"].items())
    versions += (versions.empty() ? "" : "，") + k + " " + v.get<std::string>();
  row("软件版本", versions);
  for (const auto& [role, l] : m["layers"].items()) {
    std::string s = fs::path(l["source"].get<std::string>()).filename().string();
    if (!l["layer"].get<std::string>().empty()) s += "（" + l["layer"].get<std::string>() + "）";
    if (l.contains("features"))
      s += fmt::format("，{} 个要素，编码 {}（{}），坐标系 {}", l["features"].get<std::size_t>(),
                       l["encoding"].get<std::string>(),
                       encoding_how_in_chinese(l["encoding_how"].get<std::string>()),
                       l["crs"].get<std::string>());
    row("图层 " + role, s);
    if (l.contains("fields"))
      if (const std::string f =
              field_report_text(role, output::field_report_from_json(l["fields"]), true);
          !f.empty())
        row("字段 " + role, f);
  }
  // The page names the data and settings files; sidecars and styles are in manifest.json.
  static const std::set<std::string> kShown = {".shp",     ".dbf",  ".gpkg",
                                               ".geojson", ".toml", ".csv"};
  for (const auto& f : m["inputs"]) {
    const fs::path path = f["path"].get<std::string>();
    if (!kShown.count(path.extension().string()) ||
        path.string().find("/styles/") != std::string::npos)
      continue;
    row("输入 " + path.filename().string(),
        fmt::format("{} 字节，SHA-256 {}", f["size"].dump(),
                    f["sha256"].is_string() ? f["sha256"].get<std::string>() : "（无法读取）"));
  }
  for (const auto& s : m["skipped"]) row("未运行", s.get<std::string>());
  row("完整记录", "manifest.json（全部输入与输出文件的大小与 SHA-256、字段对照、规则包取值）");
  return t;
}

}  // namespace tudi::report
