#pragma once
// Layer styles as data (styles/*.toml): fill, stroke, dash, labels and categories keyed by
// land-use codes. Qt-free, so the report can turn a style into a QGIS .qml without painting.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tudi::render {

/// A colour with alpha, written "#rrggbb" or "#rrggbbaa" in style files.
struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  /// Parses "#rgb", "#rrggbb" or "#rrggbbaa"; throws tudi::Error naming `where`.
  static Rgba parse(std::string_view text, const std::string& where = {});
  std::string hex() const;  // "#rrggbb" or "#rrggbbaa" when not opaque
  bool operator==(const Rgba&) const = default;
};

/// How one class of features is drawn. Widths and dashes are in millimetres on the page, so
/// a map looks the same on screen (at its DPI) and in the PDF.
struct Symbol {
  bool fill = true;
  Rgba fill_color{200, 200, 200, 255};
  std::string fill_pattern = "solid";  // solid, hatch (／), back_hatch (＼), cross
  bool stroke = true;
  Rgba stroke_color{90, 90, 90, 255};
  double stroke_width_mm = 0.26;
  std::vector<double> dash_mm;  // empty = solid line; else on/off lengths in mm
  double point_size_mm = 2.0;   // marker diameter for point layers
};

/// One category: features whose value equals `value` (or starts with it, in prefix mode).
struct Category {
  std::string value;
  std::string label;  // Chinese, shown in the legend
  Symbol symbol;
};

/// Text labels of a layer.
struct LabelStyle {
  bool enabled = false;
  std::string field;  // canonical name ("id", "name") or the source's own field name
  double size_pt = 9;
  Rgba color{30, 30, 30, 255};
  Rgba halo{255, 255, 255, 230};
  double halo_mm = 0.5;
  bool bold = false;
  /// Labels are left out when more features than this are in view (a county of farmland
  /// labelled at once is unreadable and slow).
  int max_features = 2500;
  /// A feature is labelled only when its box on screen is at least this many mm wide.
  double min_feature_mm = 4;
};

/// A whole layer style, parsed from one styles/<name>.toml.
struct Style {
  std::string name;   // file stem: "farmland", "overlaps", ...
  std::string title;  // Chinese layer title for the legend ("永久基本农田")
  double opacity = 1.0;
  Symbol symbol;      // every feature, or those that fall in no category
  std::string category_field;    // canonical or source field name; empty = single symbol
  bool prefix_match = false;     // "1001" also matches "100101"; the longest value wins
  std::vector<Category> categories;
  std::string other_label = "其他";  // legend label of `symbol` when categories exist
  LabelStyle label;
  std::filesystem::path path;  // the file it came from (empty for built-in styles)

  /// The category a value falls in, or -1 (drawn with `symbol`).
  int category_of(std::string_view value) const;
  /// The symbol of category `i`, or `symbol` for -1.
  const Symbol& symbol_for(int i) const {
    return i >= 0 && static_cast<std::size_t>(i) < categories.size() ? categories[i].symbol : symbol;
  }
};

/// Parses a style from TOML text; errors name `where` and the line.
Style parse_style(std::string_view toml_text, const std::string& where, std::string name = {});
/// Loads a style file; the style's name is the file stem.
Style load_style(const std::filesystem::path& file);

/// The styles folder: $TUDI_STYLES when set, else data_dir()/styles (symlinks resolved).
std::filesystem::path styles_dir();
/// The style named `name` (a layer role or a result type) from styles_dir(); a neutral grey
/// style titled `name` when there is no such file.
Style style_for(std::string_view name);
/// A neutral style for layers without their own file, with a colour picked from `seed` so
/// that several added layers can be told apart.
Style default_style(std::string_view title, std::size_t seed = 0);

}  // namespace tudi::render
