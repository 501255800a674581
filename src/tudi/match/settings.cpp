#include "tudi/match/settings.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "tudi/core/error.hpp"
#include "tudi/project/rules.hpp"
#include "tudi/project/project.hpp"

namespace tudi::match {
namespace {

struct IndicatorInfo {
  const char* key;
  const char* label;
  const char* unit;
  bool maximum;
};
constexpr IndicatorInfo kInfo[kIndicators] = {
    {"investment", "固定资产投资强度", "万元/亩", false},
    {"tax", "亩均税收", "万元/亩", false},
    {"output", "亩均产值", "万元/亩", false},
    {"far_min", "容积率下限", "", false},
    {"far_max", "容积率上限", "", true},
    {"energy", "单位增加值能耗", "吨标煤/万元", true},
    {"building_coefficient", "建筑系数", "%", false},
    {"rd_share", "研发经费投入占比", "%", false},
    {"emission_intensity", "单位增加值排放", "千克/万元", true},
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

/// GB/T 4754-2017 sections by the first division of each.
char section_of(int division) {
  struct Span {
    int first;
    char section;
  };
  static constexpr Span kSpans[] = {{1, 'A'},  {6, 'B'},  {13, 'C'}, {44, 'D'}, {47, 'E'},
                                    {51, 'F'}, {53, 'G'}, {61, 'H'}, {63, 'I'}, {66, 'J'},
                                    {70, 'K'}, {71, 'L'}, {73, 'M'}, {76, 'N'}, {80, 'O'},
                                    {83, 'P'}, {84, 'Q'}, {86, 'R'}, {91, 'S'}, {97, 'T'}};
  if (division < 1 || division > 97) return 0;
  char s = 0;
  for (const Span& sp : kSpans)
    if (division >= sp.first) s = sp.section;
  return s;
}

/// Every GB/T 4754 code written in a text ("C34 通用设备制造业、C3841 锂离子电池制造").
std::vector<std::string> codes_in(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool boundary = i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]));
    if (!boundary || !std::isalpha(c)) continue;
    std::size_t j = i + 1;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    const std::size_t digits = j - i - 1;
    const bool end = j == text.size() || !std::isalnum(static_cast<unsigned char>(text[j]));
    if (digits >= 2 && digits <= 4 && end) {
      const std::string code = normalise_industry(text.substr(i, j - i));
      if (!code.empty()) out.push_back(code);
    }
  }
  return out;
}

class Reader {
 public:
  explicit Reader(const RulePack& pack) : pack_(pack) {}

  [[noreturn]] void fail(const toml::node& n, const std::string& what) const {
    throw Error(pack_.where(n), what);
  }
  double number(const toml::node& n, const std::string& name) const {
    if (auto v = finite_number(n)) return *v;
    fail(n, name + " must be a number");
  }
  std::string string(const toml::node& n, const std::string& name) const {
    if (auto v = n.value<std::string>()) return *v;
    fail(n, name + " must be a string");
  }
  std::vector<std::string> strings(const toml::node& n, const std::string& name) const {
    const toml::array* a = n.as_array();
    if (!a) fail(n, name + " must be an array of strings");
    std::vector<std::string> out;
    for (const toml::node& e : *a) out.push_back(string(e, name));
    return out;
  }
  const toml::table& table(const toml::node& n, const std::string& name) const {
    if (const toml::table* t = n.as_table()) return *t;
    fail(n, name + " must be a table");
  }
  const toml::array& tables(const toml::node& n, const std::string& name) const {
    const toml::array* a = n.as_array();
    if (!a || !a->is_array_of_tables()) fail(n, name + " must be written as [[" + name + "]]");
    return *a;
  }
  const RulePack& pack() const { return pack_; }

 private:
  const RulePack& pack_;
};

void read_parameters(const Reader& r, const toml::table& t, Parameters& s) {
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (key == "region") {
      s.region = r.string(n, key);
    } else if (key == "area") {
      const std::string a = r.string(n, key);
      if (a != "ellipsoidal" && a != "planar")
        r.fail(n, "area must be \"ellipsoidal\" or \"planar\"");
      s.ellipsoidal_area = a == "ellipsoidal";
    } else if (key == "max_group_size") {
      const double v = r.number(n, key);
      if (v < 1 || v > 3) r.fail(n, "max_group_size must be 1, 2 or 3");
      s.max_group_size = static_cast<int>(v);
    } else if (key == "min_shared_boundary_m") {
      s.min_shared_boundary_m = r.number(n, key);
    } else if (key == "adjacency_snap_m") {
      s.adjacency_snap_m = r.number(n, key);
    } else if (key == "cluster_radius_m") {
      s.cluster_radius_m = r.number(n, key);
    } else if (key == "explain_all_below") {
      s.explain_all_below = static_cast<std::size_t>(std::max(0.0, r.number(n, key)));
    } else if (key == "explain_limit") {
      s.explain_limit = static_cast<std::size_t>(std::max(0.0, r.number(n, key)));
    } else if (key == "extra_hard_filters") {
      s.extra_hard_filters = r.strings(n, key);
      for (const std::string& f : s.extra_hard_filters)
        if (f != "energy" && f != "output" && f != "building_coefficient" && f != "rd_share" &&
            f != "emission_intensity")
          r.fail(n, "extra_hard_filters: '" + f +
                        "' is not one of energy, output, building_coefficient, rd_share, "
                        "emission_intensity");
    } else if (key == "max_branch_nodes") {
      s.max_branch_nodes = static_cast<long>(std::max(1.0, r.number(n, key)));
    } else {
      r.fail(n, "unknown setting settings." + key);
    }
  }
}

void read_weights(const Reader& r, const toml::table& t, Weights& w) {
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    auto num = [&] { return r.number(n, "score." + key); };
    if (key == "base")
      w.base = num();
    else if (key == "investment")
      w.investment = num();
    else if (key == "tax")
      w.tax = num();
    else if (key == "far")
      w.far = num();
    else if (key == "energy")
      w.energy = num();
    else if (key == "lead_industry")
      w.lead_industry = num();
    else if (key == "infrastructure")
      w.infrastructure = num();
    else if (key == "cluster")
      w.cluster = num();
    else if (key == "area_fit")
      w.area_fit = num();
    else if (key == "zone_preference")
      w.zone_preference = num();
    else if (key == "merge_penalty")
      w.merge_penalty = num();
    else if (key == "headroom_cap")
      w.headroom_cap = num();
    else if (key == "energy_headroom_cap")
      w.energy_headroom_cap = num();
    else if (key == "lead_chain_share")
      w.lead_chain_share = num();
    else if (key == "cluster_saturation")
      w.cluster_saturation = std::max(1, static_cast<int>(num()));
    else if (key == "infrastructure_grades") {
      for (const auto& [gk, gn] : r.table(n, "score.infrastructure_grades")) {
        const std::string g(gk.str());
        const double v = r.number(gn, "infrastructure_grades." + g);
        if (g == "three")
          w.grade_three = v;
        else if (g == "five")
          w.grade_five = v;
        else if (g == "seven")
          w.grade_seven = v;
        else
          r.fail(gn, "unknown grade " + g + " (expected three, five, seven)");
      }
    } else {
      r.fail(n, "unknown score term score." + key);
    }
    if (w.headroom_cap <= 0 || w.energy_headroom_cap <= 0) r.fail(n, "caps must be positive");
  }
}

Settings::Row read_row(const Reader& r, const Settings& rules, const toml::table& t) {
  Settings::Row row;
  const toml::node* sources = t.get("sources");
  const toml::table* st = sources ? sources->as_table() : nullptr;
  for (const auto& [k, n] : t) {
    const std::string key(k.str());
    if (key == "region") {
      row.region = r.string(n, key);
      if (!rules.region(row.region)) r.fail(n, "unknown region '" + row.region + "'");
      continue;
    }
    if (key == "industry") {
      const std::string s = r.string(n, key);
      row.industry = s == "*" ? "" : normalise_industry(s);
      if (s != "*" && row.industry.empty())
        r.fail(n, "industry must be \"*\" or a GB/T 4754 code such as \"C39\"");
      continue;
    }
    if (key == "sources") continue;
    auto source_of = [&]() {
      const toml::node* sn = st ? st->get(key) : nullptr;
      if (!sn) r.fail(n, key + " has no source: add sources." + key + " = \"<key of [sources]>\"");
      std::string src = r.string(*sn, "sources." + key);
      const bool known = std::any_of(rules.sources.begin(), rules.sources.end(),
                                     [&](const auto& s) { return s.first == src; });
      if (!known) r.fail(*sn, "source '" + src + "' is not a key of [sources]");
      return src;
    };
    if (key == "emission") {
      row.values.emission = r.string(n, key);
      source_of();
      continue;
    }
    const auto it = std::find_if(std::begin(kInfo), std::end(kInfo),
                                 [&](const IndicatorInfo& i) { return key == i.key; });
    if (it == std::end(kInfo)) r.fail(n, "unknown indicator '" + key + "'");
    Threshold th;
    th.value = r.number(n, key);
    th.source = source_of();
    th.from = (row.region.empty() ? std::string("?") : row.region);
    row.values.values[static_cast<std::size_t>(it - std::begin(kInfo))] = th;
  }
  if (row.region.empty()) r.fail(t, "an [[indicators]] row needs a region");
  const std::string from = row.region + " · " + (row.industry.empty() ? "全行业" : row.industry);
  for (auto& v : row.values.values)
    if (v) v->from = from;
  if (st)
    for (const auto& [k, n] : *st) {
      const std::string key(k.str());
      if (!t.get(key)) r.fail(n, "sources." + key + " names a value the row does not have");
    }
  return row;
}

}  // namespace

const char* key(Indicator i) {
  return kInfo[static_cast<std::size_t>(i)].key;
}
const char* label(Indicator i) {
  return kInfo[static_cast<std::size_t>(i)].label;
}
const char* unit(Indicator i) {
  return kInfo[static_cast<std::size_t>(i)].unit;
}
bool is_maximum(Indicator i) {
  return kInfo[static_cast<std::size_t>(i)].maximum;
}

std::string normalise_industry(std::string_view text) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  t = upper(t);
  if (t.empty()) return {};
  std::size_t i = 0;
  char section = 0;
  if (std::isalpha(static_cast<unsigned char>(t[0]))) {
    section = t[0];
    i = 1;
  }
  std::size_t j = i;
  while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) ++j;
  const std::size_t digits = j - i;
  if (digits < 2 || digits > 4) return section && digits == 0 && t.size() == 1 ? t : "";
  const int division = std::stoi(t.substr(i, 2));
  const char expected = section_of(division);
  if (!expected) return {};
  if (section && section != expected) return {};
  return std::string(1, expected) + t.substr(i, digits);
}

bool Parameters::hard(Indicator i) const {
  if (i == Indicator::investment || i == Indicator::tax || i == Indicator::far_min ||
      i == Indicator::far_max)
    return true;
  return std::find(extra_hard_filters.begin(), extra_hard_filters.end(), key(i)) !=
         extra_hard_filters.end();
}

const Region* Settings::region(std::string_view id) const {
  for (const Region& r : regions)
    if (r.id == id) return &r;
  return nullptr;
}

std::string Settings::source_text(const std::string& k) const {
  for (const auto& [key, text] : sources)
    if (key == k) return text;
  return k;
}

Thresholds Settings::library(std::string_view industry) const {
  const std::string code = normalise_industry(industry);
  std::vector<const Region*> chain;
  std::set<std::string> seen;
  for (const Region* reg = region(params.region); reg && seen.insert(reg->id).second;
       reg = region(reg->parent))
    chain.push_back(reg);
  auto applies = [&](const Row& row, const Region* reg) {
    return row.region == reg->id && (row.industry.empty() || starts_with(code, row.industry));
  };
  // Each value independently: the nearest region that has it, and there the longest prefix.
  Thresholds out;
  for (std::size_t i = 0; i < kIndicators; ++i) {
    for (const Region* reg : chain) {
      const Row* best = nullptr;
      for (const Row& row : rows)
        if (applies(row, reg) && row.values.values[i] &&
            (!best || row.industry.size() > best->industry.size()))
          best = &row;
      if (best) {
        out.values[i] = best->values.values[i];
        break;
      }
    }
  }
  for (const Region* reg : chain) {
    const Row* best = nullptr;
    for (const Row& row : rows)
      if (applies(row, reg) && !row.values.emission.empty() &&
          (!best || row.industry.size() > best->industry.size()))
        best = &row;
    if (best) {
      out.emission = best->values.emission;
      break;
    }
  }
  return out;
}

const UseClass* Settings::use_class(std::string_view planned_use) const {
  // The leading code ("100102", "M2", "0601") decides; else a class named in the text.
  std::size_t i = 0;
  while (i < planned_use.size() && std::isspace(static_cast<unsigned char>(planned_use[i]))) ++i;
  std::size_t j = i;
  while (j < planned_use.size() && std::isalnum(static_cast<unsigned char>(planned_use[j]))) ++j;
  const std::string code = upper(planned_use.substr(i, j - i));
  if (!code.empty()) {
    for (const UseClass& u : use_classes) {
      if (u.code == code) return &u;
      for (const std::string& a : u.aliases)
        if (upper(a) == code) return &u;
    }
  }
  const UseClass* best = nullptr;
  for (const UseClass& u : use_classes)
    if (planned_use.find(u.name) != std::string_view::npos &&
        (!best || u.name.size() > best->name.size()))
      best = &u;
  return best;
}

std::string Settings::kind_of(std::string_view industry) const {
  const std::string code = normalise_industry(industry);
  std::size_t best = 0;
  std::string kind = "industrial";
  for (const auto& [prefix, k] : project_kinds)
    if (starts_with(code, prefix) && prefix.size() > best) {
      best = prefix.size();
      kind = k;
    }
  return kind;
}

std::vector<int> Settings::chains_of(std::string_view industry) const {
  const std::string code = normalise_industry(industry);
  std::vector<int> out;
  if (code.empty()) return out;
  for (std::size_t c = 0; c < chains.size(); ++c)
    for (const std::string& prefix : chains[c].codes)
      if (starts_with(code, prefix)) {
        out.push_back(static_cast<int>(c));
        break;
      }
  return out;
}

IndustryList Settings::parse_list(std::string_view text) const {
  IndustryList l;
  l.text = std::string(text);
  l.codes = codes_in(text);
  if (!l.codes.empty()) {
    for (const std::string& c : l.codes)
      for (int ch : chains_of(c))
        if (std::find(l.chains.begin(), l.chains.end(), ch) == l.chains.end())
          l.chains.push_back(ch);
    return l;
  }
  for (std::size_t c = 0; c < chains.size(); ++c)
    for (const std::string& k : chains[c].keywords)
      if (!k.empty() && text.find(k) != std::string_view::npos) {
        l.chains.push_back(static_cast<int>(c));
        break;
      }
  return l;
}

double Settings::list_match(const IndustryList& list, std::string_view industry,
                              double partial) const {
  const std::string code = normalise_industry(industry);
  return list_match(list, code, chains_of(code), partial);
}

double Settings::list_match(const IndustryList& list, std::string_view code,
                              const std::vector<int>& chains, double partial) {
  if (code.empty()) return 0;
  for (const std::string& c : list.codes)
    if (starts_with(code, c)) return 1;
  if (partial <= 0) return 0;
  for (int ch : chains)
    if (std::find(list.chains.begin(), list.chains.end(), ch) != list.chains.end()) return partial;
  return 0;
}

Settings load_settings(const RulePack& pack, const std::string& region) {
  const Reader r(pack);
  Settings rules;
  rules.path = pack.path;
  const toml::table& doc = pack.table;
  // Sources and regions first: indicator rows refer to them.
  if (const toml::node* n = doc.get("sources"))
    for (const auto& [k, v] : r.table(*n, "sources"))
      rules.sources.emplace_back(std::string(k.str()),
                                 r.string(v, "sources." + std::string(k.str())));
  if (const toml::node* n = doc.get("regions"))
    for (const toml::node& e : r.tables(*n, "regions")) {
      const toml::table& t = *e.as_table();
      Region reg;
      for (const auto& [k, v] : t) {
        const std::string key(k.str());
        if (key == "id")
          reg.id = r.string(v, key);
        else if (key == "name")
          reg.name = r.string(v, key);
        else if (key == "parent")
          reg.parent = r.string(v, key);
        else
          r.fail(v, "unknown key '" + key + "' in [[regions]]");
      }
      if (reg.id.empty()) r.fail(e, "a [[regions]] entry needs an id");
      rules.regions.push_back(reg);
    }
  for (const Region& reg : rules.regions)
    if (!reg.parent.empty() && !rules.region(reg.parent))
      throw Error(pack.path.string(), "region " + reg.id + ": unknown parent '" + reg.parent + "'");

  for (const auto& [k, n] : doc) {
    const std::string key(k.str());
    if (key == "version" || key == "sources" || key == "regions") continue;
    if (key == "settings") {
      read_parameters(r, r.table(n, key), rules.params);
    } else if (key == "score") {
      read_weights(r, r.table(n, key), rules.weights);
    } else if (key == "indicators") {
      for (const toml::node& e : r.tables(n, key))
        rules.rows.push_back(read_row(r, rules, *e.as_table()));
    } else if (key == "use_classes") {
      for (const toml::node& e : r.tables(n, key)) {
        UseClass u;
        for (const auto& [uk, un] : *e.as_table()) {
          const std::string f(uk.str());
          if (f == "code")
            u.code = r.string(un, f);
          else if (f == "name")
            u.name = r.string(un, f);
          else if (f == "kind")
            u.kind = r.string(un, f);
          else if (f == "max_pollution")
            u.max_pollution = static_cast<int>(r.number(un, f));
          else if (f == "aliases")
            u.aliases = r.strings(un, f);
          else
            r.fail(un, "unknown key '" + f + "' in [[use_classes]]");
        }
        if (u.code.empty() || u.kind.empty()) r.fail(e, "a use class needs code and kind");
        if (u.max_pollution < 1 || u.max_pollution > 3)
          r.fail(e, "max_pollution must be 1, 2 or 3");
        rules.use_classes.push_back(u);
      }
    } else if (key == "project_kinds") {
      for (const toml::node& e : r.tables(n, key)) {
        const toml::table& t = *e.as_table();
        const toml::node* ind = t.get("industries");
        const toml::node* kind = t.get("kind");
        if (!ind || !kind) r.fail(e, "[[project_kinds]] needs industries and kind");
        for (const std::string& i : r.strings(*ind, "industries"))
          rules.project_kinds.emplace_back(normalise_industry(i), r.string(*kind, "kind"));
      }
    } else if (key == "chains") {
      for (const toml::node& e : r.tables(n, key)) {
        Chain c;
        for (const auto& [ck, cn] : *e.as_table()) {
          const std::string f(ck.str());
          if (f == "name")
            c.name = r.string(cn, f);
          else if (f == "codes") {
            for (const std::string& code : r.strings(cn, f)) {
              const std::string norm = normalise_industry(code);
              if (norm.empty()) r.fail(cn, "'" + code + "' is not a GB/T 4754 code");
              c.codes.push_back(norm);
            }
          } else if (f == "keywords")
            c.keywords = r.strings(cn, f);
          else
            r.fail(cn, "unknown key '" + f + "' in [[chains]]");
        }
        rules.chains.push_back(c);
      }
    } else {
      r.fail(n, "unknown section '" + key + "'");
    }
  }
  if (!region.empty()) rules.params.region = region;
  if (!rules.region(rules.params.region)) {
    std::string known;
    for (const Region& reg : rules.regions) known += (known.empty() ? "" : ", ") + reg.id;
    throw Error(pack.path.string(),
                "unknown region '" + rules.params.region + "' (the pack has " + known + ")");
  }
  return rules;
}

Settings load_settings(const Project& project, const std::string& region_override) {
  const RulePack pack = load_rule_pack(project, "standard_land");
  std::string region;
  auto it = project.sections.find("match");
  if (it != project.sections.end()) {
    const RulePack& section = *it->second;
    for (const auto& [k, n] : section.table) {
      if (k.str() == "region" && n.is_string()) {
        region = *n.value<std::string>();
      } else {
        throw Error(section.where(n),
                    "[match]: unknown setting '" + std::string(k.str()) + "' (expected region)");
      }
    }
  }
  return load_settings(pack, region_override.empty() ? region : region_override);
}

}  // namespace tudi::match
