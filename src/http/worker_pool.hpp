#pragma once
// The bounded pool the HTTP server runs database work on: a fixed number of threads and a fixed
// number of jobs that may wait for one. A job that finds both full is refused at once, so that the
// server can answer 503 instead of piling up requests it cannot serve in time.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cw::http {

class WorkerPool {
 public:
  // Starts `threads` (at least 1) threads; up to `queue` admitted jobs may wait beyond those
  // running. Threads inherit the caller's signal mask.
  WorkerPool(int threads, int queue);
  // Runs every admitted job, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Admits `job` when fewer than threads + queue jobs are admitted (running or waiting); false,
  // without running anything, otherwise. Thread-safe. `after`, when given, runs on the same
  // thread once the job's place is free again: hand the result back there, so that whoever sees
  // the result can count on the place being free. Neither may throw (an exception is logged).
  bool try_submit(std::function<void()> job, std::function<void()> after = {});

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  struct Job {
    std::function<void()> run;
    std::function<void()> after;
  };
  std::deque<Job> waiting_;
  std::size_t admitted_ = 0;  // waiting + running
  std::size_t capacity_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace cw::http
