// The fuzz contract of the 界址点 TXT parser, run as an ordinary test: every seed under
// tests/data/jzd/ and systematic mutations of it (truncations, byte flips, deletions, line
// edits, dictionary insertions) either parse into a sound File or throw tudi::Error — never
// crash, never throw anything else. bench/fuzz/jzd_fuzz.cpp runs the same check with libFuzzer.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <typeinfo>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/io/jzd.hpp"

namespace tudi::io::jzd {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(test::kDataDir / "jzd"))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

using test::slurp;

/// What a successful parse promises: plots, closed rings of ≥ 4 points, finite coordinates,
/// warnings naming the file.
void expect_sound(const File& f, const std::string& what) {
  ASSERT_FALSE(f.plots.empty()) << what;
  for (const auto& plot : f.plots) {
    ASSERT_FALSE(plot.rings.empty()) << what;
    for (const auto& ring : plot.rings) {
      ASSERT_GE(ring.size(), 4u) << what;
      EXPECT_EQ(ring.front().easting, ring.back().easting) << what;
      EXPECT_EQ(ring.front().northing, ring.back().northing) << what;
      for (const auto& p : ring) {
        ASSERT_TRUE(std::isfinite(p.easting) && std::isfinite(p.northing)) << what;
        ASSERT_GE(p.line, 1) << what;
      }
    }
  }
  for (const auto& w : f.warnings) EXPECT_EQ(w.rfind("fuzz.txt:", 0), 0u) << what << ": " << w;
}

struct Tally {
  int parsed = 0, rejected = 0;
};

/// Parses; a tudi::Error is a fine answer, anything else fails the test naming the input.
std::optional<File> run(std::string_view bytes, const std::string& what, Tally& tally) {
  try {
    File f = parse(bytes, "fuzz.txt");
    expect_sound(f, what);
    ++tally.parsed;
    return f;
  } catch (const Error& e) {
    EXPECT_NE(std::string_view(e.what()).find("fuzz.txt"), std::string_view::npos)
        << what << ": " << e.what();
    ++tally.rejected;
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": escaped " << typeid(e).name() << ": " << e.what();
  } catch (...) {
    ADD_FAILURE() << what << ": escaped a non-standard exception";
  }
  return std::nullopt;
}

/// A parsed file must also make a layer and be written back, or say why with a tudi::Error.
void run_downstream(const File& f, const std::string& what) {
  try {
    const Layer layer = to_layer(f);
    WriteOptions opt;
    opt.date = "2025-1-1";
    opt.encoding = "UTF-8";
    const File again = parse(format(layer, opt), "fuzz.txt");
    EXPECT_EQ(again.plots.size(), f.plots.size()) << what;
  } catch (const Error&) {
    // e.g. no 带号 and no prefix, or a zone outside CGCS2000's
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": downstream escaped " << typeid(e).name() << ": " << e.what();
  }
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t at; (at = s.find('\n', from)) != std::string::npos; from = at + 1)
    out.push_back(s.substr(from, at + 1 - from));
  if (from < s.size()) out.push_back(s.substr(from));
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l;
  return out;
}

TEST(JzdCorpus, HasSeeds) {
  EXPECT_GE(corpus().size(), 6u);
}

TEST(JzdCorpus, SeedsParse) {
  Tally tally;
  for (const auto& path : corpus()) {
    const auto f = run(slurp(path), path.filename().string(), tally);
    ASSERT_TRUE(f) << path << " is a seed and must parse";
    run_downstream(*f, path.filename().string());
  }
}

TEST(JzdCorpus, EveryTruncation) {
  for (const auto& path : corpus()) {
    const std::string bytes = slurp(path);
    Tally tally;
    for (std::size_t n = 0; n <= bytes.size(); ++n)
      run(std::string_view(bytes).substr(0, n),
          path.filename().string() + " cut at " + std::to_string(n), tally);
    EXPECT_GT(tally.parsed, 0) << path;    // the whole file, at least
    EXPECT_GT(tally.rejected, 0) << path;  // the empty file, at least
  }
}

TEST(JzdCorpus, EveryByteFlippedAndDeleted) {
  // Bytes that matter to the grammar, a GBK lead byte (0xA3 starts ，＠．), NUL, and a one-bit
  // change (-1). Kept short: each is tried at every offset of every seed.
  const std::vector<int> replacements = {0x00, ',', '@', '\n', '\r', '.', '-',
                                         '9',  ' ', '[', '=',  0xA3, -1};
  for (const auto& path : corpus()) {
    const std::string bytes = slurp(path);
    Tally tally;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (int r : replacements) {
        std::string m = bytes;
        m[i] = r < 0 ? static_cast<char>(m[i] ^ 0x01) : static_cast<char>(r);
        run(m, path.filename().string() + " byte " + std::to_string(i) + " = " + std::to_string(r),
            tally);
      }
      std::string d = bytes;
      d.erase(i, 1);
      run(d, path.filename().string() + " byte " + std::to_string(i) + " deleted", tally);
    }
    EXPECT_GT(tally.parsed, 0) << path;
    EXPECT_GT(tally.rejected, 0) << path;
  }
}

TEST(JzdCorpus, LinesDeletedDuplicatedSwapped) {
  for (const auto& path : corpus()) {
    const auto lines = lines_of(slurp(path));
    Tally tally;
    const auto check = [&](const std::vector<std::string>& m, const std::string& what) {
      if (const auto f = run(join(m), what, tally)) run_downstream(*f, what);
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string at = path.filename().string() + " line " + std::to_string(i + 1);
      auto deleted = lines;
      deleted.erase(deleted.begin() + static_cast<std::ptrdiff_t>(i));
      check(deleted, at + " deleted");
      auto doubled = lines;
      doubled.insert(doubled.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
      check(doubled, at + " doubled");
      if (i + 1 < lines.size()) {
        auto swapped = lines;
        std::swap(swapped[i], swapped[i + 1]);
        check(swapped, at + " swapped with the next");
      }
    }
    EXPECT_GT(tally.parsed, 0) << path;
    EXPECT_GT(tally.rejected, 0) << path;
  }
}

TEST(JzdCorpus, DictionaryInsertions) {
  // Tokens a human or a broken export might type; inserted at random places, several at a time.
  const std::vector<std::string> tokens = {",",
                                           "@",
                                           "，",
                                           "＠",
                                           "＝",
                                           "．",
                                           "１",
                                           "\r\n",
                                           "\n",
                                           "\r",
                                           "nan",
                                           "inf",
                                           "1e999",
                                           "-0",
                                           "1e-400",
                                           "0x1p3",
                                           "+",
                                           "--",
                                           "[地块坐标]",
                                           "[属性描述]",
                                           "带号=",
                                           "几度分带=6",
                                           "坐标系=西安80",
                                           "J1,1,",
                                           ",2,",
                                           "99999999999",
                                           "38",
                                           "\xEF\xBB\xBF",
                                           "\xA3\xAC",
                                           "\xFF\xFE",
                                           "　",
                                           "【",
                                           "】",
                                           "=",
                                           ":",
                                           "9,1.0,X,,面,,,,@\n"};
  std::mt19937 rng(20250615);  // fixed: the test is deterministic
  for (const auto& path : corpus()) {
    const std::string bytes = slurp(path);
    Tally tally;
    for (int round = 0; round < 1500; ++round) {
      std::string m = bytes;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits; ++k) {
        const std::size_t at = m.empty() ? 0 : rng() % (m.size() + 1);
        m.insert(at, tokens[rng() % tokens.size()]);
      }
      run(m, path.filename().string() + " round " + std::to_string(round), tally);
    }
    EXPECT_GT(tally.parsed, 0) << path;
    EXPECT_GT(tally.rejected, 0) << path;
  }
}

}  // namespace
}  // namespace tudi::io::jzd
