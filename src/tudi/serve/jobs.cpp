#include "tudi/serve/jobs.hpp"

#include <algorithm>

#include "tudi/core/error.hpp"

namespace tudi::serve {
namespace fs = std::filesystem;

const char* to_string(JobState s) {
  switch (s) {
    case JobState::Queued: return "queued";
    case JobState::Running: return "running";
    case JobState::Done: return "done";
    case JobState::Failed: return "failed";
    case JobState::Cancelled: return "cancelled";
  }
  return "queued";
}

const char* label(JobState s) {
  switch (s) {
    case JobState::Queued: return "排队中";
    case JobState::Running: return "运行中";
    case JobState::Done: return "已完成";
    case JobState::Failed: return "失败";
    case JobState::Cancelled: return "已取消";
  }
  return "排队中";
}

namespace {
std::string iso(std::chrono::system_clock::time_point t) {
  if (t.time_since_epoch().count() == 0) return {};
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Every regular file under dir, relative, sorted; the job's download list.
std::vector<std::string> list_files(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

JobState Job::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

nlohmann::json Job::result() const {
  std::lock_guard lock(mutex_);
  return result_;
}

std::vector<std::string> Job::files() const {
  std::lock_guard lock(mutex_);
  return files_;
}

void Job::defer(std::vector<std::string> names, std::function<void(const fs::path&)> write) {
  std::lock_guard lock(mutex_);
  deferred_ = std::move(names);
  write_deferred_ = std::move(write);
}

void Job::materialise() {
  std::lock_guard once(materialise_mutex_);
  std::function<void(const fs::path&)> write;
  {
    std::lock_guard lock(mutex_);
    if (!write_deferred_ || state_ != JobState::Done) return;
    write = write_deferred_;
  }
  write(dir);
  std::lock_guard lock(mutex_);
  write_deferred_ = nullptr;
  deferred_.clear();
  files_ = list_files(dir);
}

double Job::seconds() const {
  std::lock_guard lock(mutex_);
  if (started_.time_since_epoch().count() == 0) return 0;
  const auto end = finished_.time_since_epoch().count() ? finished_ : std::chrono::system_clock::now();
  return std::chrono::duration<double>(end - started_).count();
}

nlohmann::json Job::to_json(bool with_result) const {
  const double secs = seconds();
  std::lock_guard lock(mutex_);
  nlohmann::json j = {{"id", id},
                      {"kind", kind},
                      {"title", title},
                      {"state", to_string(state_)},
                      {"state_label", label(state_)},
                      {"progress", fraction_},
                      {"message", message_},
                      {"created", iso(created)},
                      {"started", iso(started_)},
                      {"finished", iso(finished_)},
                      {"seconds", secs},
                      {"inputs", inputs}};
  if (!error_.empty()) j["error"] = error_;
  nlohmann::json files = nlohmann::json::array();
  std::error_code ec;
  for (const std::string& f : files_) {
    const bool later = std::find(deferred_.begin(), deferred_.end(), f) != deferred_.end();
    files.push_back({{"name", f},
                     {"bytes", later ? nlohmann::json(nullptr)
                                     : nlohmann::json(static_cast<std::int64_t>(fs::file_size(dir / f, ec)))}});
  }
  j["files"] = files;
  if (with_result && state_ == JobState::Done) j["result"] = result_;
  return j;
}

JobPool::JobPool(std::string name, int workers, std::size_t max_queued,
                 std::function<void(const Job&)> on_finish)
    : name_(std::move(name)), max_queued_(max_queued), on_finish_(std::move(on_finish)) {
  for (int i = 0; i < std::max(1, workers); ++i) threads_.emplace_back([this] { worker(); });
}

JobPool::~JobPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [job, work] : queue_) job->request_cancel();
  }
  wake_.notify_all();
  for (std::thread& t : threads_) t.join();
}

std::shared_ptr<Job> JobPool::submit(std::shared_ptr<Job> job, JobWork work) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= max_queued_) throw QueueFull{};
    queue_.emplace_back(job, std::move(work));
  }
  wake_.notify_one();
  return job;
}

void JobPool::cancel(Job& job) {
  job.request_cancel();
  bool dropped = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(queue_.begin(), queue_.end(),
                                 [&](const auto& q) { return q.first.get() == &job; });
    if (it != queue_.end()) {
      queue_.erase(it);
      dropped = true;
      std::lock_guard jl(job.mutex_);
      job.state_ = JobState::Cancelled;
      job.error_ = "已取消";
      job.finished_ = std::chrono::system_clock::now();
    }
  }
  if (dropped) {
    if (on_finish_) on_finish_(job);
    ended_.notify_all();
  }
}

std::size_t JobPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

bool JobPool::wait(const Job& job, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return ended_.wait_for(lock, timeout, [&] {
    const JobState s = job.state();
    return s == JobState::Done || s == JobState::Failed || s == JobState::Cancelled;
  });
}

void JobPool::worker() {
  for (;;) {
    std::pair<std::shared_ptr<Job>, JobWork> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    run(*next.first, next.second);
    if (on_finish_) on_finish_(*next.first);
    {
      // Taking the lock orders the notification after the waiter's predicate check.
      std::lock_guard lock(mutex_);
    }
    ended_.notify_all();
  }
}

void JobPool::run(Job& job, const JobWork& work) {
  auto finish = [&](JobState s, std::string error) {
    // A job that did not finish leaves nothing: no half a set of results to download.
    std::error_code ec;
    if (s != JobState::Done) fs::remove_all(job.dir, ec);
    std::lock_guard lock(job.mutex_);
    job.state_ = s;
    job.error_ = std::move(error);
    job.finished_ = std::chrono::system_clock::now();
    job.files_ = list_files(job.dir);
    if (s == JobState::Done) {
      for (const std::string& d : job.deferred_)
        if (std::find(job.files_.begin(), job.files_.end(), d) == job.files_.end()) job.files_.push_back(d);
      std::sort(job.files_.begin(), job.files_.end());
    } else {
      job.deferred_.clear();
      job.write_deferred_ = nullptr;
    }
  };
  {
    std::lock_guard lock(job.mutex_);
    if (job.cancel_) {
      job.state_ = JobState::Cancelled;
      job.finished_ = job.started_ = std::chrono::system_clock::now();
      return;
    }
    job.state_ = JobState::Running;
    job.started_ = std::chrono::system_clock::now();
  }
  const Progress progress = [&job](double f, std::string_view msg) {
    std::lock_guard lock(job.mutex_);
    job.fraction_ = std::clamp(f, 0.0, 1.0);
    if (!msg.empty()) job.message_ = std::string(msg);
    return !job.cancel_.load();
  };
  try {
    std::error_code ec;
    fs::create_directories(job.dir, ec);
    nlohmann::json result = work(job, progress);
    {
      std::lock_guard lock(job.mutex_);
      job.result_ = std::move(result);
      job.fraction_ = 1;
    }
    finish(job.cancel_ ? JobState::Cancelled : JobState::Done, {});
  } catch (const Cancelled&) {
    finish(JobState::Cancelled, "已取消");
  } catch (const Error& e) {
    finish(JobState::Failed, e.what());
  } catch (const std::exception& e) {
    finish(JobState::Failed, std::string("内部错误：") + e.what());
  }
}

void JobRegistry::add(const std::shared_ptr<Job>& job) {
  std::lock_guard lock(mutex_);
  jobs_[job->id] = job;
}

std::shared_ptr<Job> JobRegistry::find(const std::string& id, const std::string& owner) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->owner != owner) return nullptr;
  return it->second;
}

std::vector<std::shared_ptr<Job>> JobRegistry::list(const std::string& owner) const {
  std::vector<std::shared_ptr<Job>> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, job] : jobs_)
      if (job->owner == owner) out.push_back(job);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a->created > b->created; });
  return out;
}

std::size_t JobRegistry::size() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

}  // namespace tudi::serve
