#pragma once
// "Did you mean": the closest known name to a misspelt one, for options, sections and keys.

#include <string>
#include <string_view>
#include <vector>

namespace tudi {

/// Levenshtein distance (insertions, deletions, substitutions) between two byte strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a slip (within a third of its
/// length, at least 2 edits: "chek" → "check", "overwite" → "overwrite"), else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean X?" for `closest(word, candidates)`, or "" — to end an error message with.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tudi
