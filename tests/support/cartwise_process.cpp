// The real binary from tests (cartwise_process.hpp).
#include "support/cartwise_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace cw::testing {
namespace {

std::string quoted(const std::string& arg) {
  std::string q = "'";
  for (char ch : arg) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Outcome run_cartwise(const std::string& binary, const std::vector<std::string>& args,
                     const std::string& dir, const std::vector<std::string>& env) {
  std::string command = "env -i PATH=/usr/bin:/bin CARTWISE_PASSWORD_COST=min";
  for (const auto& e : env) command += " " + quoted(e);
  command += " " + quoted(binary);
  for (const auto& a : args) command += " " + quoted(a);
  const std::string out = dir + "/cartwise.stdout", err = dir + "/cartwise.stderr";
  command += " >" + quoted(out) + " 2>" + quoted(err) + " </dev/null";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

Response http(int port, const std::string& method, const std::string& path, const std::string& body,
              const std::string& token) {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  if (sock < 0) return {};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(sock);
    return {};
  }
  std::string request =
      method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body;
  if (send(sock, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(sock);
    return {};
  }
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = read(sock, buffer, sizeof buffer)) > 0;)
    raw.append(buffer, static_cast<std::size_t>(n));
  close(sock);
  // Complete only when the whole body announced by Content-Length arrived.
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return {};
  std::string head = raw.substr(0, head_end);
  for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto length_at = head.find("content-length:");
  if (length_at == std::string::npos) return {};
  const auto length = std::stoul(head.substr(length_at + 15));
  if (raw.size() - head_end - 4 < length) return {};
  return {std::stoi(raw.substr(9, 3)), raw.substr(head_end + 4, length)};
}

std::string member(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char ch = json[i];
    if (in_string) {
      if (ch == '\\')
        ++i;
      else if (ch == '"')
        in_string = false;
      continue;
    }
    if (depth == 1 && json.compare(i, key.size(), key) == 0) {
      std::size_t start = i + key.size(), end = start;
      if (json[start] == '"') {
        end = json.find('"', ++start);
      } else {
        while (end < json.size() && json[end] != ',' && json[end] != '}') ++end;
      }
      return json.substr(start, end - start);
    }
    if (ch == '"')
      in_string = true;
    else if (ch == '{' || ch == '[')
      ++depth;
    else if (ch == '}' || ch == ']')
      --depth;
  }
  return {};
}

std::string register_shopper(int port, int n) {
  const std::string name = "shopper" + std::to_string(n);
  const auto registered = http(
      port, "POST", "/api/v1/customers",
      R"({"username":")" + name + R"(","password":"correct-horse-1","email":")" + name +
          R"(@example.com","first_name":"Ada","last_name":"Lovelace","address":{"line1":"1 High St","city":"Leeds","postcode":"LS1 1AA","country":"GB"}})");
  EXPECT_EQ(registered.status, 201) << registered.body;
  const auto session = http(port, "POST", "/api/v1/sessions",
                            R"({"username":")" + name + R"(","password":"correct-horse-1"})");
  EXPECT_EQ(session.status, 200) << session.body;
  return member(session.body, "token");
}

ServeProcess::ServeProcess(const std::string& binary, const std::string& db, const std::string& log,
                           const std::vector<std::string>& env) {
  std::vector<std::string> environment = {"PATH=/usr/bin:/bin", "CARTWISE_PASSWORD_COST=min",
                                          "CARTWISE_DURABILITY=full",
                                          "CARTWISE_GROUP_COMMIT_MAX=64"};
  environment.insert(environment.end(), env.begin(), env.end());
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    std::vector<char*> envp;
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    execle(binary.c_str(), binary.c_str(), "serve", "--db", db.c_str(), "--port", "0",
           static_cast<char*>(nullptr), envp.data());
    _exit(127);
  }
  // The server prints its URL once it listens; no time limit but the process must live.
  const std::string url = "http://127.0.0.1:";
  while (port_ == 0) {
    const std::string text = read_file(log);
    if (const auto at = text.find(url); at != std::string::npos)
      port_ = std::atoi(text.c_str() + at + url.size());
    if (port_ == 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

void ServeProcess::stop(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace cw::testing
