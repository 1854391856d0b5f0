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

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "reports/shop.hpp"
#include "snapshots/snapshots.hpp"

namespace cw::http {

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
  bool nudged_ = true;  // the first warm-up runs at start
  bool stopping_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace cw::http
