#include "http/web_assets.hpp"

#include <zlib.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

namespace cw::http {
namespace {

std::string_view extension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return path.substr(dot + 1);
}

std::string_view content_type_of(std::string_view path) {
  const std::string_view ext = extension(path);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

const EmbeddedWebFile* find_file(std::string_view path) {
  const auto files = embedded_web_files();
  const auto it =
      std::lower_bound(files.begin(), files.end(), path,
                       [](const EmbeddedWebFile& f, std::string_view p) { return f.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

WebAsset asset_of(const EmbeddedWebFile& file) {
  // Vite names every file under /assets/ after a hash of its content: a new build gets new
  // names, so browsers may keep them for good. index.html must be asked for every time, or a
  // browser would keep loading the previous build's scripts.
  const bool hashed = file.path.starts_with("/assets/");
  return {file.path, file.gzip, file.size, content_type_of(file.path),
          hashed ? "public, max-age=31536000, immutable" : "no-cache"};
}

}  // namespace

std::optional<WebAsset> find_web_asset(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path == "/api" || path.starts_with("/api/") || path == "/healthz") return std::nullopt;
  if (path != "/" && path.find("/.") == std::string_view::npos) {
    if (const EmbeddedWebFile* file = find_file(path)) return asset_of(*file);
  }
  // A file that is not there is a 404; a path without an extension is a page of the app.
  if (path.starts_with("/assets/") || !extension(path).empty()) return std::nullopt;
  if (const EmbeddedWebFile* index = find_file("/index.html")) return asset_of(*index);
  return std::nullopt;
}

namespace {

std::string gunzip(const WebAsset& asset) {
  std::string out(asset.size, '\0');
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip wrapper, not a raw zlib stream.
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(asset.gzip.data()));
  stream.avail_in = static_cast<uInt>(asset.gzip.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&stream, Z_FINISH);
  inflateEnd(&stream);
  if (status != Z_STREAM_END || stream.total_out != asset.size) {
    throw std::runtime_error("embedded web asset " + std::string(asset.path) + " is corrupt");
  }
  return out;
}

}  // namespace

std::string_view plain_body(const WebAsset& asset) {
  static std::mutex mutex;
  // Keyed by the embedded path (static storage); a node, and so its string, never moves.
  static std::map<std::string_view, const std::string> bodies;
  std::lock_guard lock(mutex);
  auto found = bodies.find(asset.path);
  if (found == bodies.end()) found = bodies.emplace(asset.path, gunzip(asset)).first;
  return found->second;
}

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto semicolon = item.find(';');
    std::string_view coding = item.substr(0, semicolon);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*") continue;
    if (semicolon == std::string_view::npos) return true;
    std::string_view params = item.substr(semicolon + 1);
    params.remove_prefix(std::min(params.find_first_not_of(' '), params.size()));
    // "q=0", "q=0.0", "q=0.000" refuse it; any other weight accepts it.
    if (!params.starts_with("q=0")) return true;
    if (params.substr(3).find_first_not_of(".0 ") != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace cw::http
