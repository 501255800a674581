#pragma once
// Long work off the request threads: a bounded pool of workers running jobs one at a time
// each, with progress and cancel through tudi::Progress, results kept in the job's folder.

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tudi/core/progress.hpp"

namespace tudi::serve {

enum class JobState { Queued, Running, Done, Failed, Cancelled };
const char* to_string(JobState s);  // "queued", "running", "done", "failed", "cancelled"
const char* label(JobState s);      // "排队中", "运行中", "已完成", "失败", "已取消"

/// One piece of work: who asked for it, what it is, how far it got, what it produced.
class Job {
 public:
  std::string id;     // random, unguessable: also its folder name
  std::string owner;  // the user who submitted it; nobody else ever sees it
  std::string kind;   // "check", "supply", "match", "zones", "report"
  std::string title;  // Chinese, for the job list
  std::filesystem::path dir;
  nlohmann::json inputs;  // what it ran on (upload names and digests, parameters): the audit trail
  std::chrono::system_clock::time_point created = std::chrono::system_clock::now();

  JobState state() const;
  /// The job as the API shows it: state, progress, timings, error, result files.
  nlohmann::json to_json(bool with_result = false) const;
  /// The result document (set when done).
  nlohmann::json result() const;
  /// Files the job wrote, relative to dir, in listing order: the only names a download may ask for.
  std::vector<std::string> files() const;
  void request_cancel() { cancel_ = true; }
  /// Outputs written only when first asked for (a download, a report of this job), so that an
  /// interactive answer does not wait for files nobody may fetch: their names, and the writer.
  void defer(std::vector<std::string> names, std::function<void(const std::filesystem::path& dir)> write);
  /// Writes the deferred outputs if they are not yet written (once; later callers wait for it).
  /// Throws what the writer throws.
  void materialise();
  double seconds() const;

 private:
  friend class JobPool;
  mutable std::mutex mutex_;
  JobState state_ = JobState::Queued;
  double fraction_ = 0;
  std::string message_;
  std::string error_;
  nlohmann::json result_;
  std::vector<std::string> files_;
  std::vector<std::string> deferred_;  // names listed before they exist
  std::function<void(const std::filesystem::path&)> write_deferred_;
  std::mutex materialise_mutex_;
  std::chrono::system_clock::time_point started_, finished_;
  std::atomic<bool> cancel_{false};
};

/// What a job does: writes its outputs under job.dir and returns the result document.
/// Throw tudi::Error for bad input (the message is shown to the user), tudi::Cancelled when
/// progress asks to stop.
using JobWork = std::function<nlohmann::json(Job& job, const Progress& progress)>;

/// Refused because the queue is full.
struct QueueFull {};

/// A fixed number of workers over a bounded queue. Jobs are kept (by id) for the server's life.
class JobPool {
 public:
  /// `on_finish` is called on the worker after each job ends (for the audit log).
  JobPool(std::string name, int workers, std::size_t max_queued,
          std::function<void(const Job&)> on_finish = {});
  ~JobPool();
  JobPool(const JobPool&) = delete;
  JobPool& operator=(const JobPool&) = delete;

  /// Queues a job; throws QueueFull when `max_queued` jobs are already waiting.
  std::shared_ptr<Job> submit(std::shared_ptr<Job> job, JobWork work);
  /// Waits until the job has ended or `timeout` passed; true when it ended.
  bool wait(const Job& job, std::chrono::milliseconds timeout);
  /// Asks a job to stop: a queued job is dropped from the queue at once, a running one stops at
  /// its next progress report.
  void cancel(Job& job);
  std::size_t queued() const;

 private:
  void worker();
  void run(Job& job, const JobWork& work);

  std::string name_;
  std::size_t max_queued_;
  std::function<void(const Job&)> on_finish_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, ended_;
  std::deque<std::pair<std::shared_ptr<Job>, JobWork>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

/// Every job of the server by id, each visible to its owner alone.
class JobRegistry {
 public:
  void add(const std::shared_ptr<Job>& job);
  /// The job when it exists and belongs to `owner`; nullptr otherwise (the two look the same
  /// from outside, so ids of other users' jobs cannot be probed).
  std::shared_ptr<Job> find(const std::string& id, const std::string& owner) const;
  /// The owner's jobs, newest first.
  std::vector<std::shared_ptr<Job>> list(const std::string& owner) const;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Job>> jobs_;
};

}  // namespace tudi::serve
