// The job pool: bounded workers, progress, cancel of a running job, nothing left of a failed one.

#include <gtest/gtest.h>

#include <fstream>

#include "test_config.hpp"
#include "tudi/core/error.hpp"
#include "tudi/serve/jobs.hpp"

namespace fs = std::filesystem;

namespace tudi::test {
namespace {

std::shared_ptr<serve::Job> job_in(const fs::path& dir) {
  auto j = std::make_shared<serve::Job>();
  j->id = dir.filename().string();
  j->owner = "ana";
  j->kind = "test";
  j->dir = dir;
  return j;
}

TEST(JobPool, ARunningJobStopsAtItsNextProgressReportAndLeavesNoFiles) {
  const fs::path dir = scratch_dir("job-cancel");
  fs::remove_all(dir);
  std::atomic<bool> started{false};
  std::vector<std::string> ended;
  serve::JobPool pool("t", 1, 4, [&](const serve::Job& j) { ended.push_back(serve::to_string(j.state())); });
  auto job = job_in(dir);
  pool.submit(job, [&](serve::Job& j, const Progress& p) -> nlohmann::json {
    std::ofstream(j.dir / "partial.txt") << "half";
    started = true;
    for (int i = 0;; ++i) {
      report_progress(p, 0.5, "working");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (i > 100000) return {};
    }
  });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(job->state(), serve::JobState::Running);
  EXPECT_EQ(job->to_json()["message"], "working");
  pool.cancel(*job);
  ASSERT_TRUE(pool.wait(*job, std::chrono::seconds(10)));
  EXPECT_EQ(job->state(), serve::JobState::Cancelled);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(job->files().empty());
  EXPECT_EQ(ended, std::vector<std::string>{"cancelled"});
}

TEST(JobPool, AFailedJobShowsItsMessageAndADoneJobListsItsFiles) {
  const fs::path a = scratch_dir("job-fail"), b = scratch_dir("job-done");
  fs::remove_all(a);
  fs::remove_all(b);
  serve::JobPool pool("t", 2, 4);
  auto bad = job_in(a), good = job_in(b);
  pool.submit(bad, [](serve::Job& j, const Progress&) -> nlohmann::json {
    std::ofstream(j.dir / "half.json") << "{";
    throw Error("site.txt:3", "坐标不是数字");
  });
  pool.submit(good, [](serve::Job& j, const Progress&) -> nlohmann::json {
    fs::create_directories(j.dir / "shp");
    std::ofstream(j.dir / "shp" / "a.shp") << "x";
    std::ofstream(j.dir / "r.json") << "{}";
    return {{"n", 2}};
  });
  ASSERT_TRUE(pool.wait(*bad, std::chrono::seconds(10)));
  ASSERT_TRUE(pool.wait(*good, std::chrono::seconds(10)));
  EXPECT_EQ(bad->state(), serve::JobState::Failed);
  EXPECT_EQ(bad->to_json()["error"], "site.txt:3: 坐标不是数字");
  EXPECT_FALSE(fs::exists(a));
  EXPECT_EQ(good->state(), serve::JobState::Done);
  EXPECT_EQ(good->files(), (std::vector<std::string>{"r.json", "shp/a.shp"}));
  EXPECT_EQ(good->to_json(true)["result"]["n"], 2);
  EXPECT_FALSE(bad->to_json(true).contains("result"));
}

TEST(JobRegistry, JobsAreFoundByIdOnlyForTheirOwner) {
  serve::JobRegistry reg;
  auto j = job_in("/nonexistent/x1");
  reg.add(j);
  EXPECT_EQ(reg.find("x1", "ana"), j);
  EXPECT_EQ(reg.find("x1", "bob"), nullptr);
  EXPECT_EQ(reg.list("bob").size(), 0u);
  EXPECT_EQ(reg.list("ana").size(), 1u);
}

}  // namespace
}  // namespace tudi::test
