#include "tudi/render/qml.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tudi/core/text.hpp"

namespace tudi::render {
namespace {

std::string esc(const std::string& s) { return xml_escape(s); }

std::string rgba(const Rgba& c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
         std::to_string(c.a);
}

std::string num(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}

std::string field(const QmlOptions& o, const std::string& name) {
  auto it = o.field_names.find(name);
  return it == o.field_names.end() ? name : it->second;
}

const char* brush_style(const Symbol& s) {
  if (!s.fill) return "no";
  if (s.fill_pattern == "hatch") return "b_diagonal";
  if (s.fill_pattern == "back_hatch") return "f_diagonal";
  if (s.fill_pattern == "cross") return "diagonal_x";
  return "solid";
}

/// One symbol layer's properties, written both as <Option> (QGIS ≥ 3.26) and <prop> (older).
void props(std::ostringstream& x, const std::vector<std::pair<std::string, std::string>>& kv) {
  x << "          <Option type=\"Map\">\n";
  for (const auto& [k, v] : kv)
    x << "            <Option name=\"" << k << "\" type=\"QString\" value=\"" << esc(v) << "\"/>\n";
  x << "          </Option>\n";
  for (const auto& [k, v] : kv) x << "          <prop k=\"" << k << "\" v=\"" << esc(v) << "\"/>\n";
}

void symbol(std::ostringstream& x, const Symbol& s, const std::string& name, const QmlOptions& o,
            double opacity) {
  const std::string dash = [&] {
    std::string d;
    for (std::size_t i = 0; i < s.dash_mm.size(); ++i) d += (i ? ";" : "") + num(s.dash_mm[i]);
    return d.empty() ? std::string("5;2") : d;
  }();
  const std::string line_style = !s.stroke ? "no" : s.dash_mm.empty() ? "solid" : "dash";
  if (o.geometry == "line") {
    x << "      <symbol type=\"line\" name=\"" << name << "\" alpha=\"" << num(opacity)
      << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
      << "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    props(x, {{"line_color", rgba(s.stroke_color)},
              {"line_style", line_style},
              {"line_width", num(s.stroke_width_mm)},
              {"line_width_unit", "MM"},
              {"use_custom_dash", s.dash_mm.empty() ? "0" : "1"},
              {"customdash", dash},
              {"customdash_unit", "MM"},
              {"capstyle", "square"},
              {"joinstyle", "bevel"}});
  } else if (o.geometry == "point") {
    x << "      <symbol type=\"marker\" name=\"" << name << "\" alpha=\"" << num(opacity)
      << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
      << "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    props(x, {{"name", "circle"},
              {"color", rgba(s.fill_color)},
              {"outline_color", rgba(s.stroke_color)},
              {"outline_style", line_style},
              {"outline_width", num(s.stroke_width_mm)},
              {"outline_width_unit", "MM"},
              {"size", num(s.point_size_mm)},
              {"size_unit", "MM"}});
  } else {
    x << "      <symbol type=\"fill\" name=\"" << name << "\" alpha=\"" << num(opacity)
      << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
      << "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    props(x, {{"color", rgba(s.fill_color)},
              {"style", brush_style(s)},
              {"outline_color", rgba(s.stroke_color)},
              {"outline_style", line_style},
              {"outline_width", num(s.stroke_width_mm)},
              {"outline_width_unit", "MM"},
              {"use_custom_dash", s.dash_mm.empty() ? "0" : "1"},
              {"customdash", dash},
              {"customdash_unit", "MM"},
              {"joinstyle", "bevel"},
              {"offset", "0,0"},
              {"offset_unit", "MM"}});
  }
  x << "        </layer>\n      </symbol>\n";
}

}  // namespace

std::string to_qml(const Style& s, const QmlOptions& o) {
  std::ostringstream x;
  x << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    << "<qgis version=\"3.28.0\" styleCategories=\"" << (o.fields.empty() ? "Symbology|Labeling" : "Symbology|Labeling|Fields") << "\" labelsEnabled=\""
    << (s.label.enabled ? 1 : 0) << "\">\n";
  // The layer's opacity goes into each symbol's alpha (QGIS's layerOpacity applies on top).
  const double alpha = 1.0;
  const std::string attr = field(o, s.category_field);
  if (s.categories.empty()) {
    x << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\">\n    <symbols>\n";
    symbol(x, s.symbol, "0", o, alpha);
    x << "    </symbols>\n";
  } else if (!s.prefix_match) {
    x << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << esc(attr)
      << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
    for (std::size_t i = 0; i < s.categories.size(); ++i)
      x << "      <category value=\"" << esc(s.categories[i].value) << "\" label=\""
        << esc(s.categories[i].label) << "\" symbol=\"" << i << "\" render=\"true\"/>\n";
    // The catch-all category (empty value) takes every value not listed, as in QGIS.
    x << "      <category value=\"\" label=\"" << esc(s.other_label) << "\" symbol=\""
      << s.categories.size() << "\" render=\"true\"/>\n";
    x << "    </categories>\n    <symbols>\n";
    for (std::size_t i = 0; i < s.categories.size(); ++i)
      symbol(x, s.categories[i].symbol, std::to_string(i), o, alpha);
    symbol(x, s.symbol, std::to_string(s.categories.size()), o, alpha);
    x << "    </symbols>\n    <source-symbol>\n";
    symbol(x, s.symbol, "0", o, alpha);
    x << "    </source-symbol>\n";
  } else {
    // Prefix classes: QGIS's categorised renderer matches exact values only, so each class is
    // a rule. A rule excludes the longer prefixes under it, so the longest prefix wins as in
    // the renderer and no feature is drawn twice.
    std::vector<std::size_t> order(s.categories.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return s.categories[a].value.size() > s.categories[b].value.size();
    });
    x << "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" "
         "forceraster=\"0\">\n    <rules key=\"root\">\n";
    for (std::size_t k = 0; k < order.size(); ++k) {
      const Category& c = s.categories[order[k]];
      std::string filter = "\"" + attr + "\" LIKE '" + c.value + "%'";
      for (const Category& longer : s.categories)
        if (longer.value.size() > c.value.size() && longer.value.rfind(c.value, 0) == 0)
          filter += " AND NOT \"" + attr + "\" LIKE '" + longer.value + "%'";
      x << "      <rule key=\"r" << k << "\" filter=\"" << esc(filter)
        << "\" label=\"" << esc(c.label) << "\" symbol=\"" << order[k] << "\"/>\n";
    }
    x << "      <rule key=\"other\" filter=\"ELSE\" label=\"" << esc(s.other_label) << "\" symbol=\""
      << s.categories.size() << "\"/>\n";
    x << "    </rules>\n    <symbols>\n";
    for (std::size_t i = 0; i < s.categories.size(); ++i)
      symbol(x, s.categories[i].symbol, std::to_string(i), o, alpha);
    symbol(x, s.symbol, std::to_string(s.categories.size()), o, alpha);
    x << "    </symbols>\n";
  }
  x << "  </renderer-v2>\n";
  if (s.label.enabled) {
    const LabelStyle& l = s.label;
    x << "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n"
      << "      <text-style fieldName=\"" << esc(field(o, l.field)) << "\" isExpression=\"0\" fontFamily=\""
      << esc(o.font_family) << "\" fontSize=\"" << num(l.size_pt)
      << "\" fontSizeUnit=\"Point\" fontWeight=\"" << (l.bold ? 75 : 50) << "\" textColor=\""
      << rgba(l.color) << "\" textOpacity=\"1\">\n"
      << "        <text-buffer bufferDraw=\"" << (l.halo_mm > 0 ? 1 : 0) << "\" bufferSize=\""
      << num(l.halo_mm) << "\" bufferSizeUnits=\"MM\" bufferColor=\"" << rgba(l.halo)
      << "\" bufferOpacity=\"1\"/>\n      </text-style>\n"
      << "      <placement placement=\"" << (o.geometry == "polygon" ? 1 : 0)
      << "\" centroidInside=\"1\" fitInPolygonOnly=\"0\"/>\n"
      << "      <rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\"/>\n"
      << "    </settings>\n  </labeling>\n";
  }
  if (!o.fields.empty()) {
    x << "  <fieldConfiguration>\n";
    for (const auto& [name, alias] : o.fields)
      x << "    <field name=\"" << esc(name) << "\" configurationFlags=\"None\"/>\n";
    x << "  </fieldConfiguration>\n  <aliases>\n";
    int index = 0;
    for (const auto& [name, alias] : o.fields)
      x << "    <alias field=\"" << esc(name) << "\" index=\"" << index++ << "\" name=\""
        << esc(alias == name ? std::string() : alias) << "\"/>\n";
    x << "  </aliases>\n";
  }
  x << "  <layerOpacity>" << num(s.opacity) << "</layerOpacity>\n"
    << "  <layerGeometryType>" << (o.geometry == "point" ? 0 : o.geometry == "line" ? 1 : 2)
    << "</layerGeometryType>\n</qgis>\n";
  return x.str();
}

}  // namespace tudi::render
