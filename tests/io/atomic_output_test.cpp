// AtomicOutput: outputs appear whole (with all their sidecars) or not at all.

#include "test_config.hpp"
#include "tudi/io/atomic_output.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "tudi/core/error.hpp"

namespace fs = std::filesystem;
using tudi::io::AtomicOutput;

namespace {

class AtomicOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    dir_ = tudi::test::fresh_scratch_dir("tudi-atomic-test-" + std::to_string(n++));
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  /// The names in the folder, sorted.
  std::set<std::string> listing() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.insert(e.path().filename().string());
    return out;
  }
  /// Writes the temporary Shapefile's parts, as GDAL would: each file says what it is.
  static void write_shapefile(const AtomicOutput& out, const std::set<std::string>& exts) {
    const std::string stem = out.temp().stem().string();
    for (const auto& ext : exts) write(out.temp().parent_path() / (stem + "." + ext), "new " + ext);
  }

  fs::path dir_;
};

TEST_F(AtomicOutputTest, TempIsHiddenBesideTheTargetWithItsExtension) {
  const fs::path target = dir_ / "parcels.shp";
  AtomicOutput out(target, false);
  EXPECT_EQ(out.target(), target);
  EXPECT_EQ(out.temp().parent_path(), dir_);
  EXPECT_EQ(out.temp().extension(), ".shp");
  const std::string name = out.temp().filename().string();
  const std::string prefix = ".parcels.tudi-tmp-" + std::to_string(::getpid()) + "-";
  EXPECT_EQ(name.rfind(prefix, 0), 0u) << name;
  EXPECT_FALSE(fs::exists(out.temp()));  // reserved, not created: the writer creates it
}

TEST_F(AtomicOutputTest, TwoOutputsForOneTargetGetDifferentTemps) {
  AtomicOutput a(dir_ / "x.gpkg", false), b(dir_ / "x.gpkg", false);
  EXPECT_NE(a.temp(), b.temp());
}

TEST_F(AtomicOutputTest, CommitRenamesTheFileAndEverySidecar) {
  const fs::path target = dir_ / "parcels.shp";
  {
    AtomicOutput out(target, false);
    write_shapefile(out, {"shp", "shx", "dbf", "prj", "cpg", "qix", "shp.xml"});
    EXPECT_FALSE(fs::exists(target));  // nothing visible before commit
    out.commit();
  }
  EXPECT_EQ(listing(),
            (std::set<std::string>{"parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj",
                                   "parcels.cpg", "parcels.qix", "parcels.shp.xml"}));
  EXPECT_EQ(read(target), "new shp");
  EXPECT_EQ(read(dir_ / "parcels.cpg"), "new cpg");
  EXPECT_EQ(read(dir_ / "parcels.shp.xml"), "new shp.xml");
}

TEST_F(AtomicOutputTest, WithoutCommitTheTemporariesAreRemoved) {
  write(dir_ / "other.txt", "untouched");
  {
    AtomicOutput out(dir_ / "parcels.shp", false);
    write_shapefile(out, {"shp", "shx", "dbf"});
    EXPECT_EQ(listing().size(), 4u);
  }  // e.g. an exception while writing
  EXPECT_EQ(listing(), (std::set<std::string>{"other.txt"}));
}

TEST_F(AtomicOutputTest, ExistingTargetWithoutOverwriteThrowsAndStaysIntact) {
  const fs::path target = dir_ / "parcels.shp";
  write(target, "old");
  try {
    AtomicOutput out(target, false);
    FAIL() << "no exception";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), target.string());
    EXPECT_EQ(std::string(e.what()), target.string() + ": already exists (use --overwrite)");
  }
  EXPECT_EQ(read(target), "old");
}

TEST_F(AtomicOutputTest, TargetAppearingBeforeCommitIsNotClobbered) {
  const fs::path target = dir_ / "report.xlsx";
  {
    AtomicOutput out(target, false);
    write(out.temp(), "new");
    write(target, "someone else's");
    EXPECT_THROW(out.commit(), tudi::Error);
  }
  EXPECT_EQ(read(target), "someone else's");
  EXPECT_EQ(listing(), (std::set<std::string>{"report.xlsx"}));  // temporary cleaned up
}

TEST_F(AtomicOutputTest, OverwriteReplacesAndDropsStaleSidecars) {
  const fs::path target = dir_ / "parcels.shp";
  for (const char* ext : {"shp", "shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx"})
    write(dir_ / (std::string("parcels.") + ext), std::string("old ") + ext);
  write(dir_ / "parcels.2024.shp", "another dataset");  // shares the stem, not a sidecar
  write(dir_ / "parcels.notes.txt", "the user's notes");
  {
    AtomicOutput out(target, true);
    write_shapefile(out, {"shp", "shx", "dbf", "prj"});
    out.commit();
  }
  EXPECT_EQ(listing(),
            (std::set<std::string>{"parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj",
                                   "parcels.2024.shp", "parcels.notes.txt"}));
  EXPECT_EQ(read(target), "new shp");
  EXPECT_EQ(read(dir_ / "parcels.prj"), "new prj");
  EXPECT_EQ(read(dir_ / "parcels.2024.shp"), "another dataset");
}

TEST_F(AtomicOutputTest, OverwriteDropsAStaleGeoPackageJournal) {
  write(dir_ / "out.gpkg", "old");
  write(dir_ / "out.gpkg-wal", "old wal");
  {
    AtomicOutput out(dir_ / "out.gpkg", true);
    write(out.temp(), "new");
    out.commit();
  }
  EXPECT_EQ(listing(), (std::set<std::string>{"out.gpkg"}));
  EXPECT_EQ(read(dir_ / "out.gpkg"), "new");
}

TEST_F(AtomicOutputTest, OverwriteNeverReplacesAFolder) {
  // `tudi convert a.shp ~/work.gpkg --overwrite` where ~/work.gpkg is somebody's folder: the
  // tree is theirs, not an output of ours.
  fs::create_directory(dir_ / "work.gpkg");
  write(dir_ / "work.gpkg" / "notes.txt", "mine");
  try {
    AtomicOutput out(dir_ / "work.gpkg", true);
    FAIL() << "no exception";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), (dir_ / "work.gpkg").string());
    EXPECT_NE(std::string(e.what()).find("is a folder"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(dir_ / "work.gpkg" / "notes.txt"), "mine");
  EXPECT_EQ(listing(), (std::set<std::string>{"work.gpkg"}));
}

TEST_F(AtomicOutputTest, OverwriteNeverRemovesAFolderNamedLikeASidecar) {
  fs::create_directory(dir_ / "a.qix");
  write(dir_ / "a.qix" / "keep", "mine");
  {
    AtomicOutput out(dir_ / "a.shp", true);
    write_shapefile(out, {"shp", "shx", "dbf"});
    out.commit();
  }
  EXPECT_EQ(read(dir_ / "a.qix" / "keep"), "mine");
}

TEST_F(AtomicOutputTest, ASetCommitsEveryOutputTogether) {
  {
    tudi::io::OutputSet set;
    for (const char* name : {"a.json", "b.json"}) {
      AtomicOutput out(dir_ / name, false);
      write(out.temp(), name);
      out.commit();
      // Staged, not yet in place; readable where it stands.
      EXPECT_FALSE(fs::exists(dir_ / name));
      EXPECT_EQ(read(tudi::io::OutputSet::current_path(dir_ / name)), name);
    }
    set.commit();
  }
  EXPECT_EQ(listing(), (std::set<std::string>{"a.json", "b.json"}));
  EXPECT_EQ(read(dir_ / "b.json"), "b.json");
}

TEST_F(AtomicOutputTest, AStagedOutputIsFoundBeforeASidecarOfOneWithItsStem) {
  // report.pdf shares the stem of report.xlsx staged before it: it is not that file's sidecar
  // (the report's manifest hashed a path that did not exist and left the PDF out).
  tudi::io::OutputSet set;
  for (const char* name : {"report.xlsx", "report.pdf"}) {
    AtomicOutput out(dir_ / name, false);
    write(out.temp(), name);
    out.commit();
  }
  EXPECT_EQ(read(tudi::io::OutputSet::current_path(dir_ / "report.pdf")), "report.pdf");
  EXPECT_EQ(read(tudi::io::OutputSet::current_path(dir_ / "report.xlsx")), "report.xlsx");
  set.commit();
  EXPECT_EQ(read(dir_ / "report.pdf"), "report.pdf");
}

TEST_F(AtomicOutputTest, ASetLeftWithoutCommitLeavesNothing) {
  try {
    tudi::io::OutputSet set;
    AtomicOutput a(dir_ / "a.json", false);
    write(a.temp(), "a");
    a.commit();
    AtomicOutput b(dir_ / "b.shp", false);
    write_shapefile(b, {"shp", "dbf"});
    b.commit();
    throw std::runtime_error("the third output failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(listing().empty()) << *listing().begin();
}

TEST_F(AtomicOutputTest, ASetRefusesBeforeMovingAnything) {
  tudi::io::OutputSet set;
  AtomicOutput a(dir_ / "a.json", false);
  write(a.temp(), "a");
  a.commit();
  AtomicOutput b(dir_ / "b.json", false);
  write(b.temp(), "b");
  b.commit();
  write(dir_ / "b.json", "appeared meanwhile");
  EXPECT_THROW(set.commit(), tudi::Error);
  EXPECT_EQ(listing(), (std::set<std::string>{"b.json"}));
  EXPECT_EQ(read(dir_ / "b.json"), "appeared meanwhile");
}

TEST_F(AtomicOutputTest, AnInnerSetStagesIntoTheOuterOne) {
  {
    tudi::io::OutputSet outer;
    {
      tudi::io::OutputSet inner;
      AtomicOutput a(dir_ / "a.json", false);
      write(a.temp(), "a");
      a.commit();
      inner.commit();
    }
    EXPECT_FALSE(fs::exists(dir_ / "a.json"));
  }  // the outer set fails: the inner set's output goes too
  EXPECT_TRUE(listing().empty());
}

TEST_F(AtomicOutputTest, TargetWithoutExtension) {
  {
    AtomicOutput out(dir_ / "README", false);
    // ".README.tudi-tmp-<pid>-<n>" and nothing after: no extension to keep.
    const std::string name = out.temp().filename().string();
    const std::string prefix = ".README.tudi-tmp-" + std::to_string(::getpid()) + "-";
    ASSERT_EQ(name.rfind(prefix, 0), 0u) << name;
    EXPECT_EQ(name.find_first_not_of("0123456789", prefix.size()), std::string::npos) << name;
    write(out.temp(), "text");
    out.commit();
  }
  EXPECT_EQ(listing(), (std::set<std::string>{"README"}));
  EXPECT_EQ(read(dir_ / "README"), "text");
}

TEST_F(AtomicOutputTest, MissingFolderThrowsNamingTheTarget) {
  const fs::path target = dir_ / "no-such-folder" / "x.shp";
  try {
    AtomicOutput out(target, true);
    FAIL() << "no exception";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), target.string());
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST_F(AtomicOutputTest, CommitWithNothingWrittenThrows) {
  AtomicOutput out(dir_ / "empty.geojson", false);
  try {
    out.commit();
    FAIL() << "no exception";
  } catch (const tudi::Error& e) {
    EXPECT_EQ(e.where(), (dir_ / "empty.geojson").string());
    EXPECT_NE(std::string(e.what()).find("nothing was written"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir_ / "empty.geojson"));
}

}  // namespace
