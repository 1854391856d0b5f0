#pragma once
// Keeps the server's analytics cache (reports::DatasetCache) loaded, so that the first dashboard
// request after start or after a data change does not pay the load (8-25 s on a 1M-customer
// shop; docs/performance.md "Dashboards on the 1M shop"). One background thread: it warms the
// cache at start, when nudged (after a snapshot is taken through the API), and every minute
// when the data changed since. The cache itself loads under its own locks, so a request that
// arrives during a warm-up waits for it instead of loading a second copy, and a request always
// checks the data version itself: the warm-up never makes a report serve stale data.
//
// What it loads: the customer facts with single orders at the latest snapshot's as-of date
// (today when there is none: the dashboards ask for that date) and the orders and visits of the
// shop-table reports (DatasetCache::warm).
//
// Cost bound. A warm-up after a data change reloads everything (a 1M-customer shop: ~14 s of CPU
// and +600 MB RSS while the old copy is still referenced), so on a shop that takes orders all the
// time a reload every minute would keep a quarter of one core busy. Loading only what changed is
// not sound with what the cache knows: the data version says that something changed, not what
// (orders are appended, but a cancellation removes an old one, a checkout rewrites an existing
// customer's facts row, a profile or address edit changes a demographics column), and the tables
// carry no change log to replay. So the poll backs off instead: after a warm-up that cost C
// seconds of this thread's CPU, the next poll waits warmup_poll_delay(C) = max(60 s, 10 C),
// which keeps poll-driven warm-ups under a tenth of one core (14 s of CPU: every 140 s). This is
// safe because the warm-up is only a head start: every request checks the data version itself and
// loads when the cache is stale, so a later warm-up means at most that one request pays the load,
// never that it sees stale data. Nudges (a snapshot taken through the API, rare and costlier than
// the warm-up) still warm at once.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "reports/shop.hpp"
#include "snapshots/snapshots.hpp"

namespace cw::http {

// The fewest seconds between two poll-driven warm-ups, and how many times its CPU time a
// warm-up waits at least before the next poll: 10, so that they take at most a tenth of one core.
inline constexpr std::chrono::seconds kWarmupPoll{60};
inline constexpr int kWarmupCpuFactor = 10;

// How long the thread waits before its next poll after a warm-up that cost `cpu` of its CPU time:
// kWarmupPoll, or cpu * kWarmupCpuFactor when that is longer.
std::chrono::milliseconds warmup_poll_delay(std::chrono::nanoseconds cpu);

class AnalyticsWarmup {
 public:
  AnalyticsWarmup(db::Database& db, snapshots::Snapshots& snapshots, reports::DatasetCache& cache,
                  const Clock& clock);
  // Stops the thread; a warm-up in progress finishes first.
  ~AnalyticsWarmup();
  AnalyticsWarmup(const AnalyticsWarmup&) = delete;
  AnalyticsWarmup& operator=(const AnalyticsWarmup&) = delete;

  // Asks for a warm-up soon (after a data change the server made itself).
  void nudge();

 private:
  void run();

  db::Database& db_;
  snapshots::Snapshots& snapshots_;
  reports::DatasetCache& cache_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool nudged_ = true;                                  // the first warm-up runs at start
  std::chrono::milliseconds poll_delay_ = kWarmupPoll;  // after the last warm-up's cost
  bool stopping_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace cw::http
