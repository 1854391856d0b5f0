#include "http/router.hpp"

namespace cw::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"} without allocating strings.
template <typename Out>
void split_path(std::string_view path, Out& out) {
  std::size_t start = 0;
  while (start < path.size()) {
    if (path[start] == '/') {
      ++start;
      continue;
    }
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end;
  }
}

bool is_parameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// "{path...}": the rest of the path, zero or more segments (only as a route's last segment).
bool is_rest(std::string_view segment) {
  return is_parameter(segment) && segment.ends_with("...}");
}

// A small fixed-capacity list: paths here have at most a handful of segments.
struct Segments {
  std::array<std::string_view, 8> items{};
  std::size_t size = 0;
  bool overflow = false;
  void push_back(std::string_view s) {
    if (size == items.size()) {
      overflow = true;
      return;
    }
    items[size++] = s;
  }
};

// Whether `segments` start with the fixed segments of a catch-all route; sets `rest` to the
// remainder of `path` from the slash before it ("/" when nothing remains).
bool rest_matches(const std::vector<std::string_view>& fixed, std::string_view path,
                  const Segments& segments, std::string_view& rest) {
  if (segments.size < fixed.size()) return false;
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (fixed[i] != segments.items[i]) return false;
  }
  rest = "/";
  if (segments.size > fixed.size()) {
    const std::string_view first = segments.items[fixed.size()];
    rest = path.substr(static_cast<std::size_t>(first.data() - path.data()) - 1);
  }
  return true;
}

}  // namespace

Router::Router(const std::vector<Route>& routes) {
  for (const Route& route : routes) {
    Compiled compiled{&route, {}};
    split_path(route.path, compiled.segments);
    compiled.rest = !compiled.segments.empty() && is_rest(compiled.segments.back());
    if (compiled.rest) compiled.segments.pop_back();
    compiled_.push_back(std::move(compiled));
  }
}

const Route* Router::match(std::string_view method, std::string_view path,
                           std::array<std::string_view, 2>& params, bool& path_known) const {
  Segments segments;
  split_path(path, segments);
  path_known = false;
  for (const Compiled& candidate : compiled_) {
    if (candidate.rest) {
      // A catch-all answers its method only and makes no path "known" (no 405 from it). It
      // needs only the first segments, so a path deeper than Segments holds still matches.
      std::string_view rest;
      if (candidate.route->method != method ||
          !rest_matches(candidate.segments, path, segments, rest)) {
        continue;
      }
      params = {rest, {}};
      return candidate.route;
    }
    if (segments.overflow || candidate.segments.size() != segments.size) continue;
    std::array<std::string_view, 2> found{};
    std::size_t found_count = 0;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size && matches; ++i) {
      const std::string_view pattern = candidate.segments[i];
      if (is_parameter(pattern)) {
        if (segments.items[i].empty() || found_count == found.size())
          matches = false;
        else
          found[found_count++] = segments.items[i];
      } else {
        matches = pattern == segments.items[i];
      }
    }
    if (!matches) continue;
    if (candidate.route->method != method) {
      path_known = true;
      continue;
    }
    params = found;
    return candidate.route;
  }
  return nullptr;
}

}  // namespace cw::http
