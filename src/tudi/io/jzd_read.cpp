// Parsing the 界址点 coordinate TXT (DOMAIN §5): bytes → File, with every field dialect the
// surveyors' tools produce. Building a layer from a File is in jzd_layer.cpp.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/core/text.hpp"
#include "tudi/geom/geos.hpp"
#include "tudi/io/encoding.hpp"
#include "tudi/io/jzd.hpp"

namespace tudi::io::jzd {
namespace {

// ---------------------------------------------------------------- text helpers

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kFwComma = "\xEF\xBC\x8C";           // ，
constexpr std::string_view kFwAt = "\xEF\xBC\xA0";              // ＠
constexpr std::string_view kFwEquals = "\xEF\xBC\x9D";          // ＝
constexpr std::string_view kFwColon = "\xEF\xBC\x9A";           // ：

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

/// Full-width forms to ASCII (fold_full_width), and 。 to '.', for numbers, point names and
/// section names: "３９０７８８０．４８６" typed on a Chinese IME reads as a number.
std::string ascii_forms(std::string_view s) {
  std::string out = fold_full_width(s);
  for (std::size_t at; (at = out.find("\xE3\x80\x82")) != std::string::npos;) out.replace(at, 3, ".");
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(trim_wide(s.substr(0, at)));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

void drop_trailing_empty(std::vector<std::string_view>& fields) {
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
}

enum class Num { Ok, NotNumber, NotFinite };

/// Strict decimal number (no hex, no trailing text); "nan"/"inf" and overflow are NotFinite.
Num parse_number(std::string_view text, double& out) {
  const std::string s = ascii_forms(trim_wide(text));
  std::string_view v = s;
  if (v.size() > 1 && v.front() == '+' && v[1] != '-' && v[1] != '+') v.remove_prefix(1);
  if (v.empty()) return Num::NotNumber;
  const char* end = v.data() + v.size();
  const auto [ptr, ec] = std::from_chars(v.data(), end, out);
  if (ptr != end) return Num::NotNumber;
  if (ec == std::errc::result_out_of_range) return Num::NotFinite;
  if (ec != std::errc()) return Num::NotNumber;
  return std::isfinite(out) ? Num::Ok : Num::NotFinite;
}

std::optional<int> parse_int(std::string_view text) {
  const std::string s = ascii_forms(trim_wide(text));
  std::string_view v = s;
  if (v.size() > 1 && v.front() == '+') v.remove_prefix(1);
  int out = 0;
  const char* end = v.data() + v.size();
  const auto [ptr, ec] = std::from_chars(v.data(), end, out);
  if (v.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

/// The first run of ASCII digits in a value ("第38带" → 38), at most 4 of them.
std::optional<int> first_number(std::string_view text) {
  const std::string s = ascii_forms(text);
  const auto from = s.find_first_of("0123456789");
  if (from == std::string::npos) return std::nullopt;
  const auto to = s.find_first_not_of("0123456789", from);
  const std::string digits = s.substr(from, to == std::string::npos ? to : to - from);
  if (digits.size() > 4) return std::nullopt;
  return std::stoi(digits);
}

/// A value as a message shows it: at most 60 bytes, cut on a UTF-8 character boundary, control
/// characters as '?' so that the message stays one printable line.
std::string shown(std::string_view s) {
  std::string out(s.substr(0, utf8_floor(s, 60)));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

// ---------------------------------------------------------------- the parser

enum class Section { None, Extension, Attributes, Coordinates, Unknown };

constexpr double kPrefixMin = 1e7;  // an easting this large carries a zone number
constexpr double kPrefixMax = 1e8;  // two-digit zones only
constexpr std::size_t kMaxLineBytes = 64 * 1024;

/// One pass over the lines builds plots and rings and raises structural errors in line order;
/// axis order, zone prefix and geometry are judged afterwards on the whole file.
class Parser {
 public:
  Parser(std::string path, const ReadOptions& opt) : opt_(opt) { f_.path = std::move(path); }

  File run(std::string_view bytes) {
    const std::string text = decode(bytes);
    int n = 0;
    std::string_view rest = text;
    while (!rest.empty()) {
      const auto eol = rest.find_first_of("\r\n");
      const std::string_view raw = rest.substr(0, eol);
      ++n;
      // Splitting a 20 MB line of commas into fields took 648 MB; no real line comes near this.
      if (raw.size() > kMaxLineBytes)
        fail(n, fmt::format("the line is {} bytes long; a 界址点 line is at most {}", raw.size(),
                            describe_bytes(kMaxLineBytes)));
      line(raw, n);
      if (eol == std::string_view::npos) break;
      const bool crlf = rest[eol] == '\r' && eol + 1 < rest.size() && rest[eol + 1] == '\n';
      rest.remove_prefix(eol + (crlf ? 2 : 1));
    }
    finish_plot();
    if (f_.plots.empty())
      throw Error(f_.path,
                  "no plot found: expected a [地块坐标] section with plot headers ending in '@'");
    resolve_axes();
    for (std::size_t i = 0; i < f_.plots.size(); ++i) check_plot(f_.plots[i], i + 1);
    check_zone();
    std::stable_sort(warnings_.begin(), warnings_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [at, text_] : warnings_) f_.warnings.push_back(where(at) + ": " + text_);
    return std::move(f_);
  }

 private:
  const ReadOptions& opt_;
  File f_;
  std::vector<std::pair<int, std::string>> warnings_;
  Section section_ = Section::None;
  bool in_plot_ = false;
  bool ring_closed_ = false;    // the current ring came back to its first point
  bool ring_moved_ = false;     // the current ring has a point other than its first
  std::set<int> ring_numbers_;  // 圈号 seen in the current plot
  int zone_line_ = 0;           // line of 带号

  std::string where(int line) const { return fmt::format("{}:{}", f_.path, line); }
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(where(line), what);
  }
  void warn(int line, std::string text) { warnings_.emplace_back(line, std::move(text)); }

  static std::string label(const Plot& p, std::size_t index) {
    return p.id.empty() ? fmt::format("plot {}", index)
                        : fmt::format("plot {} ({})", index, shown(p.id));
  }
  std::string current_label() const { return label(f_.plots.back(), f_.plots.size()); }

  std::string decode(std::string_view bytes) {
    EncodingInfo info;
    if (opt_.encoding.empty() || opt_.encoding == "auto" || opt_.encoding == "AUTO") {
      info = detect_text_encoding(bytes);
    } else {
      info = {normalise_encoding(opt_.encoding), "named by the user"};
    }
    f_.encoding = info.name;
    f_.encoding_how = info.how;
    std::string text;
    if (info.name == "UTF-8") {
      if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
      if (!is_valid_utf8(bytes))
        throw Error(f_.path, "not valid UTF-8 text; name its encoding (e.g. --encoding GBK)");
      text.assign(bytes);
    } else {
      try {
        text = to_utf8(bytes, info.name);
      } catch (const Error& e) {
        throw Error(f_.path, fmt::format("cannot be read as {}: {}", info.name, e.what()));
      }
    }
    // A GB18030 BOM (84 31 95 33) decodes to U+FEFF as well.
    if (std::string_view(text).starts_with(kBom)) text.erase(0, kBom.size());
    return text;
  }

  // ---------------------------------------------------------- line dispatch

  static bool is_header(std::string_view s) {
    while (!s.empty() && (s.back() == ',' || is_space(s.back()))) s.remove_suffix(1);
    return s.ends_with('@') || s.ends_with(kFwAt);
  }

  void line(std::string_view raw, int n) {
    const std::string_view s = trim_wide(raw);
    if (s.empty()) return;
    if (section(s, n)) return;
    if (is_header(s)) {
      section_ = Section::Coordinates;
      header(s, n);
      return;
    }
    const bool attr = section_ == Section::None || section_ == Section::Attributes ||
                      section_ == Section::Extension;
    if (attr &&
        (s.find('=') != std::string_view::npos || s.find(kFwEquals) != std::string_view::npos)) {
      key_value(s, n, '=');
      return;
    }
    if (section_ == Section::Unknown) return;
    if (attr && section_ != Section::None &&
        (s.find(':') != std::string_view::npos || s.find(kFwColon) != std::string_view::npos)) {
      key_value(s, n, ':');
      return;
    }
    data(s, n, attr && section_ != Section::None);
  }

  bool section(std::string_view s, int n) {
    if (!s.starts_with('[') && !s.starts_with("\xEF\xBC\xBB") && !s.starts_with("\xE3\x80\x90"))
      return false;                                      // neither [ nor ［ nor 【
    std::string t = ascii_forms(s);                      // ［属性描述］
    t = replace_all(std::move(t), "\xE3\x80\x90", "[");  // 【
    t = replace_all(std::move(t), "\xE3\x80\x91", "]");  // 】
    if (t.size() < 2 || t.front() != '[' || t.back() != ']') return false;
    const std::string name(trim_wide(std::string_view(t).substr(1, t.size() - 2)));
    finish_plot();
    if (name.find("扩展") != std::string::npos) {
      section_ = Section::Extension;
    } else if (name.find("属性") != std::string::npos) {
      section_ = Section::Attributes;
    } else if (name.find("坐标") != std::string::npos) {
      section_ = Section::Coordinates;
    } else {
      section_ = Section::Unknown;
      warn(n, fmt::format("unknown section [{}]: its lines are ignored", shown(name)));
    }
    return true;
  }

  void key_value(std::string_view s, int n, char sep) {
    std::string t(s);
    if (sep == '=') {
      if (t.find('=') == std::string::npos) t = replace_all(std::move(t), kFwEquals, "=");
    } else if (t.find(':') == std::string::npos) {
      t = replace_all(std::move(t), kFwColon, ":");
    }
    const auto at = t.find(sep);
    const std::string key(trim_wide(std::string_view(t).substr(0, at)));
    const std::string value(trim_wide(std::string_view(t).substr(at + 1)));
    if (section_ == Section::Extension) {
      f_.extension.emplace_back(key, value);
      return;
    }
    f_.attributes.emplace_back(key, value);
    if (key.ends_with("带号")) {
      if (value.empty()) return;
      const auto zone = first_number(value);
      if (!zone || *zone < 1 || *zone > 60) {
        warn(n, fmt::format("带号 '{}' is not a zone number; ignored", shown(value)));
        return;
      }
      f_.zone = zone;
      zone_line_ = n;
    } else if (key.find("分带") != std::string::npos) {
      if (value.empty()) return;
      const std::string v = ascii_forms(value);
      if (v.find('3') != std::string::npos || v.find("三") != std::string::npos) {
        f_.width = 3;
      } else if (v.find('6') != std::string::npos || v.find("六") != std::string::npos) {
        f_.width = 6;
      } else {
        warn(n, fmt::format("几度分带 '{}' is neither 3 nor 6; ignored", shown(value)));
      }
    } else if (key == "计量单位" && !value.empty() && value != "米" && value != "m" &&
               value != "M" && value != "metre" && value != "meter") {
      warn(n, fmt::format("计量单位 '{}': coordinates are read as metres", shown(value)));
    }
  }

  /// Neither a section, a header nor key=value: a point line, or a header missing its '@'.
  void data(std::string_view s, int n, bool in_attribute_section) {
    // Point lines carry no free text, so every full-width comma is a typo for ','.
    const std::string t = replace_all(std::string(s), kFwComma, ",");
    auto fields = split(t, ',');
    const std::size_t written = fields.size();
    drop_trailing_empty(fields);  // trailing commas after a point line
    if (fields.size() != 4 && written >= 7)
      fail(n, "plot header does not end with '@' (界址点数,地块面积,地块编号,...,@)");
    if (fields.size() == 4) {
      if (!in_plot_) fail(n, "point line before any plot header (a line ending with '@')");
      point(fields, n);
      return;
    }
    if (in_attribute_section) {
      warn(n, fmt::format("not a key=value line; ignored: '{}'", shown(s)));
      return;
    }
    fail(n, fmt::format("expected a point line 点号,圈号,X,Y or a plot header ending in '@', "
                        "got {} field{}: '{}'",
                        fields.size(), fields.size() == 1 ? "" : "s", shown(s)));
  }

  // ---------------------------------------------------------- plots and points

  void header(std::string_view s, int n) {
    finish_plot();
    std::string t(s);
    while (!t.empty() && (t.back() == ',' || is_space(t.back()))) t.pop_back();
    t.erase(t.ends_with('@') ? t.size() - 1 : t.size() - kFwAt.size());
    // The separator before '@' may be typed full-width too ("工业，@").
    for (std::size_t end = t.size();;) {
      if (end > 0 && (t[end - 1] == ',' || is_space(t[end - 1]))) {
        --end;
      } else if (std::string_view(t).substr(0, end).ends_with(kFwComma)) {
        end -= kFwComma.size();
        t.replace(end, kFwComma.size(), ",");
      } else {
        break;
      }
    }
    auto fields = split(t, ',');
    // Only when the ASCII commas do not make a header were the full-width ones meant as
    // separators; otherwise they belong to a name ("一号地块，东区").
    if (fields.size() < 7 && t.find(kFwComma) != std::string::npos)
      fields = split(t = replace_all(t, kFwComma, ","), ',');
    if (fields.size() < 7)
      fail(n,
           fmt::format("plot header has {} field{}; at least 7 expected "
                       "(界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,...,@)",
                       fields.size(), fields.size() == 1 ? "" : "s"));
    Plot p;
    p.line = n;
    if (!fields[0].empty()) {
      double v = 0;
      if (parse_number(fields[0], v) == Num::Ok && v >= 0 && v < 1e9 && v == std::floor(v)) {
        p.declared_points = static_cast<int>(v);
      } else {
        warn(n, fmt::format("界址点数 '{}' is not a count; not checked", shown(fields[0])));
      }
    }
    if (!fields[1].empty()) {
      double v = 0;
      if (parse_number(fields[1], v) == Num::Ok) {
        p.declared_area_ha = v;
      } else {
        warn(n, fmt::format("地块面积 '{}' is not a number; not checked", shown(fields[1])));
      }
    }
    p.id = fields[2];
    p.name = fields[3];
    p.shape = fields[4];
    p.sheet = fields[5];
    p.use = fields[6];
    if (fields.size() > 7) p.land_class = fields[7];
    drop_trailing_empty(fields);
    for (std::size_t i = 8; i < fields.size(); ++i) p.extra.emplace_back(fields[i]);
    f_.plots.push_back(std::move(p));
    in_plot_ = true;
    ring_closed_ = false;
    ring_numbers_.clear();
  }

  double coordinate(std::string_view v, const char* axis, int n) const {
    if (v.empty()) fail(n, fmt::format("{} coordinate is missing", axis));
    double out = 0;
    switch (parse_number(v, out)) {
      case Num::Ok:
        return out;
      case Num::NotFinite:
        fail(n, fmt::format("{} coordinate '{}' is not a finite number", axis, shown(v)));
      case Num::NotNumber:
        break;
    }
    fail(n, fmt::format("{} coordinate '{}' is not a number", axis, shown(v)));
  }

  void point(const std::vector<std::string_view>& fields, int n) {
    Point pt;
    pt.line = n;
    pt.name = ascii_forms(fields[0]);
    const auto ring = parse_int(fields[1]);
    if (!ring || *ring < 1)
      fail(n, fmt::format("圈号 '{}' is not a whole number ≥ 1", shown(fields[1])));
    pt.ring = *ring;
    // X is the northing and Y the easting as written; resolve_axes() swaps them back if the
    // file turns out to have them the other way round.
    pt.northing = coordinate(fields[2], "X", n);
    pt.easting = coordinate(fields[3], "Y", n);

    Plot& plot = f_.plots.back();
    if (plot.rings.empty() || plot.rings.back().back().ring != pt.ring) {
      if (!plot.rings.empty()) finish_ring();
      if (!ring_numbers_.insert(pt.ring).second)
        fail(n, fmt::format("圈号 {} of {} appears again after other rings; a ring's points "
                            "must be consecutive",
                            pt.ring, current_label()));
      plot.rings.emplace_back();
      ring_closed_ = ring_moved_ = false;
    } else if (ring_closed_) {
      const auto& ring_pts = plot.rings.back();
      fail(n, fmt::format("ring 圈号 {} of {} already closed on line {}; give another ring its "
                          "own 圈号",
                          pt.ring, current_label(), ring_pts.back().line));
    }
    auto& pts = plot.rings.back();
    pts.push_back(std::move(pt));
    const Point& first = pts.front();
    const Point& last = pts.back();
    const bool at_start = last.easting == first.easting && last.northing == first.northing;
    ring_moved_ |= !at_start;
    ring_closed_ = ring_moved_ && at_start;
  }

  void finish_ring() {
    auto& pts = f_.plots.back().rings.back();
    std::set<std::pair<double, double>> distinct;
    for (const auto& q : pts) distinct.emplace(q.easting, q.northing);
    const Point& first = pts.front();
    const Point& last = pts.back();
    if (distinct.size() >= 2 && !ring_closed_)
      fail(last.line, fmt::format("ring 圈号 {} of {} is not closed: its last point {} (line {}) "
                                  "differs from its first point {} (line {})",
                                  first.ring, current_label(), shown(last.name), last.line,
                                  shown(first.name), first.line));
    if (distinct.size() < 3)
      fail(first.line, fmt::format("ring 圈号 {} of {} has {} distinct vert{}; a ring needs at "
                                   "least 3",
                                   first.ring, current_label(), distinct.size(),
                                   distinct.size() == 1 ? "ex" : "ices"));
  }

  void finish_plot() {
    if (!in_plot_) return;
    const Plot& plot = f_.plots.back();
    if (plot.rings.empty()) fail(plot.line, fmt::format("{} has no points", current_label()));
    finish_ring();
    if (plot.rings.front().front().ring != 1)
      warn(plot.rings.front().front().line,
           fmt::format("{} starts with 圈号 {}; read as its outer ring", current_label(),
                       plot.rings.front().front().ring));
    in_plot_ = false;
  }

  // ---------------------------------------------------------- whole-file judgements

  template <class F>
  void for_each_point(F&& fn) {
    for (auto& plot : f_.plots)
      for (auto& ring : plot.rings)
        for (auto& pt : ring) fn(pt);
  }

  /// DOMAIN §2: X should be the northing (2–6 × 10⁶ in China); an X column holding prefixed or
  /// easting-sized values, next to a Y column of northings, means the axes were swapped.
  void resolve_axes() {
    bool x_all_prefixed = true, y_any_prefixed = false, y_all_northing = true, x_all_easting = true;
    double max_x = -HUGE_VAL, min_y = HUGE_VAL;
    int first_line = 0;
    for_each_point([&](const Point& p) {
      if (!first_line) first_line = p.line;
      x_all_prefixed &= p.northing >= kPrefixMin && p.northing < kPrefixMax;
      y_any_prefixed |= p.easting >= kPrefixMin;
      y_all_northing &= p.easting >= 2e6 && p.easting <= 6e6;
      x_all_easting &= p.northing > 0 && p.northing < 1e6;
      max_x = std::max(max_x, p.northing);
      min_y = std::min(min_y, p.easting);
    });
    if ((x_all_prefixed && !y_any_prefixed) || (y_all_northing && x_all_easting && max_x < min_y)) {
      for_each_point([](Point& p) { std::swap(p.easting, p.northing); });
      f_.swapped = true;
      warn(first_line,
           "X and Y look swapped (the X column holds eastings, the Y column "
           "northings): read with X as easting and Y as northing");
    }

    const Point* prefixed = nullptr;
    const Point* bare = nullptr;
    for_each_point([&](const Point& p) {
      if (p.easting >= kPrefixMax)
        fail(p.line,
             fmt::format("easting {:.3f} is too large for a Gauss-Krüger coordinate", p.easting));
      const Point*& slot = p.easting >= kPrefixMin ? prefixed : bare;
      if (!slot) slot = &p;
      if (p.easting >= kPrefixMin && slot != &p) {
        const int zone = static_cast<int>(p.easting / 1e6);
        const int zone0 = static_cast<int>(slot->easting / 1e6);
        if (zone != zone0)
          fail(p.line, fmt::format("easting {:.3f} carries zone prefix {} but line {} carries {}",
                                   p.easting, zone, slot->line, zone0));
      }
    });
    if (prefixed && bare) {
      const Point* later = prefixed->line > bare->line ? prefixed : bare;
      const Point* earlier = later == prefixed ? bare : prefixed;
      fail(later->line,
           fmt::format("easting {:.3f} {} a zone prefix but the easting {:.3f} on "
                       "line {} {}; a file uses one convention",
                       later->easting, later == prefixed ? "has" : "lacks", earlier->easting,
                       earlier->line, earlier == prefixed ? "has one" : "has none"));
    }
    f_.prefixed = prefixed != nullptr;
    if (prefixed) f_.prefix_zone = static_cast<int>(prefixed->easting / 1e6);
  }

  void check_zone() {
    if (f_.zone && f_.prefix_zone && *f_.zone != *f_.prefix_zone)
      warn(zone_line_, fmt::format("带号 {} in the header but the eastings carry zone prefix {}; "
                                   "the prefix is used",
                                   *f_.zone, *f_.prefix_zone));
  }

  void check_plot(const Plot& plot, std::size_t index) {
    const std::string name = label(plot, index);
    std::size_t total = 0;
    for (const auto& ring : plot.rings) total += ring.size();
    const std::size_t open = total - plot.rings.size();
    if (plot.declared_points > 0 && static_cast<std::size_t>(plot.declared_points) != total &&
        static_cast<std::size_t>(plot.declared_points) != open)
      warn(plot.line,
           fmt::format("{}: 界址点数 {} but it has {} point lines ({} without the "
                       "closing repeat{})",
                       name, plot.declared_points, total, open, plot.rings.size() == 1 ? "" : "s"));
    // Each check on its own: GEOS may refuse one (a bow-tie hole) and still answer the others.
    const auto guarded = [&](int line, auto&& check) {
      try {
        check();
      } catch (const Error& e) {
        warn(line, fmt::format("{}: geometry could not be checked: {}", name, e.what()));
      }
    };
    std::vector<std::vector<std::pair<double, double>>> rings;
    for (const auto& ring : plot.rings) {
      auto& xy = rings.emplace_back();
      for (const auto& p : ring) xy.emplace_back(p.easting, p.northing);
    }
    bool hole_outside = false;
    for (std::size_t i = 1; i < rings.size(); ++i) {
      const Point& first = plot.rings[i].front();
      guarded(first.line, [&] {
        if (geom::covers(geom::polygon({rings[0]}), geom::polygon({rings[i]}))) return;
        hole_outside = true;
        warn(first.line, fmt::format("{}: hole 圈号 {} is not inside its outer ring 圈号 {}", name,
                                     first.ring, plot.rings[0].front().ring));
      });
    }
    guarded(plot.line, [&] {
      const geom::Geometry poly = geom::polygon(rings);
      const std::string reason = geom::invalid_reason(poly);
      if (!reason.empty() && !(hole_outside && reason.starts_with("内环（洞）在外环之外")))
        warn(plot.line, fmt::format("{}: the polygon is not valid: {}", name, reason));
      if (plot.declared_area_ha && *plot.declared_area_ha > 0) {
        const double computed = geom::area(poly) / 1e4;
        const double diff = std::fabs(*plot.declared_area_ha - computed);
        const double tolerance =
            std::max(opt_.area_tolerance_rel * computed, opt_.area_tolerance_ha);
        if (diff > tolerance)
          warn(plot.line, fmt::format("{}: 地块面积 {} 公顷 declared but the planar area is "
                                      "{:.4f} 公顷 (difference {:.4f}, tolerance {:.4f})",
                                      name, *plot.declared_area_ha, computed, diff, tolerance));
      }
    });
  }
};

}  // namespace

File parse(std::string_view bytes, const std::string& path, const ReadOptions& opt) {
  return Parser(path, opt).run(bytes);
}

File read_file(const std::filesystem::path& path, const ReadOptions& opt) {
  return parse(tudi::read_file(path, kMaxJzdBytes), path.string(), opt);
}

}  // namespace tudi::io::jzd
