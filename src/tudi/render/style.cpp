#include "tudi/render/style.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "tudi/core/data_dir.hpp"
#include "tudi/core/error.hpp"
#include "tudi/core/read_file.hpp"
#include "tudi/project/rules.hpp"

namespace tudi::render {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string at(const std::string& where, const toml::node& n) {
  const auto& s = n.source();
  if (!s.begin) return where;
  return where + ":" + std::to_string(s.begin.line);
}

/// Reads a table checking that every key is one we know, so a typo is an error, not a silently
/// ignored setting.
void check_keys(const toml::table& t, const std::set<std::string>& known, const std::string& where) {
  for (const auto& [k, v] : t) {
    if (!known.count(std::string(k.str())))
      throw Error(at(where, v), "unknown style key \"" + std::string(k.str()) + "\"");
  }
}

double number(const toml::node& n, const std::string& where, const char* key) {
  if (auto d = finite_number(n)) return *d;
  throw Error(at(where, n), std::string(key) + " must be a number");
}

std::string text(const toml::node& n, const std::string& where, const char* key) {
  if (auto s = n.value<std::string>()) return *s;
  throw Error(at(where, n), std::string(key) + " must be a string");
}

bool flag(const toml::node& n, const std::string& where, const char* key) {
  if (auto b = n.value<bool>()) return *b;
  throw Error(at(where, n), std::string(key) + " must be true or false");
}

const std::set<std::string> kSymbolKeys = {"fill", "fill_pattern", "stroke", "stroke_width_mm",
                                           "dash_mm", "point_size_mm"};

/// Applies the symbol keys present in `t` on top of `s` (categories inherit the layer symbol).
void read_symbol(const toml::table& t, Symbol& s, const std::string& where) {
  if (const toml::node* n = t.get("fill")) {
    if (n->is_boolean()) {
      s.fill = *n->value<bool>();
    } else {
      const std::string v = text(*n, where, "fill");
      if (v == "none") {
        s.fill = false;
      } else {
        s.fill = true;
        s.fill_color = Rgba::parse(v, at(where, *n));
      }
    }
  }
  if (const toml::node* n = t.get("fill_pattern")) {
    s.fill_pattern = text(*n, where, "fill_pattern");
    static const std::set<std::string> patterns = {"solid", "hatch", "back_hatch", "cross"};
    if (!patterns.count(s.fill_pattern))
      throw Error(at(where, *n), "fill_pattern must be solid, hatch, back_hatch or cross");
  }
  if (const toml::node* n = t.get("stroke")) {
    if (n->is_boolean()) {
      s.stroke = *n->value<bool>();
    } else {
      const std::string v = text(*n, where, "stroke");
      if (v == "none") {
        s.stroke = false;
      } else {
        s.stroke = true;
        s.stroke_color = Rgba::parse(v, at(where, *n));
      }
    }
  }
  if (const toml::node* n = t.get("stroke_width_mm")) s.stroke_width_mm = number(*n, where, "stroke_width_mm");
  if (const toml::node* n = t.get("point_size_mm")) s.point_size_mm = number(*n, where, "point_size_mm");
  if (const toml::node* n = t.get("dash_mm")) {
    const toml::array* a = n->as_array();
    if (!a) throw Error(at(where, *n), "dash_mm must be an array of lengths in mm");
    s.dash_mm.clear();
    for (const toml::node& d : *a) {
      const double v = number(d, where, "dash_mm");
      if (v <= 0) throw Error(at(where, d), "dash_mm lengths must be positive");
      s.dash_mm.push_back(v);
    }
    if (s.dash_mm.size() % 2 != 0)
      throw Error(at(where, *n), "dash_mm needs pairs of on/off lengths");
  }
}

}  // namespace

Rgba Rgba::parse(std::string_view t, const std::string& where) {
  auto bad = [&] {
    return Error(where, "colour \"" + std::string(t) + "\" is not #rgb, #rrggbb or #rrggbbaa");
  };
  if (t.empty() || t[0] != '#') throw bad();
  std::string_view h = t.substr(1);
  std::vector<int> d;
  for (char c : h) {
    const int v = hex_digit(c);
    if (v < 0) throw bad();
    d.push_back(v);
  }
  Rgba c;
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(d[i] * 16 + d[i + 1]); };
  if (d.size() == 3) {
    c.r = static_cast<std::uint8_t>(d[0] * 17);
    c.g = static_cast<std::uint8_t>(d[1] * 17);
    c.b = static_cast<std::uint8_t>(d[2] * 17);
  } else if (d.size() == 6 || d.size() == 8) {
    c.r = byte(0);
    c.g = byte(2);
    c.b = byte(4);
    if (d.size() == 8) c.a = byte(6);
  } else {
    throw bad();
  }
  return c;
}

std::string Rgba::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string s = "#";
  auto put = [&](std::uint8_t v) {
    s += digits[v >> 4];
    s += digits[v & 15];
  };
  put(r);
  put(g);
  put(b);
  if (a != 255) put(a);
  return s;
}

int Style::category_of(std::string_view value) const {
  int best = -1;
  std::size_t best_len = 0;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    const std::string& v = categories[i].value;
    if (value == v) return static_cast<int>(i);
    if (prefix_match && !v.empty() && value.size() > v.size() && value.substr(0, v.size()) == v &&
        v.size() > best_len) {
      best = static_cast<int>(i);
      best_len = v.size();
    }
  }
  return best;
}

Style parse_style(std::string_view toml_text, const std::string& where, std::string name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, where);
  } catch (const toml::parse_error& e) {
    throw Error(where + ":" + std::to_string(e.source().begin.line), std::string(e.description()));
  }
  check_keys(root, {"title", "opacity", "symbol", "categories", "label"}, where);
  Style s;
  s.name = std::move(name);
  s.title = s.name;
  if (const toml::node* n = root.get("title")) s.title = text(*n, where, "title");
  if (const toml::node* n = root.get("opacity")) {
    s.opacity = number(*n, where, "opacity");
    if (s.opacity < 0 || s.opacity > 1) throw Error(at(where, *n), "opacity must be within 0..1");
  }
  if (const toml::table* t = root["symbol"].as_table()) {
    check_keys(*t, kSymbolKeys, where);
    read_symbol(*t, s.symbol, where);
  }
  if (const toml::table* t = root["categories"].as_table()) {
    check_keys(*t, {"field", "match", "other_label", "class"}, where);
    if (const toml::node* n = t->get("field")) s.category_field = text(*n, where, "field");
    if (s.category_field.empty()) throw Error(where, "[categories] needs field = \"...\"");
    if (const toml::node* n = t->get("match")) {
      const std::string m = text(*n, where, "match");
      if (m != "exact" && m != "prefix") throw Error(at(where, *n), "match must be exact or prefix");
      s.prefix_match = m == "prefix";
    }
    if (const toml::node* n = t->get("other_label")) s.other_label = text(*n, where, "other_label");
    if (const toml::array* a = (*t)["class"].as_array()) {
      for (const toml::node& c : *a) {
        const toml::table* ct = c.as_table();
        if (!ct) throw Error(at(where, c), "[[categories.class]] entries must be tables");
        std::set<std::string> keys = kSymbolKeys;
        keys.insert({"value", "label"});
        check_keys(*ct, keys, where);
        Category cat;
        const toml::node* v = ct->get("value");
        if (!v) throw Error(at(where, c), "a category needs value = \"...\"");
        cat.value = v->is_string() ? *v->value<std::string>() : v->is_integer()
                                                                   ? std::to_string(*v->value<std::int64_t>())
                                                                   : text(*v, where, "value");
        cat.label = cat.value;
        if (const toml::node* l = ct->get("label")) cat.label = text(*l, where, "label");
        cat.symbol = s.symbol;
        read_symbol(*ct, cat.symbol, where);
        s.categories.push_back(std::move(cat));
      }
    }
  }
  if (const toml::table* t = root["label"].as_table()) {
    check_keys(*t, {"field", "size_pt", "color", "halo", "halo_mm", "bold", "max_features",
                    "min_feature_mm", "enabled"},
               where);
    LabelStyle& l = s.label;
    l.enabled = true;
    if (const toml::node* n = t->get("enabled")) l.enabled = flag(*n, where, "enabled");
    if (const toml::node* n = t->get("field")) l.field = text(*n, where, "field");
    if (l.field.empty()) throw Error(where, "[label] needs field = \"...\"");
    if (const toml::node* n = t->get("size_pt")) l.size_pt = number(*n, where, "size_pt");
    if (const toml::node* n = t->get("color")) l.color = Rgba::parse(text(*n, where, "color"), at(where, *n));
    if (const toml::node* n = t->get("halo")) {
      const std::string h = text(*n, where, "halo");
      if (h == "none") l.halo_mm = 0;
      else l.halo = Rgba::parse(h, at(where, *n));
    }
    if (const toml::node* n = t->get("halo_mm")) l.halo_mm = number(*n, where, "halo_mm");
    if (const toml::node* n = t->get("bold")) l.bold = flag(*n, where, "bold");
    if (const toml::node* n = t->get("max_features"))
      l.max_features = static_cast<int>(number(*n, where, "max_features"));
    if (const toml::node* n = t->get("min_feature_mm")) l.min_feature_mm = number(*n, where, "min_feature_mm");
  }
  return s;
}

Style load_style(const std::filesystem::path& file) {
  Style s = parse_style(read_file(file, kMaxConfigBytes), file.string(), file.stem().string());
  s.path = file;
  return s;
}

std::filesystem::path styles_dir() {
  if (const char* env = std::getenv("TUDI_STYLES"); env && *env) return env;
  return std::filesystem::weakly_canonical(data_dir() / "styles");
}

Style style_for(std::string_view name) {
  const std::filesystem::path file = styles_dir() / (std::string(name) + ".toml");
  if (std::filesystem::exists(file)) return load_style(file);
  Style s = default_style(name);
  s.name = std::string(name);
  return s;
}

Style default_style(std::string_view title, std::size_t seed) {
  // Muted, distinguishable colours for layers without a style of their own.
  static const Rgba fills[] = {{166, 206, 227, 255}, {253, 191, 111, 255}, {202, 178, 214, 255},
                               {178, 223, 138, 255}, {251, 154, 153, 255}, {255, 255, 153, 255}};
  static const Rgba strokes[] = {{31, 120, 180, 255}, {255, 127, 0, 255},  {106, 61, 154, 255},
                                 {51, 160, 44, 255},  {227, 26, 28, 255},  {177, 89, 40, 255}};
  Style s;
  s.name = std::string(title);
  s.title = std::string(title);
  s.symbol.fill_color = fills[seed % 6];
  s.symbol.fill_color.a = 160;
  s.symbol.stroke_color = strokes[seed % 6];
  return s;
}

}  // namespace tudi::render
