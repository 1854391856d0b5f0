#pragma once
// Test helpers around the real `cartwise` binary: running a command to its end, a `cartwise
// serve` process on a free port, and a minimal HTTP/1.1 client for talking to it.

#include <sys/types.h>

#include <csignal>
#include <string>
#include <vector>

namespace cw::testing {

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// Runs `binary args...` with a clean environment (PATH, CARTWISE_PASSWORD_COST=min and `env`,
// each "KEY=value"), stdin from /dev/null; stdout and stderr go through files in `dir`.
Outcome run_cartwise(const std::string& binary, const std::vector<std::string>& args,
                     const std::string& dir, const std::vector<std::string>& env = {});

// The whole content of the file at `path` (empty when it cannot be read).
std::string read_file(const std::string& path);

struct Response {
  int status = 0;  // 0: no complete answer (refused, reset, cut short)
  std::string body;
};

// One request to 127.0.0.1:`port` on its own connection (Connection: close); reads until the
// server closes it. `token` goes in as a bearer token when not empty.
Response http(int port, const std::string& method, const std::string& path, const std::string& body,
              const std::string& token = {});

// The value of the top-level member `name` (a number or a string without escapes) of a JSON
// object; empty when absent.
std::string member(const std::string& json, const std::string& name);

// Registers the shopper "shopper<n>" (password "correct-horse-1", an address in Leeds) through
// the server on `port` and logs in; answers the bearer token (empty, with a test failure
// recorded, when either step is refused).
std::string register_shopper(int port, int n);

// `binary serve --db DB --port 0` with durability full and group commit on (plus `env`), its
// output in the file `log`. The constructor returns once the server printed its URL (no time
// limit) or died (port() 0 then). The destructor stops it with SIGTERM.
class ServeProcess {
 public:
  ServeProcess(const std::string& binary, const std::string& db, const std::string& log,
               const std::vector<std::string>& env = {});
  ~ServeProcess() { stop(SIGTERM); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  int port() const { return port_; }
  // Sends `signal` and reaps the process.
  void stop(int signal);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace cw::testing
