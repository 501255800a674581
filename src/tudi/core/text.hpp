#pragma once
// Text as bureaus type it and as outputs must hold it, in UTF-8: trimming (ASCII, and the
// full-width and no-break spaces a Chinese IME types), full-width forms to ASCII, cutting on a
// character boundary, terminal width, joining. The one place for these; see CONTRIBUTING.md.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tudi {

/// Without ASCII white space (" \t\n\v\f\r") at either end.
std::string_view trim(std::string_view s);
/// Without ASCII white space, U+3000 (ideographic space) or U+00A0 at either end.
std::string_view trim_wide(std::string_view s);
/// Without a leading UTF-8 byte order mark (a file saved by Notepad).
std::string_view strip_bom(std::string_view s);

/// Full-width forms U+FF01–FF5E (０-９, Ａ-Ｚ, ，．／－…) and U+3000 to their ASCII twins, as an
/// input method types them into numbers, dates and codes; other text unchanged.
std::string fold_full_width(std::string_view s);

/// The largest byte offset ≤ `at` that starts a UTF-8 character (or is the end), for cutting
/// `s` to at most `at` bytes without splitting a character.
std::size_t utf8_floor(std::string_view s, std::size_t at);
/// The bytes of the first `chars` characters of `s` (all of `s` when it has fewer).
std::size_t utf8_prefix_bytes(std::string_view s, std::size_t chars);

/// Terminal columns: a character of three or more UTF-8 bytes (CJK) counts two, others one.
int display_width(std::string_view s);

/// The items with `sep` between each two.
std::string join(const std::vector<std::string>& items, std::string_view sep);
/// Text for an XML attribute or element: & < > " ' as entities (.qml, .shp.xml).
std::string xml_escape(std::string_view s);

}  // namespace tudi
