#pragma once
// From a Request to a Response, whatever carried it: finds the route, applies its access rule, runs
// its handler and turns every outcome (a Reply, an Error, an exception) into a Response. Internal
// to the http module; the transport (session.cpp) decides on which thread run() happens.

#include <array>
#include <string_view>

#include "http/request.hpp"
#include "http/router.hpp"

namespace cw::http {

struct Match {
  const Route* route = nullptr;                   // nullptr: no route; see path_known
  std::array<std::string_view, 2> path_params{};  // views into the matched Request's path
  bool path_known = false;  // the path exists for other methods (405 rather than 404)
};

class Dispatcher {
 public:
  // `analytics`: Services::analytics (nullptr: `db`).
  Dispatcher(db::Database& db, const Config& config, const Clock& clock,
             db::Database* analytics = nullptr);

  // The route of `request`. The match refers to request.path: keep the request where it is.
  Match match(const Request& request) const;
  // The answer to `request`: 404/405 when `match` has no route; otherwise authorisation and the
  // handler. An exception becomes a logged 500 that reveals nothing. Thread-safe.
  Response run(const Match& match, const Request& request);
  // For a route with a Deferred form: starts it and answers whether it took the request; if so,
  // `answer` is called once, from any thread, with the Finish to pass to finish() on the I/O
  // thread. False: run() the request as usual. `request` must stay where it is until finish().
  bool defer(const Match& match, const Request& request, Answer answer);
  // The response to a deferred request: its Finish mapped as run() maps a handler's result.
  Response finish(const Finish& finish, const Request& request);

 private:
  Services services_;
  Router router_;
};

}  // namespace cw::http
