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

}  // namespace cw::http
