#include "http/product_json.hpp"

#include <mutex>

#include "http/fields.hpp"

namespace cw::http {

void ProductJsonCache::append(std::string& out, std::int64_t version,
                              const catalog::Product& product, const Money& money) {
  {
    std::shared_lock read(mutex_);
    if (version == version_) {
      if (auto found = texts_.find(product.id); found != texts_.end()) {
        out += found->second;
        return;
      }
    }
  }
  std::string text = dump(to_json(product, money));
  out += text;
  std::unique_lock write(mutex_);
  if (version > version_) {
    texts_.clear();
    version_ = version;
  }
  if (version == version_) texts_.emplace(product.id, std::move(text));
}

std::optional<std::string> SearchPageCache::find(std::int64_t version,
                                                 std::string_view target) const {
  std::shared_lock read(mutex_);
  if (version != version_) return std::nullopt;
  // C++20's heterogeneous lookup needs a transparent hash; one string per lookup is cheap here.
  auto found = pages_.find(std::string(target));
  if (found == pages_.end()) return std::nullopt;
  return found->second;
}

void SearchPageCache::keep(std::int64_t version, std::string_view target, std::string page) {
  std::unique_lock write(mutex_);
  if (version > version_) {
    pages_.clear();
    version_ = version;
  }
  if (version == version_ && pages_.size() < kMaxPages) {
    pages_.emplace(std::string(target), std::move(page));
  }
}

}  // namespace cw::http
