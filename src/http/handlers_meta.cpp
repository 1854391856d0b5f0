#include "http/handlers.hpp"
#include "http/server.hpp"
#include "http/web_assets.hpp"

namespace cw::http::handlers {

Result<Reply> health(Services&, const Call&) {
  return Reply{200, {{"status", "ok"}}};
}

Result<Reply> openapi(Services&, const Call&) {
  return Reply{200, nullptr, openapi_document()};
}

Result<Reply> web_app(Services&, const Call& call) {
  // The catch-all route also sees API paths no route matched: those stay JSON 404s.
  const auto asset = find_web_asset(call.request.path);
  if (!asset) return fail(Error{ErrorKind::kNotFound, "not_found", "No such path.", {}});
  Reply reply{200, nullptr};
  reply.content_type = std::string(asset->content_type);
  reply.headers = {{"Cache-Control", std::string(asset->cache_control)},
                   {"Vary", "Accept-Encoding"}};
  if (accepts_gzip(call.request.header("Accept-Encoding").value_or(""))) {
    // Stored gzipped at build time: sent as is, never compressed again.
    reply.raw_body = asset->gzip;
    reply.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    reply.raw_body = plain_body(*asset);
  }
  return reply;
}

}  // namespace cw::http::handlers
