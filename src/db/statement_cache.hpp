#pragma once
// The per-connection cache of prepared statements both drivers keep, by SQL text. S is a driver's
// statement type with a `bool in_use` member (set while a Rows holds it).

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cw::db {

template <typename S>
class StatementCache {
 public:
  // A statement for `sql` not in use, marked in use; `prepare()` makes one when every statement
  // for this text is already running on the connection (a nested query of the same SQL).
  template <typename Prepare>
  S& acquire(std::string_view sql, Prepare&& prepare) {
    auto& slot = cache_[std::string(sql)];
    for (auto& s : slot) {
      if (!s->in_use) {
        s->in_use = true;
        return *s;
      }
    }
    slot.push_back(prepare());
    slot.back()->in_use = true;
    return *slot.back();
  }
  void clear() { cache_.clear(); }

 private:
  std::unordered_map<std::string, std::vector<std::unique_ptr<S>>> cache_;
};

}  // namespace cw::db
