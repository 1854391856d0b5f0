#include "http/idempotent.hpp"

#include "http/fields.hpp"
#include "http/problem.hpp"
#include "idempotency/idempotency.hpp"

namespace cw::http {
namespace {

constexpr const char* kJson = "application/json";

// One purge per interval whatever the number of threads: the first to move the deadline runs it.
void purge_when_due(Services& services) {
  const Timestamp now = services.clock.now();
  std::int64_t due = services.next_idempotency_purge.load();
  if (to_unix(now) < due) return;
  if (!services.next_idempotency_purge.compare_exchange_strong(
          due, to_unix(now) + kIdempotencyPurgeSeconds)) {
    return;
  }
  auto connection = services.db.lease();
  idempotency::purge_expired(*connection, now);
}

idempotency::StoredResponse stored_form(const Result<Reply>& reply) {
  if (!reply) {
    return {status_of(reply.error().kind), kProblemContentType, problem_body(reply.error())};
  }
  if (!reply->stored_body.empty()) {
    return {reply->status, reply->content_type, reply->stored_body};
  }
  if (!reply->raw_body.empty()) return {reply->status, kJson, std::string(reply->raw_body)};
  return {reply->status, kJson, reply->status == 204 ? std::string() : dump(reply->body)};
}

Reply replayed(idempotency::StoredResponse response) {
  Reply reply;
  reply.status = response.status;
  reply.stored_body = std::move(response.body);
  reply.content_type = std::move(response.content_type);
  return reply;
}

}  // namespace

Result<Reply> run_idempotent(Services& services, const Call& call, const std::string& key,
                             Handler handler) {
  const Id scope = call.principal->account_id;
  purge_when_due(services);
  auto connection = services.db.lease();
  const std::string print = idempotency::fingerprint(call.request.method + ' ' + call.request.path +
                                                     '\n' + call.request.body);
  CW_ASSIGN_OR_RETURN(auto begun,
                      idempotency::begin(*connection, scope, key, print, services.clock));
  if (begun.replay) return replayed(std::move(*begun.replay));

  Result<Reply> reply = fail(Error::internal("not run"));
  try {
    reply = handler(services, call);
  } catch (...) {
    idempotency::abandon(*connection, scope, key);
    throw;
  }
  idempotency::StoredResponse response = stored_form(reply);
  if (response.status >= 500) {
    idempotency::abandon(*connection, scope, key);
    return reply;
  }
  idempotency::complete(*connection, scope, key, response);
  return replayed(std::move(response));
}

}  // namespace cw::http
