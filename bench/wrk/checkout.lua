-- One-line checkouts as fast as the server takes them. Token, product and size come from the
-- environment (bench/run-all sets them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CW_TOKEN")
wrk.body = string.format('{"lines":[{"product_id":%s,"size":"%s","quantity":1}]}',
                         os.getenv("CW_PRODUCT"), os.getenv("CW_SIZE"))

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  for status, count in pairs(statuses) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
