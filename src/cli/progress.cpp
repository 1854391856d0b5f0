#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace cw::cli {

std::function<void(const demo::Progress&)> progress_printer() {
  if (!isatty(STDERR_FILENO)) return {};
  return [](const demo::Progress& p) {
    const double percent =
        p.total > 0 ? 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total) : 0.0;
    std::fprintf(stderr, "\r\033[K%-10s %12lld / %-12lld %5.1f%%", std::string(p.phase).c_str(),
                 static_cast<long long>(p.done), static_cast<long long>(p.total), percent);
    std::fflush(stderr);
  };
}

void finish_progress() {
  if (isatty(STDERR_FILENO)) std::fputs("\r\033[K", stderr);
}

}  // namespace cw::cli
