#include "tudi/core/text.hpp"

namespace tudi {
namespace {

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim_wide(std::string_view s) {
  static constexpr std::string_view kWide[] = {"\xE3\x80\x80", "\xC2\xA0"};  // U+3000, U+00A0
  for (bool again = true; again;) {
    again = false;
    s = trim(s);
    for (const std::string_view w : kWide) {
      if (s.starts_with(w)) s.remove_prefix(w.size()), again = true;
      if (s.ends_with(w)) s.remove_suffix(w.size()), again = true;
    }
  }
  return s;
}

std::string_view strip_bom(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  return s;
}

std::string fold_full_width(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 == 0xEF && i + 2 < s.size()) {
      // U+FF01..U+FF5E are EF BC 81..EF BD 9E and map to U+0021..U+007E.
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      const auto c2 = static_cast<unsigned char>(s[i + 2]);
      if (c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) {
        out += static_cast<char>(0x21 + (c2 - 0x81));
        i += 3;
        continue;
      }
      if (c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
        out += static_cast<char>(0x60 + (c2 - 0x80));
        i += 3;
        continue;
      }
    }
    if (s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000
      out += ' ';
      i += 3;
      continue;
    }
    out += s[i++];
  }
  return out;
}

std::size_t utf8_floor(std::string_view s, std::size_t at) {
  if (at >= s.size()) return s.size();
  while (at > 0 && continuation(s[at])) --at;
  return at;
}

std::size_t utf8_prefix_bytes(std::string_view s, std::size_t chars) {
  std::size_t i = 0, n = 0;
  for (; i < s.size(); ++i) {
    if (!continuation(s[i]) && n++ == chars) break;
  }
  return i;
}

int display_width(std::string_view s) {
  int w = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (continuation(ch)) continue;
    w += c >= 0xE0 ? 2 : 1;
  }
  return w;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string xml_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace tudi
