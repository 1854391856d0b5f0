// Must NOT compile under clang -Wthread-safety -Werror: reads a GUARDED_BY member without its
// lock. Proves the analysis of thread_safety_analysis is switched on (the ctest entry expects the
// error).
#include "core/mutex.hpp"

struct Counter {
  cw::Mutex mutex;
  int value GUARDED_BY(mutex) = 0;
  int read() { return value; }
};

int main() {
  Counter c;
  return c.read();
}
