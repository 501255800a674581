// Command-line cases as data (tests/cli/cases/*.toml, described in tests/cli/cases/README.md):
// each file gives the arguments, files to put in a scratch folder first, and the exit code,
// stdout and stderr `tudi` must answer with. One test per file, named after it: add a file to
// add a case. Cases that read the files a run writes stay in C++ (cli_test.cpp, hostile_test.cpp).
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "run_tudi.hpp"
#include "test_config.hpp"
#include "tudi/core/version.hpp"

namespace tudi::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = kSourceDir / "tests" / "cli" / "cases";

/// One case file; printed by its name, so the test is named after the file alone.
struct CaseFile {
  fs::path path;
};

void PrintTo(const CaseFile& c, std::ostream* os) {
  *os << c.path.filename().string();
}

std::vector<CaseFile> case_files() {
  std::vector<CaseFile> files;
  for (const auto& e : fs::directory_iterator(kCases))
    if (e.path().extension() == ".toml") files.push_back({e.path()});
  std::sort(files.begin(), files.end(),
            [](const CaseFile& a, const CaseFile& b) { return a.path < b.path; });
  return files;
}

/// `text` with {demo}, {data}, {source} and {scratch} replaced by their absolute paths and
/// {version} by tudi's version.
std::string expand(std::string text, const fs::path& scratch) {
  const std::pair<std::string, std::string> places[] = {{"{version}", kVersion},
                                                        {"{demo}", kDemoDir.string()},
                                                        {"{data}", kDataDir.string()},
                                                        {"{source}", kSourceDir.string()},
                                                        {"{scratch}", scratch.string()}};
  for (const auto& [from, to] : places)
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  return text;
}

/// One argument for the shell, as it is: in single quotes.
std::string quoted(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> strings(const toml::node* node, const std::string& key) {
  std::vector<std::string> out;
  if (!node) return out;
  if (const auto* s = node->as_string()) return {s->get()};
  const auto* a = node->as_array();
  if (!a) throw std::runtime_error(key + ": a string or an array of strings");
  for (const auto& v : *a) {
    if (!v.is_string()) throw std::runtime_error(key + ": a string or an array of strings");
    out.push_back(*v.value<std::string>());
  }
  return out;
}

/// Every file under `dir` with its bytes, by path relative to it ("name/" for a folder).
std::map<std::string, std::string> contents(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string rel = fs::relative(e.path(), dir).generic_string();
    out[e.is_directory() ? rel + "/" : rel] = e.is_directory() ? "" : slurp(e.path());
  }
  return out;
}

void expect_has(const std::string& stream, const std::string& text,
                const std::vector<std::string>& wanted) {
  for (const std::string& w : wanted)
    EXPECT_NE(text.find(w), std::string::npos) << stream << " lacks «" << w << "»:\n" << text;
}

class CliCase : public ::testing::TestWithParam<CaseFile> {};

TEST_P(CliCase, AnswersAsTheFileSays) {
  const fs::path& file = GetParam().path;
  const fs::path scratch = fresh_scratch_dir("cli-case-" + file.stem().string());
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    FAIL() << file << ":" << e.source().begin.line << ": " << e.description();
  }
  static const std::set<std::string> top = {"about", "args", "files", "expect"};
  static const std::set<std::string> known = {"exit",       "stdout", "stdout_has",
                                              "json",       "stderr", "stderr_line",
                                              "stderr_has", "absent", "scratch_untouched"};
  for (const auto& [k, v] : doc)
    ASSERT_TRUE(top.count(std::string(k.str()))) << file << ": unknown key " << k.str();
  const toml::table* expect = doc["expect"].as_table();
  ASSERT_NE(expect, nullptr) << file << ": no [expect]";
  for (const auto& [k, v] : *expect)
    ASSERT_TRUE(known.count(std::string(k.str()))) << file << ": unknown key expect." << k.str();
  const auto exit_code = (*expect)["exit"].value<int64_t>();
  ASSERT_TRUE(exit_code) << file << ": no expect.exit";
  // A case says what both streams hold: no case passes by checking nothing.
  ASSERT_TRUE(expect->contains("stdout") || expect->contains("stdout_has") ||
              expect->contains("json"))
      << file << ": say what stdout holds (stdout, stdout_has or json)";
  ASSERT_TRUE(expect->contains("stderr") || expect->contains("stderr_line") ||
              expect->contains("stderr_has"))
      << file << ": say what stderr holds (stderr, stderr_line or stderr_has)";

  if (const toml::table* files = doc["files"].as_table()) {
    for (const auto& [name, text] : *files) {
      ASSERT_TRUE(text.is_string()) << file << ": files." << name.str() << " is not a string";
      const fs::path to = scratch / std::string(name.str());
      fs::create_directories(to.parent_path());
      std::ofstream(to, std::ios::binary) << expand(*text.value<std::string>(), scratch);
    }
  }
  const auto before = contents(scratch);
  std::string args;
  for (const std::string& a : strings(doc.get("args"), "args"))
    args += (args.empty() ? "" : " ") + quoted(expand(a, scratch));

  const CliOutcome r = run_tudi(args);
  SCOPED_TRACE("tudi " + args);
  EXPECT_EQ(r.code, *exit_code) << "stderr: " << r.err;

  if (const auto out = (*expect)["stdout"].value<std::string>()) {
    EXPECT_EQ(r.out, expand(*out, scratch));
  }
  std::vector<std::string> has;
  for (const std::string& s : strings(expect->get("stdout_has"), "stdout_has"))
    has.push_back(expand(s, scratch));
  expect_has("stdout", r.out, has);
  if (const toml::table* json = (*expect)["json"].as_table()) {
    nlohmann::json got;
    ASSERT_NO_THROW(got = nlohmann::json::parse(r.out)) << "stdout is not JSON:\n" << r.out;
    for (const auto& [pointer, value] : *json) {
      const nlohmann::json::json_pointer at(std::string(pointer.str()));
      ASSERT_TRUE(got.contains(at)) << pointer.str() << " is not in the JSON";
      std::ostringstream want;
      want << toml::json_formatter(toml::table{{"v", value}});
      EXPECT_EQ(got.at(at), nlohmann::json::parse(want.str())["v"]) << pointer.str();
    }
  }

  if (const auto err = (*expect)["stderr"].value<std::string>()) {
    EXPECT_EQ(r.err, expand(*err, scratch));
  }
  if (expect->contains("stderr_line")) {
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "not one line:\n" << r.err;
    has.clear();
    for (const std::string& s : strings(expect->get("stderr_line"), "stderr_line"))
      has.push_back(expand(s, scratch));
    expect_has("stderr", r.err, has);
  }
  has.clear();
  for (const std::string& s : strings(expect->get("stderr_has"), "stderr_has"))
    has.push_back(expand(s, scratch));
  expect_has("stderr", r.err, has);

  for (const std::string& s : strings(expect->get("absent"), "absent"))
    EXPECT_FALSE(fs::exists(scratch / s)) << s << " was written";
  if ((*expect)["scratch_untouched"].value_or(false)) {
    EXPECT_EQ(contents(scratch), before) << "the scratch folder changed";
  }
}

INSTANTIATE_TEST_SUITE_P(File, CliCase, ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<CaseFile>& p) {
                           std::string name = p.param.path.stem().string();
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace tudi::test
