#include "http/worker_pool.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace cw::http {

WorkerPool::WorkerPool(int threads, int queue)
    : capacity_(static_cast<std::size_t>(std::max(1, threads)) +
                static_cast<std::size_t>(std::max(0, queue))) {
  const int count = std::max(1, threads);
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

bool WorkerPool::try_submit(std::function<void()> job, std::function<void()> after) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || admitted_ >= capacity_) return false;
    ++admitted_;
    waiting_.push_back({std::move(job), std::move(after)});
  }
  wake_.notify_one();
  return true;
}

namespace {

void run_logged(std::function<void()>& step) {
  if (!step) return;
  try {
    step();
  } catch (const std::exception& e) {
    spdlog::error("http worker: a job failed: {}", e.what());
  } catch (...) {
    spdlog::error("http worker: a job failed");
  }
  step = nullptr;  // release what it holds here, not later
}

}  // namespace

void WorkerPool::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (waiting_.empty()) return;  // stopping, and nothing left to run
      job = std::move(waiting_.front());
      waiting_.pop_front();
    }
    run_logged(job.run);
    {
      std::lock_guard lock(mutex_);
      --admitted_;
    }
    run_logged(job.after);
  }
}

}  // namespace cw::http
