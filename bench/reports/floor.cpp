// The floor of the rfm benchmark: the least any program must do with the `orders` file. It maps
// the file and parses its four columns to integers (ids, day number, amount in minor units) on
// one thread, with no validation beyond what parsing needs, and prints a checksum so the work
// cannot be optimised away.
//   bench_reports_floor FILE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  const int fd = ::open(argv[1], O_RDONLY);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  auto* data = static_cast<const char*>(::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0));
  if (data == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  ::madvise(const_cast<char*>(data), size, MADV_WILLNEED);
  const char* p = static_cast<const char*>(std::memchr(data, '\n', size)) + 1;
  const char* end = data + size;
  std::uint64_t checksum = 0, rows = 0;
  while (p < end) {
    std::int64_t order = 0, customer = 0, whole = 0, cents = 0;
    while (*p != ',') order = order * 10 + (*p++ - '0');
    ++p;
    while (*p != ',') customer = customer * 10 + (*p++ - '0');
    ++p;
    const int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    const int m = (p[5] - '0') * 10 + (p[6] - '0');
    const int d = (p[8] - '0') * 10 + (p[9] - '0');
    const std::int64_t day = days_from_civil(y, m, d);
    p += 11;
    while (*p != '.' && *p != '\n') whole = whole * 10 + (*p++ - '0');
    if (*p == '.') {
      ++p;
      while (*p != '\n') cents = cents * 10 + (*p++ - '0');
    }
    ++p;
    checksum += static_cast<std::uint64_t>(order ^ (customer << 20) ^ (day << 40)) +
                static_cast<std::uint64_t>(whole * 100 + cents);
    ++rows;
  }
  std::printf("%llu rows, checksum %llu\n", static_cast<unsigned long long>(rows),
              static_cast<unsigned long long>(checksum));
  return 0;
}
