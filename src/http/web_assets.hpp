#pragma once
// The web application (web/, built by `make web`) embedded in the binary: every built file is
// gzipped once at build time (embed_web.cmake) and served from memory, so the binary needs no
// file beside it. This header includes no HTTP library; server.cpp writes the answer.
//
// Which path answers what:
// - "/" and any path outside /api/ whose last segment has no dot (a client-side route such as
//   "/products/7" or "/dash/rfm") -> index.html, so every page of the app survives a reload;
// - a path naming a built file ("/assets/index-3f2a.js", "/favicon.svg") -> that file;
// - anything else ("/assets/gone.js", "/x.png", "/api/...", "/healthz") -> nullopt (404).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cw::http {

// One built file as embed_web.cmake writes it.
struct EmbeddedWebFile {
  std::string_view path;  // "/index.html", "/assets/index-3f2a.js"
  std::string_view gzip;  // the file gzipped (gzip -9n)
  std::size_t size = 0;   // the file's size before compression
};

// Every embedded file, sorted by path (generated at build time).
std::span<const EmbeddedWebFile> embedded_web_files();

struct WebAsset {
  std::string_view path;
  std::string_view gzip;           // the body to send with Content-Encoding: gzip
  std::size_t size = 0;            // uncompressed size
  std::string_view content_type;   // by extension; text types with charset=utf-8
  std::string_view cache_control;  // hashed files under /assets/: a year, immutable; else no-cache
};

// The asset for a request path (without its query string); see the rules above.
std::optional<WebAsset> find_web_asset(std::string_view path);

// The uncompressed bytes, for the rare client that does not accept gzip: decompressed on the
// first such request for the file and kept for the life of the process (the files are the
// binary's own, 1 MB in all), so that repeated requests cost no inflate. Thread-safe.
std::string_view plain_body(const WebAsset& asset);

// True when an Accept-Encoding header value accepts gzip (a "gzip" token without q=0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace cw::http
